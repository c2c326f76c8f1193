import SanitizerHog
import Testing

@Test func theAnswer() { #expect(answer() == 42) }
