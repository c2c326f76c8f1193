/// A playlist: songs in order. The radio hands the station's playlist to every listener's task
/// and thread, and each listener changes *their own copy*: a copy changed in one task never
/// changes the original or another listener's copy, and copies may be changed at the same
/// time in different tasks and threads.
///
/// A struct of Sendable values: every assignment is a copy, so there is nothing to share and
/// nothing to lock, and the compiler checks the `Sendable` conformance member by member.
public struct Playlist: Sendable {
    public private(set) var songs: [String]

    public init(_ songs: [String] = []) {
        self.songs = songs
    }

    public var count: Int { songs.count }

    public mutating func append(_ song: String) {
        songs.append(song)
    }

    /// Removes every occurrence of `song`.
    public mutating func remove(_ song: String) {
        songs.removeAll { $0 == song }
    }
}
