import PassingT
import Testing

@Suite struct DoubleTests {
    @Test func doublesTwo() { #expect(double(2) == 4) }
    @Test(arguments: [0, 1, 5]) func doublesMany(value: Int) { #expect(double(value) == value + value) }
}
