// Exercise process-arguments: Arguments in, results out, in order (chapter Processes).
// Read first: Exercises/02-processes/lesson.md, the section on process-arguments.
// Check it: swift run grade process-arguments    Stuck? swift run grade hint process-arguments

import Multitasking

/// Runs `work(argument)` for every argument, each in a child process of its own, all at the
/// same time, and returns the results in the order of `arguments` (the result of
/// `arguments[i]` at index i), whatever order the children finish in.
///
/// A child receives its argument by capturing it in its closure (the child starts with a copy
/// of the parent's memory), and sends its result back through a `ProcessQueue` (or a `Pipe`, or
/// a `SharedArray`): a variable it changes is only its own copy.
///
/// Example: `runInChildren([3, 1, 2]) { $0 * 10 }` returns `[30, 10, 20]`.
public func runInChildren(_ arguments: [Int], work: @escaping @Sendable (Int) throws -> Int) throws -> [Int] {
    // TODO: start one Process per argument; each computes work(argument) and sends the result
    //       back together with something that says which argument it belongs to.
    // TODO: join them all, and put the results in the order of `arguments`.
    return []
}
