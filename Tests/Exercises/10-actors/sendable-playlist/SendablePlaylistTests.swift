import CourseChecks
import Multitasking
import SendablePlaylist
import XCTest

final class SendablePlaylistTests: XCTestCase {
    private let station = ["intro", "news", "outro"]

    func testAChangedCopyLeavesTheOriginalAlone() async throws {
        let original = Playlist(station)
        var copy = original
        copy.append("encore")
        copy.remove("news")
        XCTAssertEqual(original.songs, station, """
            `var copy = original; copy.append("encore"); copy.remove("news")` changed the original too: \
            it is now \(original.songs). A class is a reference, so the "copy" is the same object; a value \
            type (a struct of Sendable values) copies on assignment
            """)
        XCTAssertEqual(copy.songs, ["intro", "outro", "encore"])
        let inATask = await Task { [original] in
            var mine = original
            mine.append("late show")
            return mine.songs
        }.value
        XCTAssertEqual(inATask, station + ["late show"])
        XCTAssertEqual(original.songs, station, "a copy changed in a task changed the original: it is now \(original.songs)")
    }

    /// Eight listeners change their copies at the same moment: children that spin a little
    /// between changes keep both threads of the cooperative pool busy, so the race check sees
    /// copies that share memory.
    func testCopiesChangedInConcurrentTasksKeepTheirOwnSongs() async throws {
        guard copiesAreIndependent() else { return }
        let original = Playlist(station)
        let outcome = await runBounded(.seconds(20)) {
            await withTaskGroup(of: (Int, [String]).self) { group in
                for listener in 0..<8 {
                    group.addTask {
                        var mine = original
                        for song in 0..<150 {
                            mine.append("\(listener)-\(song)")
                            spin(.microseconds(20))
                        }
                        mine.remove("news")
                        return (listener, mine.songs)
                    }
                }
                return await group.reduce(into: [:]) { $0[$1.0] = $1.1 }
            }
        }
        guard case .returned(let playlists) = outcome else {
            return XCTFail("eight tasks changing their copies did not finish within 20 s: \(outcome)")
        }
        for listener in 0..<8 {
            let expected = ["intro", "outro"] + (0..<150).map { "\(listener)-\($0)" }
            XCTAssertEqual(playlists[listener], expected, """
                listener \(listener) appended 150 songs to their copy and removed "news", but their playlist has \
                \(playlists[listener]?.count ?? 0) songs: the copies share one object
                """)
        }
        XCTAssertEqual(original.songs, station, "eight tasks changed their copies and the original changed too: it has \(original.count) songs")
    }

    func testCopiesChangedInThreadsKeepTheirOwnSongs() throws {
        guard copiesAreIndependent() else { return }
        let original = Playlist(station)
        let results = (0..<4).map { _ in ResultSlot<[String]>() }
        let threads = (0..<4).map { listener in
            Thread(name: "listener-\(listener)") {
                var mine = original
                for song in 0..<150 { mine.append("\(listener)-\(song)") }
                results[listener].set(mine.songs)
            }
        }
        for thread in threads { try thread.start() }
        for thread in threads { try thread.join() }
        for listener in 0..<4 {
            XCTAssertEqual(results[listener].value, station + (0..<150).map { "\(listener)-\($0)" }, """
                the thread of listener \(listener) appended 150 songs to its copy but ended with \
                \(results[listener].value?.count ?? 0) songs: the copies share one object
                """)
        }
        XCTAssertEqual(original.songs, station, "four threads changed their copies and the original changed too: it has \(original.count) songs")
    }
}

extension SendablePlaylistTests {
    /// A changed copy leaves the original alone, seen on one thread first: copies that share
    /// one unsynchronized object would crash the concurrent tests (appends racing on one
    /// array), and a crash would hide why.
    fileprivate func copiesAreIndependent(file: StaticString = #filePath, line: UInt = #line) -> Bool {
        let original = Playlist(station)
        var copy = original
        copy.append("probe")
        guard original.songs == station else {
            XCTFail("a copy is the same playlist as the original (appending to the copy changed the original), so changing copies at once would race on one object: make Playlist a value type first", file: file, line: line)
            return false
        }
        return true
    }
}

/// Busy-waits without suspending, so the child keeps its thread.
private func spin(_ duration: Duration) {
    let end = ContinuousClock.now + duration
    while ContinuousClock.now < end {}
}
