/// Takes the money for a ticket: slow (it talks to the bank), and it may decline.
public protocol PaymentService: Sendable {
    /// Charges `price` to `customer`; throws when the payment is declined.
    func charge(_ customer: String, price: Int) async throws
}

/// Thrown by `buy(for:)` when no ticket is left.
public struct SoldOut: Error, Equatable {
    public init() {}
}

/// The ticket office of chapters 3 and 6 as an actor: no lock, and no caller can touch
/// `ticketsLeft` or `holders` without `await`. Tickets are numbered 1, 2, 3, ... in the order
/// they are sold; the office never sells more tickets than it has, never charges a customer
/// who gets no ticket, and puts a ticket back on sale when its payment is declined.
public actor TicketOffice {
    /// How many tickets the office had at the start. `nonisolated`: a constant, so any thread
    /// may read it without `await`.
    public nonisolated let capacity: Int
    public nonisolated let price: Int
    private let payments: any PaymentService
    /// Tickets neither sold nor held for a payment in progress.
    public private(set) var ticketsLeft: Int
    /// Who holds the tickets sold so far, in the order of their numbers.
    public private(set) var holders: [String] = []

    public init(tickets: Int, price: Int, payments: any PaymentService) {
        capacity = tickets
        self.price = price
        self.payments = payments
        ticketsLeft = tickets
    }

    /// Sells one ticket to `customer` and returns its number. Throws `SoldOut` when no ticket is
    /// left, and the payment's error when it is declined.
    public func buy(for customer: String) async throws -> Int {
        guard ticketsLeft > 0 else { throw SoldOut() }
        // Taken before the payment's await: callers who run on this actor while the payment is
        // suspended see one ticket fewer, so they cannot all buy the last one.
        ticketsLeft -= 1
        do {
            try await payments.charge(customer, price: price)
        } catch {
            ticketsLeft += 1
            throw error
        }
        holders.append(customer)
        return holders.count
    }
}
