public func left() -> Int { 1 }
