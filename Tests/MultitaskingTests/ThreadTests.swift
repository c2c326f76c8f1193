import Multitasking
import Synchronization
import Testing

@Suite struct ThreadTests {
    @Test func startRunsTheTargetOnAnotherThreadAndJoinWaitsForIt() throws {
        let ran = Mutex<(UInt64?, Bool)>((nil, false))
        let thread = Thread(name: "worker") {
            ran.withLock { $0 = (Thread.current.ident, Thread.current === Thread.main) }
        }
        #expect(thread.ident == nil)
        #expect(!thread.isAlive)
        try thread.start()
        try thread.join()
        #expect(!thread.isAlive)
        let (ident, onMain) = ran.withLock { $0 }
        #expect(ident == thread.ident)
        #expect(ident != nil)
        #expect(!onMain)
    }

    @Test func secondStartIsAClearError() throws {
        let thread = Thread(name: "once") {}
        try thread.start()
        #expect(throws: ThreadError.alreadyStarted(thread: "once")) { try thread.start() }
        try thread.join()
        #expect(ThreadError.alreadyStarted(thread: "once").description
            == "thread 'once' was already started: a thread can be started only once")
    }
}
