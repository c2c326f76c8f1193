// Exercise producer-consumer-processes: Producers and consumers (chapter Inter-process communication).
// Read first: Exercises/04-ipc/lesson.md, the section on producer-consumer-processes.
// Check it: swift run grade producer-consumer-processes    Stuck? swift run grade hint producer-consumer-processes

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
    // TODO: the two queues, the producer and consumer processes, the sentinels, the joins.
    return []
}
