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
    // Concurrent, but unstructured: when one call throws, the other tasks run on unwatched.
    let name = Task { try await service.name(of: user) }
    let avatar = Task { try await service.avatar(of: user) }
    let friends = Task { try await service.friends(of: user) }
    return try await Profile(name: name.value, avatar: avatar.value, friends: friends.value)
}
