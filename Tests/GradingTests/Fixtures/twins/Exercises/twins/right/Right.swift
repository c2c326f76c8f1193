public func right() -> Int { 0 }
