import Multitasking
import Synchronization

public final class SingletonHolder<Instance: AnyObject & Sendable>: Sendable {
    private let create: @Sendable () -> Instance
    private let instance = Mutex<Instance?>(nil)

    public init(create: @escaping @Sendable () -> Instance) {
        self.create = create
    }

    public var shared: Instance {
        instance.withLock { stored in
            if let stored { return stored }
            let created = create()
            stored = created
            return created
        }
    }
}
