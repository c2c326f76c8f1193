import Multitasking
import Testing
import ThreadSafeSingleton

/// The instance the tests ask for; `serial` tells instances apart in messages.
final class Configuration: Sendable {
    let serial: Int
    init(serial: Int) { self.serial = serial }
}

/// Counts how often the factory ran (bookkeeping under the runtime's `Lock`, which
/// ThreadSanitizer sees).
final class FactoryLog: @unchecked Sendable {
    private let lock = Lock(name: "factory log")
    private var made = 0

    /// A factory that takes `pause` to build an instance, as a real one that reads a file or
    /// opens a connection would: that pause is the window in which an unguarded check lets
    /// other threads in.
    func factory(pause: Duration) -> @Sendable () -> Configuration {
        { [self] in
            let serial = lock.withLock { () -> Int in
                made += 1
                return made
            }
            Diagnostics.perturbationPoint()
            Thread.sleep(for: pause)
            return Configuration(serial: serial)
        }
    }

    var count: Int { lock.withLock { made } }
}

/// What each thread got back.
final class Sightings: @unchecked Sendable {
    private let lock = Lock(name: "sightings")
    private var objects: [Configuration] = []

    func add(_ object: Configuration) { lock.withLock { objects.append(object) } }
    var all: [Configuration] { lock.withLock { objects } }
}

@Suite struct ThreadSafeSingletonTests {
    @Test func createsNothingUntilAsked() {
        let log = FactoryLog()
        _ = SingletonHolder(create: log.factory(pause: .zero))
        #expect(log.count == 0, "creating the holder should not run the factory yet; it ran \(log.count) times")
    }

    @Test func oneThreadGetsTheSameInstanceEveryTime() {
        let log = FactoryLog()
        let holder = SingletonHolder(create: log.factory(pause: .zero))
        let first = holder.shared
        let others = (0..<10).filter { _ in holder.shared !== first }.count
        #expect(others == 0, "every call of `shared` should return the first object; \(others) of 10 later calls returned another")
        #expect(log.count == 1, "the factory should run once, ran \(log.count) times")
    }

    /// Eight threads released together ask while the first creation is still under way.
    @Test func eightThreadsAtOnceShareOneInstance() throws {
        let log = FactoryLog()
        let holder = SingletonHolder(create: log.factory(pause: .milliseconds(50)))
        let sightings = Sightings()
        let startLine = Barrier(parties: 8, name: "start line")
        let askers = (0..<8).map { index in
            Thread(name: "asker-\(index)") {
                try startLine.wait()
                sightings.add(holder.shared)
            }
        }
        for asker in askers { try asker.start() }
        for asker in askers { try asker.join() }
        let distinct = Set(sightings.all.map { ObjectIdentifier($0) }).count
        #expect(log.count == 1, """
            8 threads asked at the same moment and the factory ran \(log.count) times: \
            several threads found no instance before the first one had stored it. \
            Check and create under one lock.
            """)
        #expect(distinct == 1, "the 8 threads should all get the same instance, they got \(distinct) different ones")
    }
}
