import Left
import Testing

@Test func leftIsOne() { #expect(left() == 1) }
