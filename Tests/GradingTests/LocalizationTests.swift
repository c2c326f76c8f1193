import Foundation
import Testing
@testable import Grading

/// The grader's messages in English and Chinese: the tables, the choice of language, the
/// width of Chinese text in a terminal, and the student commands that need no build.
@Suite struct LocalizationTests {
    @Test func everyKeyIsInBothLanguagesWithTheSamePlaceholders() {
        for key in MessageKey.allCases {
            let english = EnglishMessages.table[key]
            let chinese = ChineseMessages.table[key]
            #expect(english != nil, "\(key) has no English text")
            #expect(chinese != nil, "\(key) has no Chinese text")
            guard let english, let chinese else { continue }
            #expect(Localizer.placeholders(in: english) == Localizer.placeholders(in: chinese), "\(key): the two texts name different values")
            #expect(english != chinese, "\(key): the Chinese text is the English one")
        }
        #expect(EnglishMessages.table.count == MessageKey.allCases.count && ChineseMessages.table.count == MessageKey.allCases.count)
    }

    @Test func placeholdersAreFilledIn() {
        #expect(Localizer(.en)[.reportScore, ["earned": 3, "possible": 10, "passed": 1, "total": 2]] == "Score: 3/10 points, 1 of 2 exercises passed")
        #expect(Localizer(.zh)[.reportScore, ["earned": 3, "possible": 10, "passed": 1, "total": 2]] == "得分：3/10 分，2 个练习中通过 1 个")
        #expect(Localizer(.zh).verdict(.deadlock) == "死锁" && Localizer(.en).verdict(.timedOut) == "timed out")
    }

    @Test func theLanguageComesFromTheOptionThenTheLocale() {
        #expect(Language.chosen(option: nil, environment: [:]) == .en)
        #expect(Language.chosen(option: nil, environment: ["LANG": "zh_CN.UTF-8"]) == .zh)
        #expect(Language.chosen(option: .en, environment: ["LANG": "zh_CN.UTF-8"]) == .en, "--lang wins")
        #expect(Language.chosen(option: nil, environment: ["LANG": "zh_CN.UTF-8", "LC_ALL": "C"]) == .en, "LC_ALL before LANG")
        #expect(Language.chosen(option: nil, environment: ["LANG": "en_US.UTF-8", "LC_MESSAGES": "zh_TW.UTF-8"]) == .zh, "LC_MESSAGES before LANG")
        #expect(Language.chosen(option: nil, environment: ["LC_ALL": "", "LANG": "zh_CN"]) == .zh, "an empty variable is not set")
        #expect(Language.chosen(option: nil, environment: ["LANG": "fr_FR.UTF-8"]) == .en, "a language we do not speak: English")
        #expect(Language(code: "zh-Hans") == .zh && Language(code: "EN_us") == .en && Language(code: "de") == nil)
    }

    @Test func wideCharactersTakeTwoColumns() {
        #expect(DisplayWidth.of("passed") == 6)
        #expect(DisplayWidth.of("未通过") == 6)
        #expect(DisplayWidth.of("提示：") == 6, "fullwidth punctuation is wide too")
        #expect(DisplayWidth.of("e\u{301}") == 1, "a combining accent takes no column")
        #expect(DisplayWidth.of("✔ ok") == 4)
        #expect(DisplayWidth.padded("通过", to: 6) == "通过  ")
        #expect(DisplayWidth.padded("数据竞争", to: 6) == "数据竞争", "never cut")
        #expect(DisplayWidth.leftPadded("分", to: 4) == "  分")
        #expect(DisplayWidth.prefix("进程间通信", columns: 5) == "进程")
    }

    @Test func hintsInChinese() throws {
        let exercise = try #require(try TinyCourse(courseXML: CourseLanguageTests.bilingualXML).course().exercises.first)
        var state = ProgressState()
        #expect(try Hints.reveal(exercise, state: &state, language: .zh) == """
            提示 1/2（adding）：用 +。
            （再运行一次 `swift run grade hint adding --lang zh`，看下一条提示）

            """)
        #expect(try Hints.reveal(exercise, state: &state, language: .zh).hasSuffix("提示 2/2（adding）：返回 `a + b`。\n（这是最后一条提示）\n"))
        #expect(try Hints.reveal(exercise, state: &state, language: .zh).hasSuffix("（没有更多提示了：全部 2 条都在上面）\n"))
        var english = ProgressState()
        #expect(try Hints.reveal(exercise, state: &english, language: .en).hasPrefix("Hint 1 of 2 for adding: Use +.\n"))
        let untranslated = try #require(try TinyCourse(courseXML: HintAndResetTests.hintedXML).course().exercises.first)
        var fallback = ProgressState()
        #expect(try Hints.reveal(untranslated, state: &fallback, language: .zh).hasPrefix("提示 1/2（adding）：Add them.\n"), "no translation: the course's own hint")
        #expect(throws: GradingError(Problem("练习 'adding' 没有提示；请问你的老师，或者再读一遍课文", label: "错误："))) {
            var none = ProgressState()
            _ = try Hints.reveal(try TinyCourse().course().exercises[0], state: &none, language: .zh)
        }
    }

    @Test func theHintCommandSpeaksTheChosenLanguage() throws {
        let tiny = try TinyCourse(courseXML: CourseLanguageTests.bilingualXML)
        let byOption = try runProgram(gradeExecutable, ["hint", "adding", "--lang", "zh"], in: tiny.root, environment: ["LANG": "C", "LC_ALL": ""])
        #expect(byOption.status == 0 && byOption.output.hasPrefix("提示 1/2（adding）：用 +。\n"))
        let byLocale = try runProgram(gradeExecutable, ["hint", "adding"], in: tiny.root, environment: ["LANG": "zh_CN.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""])
        #expect(byLocale.output.hasPrefix("提示 1/2（adding）：用 +。\n提示 2/2（adding）：返回 `a + b`。\n"))
        let english = try runProgram(gradeExecutable, ["hint", "adding", "--lang", "en"], in: tiny.root, environment: ["LANG": "zh_CN.UTF-8"])
        #expect(english.output.hasPrefix("Hint 1 of 2 for adding: Use +.\n"))
        let typo = try runProgram(gradeExecutable, ["hint", "addng", "--lang", "zh"], in: tiny.root)
        #expect(typo.status == 2 && typo.output == "错误：课程里没有叫 'addng' 的练习或章节；你是不是想输入 'adding'？\n")
        let chapter = try runProgram(gradeExecutable, ["hint", "basics", "--lang", "zh"], in: tiny.root)
        #expect(chapter.output == "错误：'basics' 是一个章节；grade hint 需要一个练习的编号，可以是：adding\n")
        let englishTypo = try runProgram(gradeExecutable, ["hint", "addng", "--lang", "en"], in: tiny.root)
        #expect(englishTypo.output == "error: no exercise or chapter 'addng' in the course; did you mean 'adding'?\n")
        let unknown = try runProgram(gradeExecutable, ["hint", "adding", "--lang", "fr"], in: tiny.root)
        #expect(unknown.status == 2 && unknown.output.contains("The value 'fr' is invalid for '--lang <language>'"))
    }
}

/// The report of a grading run in both languages, for the main verdicts.
@Suite struct LocalizedReportTests {
    private func report(_ result: ExerciseResult, _ language: Language) throws -> String {
        let course = try TinyCourse(courseXML: CourseLanguageTests.bilingualXML).course()
        let plan = try GradingPlan(course: course, ids: [], sources: .starters)
        let outcome = GradingOutcome(course: course, plan: plan, results: [result], seconds: 1.5)
        return TerminalReport(outcome: outcome, style: TerminalStyle(colors: false), root: "/", language: language).text
    }

    private func result(_ verdict: ExerciseResult.Verdict, problem: Message? = nil, tests: [TestResult] = []) -> ExerciseResult {
        ExerciseResult(exerciseID: "adding", verdict: verdict, pointsEarned: verdict == .passed ? 1 : 0, pointsPossible: 1,
                       duration: 0.25, tests: tests, diagnostics: [], problem: problem, outputTail: "")
    }

    @Test func aFailureReadsTheSameInBothLanguages() throws {
        let failure = TestFailure(message: "add(1, 2) → 0 == 3", file: "/Tests/basics/adding/AddTests.swift", line: 3)
        var failed = result(.failed, tests: [TestResult(suite: "AddingTests", name: "adds()", outcome: .failed, duration: 0, failures: [failure])])
        failed.timings = [TimingFigure(label: "together vs one by one", ratio: 0.3, limit: 0.5, measuredSeconds: 0.1, baselineSeconds: 0.4, attempts: 2, passed: true)]
        let english = try report(failed, .en)
        let chinese = try report(failed, .zh)
        #expect(english == """
            Tiny 1.0.0 (grading the starters)

            Basics  0/1 passed, 0/1 points
              ✘ adding        failed           0/1  0.25 s
                  timing: together vs one by one: 0.30x (limit 0.50x; 0.100 s against 0.400 s, 2 attempts) passed
                  AddingTests/adds(): add(1, 2) → 0 == 3
                    at Tests/basics/adding/AddTests.swift:3
                  hint: Use +.

            Score: 0/1 points, 0 of 1 exercises passed (1.50 s)

            """)
        #expect(chinese == """
            小课程 1.0.0 （评分对象：你的练习）

            基础  通过 0/1，0/1 分
              ✘ adding        未通过           0/1  0.25 秒
                  计时：together vs one by one：0.30x（上限 0.50x；0.100 秒对 0.400 秒，尝试 2 次）通过
                  AddingTests/adds(): add(1, 2) → 0 == 3
                    位置：Tests/basics/adding/AddTests.swift:3
                  提示：用 +。

            得分：0/1 分，1 个练习中通过 0 个 （1.50 秒）

            """)
    }

    @Test func theMainVerdictsInBothLanguagesKeepTheColumns() throws {
        let cases: [(ExerciseResult.Verdict, String, String)] = [
            (.passed, "passed", "通过"), (.failed, "failed", "未通过"), (.compileError, "compile error", "编译错误"),
            (.crashed, "crashed", "崩溃"), (.timedOut, "timed out", "超时"), (.dataRace, "data race", "数据竞争"),
            (.deadlock, "deadlock", "死锁"), (.error, "error", "错误"),
        ]
        for (verdict, english, chinese) in cases {
            for (language, name) in [(Language.en, english), (.zh, chinese)] {
                let text = try report(result(verdict, problem: verdict == .passed ? nil : "what happened"), language)
                let line = try #require(text.split(separator: "\n").first { $0.hasPrefix("  ") && $0.contains("adding") })
                // The points start in the same column whatever the verdict's language.
                #expect(line.hasPrefix((verdict == .passed ? "  ✔ " : "  ✘ ") + "adding        " + DisplayWidth.padded(name, to: 13) + "    "), "\(verdict) in \(language)")
                #expect(DisplayWidth.of(line.prefix { $0 != "/" }) == DisplayWidth.of("  ✘ adding        compile error    0"), "\(verdict) in \(language)")
            }
        }
    }

    /// The run stage's problem and the checks' findings are worded when the report is made: the
    /// same (cached) result reads in either language, with the same lines.
    @Test func theRunStagesWordsFollowTheReportsLanguage() throws {
        var timedOut = result(.timedOut, problem: .joined([
            Message(.problemTimedOut, ["suite": "AddingTests", "seconds": "3", "whileRunning": Message(.problemWhileRunning, ["tests": "AddingTests/adds()"]), "seed": .empty]),
            .joined([Message(.hungThreads), Message(.hungThread, ["name": "worker", "frames": Message(.hungFrame, ["place": "Exercises/basics/adding/Add.swift:1", "function": "add(_:_:)"])])], separator: "\n"),
        ], separator: "\n"))
        timedOut.outputTail = "adding..."
        #expect(try report(timedOut, .zh).contains("""
                  AddingTests 运行超过 3 秒，超时了（当时正在运行 AddingTests/adds()）；测试进程以及它启动的一切都被杀死了
                  时间用完时各线程所在的位置：
                    线程 'worker'：Exercises/basics/adding/Add.swift:1 中的 add(_:_:)
                  最后的输出：
                    adding...
                  提示：用 +。

            """))
        #expect(try report(timedOut, .en).contains("""
                  AddingTests timed out after 3 s while running AddingTests/adds(); the test process and everything it started were killed
                  threads when the time ran out:
                    thread 'worker': Exercises/basics/adding/Add.swift:1 in add(_:_:)
                  last output:
            """))

        var deadlock = result(.deadlock, problem: Message(.problemDeadlocked, ["suite": "AddingTests", "whileRunning": .empty, "seed": Message(.problemSeed, ["seed": "7"])]))
        deadlock.findingMessages = [try #require(RuntimeFinding.message(of: [
            "kind": "deadlock", "seed": 7,
            "steps": [["thread": "philosopher-1", "holds": "noodles", "wants": "chopsticks"], ["thread": "philosopher-2", "holds": "chopsticks", "wants": "noodles"]],
        ]))]
        #expect(try report(deadlock, .zh).contains("""
                  AddingTests 发生了死锁（扰动种子 7）；运行时的死锁检测器结束了它
                    死锁：2 个线程互相等待，形成了环路
                      线程 'philosopher-1' 持有 'noodles'，在等待 'chopsticks'
                      线程 'philosopher-2' 持有 'chopsticks'，在等待 'noodles'
                      （扰动种子 7：用 MULTITASKING_SEED=7 重放）

            """))
        // The runtime's own English wording, word for word (`DiagnosticReport.description`).
        #expect(try report(deadlock, .en).contains("""
                  AddingTests deadlocked (perturbation seed 7); the runtime's detector ended it
                    Deadlock: 2 threads wait for each other in a cycle
                      thread 'philosopher-1' holds 'noodles' and waits for 'chopsticks'
                      thread 'philosopher-2' holds 'chopsticks' and waits for 'noodles'
                      (perturbation seed 7: replay with MULTITASKING_SEED=7)
            """))

        var race = result(.dataRace, problem: Message(.problemRaceAlthoughPassed, ["suite": "AddingTests", "races": Message(.problemOneRace), "seed": .empty]))
        race.findingMessages = ThreadSanitizerReport.reports(in: CheckReportTests.sanitizerLog, root: "/course") { symbols in
            Dictionary(uniqueKeysWithValues: symbols.map { ($0, $0 == "$s4race4bumpyyF" ? "bump()" : "counter") })
        }.map(\.message)
        #expect(try report(race, .zh).contains("""
                  ThreadSanitizer 在 AddingTests 中发现了一处数据竞争，尽管它的测试都通过了
                    Swift 访问竞争（数据竞争），发生在全局变量 'counter'：
                      线程 'worker-2'（T2）修改 Swift 变量，位置 Exercises/races/Counter.swift，函数 bump()
                      主线程之前写入，位置 Exercises/races/Counter.swift:4:43，函数 bump()

            """))

        let memory = result(.outOfMemory, problem: Message(.problemOutOfMemory, ["suite": "AddingTests", "used": "512", "limit": "512", "whileRunning": .empty, "seed": .empty]))
        #expect(try report(memory, .zh).contains("      AddingTests 内存不足：用了 512 MiB，达到了测试及它启动的一切合计 512 MiB 的上限；它们全都被杀死了\n"))

        let crash = result(.crashed, problem: Message(.problemCrashed, ["suite": "AddingTests", "signal": signalName(SIGSEGV), "whileRunning": .empty]))
        #expect(try report(crash, .zh).contains("      AddingTests 崩溃了，信号是 SIGSEGV (11)，非法内存访问\n"))
    }

    /// A value is put in once, never searched for placeholders itself.
    @Test func aValueThatLooksLikeAPlaceholderStaysAsItIs() {
        let text = Localizer(.en)[.findingTookThen, ["thread": "{holds}", "holds": "a", "wants": "b"]]
        #expect(text == "  thread '{holds}' took 'a' then 'b'")
    }

    @Test func machineReadableReportsKeepEnglishKeysAndSpeakTheLanguage() throws {
        let course = try TinyCourse(courseXML: CourseLanguageTests.bilingualXML).course()
        let plan = try GradingPlan(course: course, ids: [], sources: .starters)
        let notRun = result(.error, tests: [TestResult(suite: "AddingTests", name: "adds()", outcome: .notRun, duration: 0, failures: [])])
        let outcome = GradingOutcome(course: course, plan: plan, results: [notRun], seconds: 1)
        let json = JSONSummary(outcome: outcome, language: .zh)
        #expect(json.exercises.map(\.title) == ["加法"] && json.exercises.map(\.status) == ["error"])
        #expect(JSONSummary(outcome: outcome).exercises.map(\.title) == ["Adding"])
        for (language, message) in [(Language.en, "the test did not run: the suite ended early"), (.zh, "这个测试没有运行：测试套件提前结束了")] {
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("junit-\(language)-\(UUID().uuidString).xml").path
            defer { try? FileManager.default.removeItem(atPath: path) }
            try JUnitReport(outcome: outcome, language: language).write(to: path)
            let xml = try String(contentsOfFile: path, encoding: .utf8)
            #expect(xml.contains(#"<error type="not run" message="\#(message)">"#), "\(language)")
        }
    }

    @Test func listAndNextInChinese() throws {
        let course = try TinyCourse(courseXML: CourseLanguageTests.bilingualXML).course()
        let plan = try GradingPlan(course: course, ids: [], sources: .starters)
        let outcome = GradingOutcome(course: course, plan: plan, results: [result(.failed)], seconds: 1)
        #expect(CourseProgress(outcome: outcome).text(style: TerminalStyle(colors: false), language: .zh) == """
            小课程 1.0.0

            基础  完成 0/1，0/1 分
              · adding        未完成   0/1  加法

            进度：1 个练习中完成 0 个，0/1 分
            下一个：adding（Exercises/basics/adding/Add.swift）

            """)
        #expect(CourseProgress(outcome: outcome).text(style: TerminalStyle(colors: false), language: .en).contains("  · adding        pending  0/1  Adding\n"))
    }
}
