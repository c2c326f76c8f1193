import Testing
@testable import Grading

@Test func toolVersionIsSemantic() {
    #expect(Grading.toolVersion.split(separator: ".").count == 3)
}
