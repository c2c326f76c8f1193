// Exercise reentrant-cache: state read before an await is stale after it.
// Lesson: Exercises/10-actors/lesson.md, section "reentrant-cache".
// Stuck? `swift run grade hint reentrant-cache` gives one more hint each time you ask.

/// Loads an image over the network: slow, and it may fail.
public protocol ImageLoader: Sendable {
    func load(_ url: String) async throws -> [UInt8]
}

/// A cache of images in front of a loader. However many callers ask for the same URL at the
/// same time, the loader loads it once: callers who arrive while it loads wait for that load.
/// A load that fails is not kept: the next call for that URL loads again.
///
/// TODO: this version loads an image again for every caller who arrives while it is loading.
/// Keep the load in progress (a `Task`) in the actor before the first `await`, and let later
/// callers await it.
public actor ImageCache {
    private let loader: any ImageLoader
    private var images: [String: [UInt8]] = [:]

    public init(loader: any ImageLoader) {
        self.loader = loader
    }

    public func image(for url: String) async throws -> [UInt8] {
        if let image = images[url] { return image }
        let image = try await loader.load(url)
        images[url] = image
        return image
    }
}
