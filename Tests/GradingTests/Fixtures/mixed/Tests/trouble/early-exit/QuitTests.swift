import EarlyExit
import Testing

@Suite struct QuitTests {
    @Test func aFinishes() { #expect(finish()) }
    @Test func bRunsToo() { #expect(1 + 1 == 2) }
}
