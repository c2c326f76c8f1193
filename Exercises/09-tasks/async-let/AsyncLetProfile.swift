// Exercise async-let: a fixed number of calls at once.
// Lesson: Exercises/09-tasks/lesson.md, section "async-let".
// Stuck? `swift run grade hint async-let` gives one more hint each time you ask.

/// A user's profile page, put together from three independent calls to a service.
public struct Profile: Sendable, Equatable {
    public var name: String
    public var avatar: [UInt8]
    public var friends: [String]

    public init(name: String, avatar: [UInt8], friends: [String]) {
        (self.name, self.avatar, self.friends) = (name, avatar, friends)
    }
}

/// The three calls a profile needs; each takes a while (think of a network round trip).
public protocol ProfileService: Sendable {
    func name(of user: Int) async throws -> String
    func avatar(of user: Int) async throws -> [UInt8]
    func friends(of user: Int) async throws -> [String]
}

/// Loads `user`'s profile with the three calls running at the same time, so that it takes
/// about as long as the slowest call, not their sum. If a call throws, `loadProfile` throws
/// that error and leaves no call running behind it.
public func loadProfile(of user: Int, from service: some ProfileService) async throws -> Profile {
    // TODO: start the three calls at once (one `async let` each), then await all three.
    // This version waits for each call before it starts the next.
    let name = try await service.name(of: user)
    return Profile(name: name, avatar: [], friends: [])
}
