import FirstComeFirstServed
import Testing

@Suite struct FirstComeFirstServedTests {
    @Test func convoyEffect() {
        #expect(fcfsWaitingTimes(bursts: [24, 3, 3]) == [0, 24, 27])
    }

    @Test func shortJobsFirst() {
        #expect(fcfsWaitingTimes(bursts: [3, 3, 24]) == [0, 3, 6])
    }

    @Test func averageWaitingTime() {
        #expect(fcfsAverageWaitingTime(bursts: [24, 3, 3]) == 17)
        #expect(fcfsAverageWaitingTime(bursts: []) == 0)
    }
}
