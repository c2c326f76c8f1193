import Signaller
import Testing

@Test func theAnswer() { #expect(answer() == 42) }
