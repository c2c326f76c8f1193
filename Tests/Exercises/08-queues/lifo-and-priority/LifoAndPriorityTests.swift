import LifoAndPriority
import Multitasking
import Testing

@Suite struct LifoAndPriorityTests {
    @Test func theLastItemPutIsTheFirstOut() throws {
        let stack = LifoBuffer<Int>()
        for number in 1...3 { stack.put(number) }
        #expect(stack.count == 3)
        let out = try (0..<3).map { _ in try stack.get() }
        #expect(out == [3, 2, 1], "last in, first out: put 1, 2, 3 and get 3, 2, 1")
        #expect(throws: BufferError.empty, "get() on an empty LifoBuffer must throw .empty") { try stack.get() }
    }

    @Test func theSmallestPriorityComesFirstAndEqualPrioritiesKeepTheirOrder() throws {
        let tasks = PriorityBuffer<String>()
        for (priority, name) in [(1, "a"), (2, "b"), (3, "c"), (1, "d"), (10, "e")] {
            tasks.put(name, priority: priority)
        }
        #expect(tasks.count == 5)
        let out = try (0..<5).map { _ in try tasks.get() }
        #expect(out == ["a", "d", "b", "c", "e"], """
            put (1, a), (2, b), (3, c), (1, d), (10, e): the smallest priority first, and a before d \
            because both have priority 1 and a was put first; got \(out)
            """)
        #expect(throws: BufferError.empty, "get() on an empty PriorityBuffer must throw .empty") { try tasks.get() }
    }

    @Test func manyEqualPrioritiesLeaveInTheOrderTheyCame() throws {
        let tasks = PriorityBuffer<Int>()
        for index in 0..<60 { tasks.put(index, priority: index % 3) }
        let out = try (0..<60).map { _ in try tasks.get() }
        let expected = (0..<3).flatMap { priority in stride(from: priority, to: 60, by: 3).map { $0 } }
        #expect(out == expected, """
            items of equal priority must leave first in, first out; the first wrong item is at position \
            \(out.indices.first { out[$0] != expected[$0] } ?? -1)
            """)
    }

    @Test func putsAndGetsInterleaved() throws {
        let tasks = PriorityBuffer<String>()
        tasks.put("write", priority: 5)
        tasks.put("read", priority: 5)
        #expect(try tasks.get() == "write")
        tasks.put("urgent", priority: 0)
        tasks.put("later", priority: 5)
        #expect(try tasks.get() == "urgent")
        #expect(try tasks.get() == "read")
        #expect(try tasks.get() == "later")
    }

    /// Readers ask `count` while putters and getters work beside them (under the race check):
    /// every count is read under the buffer's lock, and no item is lost or taken twice. The
    /// readers go on until every putter and getter has finished: a fixed number of reads was
    /// sometimes over before the writers began, and ThreadSanitizer then had no unlocked read
    /// beside a write to see.
    @Test func countsAreReadSafelyWhileOthersPutAndGet() throws {
        let stack = LifoBuffer<Int>()
        let tasks = PriorityBuffer<Int>()
        let taken = Taken()
        let writersDone = Event()
        let writers = (0..<4).map { index in
            Thread(name: "worker-\(index)", daemon: true) {
                for item in 0..<400 {
                    if index < 2 {
                        stack.put(index * 1_000 + item)
                        tasks.put(index * 1_000 + item, priority: item % 5)
                    } else {
                        if let item = try? stack.get() { taken.add(item) }
                        if let item = try? tasks.get() { taken.add(item) }
                    }
                }
            }
        }
        let readers = (0..<2).map { index in
            Thread(name: "reader-\(index)", daemon: true) {
                while !writersDone.isSet {
                    _ = stack.count
                    _ = tasks.count
                }
            }
        }
        for thread in readers + writers { try thread.start() }
        for thread in writers { _ = try thread.join(timeout: .seconds(10)) }
        writersDone.set()
        for thread in readers { _ = try thread.join(timeout: .seconds(10)) }
        while let item = try? stack.get() { taken.add(item) }
        while let item = try? tasks.get() { taken.add(item) }
        let putItems = (0..<2).flatMap { index in (0..<400).map { index * 1_000 + $0 } }
        #expect(taken.items.sorted() == (putItems + putItems).sorted(),
                "2 putters put 400 items into each buffer: \(taken.items.count) of 1600 came out, or some came out twice")
    }

    /// One putter and three getters for half a second: the getters keep the buffers about
    /// empty, so when an item comes they race for it. "Is there an item?" and taking it must be
    /// one step under the lock; checked under one hold and taken under another, two getters
    /// count on the same last item, and the second finds nothing to take. Every item put comes
    /// out exactly once.
    @Test func gettersRacingForTheLastItemTakeEachItemOnce() throws {
        let stack = LifoBuffer<Int>()
        let tasks = PriorityBuffer<Int>()
        let put = Taken(), taken = Taken()
        let putterDone = Event(name: "test-putter-done")
        let startLine = Barrier(parties: 4, name: "start line")
        let threads = (0..<4).map { index in
            Thread(name: index == 0 ? "putter" : "getter-\(index)", daemon: true) {
                try startLine.wait()
                if index == 0 {
                    var puts: [Int] = []
                    let end = ContinuousClock.now + .milliseconds(500)
                    while ContinuousClock.now < end && puts.count < 2_000_000 {
                        let next = puts.count
                        stack.put(next)
                        tasks.put(next + 1, priority: next % 3)
                        puts += [next, next + 1]
                    }
                    put.add(contentsOf: puts)
                    putterDone.set()
                } else {
                    var gets: [Int] = []
                    while true {
                        let last = putterDone.isSet
                        let fromStack = try? stack.get(), fromTasks = try? tasks.get()
                        gets += [fromStack, fromTasks].compactMap { $0 }
                        if last && fromStack == nil && fromTasks == nil { break }
                    }
                    taken.add(contentsOf: gets)
                }
            }
        }
        for thread in threads { try thread.start() }
        for thread in threads { _ = try thread.join(timeout: .seconds(20)) }
        var rest: [Int] = []
        while let item = try? stack.get() { rest.append(item) }
        while let item = try? tasks.get() { rest.append(item) }
        let out = (taken.items + rest).sorted()
        // Compared first: the expectation would otherwise print every item of both arrays.
        let eachOnce = out == put.items.sorted()
        #expect(eachOnce, """
            1 thread put \(put.items.count) items while 3 took them, and \(out.count) came out, or some came out \
            twice: check for an item and take it under one hold of the lock
            """)
    }

    @Test func bothAreSafeToShareBetweenThreads() throws {
        let stack = LifoBuffer<Int>()
        let tasks = PriorityBuffer<Int>()
        let threads = (0..<4).map { index in
            Thread(name: "putter-\(index)", daemon: true) {
                for item in 0..<500 {
                    stack.put(index * 1_000 + item)
                    tasks.put(index * 1_000 + item, priority: item % 7)
                }
            }
        }
        for thread in threads { try thread.start() }
        for thread in threads { _ = try thread.join(timeout: .seconds(10)) }
        #expect(stack.count == 2_000, "4 threads put 500 items each into the LifoBuffer; it holds \(stack.count)")
        #expect(tasks.count == 2_000, "4 threads put 500 items each into the PriorityBuffer; it holds \(tasks.count)")
        var priorities: [Int] = []
        while let item = try? tasks.get() { priorities.append(item % 1_000 % 7) }
        #expect(priorities == priorities.sorted(), "items must come out by priority")
    }
}

final class Taken: @unchecked Sendable {
    private let lock = Lock(name: "test-taken")
    private var stored: [Int] = []
    func add(_ item: Int) { lock.withLock { stored.append(item) } }
    func add(contentsOf items: [Int]) { lock.withLock { stored += items } }
    var items: [Int] { lock.withLock { stored } }
}
