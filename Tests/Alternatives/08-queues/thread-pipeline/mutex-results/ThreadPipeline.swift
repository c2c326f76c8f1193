import Multitasking
import Synchronization

public final class WorkPipeline: Sendable {
    private let queue = Queue<Int>(maxsize: 8, name: "work")
    private let workerCount: Int
    private let transform: @Sendable (Int) -> Int
    private let stored = Mutex<[Int]>([])

    public init(workers: Int, transform: @escaping @Sendable (Int) -> Int) {
        workerCount = workers
        self.transform = transform
    }

    public func start() throws {
        try (0..<workerCount).forEach { index in
            let worker = Thread(name: "worker-\(index)", daemon: true) { [self] in
                while true {
                    let item = queue.get()
                    let result = transform(item)
                    stored.withLock { $0.append(result) }
                    try queue.taskDone()
                }
            }
            try worker.start()
        }
    }

    public func submit(_ item: Int) {
        queue.put(item)
    }

    public func join() {
        queue.join()
    }

    public var results: [Int] {
        stored.withLock { $0.sorted() }
    }
}

public func runPipeline(
    producers: [[Int]], workers: Int, transform: @escaping @Sendable (Int) -> Int
) throws -> [Int] {
    let pipeline = WorkPipeline(workers: workers, transform: transform)
    try pipeline.start()
    let threads = producers.enumerated().map { index, items in
        Thread(name: "producer-\(index)") {
            items.forEach(pipeline.submit)
        }
    }
    try threads.forEach { try $0.start() }
    try threads.forEach { try $0.join() }
    pipeline.join()
    return pipeline.results
}
