import ParallelSum
import Testing

@Suite struct ParallelSumTests {
    @Test func sumsWithOneThread() throws {
        #expect(try parallelSum([1, 2, 3, 4], threadCount: 1) == 10)
    }

    @Test(arguments: [2, 3, 8])
    func sumsWithManyThreads(threadCount: Int) throws {
        let numbers = Array(1...1_000)
        #expect(try parallelSum(numbers, threadCount: threadCount) == 500_500,
                "the parts of \(threadCount) threads should add up to 500500")
    }

    @Test func moreThreadsThanNumbers() throws {
        #expect(try parallelSum([5, 7], threadCount: 4) == 12)
    }
}
