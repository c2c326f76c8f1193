public func waitForAnswer() -> Int { 42 }
