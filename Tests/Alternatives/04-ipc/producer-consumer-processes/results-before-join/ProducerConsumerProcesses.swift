import Multitasking

/// PROVIDED: what a consumer does with one item (it takes a moment, like real work).
public func refine(_ item: Int) -> Int {
    Thread.sleep(for: .microseconds(500))
    return item * item
}

/// A pipeline of processes. `producers` child processes put the items into one bounded work
/// queue (`ProcessQueue<Int?>` with `maxsize: queueSize`): producer `p` puts the items at
/// indices `p`, `p + producers`, `p + 2 * producers`, ... `consumers` child processes take
/// items from the work queue and put `refine(item)` into a results queue; a consumer that takes
/// `nil` (the sentinel) ends.
///
/// The parent starts everyone, joins the producers, then puts one `nil` per consumer, joins the
/// consumers, and returns every result (one per item), sorted.
public func runPipeline(items: [Int], producers: Int, consumers: Int, queueSize: Int) throws -> [Int] {
    let work = try ProcessQueue<Int?>(maxsize: queueSize, name: "work")
    let results = try ProcessQueue<Int>(name: "results")
    let producing = (0..<producers).map { first in
        Process(name: "producer-\(first)") {
            for index in stride(from: first, to: items.count, by: producers) {
                try work.put(items[index])
            }
        }
    }
    let consuming = (0..<consumers).map { number in
        Process(name: "consumer-\(number)") {
            while let item = try work.get() {
                try results.put(refine(item))
            }
        }
    }
    for process in consuming + producing { try process.start() }
    // Every item is in the queue once every producer has ended; only then the sentinels, one
    // for each consumer, behind the items.
    for process in producing { try process.join() }
    for _ in 0..<consumers { try work.put(nil) }
    var refined: [Int] = []
    for _ in items { refined.append(try results.get()) }
    for process in consuming { try process.join() }
    return refined.sorted()
}
