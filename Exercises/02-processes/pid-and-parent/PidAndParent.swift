// Exercise pid-and-parent: Who is who: pid and parent pid (chapter Processes).
// Read first: Exercises/02-processes/lesson.md, the section on pid-and-parent.
// Check it: swift run grade pid-and-parent    Stuck? swift run grade hint pid-and-parent

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

/// Starts one child process, which reads its own pid and its parent's pid and sends them back
/// to the parent (the child's memory is a copy: use a `ProcessQueue`, `Pipe` or `SharedValue`).
/// Waits for the child to finish (join it), then returns the four ids.
public func familyIDs() throws -> FamilyIDs {
    // TODO: make a ProcessQueue (or SharedValue/SharedArray) before starting the child.
    // TODO: start a Process that reads currentProcessID() and parentProcessID() and sends them.
    // TODO: join the child, read what it sent, and fill in the four ids.
    return FamilyIDs(parent: 0, childSeenByParent: 0, child: 0, childsParent: 0)
}
