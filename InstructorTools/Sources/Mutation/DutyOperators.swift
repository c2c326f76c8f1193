import SwiftSyntax

/// A duty is skipped on one path: one `release`, `taskDone`, `put` or `close` call is deleted.
struct DropDuty: MutationOperator {
    static let duties: Set<String> = ["release", "taskDone", "put", "close"]

    func mutations(in list: CodeBlockItemListSyntax, owned: [OwnedNodes]) -> [Mutation] {
        (0..<list.count).compactMap { index in
            let item = list.item(index)
            guard item.isExpressionStatement, let name = item.statementCall?.member?.name, Self.duties.contains(name) else { return nil }
            return .replacingItems(index, through: index, of: list, with: "",
                                   operatorName: "drop-duty", description: "skips this \(name)()")
        }
    }
}

/// An atomic read-modify-write becomes an atomic load and then an atomic store: each step is
/// atomic, the increment is not.
struct AtomicLoadThenStore: MutationOperator {
    static let arithmetic = ["wrappingAdd": "&+", "wrappingSubtract": "&-", "add": "+", "subtract": "-"]

    func mutations(in list: CodeBlockItemListSyntax, owned: [OwnedNodes]) -> [Mutation] {
        owned.enumerated().flatMap { index, nodes in
            nodes.calls.compactMap { call -> Mutation? in
                guard let member = call.member, let symbol = Self.arithmetic[member.name], call.arguments.count == 2,
                      let ordering = call.arguments.last, ordering.label?.text == "ordering",
                      let amount = call.arguments.first?.expression else { return nil }
                let atomic = member.receiver.trimmedDescription
                let order = ordering.expression.trimmedDescription
                return .replacing(call, with: "\(atomic).store(\(atomic).load(ordering: \(order)) \(symbol) (\(amount.trimmedDescription)), ordering: \(order))",
                                  in: list, item: index, operatorName: "atomic-load-then-store",
                                  description: "replaces the atomic \(member.name) by a load and then a store")
            }
        }
    }
}

/// A semaphore starts with one permit more or one less.
struct SemaphorePermits: MutationOperator {
    static let types: Set<String> = ["Semaphore", "BoundedSemaphore", "ProcessSemaphore"]

    func mutations(in list: CodeBlockItemListSyntax, owned: [OwnedNodes]) -> [Mutation] {
        owned.enumerated().flatMap { index, nodes in
            nodes.calls.flatMap { call -> [Mutation] in
                guard let type = call.calledExpression.as(DeclReferenceExprSyntax.self), Self.types.contains(type.baseName.text),
                      let permits = call.arguments.first, permits.label == nil || permits.label?.text == "value" else { return [] }
                let value = permits.expression
                return ["+", "-"].map { sign in
                    .replacing(value, with: "(\(value.trimmedDescription)) \(sign) 1", in: list, item: index,
                               operatorName: "semaphore-permits", description: "starts the semaphore with one permit \(sign == "+" ? "more" : "less")")
                }
            }
        }
    }
}
