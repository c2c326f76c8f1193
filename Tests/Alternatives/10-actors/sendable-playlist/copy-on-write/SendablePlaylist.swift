/// A struct over a class, with copy-on-write as the standard library's collections do it: a
/// copy shares the storage until one of them changes, and a change to storage that is not
/// uniquely referenced copies it first.
public struct Playlist: Sendable {
    /// Changed only while uniquely referenced, so no other copy (or thread) can see it change.
    private final class Storage: @unchecked Sendable {
        var songs: [String]
        init(_ songs: [String]) { self.songs = songs }
    }

    private var storage: Storage

    public init(_ songs: [String] = []) {
        storage = Storage(songs)
    }

    public var songs: [String] { storage.songs }

    public var count: Int { storage.songs.count }

    public mutating func append(_ song: String) {
        makeUnique()
        storage.songs.append(song)
    }

    /// Removes every occurrence of `song`.
    public mutating func remove(_ song: String) {
        makeUnique()
        storage.songs.removeAll { $0 == song }
    }

    private mutating func makeUnique() {
        if !isKnownUniquelyReferenced(&storage) { storage = Storage(storage.songs) }
    }
}
