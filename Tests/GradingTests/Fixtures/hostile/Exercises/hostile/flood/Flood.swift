/// Hostile: prints 16 MB without a newline, then gives the wrong answer.
public func answer() -> Int {
    let chunk = String(repeating: "x", count: 1 << 16)
    for _ in 0..<256 { print(chunk, terminator: "") }
    return 41
}
