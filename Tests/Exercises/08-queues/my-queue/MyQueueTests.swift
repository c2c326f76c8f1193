import Multitasking
import MyQueue
import Testing

@Suite struct MyQueueTests {
    @Test func itemsComeOutInTheOrderTheyWentIn() throws {
        let buffer = BoundedBuffer<String>(capacity: 5)
        for word in ["hello", "world", "swift"] { try buffer.put(word) }
        let out = try (0..<3).map { _ in try buffer.get() }
        #expect(out == ["hello", "world", "swift"], "first in, first out: put hello, world, swift and get them back in that order")
    }

    @Test func aFullBufferRefusesOneMoreItem() throws {
        let buffer = BoundedBuffer<Int>(capacity: 3)
        for number in 1...3 { try buffer.put(number) }
        #expect(buffer.isFull, "3 items in a buffer of capacity 3: isFull should be true")
        #expect(throws: BufferError.full(capacity: 3), "a 4th put into a buffer of capacity 3 must throw .full(capacity: 3)") {
            try buffer.put(4)
        }
        #expect(buffer.count == 3, "the refused item must not be added; count is \(buffer.count)")
        #expect(try buffer.get() == 1)
        try buffer.put(4)
        #expect(buffer.count == 3, "after one get there is room for one more item")
    }

    @Test func anEmptyBufferThrowsEmpty() throws {
        let buffer = BoundedBuffer<Int>(capacity: 2)
        #expect(buffer.isEmpty)
        #expect(throws: BufferError.empty, "get() on a new buffer must throw .empty") { try buffer.get() }
        try buffer.put(7)
        #expect(try buffer.get() == 7)
        #expect(throws: BufferError.empty, "get() after the only item was taken must throw .empty") { try buffer.get() }
    }

    @Test func puttingAndGettingInTurnKeepsTheOrderForLong() throws {
        let buffer = BoundedBuffer<Int>(capacity: 4)
        var expected = 0
        var next = 0
        for round in 0..<200 {
            var puts = 0
            while !buffer.isFull && puts < 4 { try buffer.put(next); next += 1; puts += 1 }
            for _ in 0..<(round % 4 + 1) {
                let item = try buffer.get()
                guard item == expected else {
                    Issue.record("got \(item), expected \(expected): items must leave in the order they came")
                    return
                }
                expected += 1
            }
        }
        #expect(buffer.count <= 4, "a buffer of capacity 4 held \(buffer.count) items")
    }

    @Test func threadsShareItWithoutLosingItems() throws {
        let buffer = BoundedBuffer<Int>(capacity: 8)
        let received = Tally()
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(5)
        let producers = (0..<4).map { producer in
            Thread(name: "producer-\(producer)", daemon: true) {
                var item = producer * 1_000
                while item < producer * 1_000 + 250 && clock.now < deadline {
                    do { try buffer.put(item); item += 1 } catch { Thread.sleep(for: .microseconds(50)) }
                }
            }
        }
        let consumers = (0..<4).map { consumer in
            Thread(name: "consumer-\(consumer)", daemon: true) {
                while received.count < 1_000 && clock.now < deadline {
                    if let item = try? buffer.get() { received.add(item) } else { Thread.sleep(for: .microseconds(50)) }
                }
            }
        }
        for thread in producers + consumers { try thread.start() }
        for thread in producers + consumers { _ = try thread.join(timeout: .seconds(7)) }
        let items = received.items
        #expect(items.count == 1_000, "4 producers put 250 items each: the consumers got \(items.count)")
        #expect(Set(items).count == items.count, "some items were received twice")
    }
}

extension MyQueueTests {
    /// Producers racing for the last free place of a small buffer, consumers racing for its
    /// last item, and readers asking `count`, `isEmpty` and `isFull` beside them (under the race
    /// check): the buffer never holds more than its capacity, nor less than nothing, and no item
    /// is lost or received twice. Half a second of it, so that the races happen on a busy machine.
    @Test func racingForTheLastPlaceAndTheLastItemKeepsTheLimits() throws {
        let buffer = BoundedBuffer<Int>(capacity: 2)
        let received = Tally()
        let put = Tally()
        let broken = Tally()
        let clock = ContinuousClock()
        let end = clock.now + .milliseconds(500)
        let threads = (0..<6).map { index in
            Thread(name: "racer-\(index)", daemon: true) {
                var next = index * 1_000_000
                while clock.now < end {
                    switch index {
                    case 0, 1:
                        if (try? buffer.put(next)) != nil { put.add(next); next += 1 }
                    case 2, 3:
                        if let item = try? buffer.get() { received.add(item) }
                    default:
                        let count = buffer.count
                        if count > buffer.capacity || count < 0 { broken.add(count) }
                        _ = buffer.isEmpty
                        _ = buffer.isFull
                    }
                }
            }
        }
        for thread in threads { try thread.start() }
        for thread in threads { _ = try thread.join(timeout: .seconds(10)) }
        while let item = try? buffer.get() { received.add(item) }
        #expect(broken.items.isEmpty, "a buffer of capacity 2 was seen holding \(Set(broken.items).sorted()) items: deciding there is room and adding the item must be one step under the lock")
        #expect(received.items.sorted() == put.items.sorted(), "\(put.count) items were put and \(received.count) received: some were lost or received twice")
    }
}

final class Tally: @unchecked Sendable {
    private let lock = Lock(name: "test-tally")
    private var stored: [Int] = []
    func add(_ item: Int) { lock.withLock { stored.append(item) } }
    var count: Int { lock.withLock { stored.count } }
    var items: [Int] { lock.withLock { stored } }
}
