import CourseChecks
import ReentrantCache
import Synchronization
import Testing

/// The loads of these tests wait at a gate the test opens: while the first load is suspended
/// there, every other caller runs on the actor, so a cache that checks, awaits and only then
/// stores loads again every time, not by luck.
@Suite struct ReentrantCacheTests {
    @Test func callersWhoArriveDuringALoadShareIt() async {
        let loader = GatedLoader()
        let cache = ImageCache(loader: loader)
        let callers = Task {
            await withTaskGroup(of: [UInt8]?.self) { group in
                for _ in 0..<5 { group.addTask { try? await cache.image(for: "cat.png") } }
                return await group.reduce(into: []) { $0.append($1) }
            }
        }
        // Let the callers arrive: at most 0.5 s, less once all five are loading.
        await loader.waitForLoads(5, atMost: .milliseconds(500))
        loader.open()
        let outcome = await runBounded(.seconds(10)) { await callers.value }
        guard case .returned(let images) = outcome else {
            Issue.record("five callers of image(for:) did not return within 10 s after the load finished: \(outcome)")
            return
        }
        #expect(images.allSatisfy { $0 == Array("cat.png".utf8) }, "every caller should get the image; they got \(images)")
        #expect(loader.loads == 1, """
            five callers asked for cat.png while it was loading and the loader loaded it \(loader.loads) times. \
            An actor runs other callers while one is suspended at an await: what you checked before \
            `await loader.load(url)` is stale after it. Store the load in progress (a Task) before the first await, \
            and let later callers await that task
            """)
    }

    @Test func aLoadedImageIsNotLoadedAgain() async {
        let loader = GatedLoader()
        loader.open()
        let cache = ImageCache(loader: loader)
        let outcome = await runBounded(.seconds(10)) {
            var images: [[UInt8]] = []
            for _ in 0..<3 { images.append(try await cache.image(for: "dog.png")) }
            return images
        }
        guard case .returned(let images) = outcome else {
            Issue.record("three calls of image(for: \"dog.png\") in turn did not return within 10 s: \(outcome)")
            return
        }
        #expect(images == Array(repeating: Array("dog.png".utf8), count: 3))
        #expect(loader.loads == 1, "three calls in turn for the same image loaded it \(loader.loads) times: keep the image once it is loaded")
    }

    @Test func aFailedLoadIsNotKept() async {
        let loader = GatedLoader(failures: 1)
        loader.open()
        let cache = ImageCache(loader: loader)
        let first = await runBounded(.seconds(10)) { try await cache.image(for: "owl.png") }
        let second = await runBounded(.seconds(10)) { try await cache.image(for: "owl.png") }
        guard case .threw = first else {
            Issue.record("the first load of owl.png failed, so image(for:) should throw; it gave \(first)")
            return
        }
        guard case .returned(let image) = second else {
            Issue.record("""
                the first load of owl.png failed and the second would succeed, but the second call gave \(second): \
                a failed load must not stay in the cache (remove its entry when it throws)
                """)
            return
        }
        #expect(image == Array("owl.png".utf8))
        #expect(loader.loads == 2)
    }
}

struct LoadFailed: Error {}

/// A loader whose loads wait until the test opens the gate, counting the loads begun.
final class GatedLoader: ImageLoader {
    private let gateOpen = Atomic<Bool>(false)
    private let begun = Atomic<Int>(0)
    private let failuresLeft: Atomic<Int>

    init(failures: Int = 0) { failuresLeft = Atomic(failures) }

    var loads: Int { begun.load(ordering: .sequentiallyConsistent) }

    func open() { gateOpen.store(true, ordering: .sequentiallyConsistent) }

    /// Returns once `count` loads have begun or `limit` has passed.
    func waitForLoads(_ count: Int, atMost limit: Duration) async {
        let end = ContinuousClock.now + limit
        while loads < count && ContinuousClock.now < end { try? await Task.sleep(for: .milliseconds(5)) }
    }

    func load(_ url: String) async throws -> [UInt8] {
        begun.wrappingAdd(1, ordering: .sequentiallyConsistent)
        while !gateOpen.load(ordering: .sequentiallyConsistent) { try await Task.sleep(for: .milliseconds(5)) }
        if failuresLeft.wrappingSubtract(1, ordering: .sequentiallyConsistent).oldValue > 0 { throw LoadFailed() }
        return Array(url.utf8)
    }
}
