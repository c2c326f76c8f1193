import Foundation

/// Where the course schema (`course.xsd`) is: a resource of this module, so the grader finds
/// it from any working directory and in fixture courses that do not carry a copy.
package enum CourseSchema {
    package static var path: String {
        Bundle.module.path(forResource: "course", ofType: "xsd") ?? "course.xsd"
    }
}
