import SwiftSyntax

/// The calls and operators of one statement that are its own: not those of the statement lists
/// nested in it (closure or `if` bodies), which are statements of their own.
struct OwnedNodes {
    var calls: [FunctionCallExprSyntax] = []
    var operators: [BinaryOperatorExprSyntax] = []
    var compoundAssignments: [BinaryOperatorExprSyntax] { operators.filter { $0.operator.text.hasSuffix("=") && !Self.comparisons.contains($0.operator.text) } }
    static let comparisons: Set<String> = ["==", "!=", "<=", ">=", "===", "!=="]

    init(of item: CodeBlockItemSyntax) {
        let visitor = Collector(viewMode: .sourceAccurate)
        visitor.walk(item)
        (calls, operators) = (visitor.calls, visitor.operators)
    }

    private final class Collector: SyntaxVisitor {
        var calls: [FunctionCallExprSyntax] = []
        var operators: [BinaryOperatorExprSyntax] = []
        override func visit(_ node: CodeBlockItemListSyntax) -> SyntaxVisitorContinueKind { .skipChildren }
        override func visit(_ node: FunctionCallExprSyntax) -> SyntaxVisitorContinueKind {
            calls.append(node)
            // An assertion's condition only rejects arguments outside the function's contract
            // (a quantum of 0): changed, it gives a mutant that behaves as the reference on
            // every valid input, which no suite can kill and an instructor would have to mark.
            return node.isAssertion ? .skipChildren : .visitChildren
        }
        override func visit(_ node: BinaryOperatorExprSyntax) -> SyntaxVisitorContinueKind {
            operators.append(node)
            return .visitChildren
        }
    }
}

extension FunctionCallExprSyntax {
    /// `precondition(...)` or `assert(...)`.
    var isAssertion: Bool {
        ["precondition", "assert"].contains(calledExpression.as(DeclReferenceExprSyntax.self)?.baseName.text)
    }

    /// `receiver.name(...)`: the member's name and the receiver's text.
    var member: (receiver: ExprSyntax, name: String)? {
        guard let access = calledExpression.as(MemberAccessExprSyntax.self), let base = access.base else { return nil }
        return (base, access.declName.baseName.text)
    }

    /// The closure the call is given: a trailing closure, or a single closure argument.
    var onlyClosure: ClosureExprSyntax? {
        if let trailingClosure, arguments.isEmpty, additionalTrailingClosures.isEmpty { return trailingClosure }
        if trailingClosure == nil, arguments.count == 1, let closure = arguments.first?.expression.as(ClosureExprSyntax.self) {
            return closure
        }
        return nil
    }

    /// `x.withLock { ... }` with a closure that takes no parameters (a `Mutex`'s closure takes
    /// the protected state, and cannot be run without the lock).
    var lockedClosure: ClosureExprSyntax? {
        guard member?.name == "withLock", let closure = onlyClosure, !closure.takesParameters else { return nil }
        return closure
    }
}

extension ClosureExprSyntax {
    var takesParameters: Bool {
        if let parameters = signature?.parameterClause {
            switch parameters {
            case .simpleInput(let names): if !names.isEmpty { return true }
            case .parameterClause(let clause): if !clause.parameters.isEmpty { return true }
            }
        }
        return description.contains("$0")
    }

    /// The closure's statements, with the text of `{` up to the first one (the signature).
    var head: String {
        signature.map { "{ " + $0.trimmedDescription } ?? "{"
    }
}

extension CodeBlockItemSyntax {
    /// The call the statement consists of, under `try`, `try?`, `await` and `_ =`.
    var statementCall: FunctionCallExprSyntax? {
        guard case .expr(let expression) = item else { return nil }
        return Self.unwrapped(expression).as(FunctionCallExprSyntax.self)
    }

    /// The statement is an expression whose value nobody uses (not a declaration or a `return`).
    var isExpressionStatement: Bool {
        if case .expr = item { return true }
        return false
    }

    private static func unwrapped(_ expression: ExprSyntax) -> ExprSyntax {
        if let attempt = expression.as(TryExprSyntax.self) { return unwrapped(attempt.expression) }
        if let waiting = expression.as(AwaitExprSyntax.self) { return unwrapped(waiting.expression) }
        if let sequence = expression.as(SequenceExprSyntax.self), sequence.elements.count == 3,
           sequence.elements.first?.is(DiscardAssignmentExprSyntax.self) == true,
           let last = sequence.elements.last {
            return unwrapped(last)
        }
        return expression
    }
}

extension Array where Element == CodeBlockItemSyntax {
    var text: String { map(\.trimmedDescription).joined(separator: "\n") }
}
