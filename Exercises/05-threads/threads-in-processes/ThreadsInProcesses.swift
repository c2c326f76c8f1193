// Exercise threads-in-processes: Threads inside processes (chapter Threads).
// Read first: Exercises/05-threads/lesson.md, the section on threads-in-processes.
// Check it: swift run grade threads-in-processes    Stuck? swift run grade hint threads-in-processes

import Multitasking

/// Starts `processes` child processes named `process-0`, `process-1`, ... Inside each child,
/// starts `threadsPerProcess` threads named `process-P.thread-T`; each of those threads calls
/// `report()` once. A child must join its threads before it ends (a child process ends when
/// its work returns, and its threads end with it). The parent joins every process before
/// returning.
///
/// `report()` works from any thread of any of the children: it records which process and
/// which thread called it.
public func startProcessesWithThreads(
    processes: Int, threadsPerProcess: Int, report: @escaping @Sendable () -> Void
) throws {
    // TODO: start the processes; in each, start and join its threads; join the processes.
}
