/// A struct on the outside, a shared object inside: copying the struct copies the reference,
/// so every copy changes the same songs.
public struct Playlist: Sendable {
    private final class Storage: @unchecked Sendable {
        var songs: [String]
        init(_ songs: [String]) { self.songs = songs }
    }

    private let storage: Storage

    public init(_ songs: [String] = []) {
        storage = Storage(songs)
    }

    public var songs: [String] { storage.songs }

    public var count: Int { storage.songs.count }

    public mutating func append(_ song: String) {
        storage.songs.append(song)
    }

    /// Removes every occurrence of `song`.
    public mutating func remove(_ song: String) {
        storage.songs.removeAll { $0 == song }
    }
}
