import Escapee
import Testing

@Test func theAnswer() { #expect(answer() == 42) }
