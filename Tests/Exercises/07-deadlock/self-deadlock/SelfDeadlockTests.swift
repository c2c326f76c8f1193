import Glibc
import Multitasking
import SelfDeadlock
import XCTest

/// Every call that may take the account's lock twice runs on a daemon thread that the test
/// waits for with a timeout: a self-deadlock fails the test instead of hanging it.
final class SelfDeadlockTests: XCTestCase {
    private let patience = Duration.seconds(5)

    /// Runs `body` on a daemon thread; returns whether it finished within `patience`.
    private func finishes(
        _ what: String, file: StaticString = #filePath, line: UInt = #line,
        _ body: @escaping @Sendable () -> Void, patience: Duration? = nil
    ) throws -> Bool {
        let patience = patience ?? self.patience
        let worker = Thread(name: "teller", daemon: true, target: body)
        try worker.start()
        let finished = try worker.join(timeout: patience)
        if !finished {
            XCTFail("""
                \(what) did not return within \(patience): the thread is stuck. A thread that \
                acquires a `Lock` it already holds waits for itself forever (a self-deadlock). \
                Use an `RLock`, which the holding thread may acquire again.
                """, file: file, line: line)
        }
        return finished
    }

    func testDepositBatchAddsEveryAmount() throws {
        let account = BankAccount(balance: 10)
        guard try finishes("depositBatch([5, 20, 100])", { account.depositBatch([5, 20, 100]) }) else { return }
        XCTAssertEqual(account.balance, 135, "10 + 5 + 20 + 100 should be 135 after depositBatch([5, 20, 100])")
    }

    func testWithdrawTakesMoneyOnlyWhenTheBalanceCoversIt() throws {
        let account = BankAccount(balance: 100)
        let results = Results()
        guard try finishes("withdraw(30)", {
            results.append(account.withdraw(30))
            results.append(account.withdraw(80))
            results.append(account.withdraw(70))
        }) else { return }
        XCTAssertEqual(results.values, [true, false, true],
                       "from 100: withdraw(30) succeeds, withdraw(80) is refused (70 left), withdraw(70) succeeds")
        XCTAssertEqual(account.balance, 0, "100 - 30 - 70 should leave 0")
    }

    /// The auditor reads the balance for as long as the depositor works, from before its first
    /// batch to after its last, so batches and reads overlap.
    func testABatchIsNeverSeenHalfDone() throws {
        let account = BankAccount()
        let batches = 300
        let auditing = Event(name: "test-auditing")
        let depositorDone = Event(name: "test-depositor-done")
        let depositor = Thread(name: "depositor", daemon: true) {
            _ = auditing.wait(timeout: .seconds(5))
            for _ in 0..<batches { account.depositBatch(Array(repeating: 1, count: 20)) }
            depositorDone.set()
        }
        let halfDone = Results()
        let auditor = Thread(name: "auditor", daemon: true) {
            auditing.set()
            while !depositorDone.isSet {
                if account.balance % 20 != 0 { halfDone.append(true) }
            }
        }
        try depositor.start()
        try auditor.start()
        guard try finishes("depositBatch while another thread reads the balance", {
            try? depositor.join()
            try? auditor.join()
        }) else { return }
        XCTAssertEqual(account.balance, batches * 20, "\(batches) batches of 20 deposits of 1")
        XCTAssertEqual(halfDone.values.count, 0, """
            another thread saw a balance that was not a multiple of 20 \(halfDone.values.count) times: \
            depositBatch must hold the lock for the whole batch
            """)
    }

    /// Four threads race for the last coins, round after round: the check "does the balance
    /// cover it?" and the withdrawal must be one step, or two of them take the same last coin.
    func testWithdrawersRacingForTheLastCoinsNeverOverdraw() throws {
        let rounds = 150
        let coins = 3
        let taken = Results()
        let balances = Results()
        guard try finishes("4 threads withdrawing the last coins, \(rounds) times", {
            for _ in 0..<rounds {
                let account = BankAccount(balance: coins)
                let withdrawers = (0..<4).map { index in
                    Thread(name: "withdrawer-\(index)", daemon: true) {
                        while account.withdraw(1) { taken.append(true) }
                    }
                }
                for withdrawer in withdrawers { try? withdrawer.start() }
                for withdrawer in withdrawers { try? withdrawer.join() }
                balances.append(account.balance == 0)
            }
        }, patience: .seconds(20)) else { return }
        XCTAssertEqual(taken.values.count, rounds * coins, """
            \(rounds) accounts of \(coins) coins gave out \(taken.values.count) coins to withdrawers racing for them: \
            check the balance and take the money under one hold of the lock, so two threads cannot both see the last coin
            """)
        XCTAssertEqual(balances.values.filter { !$0 }.count, 0, "every account should end at 0 once the withdrawers stop")
    }

    /// Single deposits from four threads released at the same moment, long enough to overlap
    /// on two cores: `storedBalance += amount` is a read, an add and a write, and without the
    /// lock two threads write the same new balance (ThreadSanitizer, in the race check, sees it
    /// too).
    func testSingleDepositsFromManyThreadsLoseNothing() throws {
        let account = BankAccount()
        // Fewer under the checks' perturbation, which delays some lock operations.
        let deposits = getenv("MULTITASKING_SEED") == nil ? 20_000 : 5_000
        let go = Event(name: "test-go")
        guard try finishes("4 threads depositing 1, \(deposits) times each", {
            let depositors = (0..<4).map { index in
                Thread(name: "depositor-\(index)", daemon: true) {
                    _ = go.wait(timeout: .seconds(5))
                    for _ in 0..<deposits { account.deposit(1) }
                }
            }
            for depositor in depositors { try? depositor.start() }
            go.set()
            for depositor in depositors { try? depositor.join() }
        }, patience: .seconds(30)) else { return }
        XCTAssertEqual(account.balance, 4 * deposits, """
            4 threads x \(deposits) deposits of 1 should make \(4 * deposits); \(4 * deposits - account.balance) were lost: \
            every change of the balance must happen while holding the account's lock
            """)
    }

    func testConcurrentDepositsAndWithdrawalsLoseNothing() throws {
        let account = BankAccount(balance: 0)
        guard try finishes("4 threads depositing and withdrawing", {
            let workers = (0..<4).map { index in
                Thread(name: "client-\(index)", daemon: true) {
                    for _ in 0..<200 {
                        account.depositBatch([2, 1])
                        _ = account.withdraw(1)
                    }
                }
            }
            for worker in workers { try? worker.start() }
            for worker in workers { try? worker.join() }
        }) else { return }
        XCTAssertEqual(account.balance, 1_600, "4 threads x 200 x (deposit 3, withdraw 1) should leave 1600")
    }
}

extension SelfDeadlockTests {
    /// Every method from several threads at once, readers of `balance` among them (under the
    /// race check): single deposits, withdrawals that must never overdraw, and reads, each one
    /// step under the account's lock.
    func testEveryMethodIsSafeFromManyThreadsAtOnce() throws {
        let account = BankAccount(balance: 0)
        let overdrawn = Results()
        guard try finishes("4 threads depositing, withdrawing and reading", {
            let workers = (0..<4).map { index in
                Thread(name: "client-\(index)", daemon: true) {
                    for _ in 0..<300 {
                        switch index {
                        case 0, 1: account.deposit(1)
                        case 2: _ = account.withdraw(1)
                        default: if account.balance < 0 { overdrawn.append(true) }
                        }
                    }
                }
            }
            for worker in workers { try? worker.start() }
            for worker in workers { try? worker.join() }
        }) else { return }
        XCTAssertTrue(overdrawn.values.isEmpty, "the balance went below 0: the check and the withdrawal must be one step under the lock")
        let balance = account.balance
        XCTAssertTrue((300...600).contains(balance), "2 threads x 300 deposits of 1 and at most 300 withdrawals of 1 should leave 300 to 600, left \(balance)")
    }
}

/// The test's own bookkeeping, shared with the threads it starts.
final class Results: @unchecked Sendable {
    private let lock = Lock(name: "test-results")
    private var stored: [Bool] = []
    func append(_ value: Bool) { lock.withLock { stored.append(value) } }
    var values: [Bool] { lock.withLock { stored } }
}
