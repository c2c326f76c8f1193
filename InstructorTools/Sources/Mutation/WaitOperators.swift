import SwiftSyntax

/// `notifyAll()` becomes `notify()`: one waiter wakes, the others may sleep for ever.
struct NotifyAllToNotify: MutationOperator {
    func mutations(in list: CodeBlockItemListSyntax, owned: [OwnedNodes]) -> [Mutation] {
        owned.enumerated().flatMap { index, nodes in
            nodes.calls.compactMap { call -> Mutation? in
                guard call.member?.name == "notifyAll", let access = call.calledExpression.as(MemberAccessExprSyntax.self) else { return nil }
                return .replacing(access.declName, with: "notify", in: list, item: index,
                                  operatorName: "notify-all-to-notify", description: "wakes one waiter instead of all")
            }
        }
    }
}

/// A condition's `wait` becomes a loop that gives the lock back, sleeps a millisecond and looks
/// again: it uses little CPU and ends when it should, but it polls instead of blocking.
struct WaitToSleepLoop: MutationOperator {
    static let nap = "try \(conditionLock).release(); Multitasking.Thread.sleep(for: .milliseconds(1)); \(conditionLock).acquire()"
    static let conditionLock = "CONDITION"

    func mutations(in list: CodeBlockItemListSyntax, owned: [OwnedNodes]) -> [Mutation] {
        owned.enumerated().flatMap { index, nodes in
            nodes.calls.compactMap { call -> Mutation? in
                guard let member = call.member, member.name == "wait" else { return nil }
                let nap = Self.nap.replacingOccurrences(of: Self.conditionLock, with: member.receiver.trimmedDescription)
                let loop: String
                if call.arguments.isEmpty, call.trailingClosure == nil {
                    loop = "({ () throws -> Bool in \(nap); return true })()"
                } else if let predicate = call.onlyClosure ?? call.arguments.first(where: { $0.label?.text == "for" && call.arguments.count == 1 })?.expression.as(ClosureExprSyntax.self) {
                    loop = "({ () throws -> Bool in while !(try (\(predicate.trimmedDescription))()) { \(nap) }; return true })()"
                } else {
                    return nil
                }
                return .replacing(call, with: loop, in: list, item: index,
                                  operatorName: "wait-to-sleep-loop", description: "polls with a 1 ms sleep instead of waiting on the condition")
            }
        }
    }
}

/// A `join()` is deleted, or replaced by a fixed sleep of 100 ms.
struct RemoveJoin: MutationOperator {
    func mutations(in list: CodeBlockItemListSyntax, owned: [OwnedNodes]) -> [Mutation] {
        var found: [Mutation] = []
        for index in 0..<list.count {
            let item = list.item(index)
            guard item.isExpressionStatement, let call = item.statementCall, call.member?.name == "join", call.trailingClosure == nil else { continue }
            found.append(.replacingItems(index, through: index, of: list, with: "",
                                         operatorName: "remove-join", description: "does not join"))
            found.append(.replacing(call, with: "Multitasking.Thread.sleep(for: .milliseconds(100))", in: list, item: index,
                                    operatorName: "join-to-sleep", description: "sleeps 100 ms instead of joining"))
        }
        return found
    }
}

extension String {
    func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
