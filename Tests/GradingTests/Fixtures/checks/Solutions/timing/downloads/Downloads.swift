import Multitasking

public func downloadAll(_ jobs: [@Sendable () -> Void]) throws {
    let threads = jobs.enumerated().map { index, job in Thread(name: "download-\(index)") { job() } }
    for thread in threads { try thread.start() }
    for thread in threads { try thread.join() }
}
