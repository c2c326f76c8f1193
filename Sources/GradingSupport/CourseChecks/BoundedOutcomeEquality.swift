/// Outcomes compare equal when they are the same case with equal values (errors by their
/// description), so a suite can write `#expect(outcome == .threw("\(NoReading())"))`.
/// (Written out: Swift synthesizes `==` only in the file that declares the enum.)
extension BoundedOutcome: Equatable where Value: Equatable {
    public static func == (left: Self, right: Self) -> Bool {
        switch (left, right) {
        case (.returned(let a), .returned(let b)): a == b
        case (.threw(let a), .threw(let b)): a == b
        case (.hung, .hung): true
        default: false
        }
    }
}
