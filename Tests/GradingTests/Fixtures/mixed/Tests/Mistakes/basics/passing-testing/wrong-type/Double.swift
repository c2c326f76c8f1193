public func double(_ a: Int) -> Int { "two" }
