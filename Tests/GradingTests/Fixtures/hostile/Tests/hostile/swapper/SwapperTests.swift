import Swapper
import Testing

@Test func theAnswer() { #expect(answer() == 42) }
