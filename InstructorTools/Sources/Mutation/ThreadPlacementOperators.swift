import SwiftSyntax

/// `start()` becomes `run()`: the thread's or child's work runs in the caller, one after another.
struct RunInCaller: MutationOperator {
    func mutations(in list: CodeBlockItemListSyntax, owned: [OwnedNodes]) -> [Mutation] {
        owned.enumerated().flatMap { index, nodes in
            nodes.calls.compactMap { call -> Mutation? in
                guard call.member?.name == "start", call.arguments.isEmpty, call.trailingClosure == nil,
                      let access = call.calledExpression.as(MemberAccessExprSyntax.self) else { return nil }
                return .replacing(access.declName, with: "run", in: list, item: index,
                                  operatorName: "run-in-caller", description: "calls run() instead of start(), so the caller does the work")
            }
        }
    }
}

/// A loop that starts threads or children and a later loop over the same ones that joins them
/// become one loop that starts and joins each in turn: the work runs one after another.
struct JoinInsideStartLoop: MutationOperator {
    func mutations(in list: CodeBlockItemListSyntax, owned: [OwnedNodes]) -> [Mutation] {
        var found: [Mutation] = []
        for first in 0..<list.count {
            guard let starting = list.item(first).forLoop, starting.body.statements.contains(where: { $0.statementCall?.member?.name == "start" }),
                  let startName = starting.loopVariable else { continue }
            for second in first + 1..<list.count {
                guard let joining = list.item(second).forLoop, joining.sequence.trimmedDescription == starting.sequence.trimmedDescription,
                      joining.body.statements.contains(where: { $0.statementCall?.member?.name == "join" }),
                      let joinName = joining.loopVariable else { continue }
                let renamed = joining.body.statements.map { statement in
                    text(of: statement, with: statement.references(to: joinName).map { .init(range: $0.trimmedRange, text: startName) })
                }
                let body = ([Array(starting.body.statements).text] + renamed).joined(separator: "\n")
                let merged = text(of: starting, with: [.init(range: starting.body.statements.trimmedRange, text: body)])
                let between = (first + 1..<second).map(list.item)
                found.append(.replacingItems(first, through: second, of: list, with: ([merged] + between.map(\.trimmedDescription)).joined(separator: "\n"),
                                             operatorName: "join-inside-start-loop", description: "joins each one right after starting it"))
                break
            }
        }
        return found
    }
}

extension CodeBlockItemSyntax {
    var forLoop: ForStmtSyntax? {
        if case .stmt(let statement) = item { return statement.as(ForStmtSyntax.self) }
        return nil
    }

    func references(to name: String) -> [DeclReferenceExprSyntax] {
        final class Finder: SyntaxVisitor {
            let name: String
            var found: [DeclReferenceExprSyntax] = []
            init(name: String) { self.name = name; super.init(viewMode: .sourceAccurate) }
            override func visit(_ node: DeclReferenceExprSyntax) -> SyntaxVisitorContinueKind {
                if node.baseName.text == name { found.append(node) }
                return .visitChildren
            }
        }
        let finder = Finder(name: name)
        finder.walk(self)
        return finder.found
    }
}

extension ForStmtSyntax {
    var loopVariable: String? { pattern.as(IdentifierPatternSyntax.self)?.identifier.text }
}
