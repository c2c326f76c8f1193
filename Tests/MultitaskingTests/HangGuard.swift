import Testing

extension Trait where Self == TimeLimitTrait {
    /// The time limit of the runtime's test suites: it turns a hang into a failure, it does not
    /// judge speed (the benchmark does that).
    ///
    /// Why ten minutes: Swift Testing runs every test of the process in parallel on a pool with
    /// one thread per core, and these tests block their thread (join, sleep, fork). On a 2-core
    /// machine a quick test can wait minutes behind the fork stress test and the grader's
    /// fixture builds before it gets a thread, and its time limit runs meanwhile. `.ci/run`
    /// bounds the whole run as well.
    static var hangGuard: Self { .timeLimit(.minutes(10)) }
}
