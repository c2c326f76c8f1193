/// Stage 5: the concurrency checks around the runs of one exercise, as its manifest asks.
///
/// - `repetitions`: the suites run that many times, each under a perturbation seed of its own;
///   the first run that does not pass decides, and its seed is reported for replay.
/// - `race`: also one run of the ThreadSanitizer build; a report fails the exercise.
/// - `deadlock`: the runtime's deadlock detector and lock-order graph are on in every run.
///
/// Perturbation (a seed) is used whenever an exercise has any check but timing, so a race or
/// a deadlock that an idle machine hides shows up; `--seed` replays one seed exactly.
struct CheckedRuns {
    var runner: SuiteRun
    /// The ThreadSanitizer build's runner, for exercises with race checks.
    var sanitizedRunner: SuiteRun?
    /// Why there is no sanitized runner although the exercise asks for race checks (nil and no
    /// runner: the sanitized run is turned off).
    var sanitizerProblem: Message?
    /// Replay this seed, once, instead of fresh seeds.
    var replaySeed: UInt64?
    /// Replay this explorer schedule (`--schedule`), once.
    var replaySchedule: String?
    /// At least this many runs for an exercise with race checks.
    var minimumRaceRepetitions = 1
    var newSeed: () -> UInt64 = { UInt64.random(in: 1...9_999_999) }

    func grade(_ exercise: Exercise) throws(GradingError) -> ExerciseResult {
        let checks = exercise.checks
        let perturbs = replaySeed != nil || checks.race || checks.deadlock || checks.repetitions > 1
        let repetitions = replaySeed != nil || replaySchedule != nil ? 1
            : checks.race ? max(checks.repetitions, minimumRaceRepetitions) : checks.repetitions
        var runs = 0
        var seconds = 0.0
        var decisive: ExerciseResult!
        for _ in 0..<repetitions {
            let seed = perturbs ? (replaySeed ?? newSeed()) : nil
            let result = try runner.grade(exercise, conditions: .init(
                seed: seed, detectsDeadlocks: checks.deadlock, explore: checks.explore, schedule: replaySchedule))
            runs += 1
            seconds += result.duration
            if decisive == nil || result.verdict.isWorse(than: decisive.verdict) { decisive = result }
            if result.verdict != .passed { break }
        }
        // The sanitized run also when a plain run failed: its report says *where* the race is.
        // Not after a timeout or crash: it would only repeat them, slower.
        if checks.race, decisive.verdict == .passed || decisive.verdict == .failed {
            if let sanitizedRunner {
                let seed = replaySeed ?? newSeed()
                let result = try sanitizedRunner.grade(exercise, conditions: .init(
                    seed: seed, detectsDeadlocks: checks.deadlock, explore: checks.explore, schedule: replaySchedule))
                runs += 1
                seconds += result.duration
                if result.verdict.isWorse(than: decisive.verdict) {
                    decisive = result
                } else {
                    decisive.findingMessages += result.findingMessages
                }
            } else if let sanitizerProblem {
                decisive.verdict = .error
                decisive.pointsEarned = 0
                decisive.problemMessage = sanitizerProblem
            }
        }
        decisive.runs = runs
        decisive.duration = seconds
        if decisive.verdict == .passed { decisive.seed = nil }
        return decisive
    }
}
