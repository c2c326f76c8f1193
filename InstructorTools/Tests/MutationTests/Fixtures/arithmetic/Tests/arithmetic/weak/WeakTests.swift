import Testing
import Weak

// Weak on purpose: `a - b` gives the same total when b is 0.
@Test func totals() {
    #expect(total(2, 0) == 2)
}

@Test func greets() {
    #expect(greeting("Ada") == "hi Ada")
}

@Test func halves() {
    #expect(half(4) == 2)
}
