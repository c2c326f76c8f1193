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
///
/// What is not here, and stays English: the instructors' commands (`verify`, `mutate`,
/// `publish`, `new`, course.xml validation: instructors write the course in English) and
/// failures of the machine itself (a process that cannot start); command-line help, since
/// swift-argument-parser's own headings and lines cannot be translated (a translated help would
/// mix the languages, and `--lang` is parsed only after the help strings are read).
package enum MessageKey: String, CaseIterable, Sendable, Codable {
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
    // Ids the course does not have, or that name a chapter where an exercise is wanted.
    case unknownID, unknownIDDidYouMean, orSeparator, isAChapter
    // What the run stage found (`ExerciseResult.problemMessage`), worded when it is shown.
    case problemDoesNotCompile, problemSeparator, problemNoXCTests, problemWhileRunning, problemSeed
    case problemOneRace, problemRaces, problemTimedOut, problemDeadlocked, problemRaceAlthoughPassed, problemRaceFound
    case problemTooManyTasks, problemOutOfMemory, problemOutOfMemorySanitizer, problemFileTooLarge, problemCrashed
    case problemLockOrder, problemUntrusted, problemNoTestsRan, problemEndedEarly, problemExitStatus, problemNoEndRecord
    case problemChangedFiles, problemSanitizerBuildFailed
    case problemContinuationResumedTwice, problemContinuationLeaked
    case signalWithMeaning, signalSwiftTrap, signalBadAccess, signalAbort
    // The runtime's deadlock and lock-order reports (`RuntimeFinding`).
    case findingSelfDeadlock, findingDeadlockCycle, findingHoldsAndWaits, findingLockOrder, findingTookThen
    case findingAllBlocked, findingWaits, findingHoldsAndWaitsFor, findingSeed
    case findingPoolBlocked, findingTaskWaits
    // ThreadSanitizer's reports (`ThreadSanitizerReport.message`).
    case tsanHeadOn, tsanHead, tsanAccess, tsanAt, tsanIn, tsanDataRace, tsanSwiftAccessRace, tsanLockOrderInversion
    case tsanWrite, tsanRead, tsanAtomicWrite, tsanAtomicRead, tsanModifyingAccess, tsanReadOnlyAccess, tsanPrevious
    case tsanNamedThread, tsanThread, tsanMainThread, tsanSameThread, tsanAcquiredWhileHolding, tsanPreviouslyAcquired
    case tsanHeapBlock, tsanGlobal
    // A hung test's threads (`HungProcessReport`).
    case hungThreads, hungThreadsNoStacks, hungThread, hungFrame, hungOtherThread, hungOtherThreads
    case hungThreadState, hungChannel, stateRunning, stateSleeping, stateWaitingForIO, stateStopped, stateZombie
    // `grade reset`, and `grade watch`'s errors.
    case resetNothing, resetReplaces, resetAsk, resetNoAnswer, watchNoExercise, watchHiddenOnly
    // Errors a student meets: an exercise graded in CI only, a folder without a course.
    case ciOnlyExercise, ciOnlyChapter, noCourseHere, resetNoOriginal
    // Another grading run holds the state folder (`GradeRunLock`).
    case waitingForRun, waitingForRunOf
}

/// The messages in one language.
package struct Localizer: Sendable {
    package var language: Language

    package init(_ language: Language) {
        self.language = language
    }

    /// The text of `key` with its placeholders filled in from `values`.
    package func text(_ key: MessageKey, _ values: [String: CustomStringConvertible] = [:]) -> String {
        let template = Self.table(for: language)[key] ?? EnglishMessages.table[key] ?? key.rawValue
        // One pass over the template: a value is never searched for placeholders, so a thread
        // named "{seed}" in a student's code stays as it is.
        var text = ""
        var rest = template[...]
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            let name = String(rest[rest.index(after: open)..<close])
            text += rest[..<open]
            text += values[name]?.description ?? String(rest[open...close])
            rest = rest[rest.index(after: close)...]
        }
        return text + rest
    }

    /// An error a student reads, with its label in this language.
    package func problem(_ key: MessageKey, _ values: [String: CustomStringConvertible] = [:]) -> Problem {
        Problem(text(key, values), label: text(.errorLabel))
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
