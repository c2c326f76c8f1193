import SwiftSyntax

/// The classic operators, for code without threads or processes (the simulators): a
/// comparison's boundary moves (`<` and `<=`), a comparison is negated, `+` and `-` or `*` and `/`
/// change places.
struct ChangeOperator: MutationOperator {
    static let replacements: [String: [(String, String)]] = [
        "<": [("<=", "boundary-shift"), (">=", "negate-relational")],
        "<=": [("<", "boundary-shift"), (">", "negate-relational")],
        ">": [(">=", "boundary-shift"), ("<=", "negate-relational")],
        ">=": [(">", "boundary-shift"), ("<", "negate-relational")],
        "==": [("!=", "negate-relational")],
        "!=": [("==", "negate-relational")],
        "+": [("-", "arithmetic-operator")],
        "-": [("+", "arithmetic-operator")],
        "*": [("/", "arithmetic-operator")],
        "/": [("*", "arithmetic-operator")],
        "+=": [("-=", "arithmetic-operator")],
        "-=": [("+=", "arithmetic-operator")],
    ]

    func mutations(in list: CodeBlockItemListSyntax, owned: [OwnedNodes]) -> [Mutation] {
        owned.enumerated().flatMap { index, nodes in
            nodes.operators.flatMap { node -> [Mutation] in
                let symbol = node.operator.text
                return (Self.replacements[symbol] ?? []).map { replacement, name in
                    .replacing(node, with: replacement, in: list, item: index,
                               operatorName: name, description: "replaces \(symbol) by \(replacement)")
                }
            }
        }
    }
}
