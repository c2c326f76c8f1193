// Each section is defined in its own file; until a section's file exists, it is nil here.
// (Replace the nil with the section when you add its file.)
let threads: BenchmarkSection? = threadSection
let locks: BenchmarkSection? = lockSection
let queues: BenchmarkSection? = queueSection
let processes: BenchmarkSection? = processSection
let exploration: BenchmarkSection? = explorationSection
