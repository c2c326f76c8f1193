public func answer() -> Int { 42 }

public func finish() -> Int { 42 }
