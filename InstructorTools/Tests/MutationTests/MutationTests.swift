import Mutation
import Testing

/// The operators on small snippets: which mutants each makes, and what the schema compiles.
@Suite struct OperatorTests {
    func schema(_ code: String, classic: MutantSchema.Classic = .withoutConcurrency) -> MutantSchema {
        MutantSchema(sources: [.init(name: "Snippet.swift", text: code)], classic: classic)
    }

    func operators(_ code: String) -> [String] { schema(code).mutants.map(\.operatorName) }

    func diff(_ code: String, _ name: String) -> String {
        schema(code).mutants.first { $0.operatorName == name }?.diff ?? "no \(name) mutant"
    }

    @Test func removesAndShrinksAndSplitsWithLock() {
        let code = """
            func sell() {
                lock.withLock {
                    remaining -= 1
                    sold += 1
                }
            }
            """
        #expect(operators(code) == ["remove-lock", "shrink-critical-section", "shrink-critical-section", "split-critical-section"])
        #expect(diff(code, "remove-lock").contains("+ ({\n+         remaining -= 1"))
        let mutants = schema(code).mutants
        #expect(mutants[1].diff.hasSuffix("+ remaining -= 1\n+ lock.withLock {\n+         sold += 1\n+     }"))
        #expect(mutants[2].diff.hasSuffix("+ lock.withLock {\n+         remaining -= 1\n+     }\n+ sold += 1"))
        #expect(mutants[3].diff.hasSuffix("+ lock.withLock {\n+         remaining -= 1\n+     }\n+ lock.withLock {\n+         sold += 1\n+     }"))
    }

    @Test func aMutexClosureIsNeverRunWithoutItsLock() {
        #expect(operators("func f() { hits.withLock { $0 += 1 } }") == [])
        #expect(operators("func f() { hits.withLock { state in state += 1 } }") == [])
    }

    @Test func lockUnlockPairs() {
        let code = """
            func f() {
                lock.lock()
                a()
                b()
                lock.unlock()
            }
            """
        let mutants = schema(code).mutants
        #expect(mutants.map(\.operatorName) == ["remove-lock", "shrink-critical-section", "shrink-critical-section", "split-critical-section"])
        #expect(mutants[0].diff.hasSuffix("+ a()\n+ b()"))
        #expect(mutants[1].diff.hasSuffix("+ a()\n+ lock.lock()\n+ b()\n+ lock.unlock()"))
        #expect(mutants[3].diff.hasSuffix("+ lock.lock()\n+ a()\n+ lock.unlock()\n+ lock.lock()\n+ b()\n+ lock.unlock()"))
    }

    @Test func swapsNestedAndConsecutiveAcquisitions() {
        let nested = "func f() { left.withLock { right.withLock { eat() } } }"
        #expect(diff(nested, "swap-acquisitions").hasSuffix("+ right.withLock { left.withLock { eat() } }"))
        let consecutive = "func f() {\n    a.acquire()\n    b.acquire()\n}"
        #expect(diff(consecutive, "swap-acquisitions").hasSuffix("+ b.acquire()\n+ a.acquire()"))
    }

    @Test func conditionOperators() {
        let code = """
            func put() {
                lock.withLock {
                    _ = try? notFull.wait(for: { items.count < capacity })
                    try? notEmpty.notifyAll()
                }
            }
            """
        let names = operators(code)
        #expect(names.contains("notify-all-to-notify"))
        #expect(names.contains("wait-to-sleep-loop"))
        #expect(diff(code, "notify-all-to-notify") == "@@ Snippet.swift:4\n- try? notEmpty.notifyAll()\n+ try? notEmpty.notify()")
        #expect(diff(code, "wait-to-sleep-loop").contains("while !(try ({ items.count < capacity })()) { try notFull.release(); Multitasking.Thread.sleep(for: .milliseconds(1)); notFull.acquire() }"))
    }

    @Test func joinsAreRemovedOrBecomeSleeps() {
        let code = "func f() throws {\n    try thread.join()\n}"
        #expect(operators(code) == ["remove-join", "join-to-sleep"])
        #expect(diff(code, "remove-join") == "@@ Snippet.swift:2\n- try thread.join()")
        #expect(diff(code, "join-to-sleep").hasSuffix("+ try Multitasking.Thread.sleep(for: .milliseconds(100))"))
    }

    @Test func startAndJoinLoopsMergeAndStartRunsInTheCaller() {
        let code = """
            func f() throws {
                for thread in threads { try thread.start() }
                print("started")
                for worker in threads { try worker.join() }
            }
            """
        #expect(diff(code, "join-inside-start-loop").hasSuffix("+ for thread in threads { try thread.start()\n+ try thread.join() }\n+ print(\"started\")"))
        #expect(diff(code, "run-in-caller") == "@@ Snippet.swift:2\n- try thread.start()\n+ try thread.run()")
    }

    @Test func atomicsSemaphoresAndDuties() {
        #expect(diff("func f() { hits.wrappingAdd(1, ordering: .relaxed) }", "atomic-load-then-store")
            .hasSuffix("+ hits.store(hits.load(ordering: .relaxed) &+ (1), ordering: .relaxed)"))
        let semaphore = schema("func f() { let s = Semaphore(n - 1) }").mutants.map(\.diff)
        #expect(semaphore.map { $0.split(separator: "\n").last! } == ["+ let s = Semaphore((n - 1) + 1)", "+ let s = Semaphore((n - 1) - 1)"])
        #expect(operators("func f() throws {\n    try queue.put(1)\n    queue.taskDone()\n    slots.release()\n}") == ["drop-duty", "drop-duty", "drop-duty"])
    }

    @Test func classicOperatorsOnlyWhereThereIsNoConcurrency() {
        let deterministic = "func f(a: Int, b: Int) -> Bool { a + 1 < b }"
        #expect(operators(deterministic) == ["arithmetic-operator", "boundary-shift", "negate-relational"])
        #expect(operators("func f(q: Int) -> Bool {\n    precondition(q > 0, \"q\")\n    precondition([q].allSatisfy { $0 < 5 })\n    assert(q != 3)\n    return q < 9\n}") == ["boundary-shift", "negate-relational"],
                "an assertion's condition is not mutated: it only rejects arguments outside the contract")
        let concurrent = "func f() throws { if a < b { try t.join() } }"
        #expect(!operators(concurrent).contains("boundary-shift"))
        #expect(operators("func f() { if a < b { lock.withLock { } } }") == ["remove-lock"], "a file that uses the runtime is not deterministic")
        #expect(schema(concurrent, classic: .always).mutants.map(\.operatorName) == ["boundary-shift", "negate-relational"])
        #expect(schema(deterministic, classic: .never).mutants.isEmpty)
    }

    @Test func providedFilesAndTopLevelCodeAreNotMutated() {
        #expect(operators("// PROVIDED: do not edit this file.\nfunc f() throws { try t.join() }") == [])
        #expect(operators("try t.join()") == [])
    }
}

/// The schema: one `if` per body, the reference in the last `else`, names stable and numbered.
@Suite struct SchemaTests {
    @Test func wrapsTheRestOfTheBodyAndKeepsTheReferenceInTheElseBranch() {
        let code = """
            func f() throws {
                let t = Thread {}
                try t.start()
                try t.join()
                print("done")
            }
            """
        let schema = MutantSchema(sources: [.init(name: "F.swift", text: code)])
        #expect(schema.mutants.map(\.id) == ["F.swift:3:run-in-caller", "F.swift:4:remove-join", "F.swift:4:join-to-sleep"])
        #expect(schema.mutants.map(\.number) == [1, 2, 3])
        let text = schema.files[0].text
        #expect(text == """
            func f() throws {
                let t = Thread {}
                if __courseMutant(1) {
            try t.run()
                try t.join()
                print("done")
            } else {
            try t.start()
                if __courseMutant(2) {

                print("done")
            } else if __courseMutant(3) {
            try Multitasking.Thread.sleep(for: .milliseconds(100))
                print("done")
            } else {
            try t.join()
                print("done")
            }
            }
            }
            """)
        #expect(schema.mutants[1].schemaLines == 9...11)
        #expect(schema.files.last?.name == MutantSchema.selectorFileName)
    }

    @Test func aBodyThatReturnsItsOnlyExpressionReturnsInEveryBranch() {
        let code = "var count: Int { lock.withLock { items.count } }"
        let schema = MutantSchema(sources: [.init(name: "F.swift", text: code)])
        #expect(schema.files[0].text == "var count: Int { if __courseMutant(1) {\nreturn ({ items.count })()\n} else {\nreturn lock.withLock { items.count }\n} }")
        let statement = "func f() { for t in ts { try t.join() } }"
        #expect(!MutantSchema(sources: [.init(name: "F.swift", text: statement)]).files[0].text.contains("return"), "a loop's body is not a function's")
    }

    @Test func namesOfMutantsOnOneLineAreNumberedAndExcludedOnesLeftOut() {
        let code = "func f() throws {\n    try a.join(); try b.join()\n}"
        let all = MutantSchema(sources: [.init(name: "F.swift", text: code)])
        #expect(all.mutants.map(\.id) == ["F.swift:2:remove-join", "F.swift:2:join-to-sleep", "F.swift:2:remove-join#2", "F.swift:2:join-to-sleep#2"])
        let some = MutantSchema(sources: [.init(name: "F.swift", text: code)], excluded: ["F.swift:2:remove-join"])
        #expect(some.mutants.map(\.id) == ["F.swift:2:join-to-sleep", "F.swift:2:remove-join#2", "F.swift:2:join-to-sleep#2"])
        #expect(some.mutants.map(\.number) == [1, 2, 3])
    }
}
