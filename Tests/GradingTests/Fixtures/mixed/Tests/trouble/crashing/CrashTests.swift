import Crashing
import Testing

@Suite struct CrashTests {
    @Test func inside() { #expect(element([1, 2, 3], at: 1) == 2) }
    @Test func outside() { #expect(element([1, 2, 3], at: 7) == -1) }
}
