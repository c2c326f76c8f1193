import Synchronization

/// Sendable with a lock: no data race, but still one shared object, so a listener's change is
/// every listener's change.
public final class Playlist: Sendable {
    private let state: Mutex<[String]>

    public init(_ songs: [String] = []) {
        state = Mutex(songs)
    }

    public var songs: [String] { state.withLock { $0 } }

    public var count: Int { state.withLock { $0.count } }

    public func append(_ song: String) {
        state.withLock { $0.append(song) }
    }

    /// Removes every occurrence of `song`.
    public func remove(_ song: String) {
        state.withLock { songs in songs.removeAll { $0 == song } }
    }
}
