/// Loads an image over the network: slow, and it may fail.
public protocol ImageLoader: Sendable {
    func load(_ url: String) async throws -> [UInt8]
}

/// A cache of images in front of a loader. However many callers ask for the same URL at the
/// same time, the loader loads it once: callers who arrive while it loads wait for that load.
/// A load that fails is not kept: the next call for that URL loads again.
public actor ImageCache {
    private enum Entry {
        case loading(Task<[UInt8], Error>)
        case ready([UInt8])
    }

    private let loader: any ImageLoader
    private var entries: [String: Entry] = [:]

    public init(loader: any ImageLoader) {
        self.loader = loader
    }

    public func image(for url: String) async throws -> [UInt8] {
        switch entries[url] {
        case .ready(let image):
            return image
        case .loading(let load):
            return try await load.value
        case nil:
            // Stored before the first suspension point: a caller who runs on this actor while
            // the load is suspended finds it and waits for it instead of loading again.
            let load = Task { [loader] in try await loader.load(url) }
            entries[url] = .loading(load)
            do {
                let image = try await load.value
                entries[url] = .ready(image)
                return image
            } catch {
                // The failed load stays in the cache: every later caller gets its error.
                throw error
            }
        }
    }
}
