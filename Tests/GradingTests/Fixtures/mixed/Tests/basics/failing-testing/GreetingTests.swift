import FailingT
import Testing

@Suite struct GreetingTests {
    @Test func greetsByName() {
        #expect(greeting("Ada") == "Hello, Ada!", "a greeting <with> & markup")
    }
}
