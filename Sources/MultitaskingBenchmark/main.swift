// The runtime's benchmark: every row measured here, in one run, side by side with Python's
// counterpart (the classic lesson's threading/queue/multiprocessing) and with the primitive
// the runtime is built on. Run it optimised:
//
//     swift run -c release multitasking-benchmark [--quick] [section...]
//
// Sections: threads, locks, queues, processes, exploration. Python rows come from Benchmarks/python/*.py,
// run by `PythonReference`; when python3 is missing the Python column says so.

let options = BenchmarkOptions(arguments: Array(CommandLine.arguments.dropFirst()))
var table = BenchmarkTable()
for section in BenchmarkSection.all where options.wants(section.name) {
    table.rows += section.run(options)
}
print(table.render())
