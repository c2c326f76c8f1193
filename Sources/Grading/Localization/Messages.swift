/// Every message a student reads, by key; the text of each key is in `EnglishMessages` and
/// `ChineseMessages` (one file per language). A text names its values in braces, `{exercise}`,
/// and `Localizer.text` fills them in; the self-tests check that both languages have every key,
/// with the same placeholders.
///
/// Why Swift tables and not Foundation's `Localizable.strings` in the module's resources: we
/// measured it with Swift 6.3 on Linux. SwiftPM copies `zh-Hans.lproj` as `zh-hans.lproj`
/// (lower case), `Bundle.preferredLocalizations` ignores `LANG` and `LC_ALL` (it stays `["en"]`
/// under `LANG=zh_CN.UTF-8`), and `String(localized:bundle:locale:)` does not exist in the Linux
/// Foundation. What does work is opening the `.lproj` folder as a bundle by hand and formatting
/// with `String(format:)`; that gives none of the automatic choice that makes Foundation worth
/// it, and a key missing in one language or a `%lld` given a string is found only at run time.
/// The tables below are checked by the compiler (the keys) and by a test (every key in both
/// languages, the same placeholders), and need no resource bundle.
package enum MessageKey: String, CaseIterable, Sendable {
    // The report of a grading run.
    case reportGradingStarters, reportGradingSolutions
    case verdictPassed, verdictFailed, verdictCompileError, verdictCrashed, verdictTimedOut
    case verdictError, verdictDataRace, verdictDeadlock, verdictOutOfMemory
    case reportUnchanged, reportRuns, reportTiming, reportMoreFindings
    case reportDoesNotCompile, reportMoreErrors, reportAt, reportMoreFailingTests
    case reportLastOutput, reportReplay, reportHint, reportScore, reportJUnit
    case timingFigure, timingNoRatio, timingAttempts, timingPassed, timingFailed
    case ciNote, ciNoteInPart
    // `grade list` and `grade next`.
    case listChapterProgress, listDone, listPending, listProgress, listNext
    case nextAllPass, nextHeading, nextEdit, nextRead, nextNow, nextCheck, nextStuck
    // `grade hint`.
    case hintLine, hintNoMore, hintAgain, hintLast, hintNone
    // What stands before an error's message (`Problem.label`).
    case errorLabel
    // One-line summaries (`grade next`'s "now:").
    case summaryTestFailed, summaryAt, summaryVerdict
    // The exercise in focus, and the report's other lines.
    case reportMoreFailingTest, focusNow, focusEdit, focusRest, reportDuration, reportOtherDetails
    case reportChapterProgress, seconds
    // JUnit XML messages.
    case junitInterrupted, junitNotRun, junitEndedEarly
    // `grade watch`.
    case watchNeedsTerminal, watchPasses, watchEdit, watchKeys, watchBye, watchAllPass, watchOnlyOneLeft
    case watchResetAsk, watchResetFile, watchNotReset, watchGrading
    // The progress line.
    case progressReading, progressBuildingAgain, progressRunning, progressSharedChanged
    case progressSharedChangedSanitizer, progressBuilding, progressBuildingSanitizer, progressBuildingAlone
    // What a verdict means, before the stages' own (English) description, in other languages.
    case explainCompileError, explainCrashed, explainTimedOut, explainDataRace, explainDeadlock, explainError
    case explainOutOfMemory
    // Ids the course does not have, or that name a chapter where an exercise is wanted.
    case unknownID, unknownIDDidYouMean, orSeparator, isAChapter
}

/// The messages in one language.
package struct Localizer: Sendable {
    package var language: Language

    package init(_ language: Language) {
        self.language = language
    }

    /// The text of `key` with its placeholders filled in from `values`.
    package func text(_ key: MessageKey, _ values: [String: CustomStringConvertible] = [:]) -> String {
        var text = Self.table(for: language)[key] ?? EnglishMessages.table[key] ?? key.rawValue
        for (name, value) in values {
            text = text.replacingOccurrences(of: "{\(name)}", with: value.description)
        }
        return text
    }

    package subscript(_ key: MessageKey, _ values: [String: CustomStringConvertible] = [:]) -> String {
        text(key, values)
    }

    static func table(for language: Language) -> [MessageKey: String] {
        switch language {
        case .en: EnglishMessages.table
        case .zh: ChineseMessages.table
        }
    }

    /// A verdict's name, as the report shows it.
    package func verdict(_ verdict: ExerciseResult.Verdict) -> String {
        switch verdict {
        case .passed: text(.verdictPassed)
        case .failed: text(.verdictFailed)
        case .compileError: text(.verdictCompileError)
        case .crashed: text(.verdictCrashed)
        case .timedOut: text(.verdictTimedOut)
        case .error: text(.verdictError)
        case .dataRace: text(.verdictDataRace)
        case .deadlock: text(.verdictDeadlock)
        case .outOfMemory: text(.verdictOutOfMemory)
        }
    }

    /// The placeholders a text uses, `{name}` -> `name`.
    static func placeholders(in text: String) -> Set<String> {
        var found = Set<String>()
        var rest = text[...]
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            found.insert(String(rest[rest.index(after: open)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return found
    }
}
