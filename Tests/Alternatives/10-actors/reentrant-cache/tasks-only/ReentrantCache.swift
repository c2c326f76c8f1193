/// Loads an image over the network: slow, and it may fail.
public protocol ImageLoader: Sendable {
    func load(_ url: String) async throws -> [UInt8]
}

/// A cache of images in front of a loader. However many callers ask for the same URL at the
/// same time, the loader loads it once: callers who arrive while it loads wait for that load.
/// A load that fails is not kept: the next call for that URL loads again.
///
/// Keeps only tasks: a finished task hands its value to every later `await` at once, so there
/// is no separate state for a loaded image.
public actor ImageCache {
    private let loader: any ImageLoader
    private var loads: [String: Task<[UInt8], Error>] = [:]

    public init(loader: any ImageLoader) {
        self.loader = loader
    }

    public func image(for url: String) async throws -> [UInt8] {
        if let load = loads[url] { return try await load.value }
        let load = Task { [loader] in try await loader.load(url) }
        loads[url] = load
        do {
            return try await load.value
        } catch {
            loads[url] = nil
            throw error
        }
    }
}
