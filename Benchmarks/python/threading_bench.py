"""The classic lesson's threading and queue figures, for the Swift benchmark's Python column.

Run by Sources/MultitaskingBenchmark/PythonReference.swift as
    python3 Benchmarks/python/threading_bench.py [--quick] [section ...]
(sections: threads, locks, queues; none means all). Prints one JSON object of numbers on stdout;
every figure is the best of several runs, measured the same way as the Swift rows:

    thread_start_join_500_ms   500 threads created, started, then all joined (ms)
    lock_uncontended_ns        Lock acquire()+release() on one thread (ns per pair)
    lock_contended_2_ns        2 threads, each `with lock: counter += 1` (ns per increment, wall clock)
    lock_contended_8_ns        the same with 8 threads
    queue_1to1_items_per_s     queue.Queue, one producer thread to one consumer thread
    queue_4x4_items_per_s      queue.Queue, 4 producer and 4 consumer threads
"""
import json
import queue
import sys
import threading
import time

QUICK = "--quick" in sys.argv[1:]
SECTIONS = {argument for argument in sys.argv[1:] if not argument.startswith("--")}


def wants(section):
    return not SECTIONS or section in SECTIONS


def best_time(repetitions, body):
    best = float("inf")
    for _ in range(repetitions):
        start = time.perf_counter()
        body()
        best = min(best, time.perf_counter() - start)
    return best


def run_threads(count, target):
    """Starts `count` threads running target(index) together, and times until all are joined."""
    gate = threading.Event()
    threads = [threading.Thread(target=lambda i=i: (gate.wait(), target(i))) for i in range(count)]
    for thread in threads:
        thread.start()
    start = time.perf_counter()
    gate.set()
    for thread in threads:
        thread.join()
    return time.perf_counter() - start


def threads_section(figures):
    def start_and_join():
        threads = [threading.Thread(target=lambda: None) for _ in range(500)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    start_and_join()  # warm up
    figures["thread_start_join_500_ms"] = best_time(3 if QUICK else 7, start_and_join) * 1e3


def locks_section(figures):
    iterations = 200_000 if QUICK else 2_000_000
    lock = threading.Lock()

    def uncontended():
        acquire, release = lock.acquire, lock.release
        for _ in range(iterations):
            acquire()
            release()

    figures["lock_uncontended_ns"] = best_time(3 if QUICK else 5, uncontended) / iterations * 1e9

    total = 100_000 if QUICK else 1_000_000
    for count in (2, 8):
        counter = [0]

        def work(_index, count=count, counter=counter):
            for _ in range(total // count):
                with lock:
                    counter[0] += 1

        best = float("inf")
        for _ in range(2 if QUICK else 3):
            counter[0] = 0
            best = min(best, run_threads(count, work))
            assert counter[0] == total // count * count
        figures[f"lock_contended_{count}_ns"] = best / (total // count * count) * 1e9


def queues_section(figures):
    items = 100_000 if QUICK else 1_000_000
    repetitions = 1 if QUICK else 3

    def pass_items(producers, consumers):
        q = queue.Queue()
        sums = [0] * consumers

        def produce(index):
            put = q.put
            for item in range(index, items, producers):
                put(item)

        def consume(index):
            get = q.get
            total = 0
            for _ in range(items // consumers):
                total += get()
            sums[index] = total

        elapsed = run_threads(producers + consumers,
                              lambda i: produce(i) if i < producers else consume(i - producers))
        assert sum(sums) == items * (items - 1) // 2
        return elapsed

    figures["queue_1to1_items_per_s"] = items / min(pass_items(1, 1) for _ in range(repetitions))
    figures["queue_4x4_items_per_s"] = items / min(pass_items(4, 4) for _ in range(repetitions))


def main():
    figures = {}
    if wants("threads"):
        threads_section(figures)
    if wants("locks"):
        locks_section(figures)
    if wants("queues"):
        queues_section(figures)
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
