import SwiftSyntax

/// What an operator proposes: replace items `first...last` of a statement list by the same text
/// with `edits` applied (byte ranges of the original file and their new text), or, when
/// `replacement` is set, by that text outright.
///
/// Every mutation is expressed on whole statements of a function's, closure's or accessor's
/// body, never inside an expression: the schema then wraps the rest of the body in
/// `if mutant(n) { mutated rest } else { original rest }`, which keeps every declaration's scope
/// and type-checks like ordinary code (a ternary per expression would not, with closures).
struct Mutation {
    var operatorName: String
    var description: String
    var list: CodeBlockItemListSyntax
    var first: Int
    var last: Int
    /// Where the change is, for the mutant's name and report.
    var position: AbsolutePosition
    var edits: [Edit] = []
    var replacement: String?

    struct Edit {
        var range: Range<Int>
        var text: String
    }
}

extension Mutation {
    /// Replaces `node` inside item `index` of `list` by `text`.
    static func replacing(
        _ node: some SyntaxProtocol, with text: String, in list: CodeBlockItemListSyntax, item index: Int,
        operatorName: String, description: String
    ) -> Mutation {
        Mutation(operatorName: operatorName, description: description, list: list, first: index, last: index,
                 position: node.positionAfterSkippingLeadingTrivia,
                 edits: [Edit(range: node.trimmedRange, text: text)])
    }

    /// Replaces items `first...last` of `list` by `text`.
    static func replacingItems(
        _ first: Int, through last: Int, of list: CodeBlockItemListSyntax, with text: String,
        operatorName: String, description: String
    ) -> Mutation {
        Mutation(operatorName: operatorName, description: description, list: list, first: first, last: last,
                 position: list.item(first).positionAfterSkippingLeadingTrivia, replacement: text)
    }
}

extension SyntaxProtocol {
    /// The node's bytes without leading and trailing trivia, as offsets into the file.
    var trimmedRange: Range<Int> {
        positionAfterSkippingLeadingTrivia.utf8Offset..<endPositionBeforeTrailingTrivia.utf8Offset
    }
}

extension CodeBlockItemListSyntax {
    func item(_ index: Int) -> CodeBlockItemSyntax {
        self[self.index(startIndex, offsetBy: index)]
    }
}
