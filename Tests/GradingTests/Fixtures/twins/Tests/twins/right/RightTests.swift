import Right
import Testing

@Test func rightIsTwo() { #expect(right() == 2) }
