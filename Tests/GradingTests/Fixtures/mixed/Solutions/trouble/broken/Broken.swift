public func half(_ a: Int) -> Int { a / 2 }
