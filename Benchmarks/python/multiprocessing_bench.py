"""Python's side of the processes section of multitasking-benchmark.

The classic lesson's multiprocessing, measured the way the Swift rows measure the runtime:
500 processes started and joined, 100,000 integers through a multiprocessing.Queue from one
process to another, a Pipe round trip, and Lock acquire+release. Each figure is the best of a
few repetitions. Prints one JSON object of numbers on stdout (see PythonReference.swift).
Uses the platform's default start method (fork on Linux before Python 3.14).
"""
import json
import multiprocessing
import sys
import time

QUICK = "--quick" in sys.argv
REPETITIONS = 2 if QUICK else 5


def best(repetitions, body):
    times = []
    for _ in range(repetitions):
        start = time.perf_counter()
        body()
        times.append(time.perf_counter() - start)
    return min(times)


def nothing():
    pass


def start_and_join_500():
    processes = [multiprocessing.Process(target=nothing) for _ in range(500)]
    for process in processes:
        process.start()
    for process in processes:
        process.join()


def produce(queue, count):
    for value in range(count):
        queue.put(value)


def queue_transfer(count):
    queue = multiprocessing.Queue()
    producer = multiprocessing.Process(target=produce, args=(queue, count))
    start = time.perf_counter()
    producer.start()
    for _ in range(count):
        queue.get()
    elapsed = time.perf_counter() - start
    producer.join()
    return elapsed


def echo(connection):
    while True:
        value = connection.recv()
        if value < 0:
            return
        connection.send(value)


def pipe_round_trips(count):
    mine, theirs = multiprocessing.Pipe()
    child = multiprocessing.Process(target=echo, args=(theirs,))
    child.start()
    mine.send(0)
    mine.recv()  # the child is running
    start = time.perf_counter()
    for value in range(count):
        mine.send(value)
        mine.recv()
    elapsed = time.perf_counter() - start
    mine.send(-1)
    child.join()
    return elapsed


def lock_cycles(count):
    lock = multiprocessing.Lock()
    acquire, release = lock.acquire, lock.release
    start = time.perf_counter()
    for _ in range(count):
        acquire()
        release()
    return time.perf_counter() - start


def main():
    figures = {}
    figures["process_start_join_500_ms"] = best(REPETITIONS if not QUICK else 1, start_and_join_500) * 1000
    items = 20_000 if QUICK else 100_000
    figures["queue_items_per_s"] = items / min(queue_transfer(items) for _ in range(REPETITIONS))
    trips = 2_000 if QUICK else 20_000
    figures["pipe_round_trip_us"] = min(pipe_round_trips(trips) for _ in range(REPETITIONS)) / trips * 1e6
    cycles = 200_000 if QUICK else 1_000_000
    figures["lock_acquire_release_ns"] = min(lock_cycles(cycles) for _ in range(REPETITIONS)) / cycles * 1e9
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
