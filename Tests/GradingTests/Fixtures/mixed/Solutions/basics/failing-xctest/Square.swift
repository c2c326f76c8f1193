public func square(_ a: Int) -> Int { a * a }
