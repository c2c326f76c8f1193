import HangingLockOrder
import Multitasking
import Testing

/// Both scientists take their first lock, meet, then reach for the second: with opposite
/// orders this hangs for real (the runtime's detector ends it); with one order the second
/// scientist waits for the first lock and the meeting times out harmlessly.
@Test func bothScientistsEatAtTheSameTime() throws {
    let meeting = Barrier(parties: 2, timeout: .milliseconds(300), name: "meeting")
    let meals = Meals()
    let scientists = [
        Thread(name: "scientist A") {
            scientistA(between: { _ = try? meeting.wait() }, eat: { meals.eat() })
        },
        Thread(name: "scientist B") {
            scientistB(between: { _ = try? meeting.wait() }, eat: { meals.eat() })
        },
    ]
    for scientist in scientists { try scientist.start() }
    for scientist in scientists { try scientist.join() }
    #expect(meals.count == 2)
}

/// Meals eaten, counted under the runtime's lock (taken last, never while waiting for another).
final class Meals: @unchecked Sendable {
    private let lock = Lock(name: "meals")
    private var eaten = 0
    func eat() { lock.withLock { eaten += 1 } }
    var count: Int { lock.withLock { eaten } }
}
