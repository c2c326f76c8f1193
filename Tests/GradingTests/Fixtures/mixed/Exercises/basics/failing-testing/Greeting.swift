public func greeting(_ name: String) -> String { "Hi \u{1B}[31m\(name)\u{7}" }
