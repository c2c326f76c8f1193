// Exercise sendable-playlist: Sendable by design, not by promise: a value that copies.
// Lesson: Exercises/10-actors/lesson.md, section "sendable-playlist".
// Stuck? `swift run grade hint sendable-playlist` gives one more hint each time you ask.

/// A playlist: songs in order. The radio hands the station's playlist to every listener's task
/// and thread, and each listener changes *their own copy*: a copy changed in one task never
/// changes the original or another listener's copy, and copies may be changed at the same
/// time in different tasks and threads.
///
/// TODO: `@unchecked Sendable` silences the compiler's "sending 'playlist' risks causing data
/// races", but the promise is false: every "copy" is the same object. Make `Playlist` Sendable
/// by design, so that the compiler checks it (and drop the `@unchecked`).
public final class Playlist: @unchecked Sendable {
    public private(set) var songs: [String]

    public init(_ songs: [String] = []) {
        self.songs = songs
    }

    public var count: Int { songs.count }

    public func append(_ song: String) {
        songs.append(song)
    }

    /// Removes every occurrence of `song`.
    public func remove(_ song: String) {
        songs.removeAll { $0 == song }
    }
}
