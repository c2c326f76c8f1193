/// A schedule that cannot have happened, or a policy that broke the simulator's rules.
public enum ScheduleError: Error, Equatable, Sendable, CustomStringConvertible {
    case unknownJob(String)
    case ranBeforeArrival(job: String, time: Int, arrival: Int)
    case ranDuringIO(job: String, time: Int, ioEnds: Int)
    case wrongCPUTime(job: String, ran: Int, needs: Int)
    case duplicateJobName(String)
    case dispatchedJobNotReady(job: String, time: Int)
    case invalidTimeSlice(job: String, slice: Int)

    public var description: String {
        switch self {
        case .unknownJob(let job):
            return "the timeline runs '\(job)', which is not one of the jobs"
        case .ranBeforeArrival(let job, let time, let arrival):
            return "'\(job)' runs at \(time) but arrives only at \(arrival)"
        case .ranDuringIO(let job, let time, let ioEnds):
            return "'\(job)' runs at \(time) while it waits for I/O until \(ioEnds)"
        case .wrongCPUTime(let job, let ran, let needs):
            return "'\(job)' runs for \(ran) ticks but needs \(needs)"
        case .duplicateJobName(let job):
            return "two jobs are called '\(job)': names must be unique"
        case .dispatchedJobNotReady(let job, let time):
            return "the policy chose '\(job)' at \(time), but it is not ready (not arrived, blocked on I/O, finished, or not handed to the policy)"
        case .invalidTimeSlice(let job, let slice):
            return "the policy gave '\(job)' a time slice of \(slice) ticks: it must be at least 1"
        }
    }
}
