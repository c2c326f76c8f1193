import SwiftSyntax

/// A family of mutations: given the statements of one body, the changes it proposes.
protocol MutationOperator: Sendable {
    /// `owned[i]` holds the calls and operators of statement `i` of `list`.
    func mutations(in list: CodeBlockItemListSyntax, owned: [OwnedNodes]) -> [Mutation]
}

/// The operators, concurrency ones (after ConMAn: Bradbury, Cordy and Dingel, 2006, adapted to
/// the course's runtime) and the classic ones for code without threads or processes.
public enum Operators {
    static let concurrency: [any MutationOperator] = [
        RemoveCriticalSection(), ShrinkCriticalSection(), SplitCriticalSection(), SwapAcquisitions(),
        NotifyAllToNotify(), WaitToSleepLoop(), RemoveJoin(), AtomicLoadThenStore(), SemaphorePermits(),
        DropDuty(), RunInCaller(), JoinInsideStartLoop(),
    ]
    static let classic: [any MutationOperator] = [ChangeOperator()]
}

/// The text of `node` with `edits` (byte ranges of the whole file) applied.
func text(of node: some SyntaxProtocol, with edits: [Mutation.Edit]) -> String {
    let base = node.positionAfterSkippingLeadingTrivia.utf8Offset
    var bytes = Array(node.trimmedDescription.utf8)
    for edit in edits.sorted(by: { $0.range.lowerBound > $1.range.lowerBound }) {
        bytes.replaceSubrange((edit.range.lowerBound - base)..<(edit.range.upperBound - base), with: Array(edit.text.utf8))
    }
    return String(decoding: bytes, as: UTF8.self)
}

/// Statement `index` of `list` with the statements of `closure` (inside it) replaced by `statements`.
func text(of item: CodeBlockItemSyntax, closure: ClosureExprSyntax, statements: [CodeBlockItemSyntax]) -> String {
    text(of: item, with: [Mutation.Edit(range: closure.statements.trimmedRange, text: statements.text)])
}
