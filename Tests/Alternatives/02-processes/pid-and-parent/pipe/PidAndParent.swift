import Multitasking

/// The process ids of a parent and of the child it starts.
public struct FamilyIDs: Equatable, Sendable {
    /// The parent's own pid, read in the parent (`currentProcessID()`).
    public var parent: Int32
    /// The child's pid as the parent knows it (the `pid` of the `Process` it started).
    public var childSeenByParent: Int32
    /// The child's own pid, read *inside* the child and sent back to the parent.
    public var child: Int32
    /// The pid of the child's parent, read *inside* the child (`parentProcessID()`) and sent back.
    public var childsParent: Int32

    public init(parent: Int32, childSeenByParent: Int32, child: Int32, childsParent: Int32) {
        (self.parent, self.childSeenByParent, self.child, self.childsParent) = (parent, childSeenByParent, child, childsParent)
    }
}

/// What the child sends back: ids it can only know inside itself.
struct ChildIDs: Codable, Sendable {
    var pid: Int32
    var parentPID: Int32
}

/// Starts one child process, which reads its own pid and its parent's pid and sends them back
/// to the parent (the child's memory is a copy: use a `ProcessQueue`, `Pipe` or `SharedValue`).
/// Waits for the child to finish (join it), then returns the four ids.
public func familyIDs() throws -> FamilyIDs {
    let (parentEnd, childEnd) = try Pipe()
    let child = Process(name: "child") {
        parentEnd.close()
        try childEnd.send(ChildIDs(pid: currentProcessID(), parentPID: parentProcessID()))
    }
    try child.start()
    childEnd.close()
    let ids = try parentEnd.recv(ChildIDs.self)
    try child.join()
    parentEnd.close()
    return FamilyIDs(
        parent: currentProcessID(), childSeenByParent: child.pid ?? 0,
        child: ids.pid, childsParent: ids.parentPID)
}
