import Broken
import Testing

@Test func halves() { #expect(half(8) == 4) }
