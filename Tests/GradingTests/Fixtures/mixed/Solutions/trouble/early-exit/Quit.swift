public func finish() -> Bool { true }
