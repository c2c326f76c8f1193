import Multitasking
import TicketSale
import Testing

@Test func oneTicketIsSoldOnce() throws {
    let office = try TicketOffice(tickets: 1)
    let sold = try SharedValue(0, name: "sold")
    let buyers = (1...5).map { index in
        Process(name: "buyer-\(index)") {
            if buy(from: office) { sold.withLock { $0 += 1 } }
        }
    }
    for buyer in buyers { try buyer.start() }
    for buyer in buyers { try buyer.join() }
    #expect(buyers.allSatisfy { $0.exitCode == 0 })
    #expect(sold.value == 1, "one ticket was sold \(sold.value) times")
    #expect(office.query() == 0)
}
