import SwiftSyntax

/// The names that take and give back a lock when called without arguments, paired.
let releasing = ["lock": "unlock", "acquire": "release"]

/// `receiver.lock()` ... `receiver.unlock()` in one list: the indices of a pair starting at `index`.
func lockPair(at index: Int, in list: CodeBlockItemListSyntax) -> Int? {
    guard let call = list.item(index).statementCall, call.arguments.isEmpty, let member = call.member,
          let unlockName = releasing[member.name] else { return nil }
    let receiver = member.receiver.trimmedDescription
    return (index + 1..<list.count).first { other in
        guard let closing = list.item(other).statementCall?.member else { return false }
        return closing.name == unlockName && closing.receiver.trimmedDescription == receiver
    }
}

/// Remove a critical section: run `withLock`'s closure without the lock, or delete a
/// `lock()`/`unlock()` pair.
struct RemoveCriticalSection: MutationOperator {
    func mutations(in list: CodeBlockItemListSyntax, owned: [OwnedNodes]) -> [Mutation] {
        var found: [Mutation] = []
        for (index, nodes) in owned.enumerated() {
            for call in nodes.calls {
                guard let closure = call.lockedClosure else { continue }
                found.append(.replacing(call, with: "(" + closure.trimmedDescription + ")()", in: list, item: index,
                                        operatorName: "remove-lock", description: "runs the critical section without taking the lock"))
            }
            if let closing = lockPair(at: index, in: list) {
                let inside = (index + 1..<closing).map(list.item)
                found.append(.replacingItems(index, through: closing, of: list, with: inside.text,
                                             operatorName: "remove-lock", description: "deletes a lock()/unlock() pair"))
            }
        }
        return found
    }
}

/// Shrink a critical section: its first or its last statement moves out of the lock.
struct ShrinkCriticalSection: MutationOperator {
    func mutations(in list: CodeBlockItemListSyntax, owned: [OwnedNodes]) -> [Mutation] {
        var found: [Mutation] = []
        for (index, nodes) in owned.enumerated() {
            let item = list.item(index)
            for call in nodes.calls {
                guard let closure = call.lockedClosure else { continue }
                let statements = Array(closure.statements)
                guard statements.count >= 2 else { continue }
                if !statements[0].isReturn {
                    let rest = text(of: item, closure: closure, statements: Array(statements.dropFirst()))
                    found.append(.replacingItems(index, through: index, of: list, with: statements[0].trimmedDescription + "\n" + rest,
                                                 operatorName: "shrink-critical-section", description: "moves the critical section's first statement before the lock"))
                }
                if item.statementCall == call, !closure.statements.containsReturn {
                    let rest = text(of: item, closure: closure, statements: Array(statements.dropLast()))
                    found.append(.replacingItems(index, through: index, of: list, with: rest + "\n" + statements.last!.trimmedDescription,
                                                 operatorName: "shrink-critical-section", description: "moves the critical section's last statement after the lock"))
                }
            }
            if let closing = lockPair(at: index, in: list), closing - index >= 3 {
                let inside = (index + 1..<closing).map(list.item)
                let (opening, ending) = (list.item(index), list.item(closing))
                found.append(.replacingItems(index, through: closing, of: list,
                                             with: ([inside[0], opening] + inside.dropFirst() + [ending]).text,
                                             operatorName: "shrink-critical-section", description: "takes the lock one statement later"))
                found.append(.replacingItems(index, through: closing, of: list,
                                             with: ([opening] + inside.dropLast() + [ending, inside.last!]).text,
                                             operatorName: "shrink-critical-section", description: "gives the lock back one statement earlier"))
            }
        }
        return found
    }
}

/// Split a critical section in two: the lock is given back and taken again after its first
/// statement, so what was decided in the first hold is acted on in the second.
struct SplitCriticalSection: MutationOperator {
    func mutations(in list: CodeBlockItemListSyntax, owned: [OwnedNodes]) -> [Mutation] {
        var found: [Mutation] = []
        for (index, nodes) in owned.enumerated() {
            let item = list.item(index)
            for call in nodes.calls {
                guard let closure = call.lockedClosure, item.statementCall == call, !closure.statements.containsReturn else { continue }
                let statements = Array(closure.statements)
                guard statements.count >= 2 else { continue }
                let first = text(of: item, closure: closure, statements: [statements[0]])
                let second = text(of: item, closure: closure, statements: Array(statements.dropFirst()))
                found.append(.replacingItems(index, through: index, of: list, with: first + "\n" + second,
                                             operatorName: "split-critical-section", description: "splits the critical section in two after its first statement"))
            }
            if let closing = lockPair(at: index, in: list), closing - index >= 3 {
                let inside = (index + 1..<closing).map(list.item)
                let (opening, ending) = (list.item(index), list.item(closing))
                found.append(.replacingItems(index, through: closing, of: list,
                                             with: ([opening, inside[0], ending, opening] + inside.dropFirst() + [ending]).text,
                                             operatorName: "split-critical-section", description: "gives the lock back and takes it again after the first statement"))
            }
        }
        return found
    }
}

/// Swap two acquisitions: nested `a.withLock { b.withLock { ... } }` become `b` then `a`, and
/// two `lock()`s in a row change places.
struct SwapAcquisitions: MutationOperator {
    func mutations(in list: CodeBlockItemListSyntax, owned: [OwnedNodes]) -> [Mutation] {
        var found: [Mutation] = []
        for (index, nodes) in owned.enumerated() {
            for call in nodes.calls {
                guard call.member?.name == "withLock", let closure = call.onlyClosure, let outer = call.member?.receiver,
                      let innerCall = closure.statements.first?.statementCall, innerCall.member?.name == "withLock",
                      let inner = innerCall.member?.receiver, outer.trimmedDescription != inner.trimmedDescription else { continue }
                found.append(Mutation(operatorName: "swap-acquisitions", description: "takes the two locks in the opposite order",
                                      list: list, first: index, last: index, position: call.positionAfterSkippingLeadingTrivia,
                                      edits: [.init(range: outer.trimmedRange, text: inner.trimmedDescription),
                                              .init(range: inner.trimmedRange, text: outer.trimmedDescription)]))
            }
            guard index + 1 < list.count,
                  let first = list.item(index).statementCall, first.arguments.isEmpty, let firstName = first.member?.name, releasing[firstName] != nil,
                  let second = list.item(index + 1).statementCall, second.arguments.isEmpty, let secondName = second.member?.name, releasing[secondName] != nil,
                  first.member?.receiver.trimmedDescription != second.member?.receiver.trimmedDescription else { continue }
            found.append(.replacingItems(index, through: index + 1, of: list, with: [list.item(index + 1), list.item(index)].text,
                                         operatorName: "swap-acquisitions", description: "takes the two locks in the opposite order"))
        }
        return found
    }
}

extension CodeBlockItemSyntax {
    var isReturn: Bool {
        if case .stmt(let statement) = item { return statement.is(ReturnStmtSyntax.self) }
        return false
    }
}

extension CodeBlockItemListSyntax {
    /// A `return` among these statements, outside nested closures.
    var containsReturn: Bool {
        final class Finder: SyntaxVisitor {
            var found = false
            override func visit(_ node: ReturnStmtSyntax) -> SyntaxVisitorContinueKind { found = true; return .skipChildren }
            override func visit(_ node: ClosureExprSyntax) -> SyntaxVisitorContinueKind { .skipChildren }
        }
        let finder = Finder(viewMode: .sourceAccurate)
        for item in self { finder.walk(item) }
        return finder.found
    }
}
