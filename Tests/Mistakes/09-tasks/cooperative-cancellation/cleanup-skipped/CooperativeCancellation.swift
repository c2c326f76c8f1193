import Multitasking
import Synchronization

/// Where `checksum` keeps its work in progress (think of a temporary file): opened before the
/// first block, closed after the last, on every path out of `checksum`.
public protocol Scratchpad: Sendable {
    func open()
    func close()
}

/// A printer driven by a thread of the runtime (chapter 5), written before tasks existed: it
/// knows nothing of task cancellation, and `stop()` is the only way to end a print early.
public final class Printer: Sendable {
    public let pages: Int
    public let perPage: Duration
    private let stopRequested = Atomic<Bool>(false)

    public init(pages: Int, perPage: Duration) {
        (self.pages, self.perPage) = (pages, perPage)
    }

    /// Prints every page (on a thread of its own) and returns how many pages were printed: all
    /// of them, unless `stop()` was called first.
    public func run() async -> Int {
        await withCheckedContinuation { (finished: CheckedContinuation<Int, Never>) in
            let thread = Thread(name: "printer", daemon: true) { [self] in
                var printed = 0
                while printed < pages && !stopRequested.load(ordering: .acquiring) {
                    Thread.sleep(for: perPage)
                    printed += 1
                }
                finished.resume(returning: printed)
            }
            do { try thread.start() } catch { finished.resume(returning: 0) }
        }
    }

    /// Asks the printer to stop after the page it is printing. Safe from any thread, any time
    /// (before `run()` too: then it prints nothing).
    public func stop() {
        stopRequested.store(true, ordering: .releasing)
    }
}

/// Adds up `crunch(0)`, `crunch(1)`, ... `crunch(blocks - 1)`. `crunch` is slow work that never
/// suspends, so nothing notices a cancellation unless `checksum` looks: before every block
/// (the first included) it checks, and a cancelled `checksum` throws `CancellationError`
/// without crunching another block. `scratch` is opened before the first block and closed on
/// every path out, the cancelled one included.
public func checksum(
    blocks: Int, scratch: some Scratchpad, crunch: @Sendable (Int) -> Int
) async throws -> Int {
    scratch.open()
    var sum = 0
    for block in 0..<blocks {
        try Task.checkCancellation()
        sum &+= crunch(block)
    }
    // Reached only when every block was crunched: a cancelled checksum leaves it open.
    scratch.close()
    return sum
}

/// Prints on `printer` and returns the pages printed. The printer does not know about task
/// cancellation: when the task is cancelled (while printing or before), stop the printer at
/// once, so that `printDocument` returns within a page.
public func printDocument(on printer: Printer) async -> Int {
    // The handler runs at the moment of cancellation, on the canceller's thread, while
    // `printer.run()` is suspended: it must be quick and safe to call from anywhere.
    await withTaskCancellationHandler {
        await printer.run()
    } onCancel: {
        printer.stop()
    }
}
