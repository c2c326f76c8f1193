import CourseChecks
import Synchronization
import TicketOfficeActor
import Testing

/// The payments of these tests wait at a gate the test opens: while the first payment is
/// suspended there, every other buyer runs on the actor, so an office that checks, awaits the
/// payment and only then takes the ticket oversells every time, not by luck.
@Suite struct TicketOfficeActorTests {
    @Test func buyersWhoArriveDuringAPaymentCannotTakeItsTicket() async {
        let payments = GatedPayments()
        let office = TicketOffice(tickets: 3, price: 40, payments: payments)
        let turnedAway = Tally()
        let buyers = Task {
            await withTaskGroup(of: Int?.self) { group in
                for index in 0..<8 {
                    group.addTask {
                        do { return try await office.buy(for: "buyer-\(index)") } catch {
                            if error is SoldOut { turnedAway.add() }
                            return nil
                        }
                    }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
        }
        // Every buyer has had its turn on the actor once each is paying or turned away.
        await waitUntil(atMost: .seconds(2)) { payments.begun + turnedAway.count >= 8 }
        payments.open()
        let outcome = await runBounded(.seconds(10)) { await buyers.value }
        guard case .returned(let tickets) = outcome else {
            Issue.record("eight buyers of buy(for:) did not return within 10 s after the payments went through: \(outcome)")
            return
        }
        let numbers = tickets.compactMap { $0 }.sorted()
        let left = await office.ticketsLeft
        #expect(numbers.count <= 3, """
            an office with 3 tickets sold \(numbers.count) (ticket numbers \(numbers)) to 8 buyers who arrived while \
            the first payment was in progress; ticketsLeft is now \(left). The actor runs other buyers while one is \
            suspended at `await payments.charge`: the check `ticketsLeft > 0` made before it is stale after it. \
            Take the ticket before the await
            """)
        #expect(numbers == [1, 2, 3], "3 tickets and 8 buyers: the tickets sold should be numbered 1, 2, 3; they were \(numbers)")
        #expect(payments.charged == numbers.count, """
            \(payments.charged) customers were charged but \(numbers.count) got a ticket: charge only a customer \
            whose ticket is already taken for them, so no one pays for nothing
            """)
        #expect(left == 0, "after selling all 3 tickets, ticketsLeft should be 0; it is \(left)")
    }

    @Test func aDeclinedPaymentPutsTheTicketBackOnSale() async {
        let payments = GatedPayments(declining: ["mallory"])
        payments.open()
        let office = TicketOffice(tickets: 1, price: 40, payments: payments)
        let mallory = await runBounded(.seconds(10)) { try await office.buy(for: "mallory") }
        guard case .threw(let error) = mallory, error.contains("Declined") else {
            Issue.record("mallory's payment is declined, so buy(for: \"mallory\") should throw the payment's error (Declined); it gave \(mallory)")
            return
        }
        let left = await office.ticketsLeft
        #expect(left == 1, "mallory's payment was declined, so her ticket should be back on sale: ticketsLeft should be 1, it is \(left)")
        let bob = await runBounded(.seconds(10)) { try await office.buy(for: "bob") }
        guard case .returned(let number) = bob else {
            Issue.record("after mallory's payment was declined, bob should get the one ticket; buy(for: \"bob\") gave \(bob)")
            return
        }
        #expect(number == 1)
        #expect(await office.holders == ["bob"])
        let carol = await runBounded(.seconds(10)) { try await office.buy(for: "carol") }
        guard case .threw(let soldOut) = carol, soldOut.contains("SoldOut") else {
            Issue.record("with its one ticket sold, buy(for: \"carol\") should throw SoldOut; it gave \(carol)")
            return
        }
    }

    /// Sixty buyers, twenty tickets, payments that take a little while and some that fail: at
    /// every end the counts must add up.
    @Test func underContentionTheCountsAddUp() async {
        let payments = GatedPayments(declining: Set((0..<60).filter { $0 % 7 == 3 }.map { "buyer-\($0)" }), delay: .milliseconds(2))
        payments.open()
        let office = TicketOffice(tickets: 20, price: 40, payments: payments)
        let outcome = await runBounded(.seconds(10)) {
            await withTaskGroup(of: Int?.self) { group in
                for index in 0..<60 { group.addTask { try? await office.buy(for: "buyer-\(index)") } }
                return await group.reduce(into: []) { $0.append($1) }
            }
        }
        guard case .returned(let tickets) = outcome else {
            Issue.record("sixty buyers of buy(for:) did not return within 10 s: \(outcome)")
            return
        }
        let numbers = tickets.compactMap { $0 }.sorted()
        let left = await office.ticketsLeft
        let holders = await office.holders
        #expect(numbers == Array(1...numbers.count) && numbers.count <= 20, """
            twenty tickets, sixty buyers at once: the numbers sold should be 1, 2, ... without gaps or repeats, \
            at most 20; they were \(numbers)
            """)
        #expect(holders.count == numbers.count && left == 20 - numbers.count, """
            after the sale \(numbers.count) tickets were sold, holders has \(holders.count) names and ticketsLeft is \
            \(left): sold plus left should be 20
            """)
        #expect(payments.charged == numbers.count, "\(payments.charged) customers were charged, \(numbers.count) got a ticket")
    }
}

/// Polls `condition` every 5 ms until it holds or `limit` has passed.
func waitUntil(atMost limit: Duration, _ condition: () -> Bool) async {
    let end = ContinuousClock.now + limit
    while !condition() && ContinuousClock.now < end { try? await Task.sleep(for: .milliseconds(5)) }
}

struct Declined: Error {}

/// A count the buyers' tasks add to.
final class Tally: Sendable {
    private let value = Atomic<Int>(0)
    var count: Int { value.load(ordering: .sequentiallyConsistent) }
    func add() { value.wrappingAdd(1, ordering: .sequentiallyConsistent) }
}

/// Payments that wait until the test opens the gate (then take `delay`), decline the customers
/// it was given, and count the charges begun and the charges made.
final class GatedPayments: PaymentService {
    private let gateOpen = Atomic<Bool>(false)
    private let chargesBegun = Atomic<Int>(0)
    private let chargesMade = Atomic<Int>(0)
    private let declining: Set<String>
    private let delay: Duration

    init(declining: Set<String> = [], delay: Duration = .zero) {
        self.declining = declining
        self.delay = delay
    }

    var begun: Int { chargesBegun.load(ordering: .sequentiallyConsistent) }
    var charged: Int { chargesMade.load(ordering: .sequentiallyConsistent) }

    func open() { gateOpen.store(true, ordering: .sequentiallyConsistent) }

    func charge(_ customer: String, price: Int) async throws {
        chargesBegun.wrappingAdd(1, ordering: .sequentiallyConsistent)
        while !gateOpen.load(ordering: .sequentiallyConsistent) { try await Task.sleep(for: .milliseconds(5)) }
        if delay > .zero { try await Task.sleep(for: delay) }
        if declining.contains(customer) { throw Declined() }
        chargesMade.wrappingAdd(1, ordering: .sequentiallyConsistent)
    }
}
