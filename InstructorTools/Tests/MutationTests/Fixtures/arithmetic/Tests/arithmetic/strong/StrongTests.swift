import Strong
import Testing

@Test func adultsAreEighteenOrOlder() {
    #expect(isAdult(18))
    #expect(!isAdult(17))
}

@Test func clampKeepsPositives() {
    #expect(clamp(5) == 5)
    #expect(clamp(-3) == 0)
}
