public func right() -> Int { 2 }
