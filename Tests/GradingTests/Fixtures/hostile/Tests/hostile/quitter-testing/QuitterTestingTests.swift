import QuitterTesting
import Testing

@Suite(.serialized) struct QuitTests {
    @Test func aPasses() { #expect(answer() == 42) }
    @Test func bQuits() { #expect(finish() == 42) }
}
