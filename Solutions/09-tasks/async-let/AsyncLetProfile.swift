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
    // Three child tasks start here, at once; none of them is awaited yet.
    async let name = service.name(of: user)
    async let avatar = service.avatar(of: user)
    async let friends = service.friends(of: user)
    // If one `try await` throws, the children not yet awaited are cancelled and awaited before
    // the error leaves this scope: structured concurrency leaves nothing running.
    return try await Profile(name: name, avatar: avatar, friends: friends)
}
