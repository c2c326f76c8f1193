#ifndef MT_PROCESS_H
#define MT_PROCESS_H

// C helpers of the process half of the runtime: a fork that is safe in a multi-threaded Swift
// program, child set-up, and waiting for children without stealing other code's children.

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

// MARK: The fork gate (process_fork_gate.c)
//
// Why: fork() copies only the calling thread. A lock that another thread held at that moment
// stays locked for ever in the child. The Swift runtime's caches (protocol conformances, generic
// metadata) are guarded by pthread mutexes, so a child that needs a cache entry the parent had
// not made yet hangs if another thread was inside such a section when we forked (measured: about
// one fork in 2,000-4,000 while other tests ran). The gate makes that moment impossible: every
// pthread_mutex_lock called *from libswiftCore* passes through a counter, and the forking thread
// closes the gate, waits until no runtime mutex is held by any thread, forks, and reopens it.
// Threads that want a runtime mutex meanwhile wait at the gate for the ~100 µs the fork takes;
// threads already inside may take further runtime mutexes, so nesting cannot deadlock.

/// Result of `mt_fork_quiesced`.
typedef struct {
    /// fork()'s result: the child's pid in the parent, 0 in the child, -1 on failure.
    pid_t pid;
    /// errno of a failed fork (EAGAIN, ENOMEM), or ETIMEDOUT when the runtime was never quiet.
    int error;
    /// How many times the gate had to be reopened because a runtime lock stayed held.
    int retries;
} mt_fork_result;

/// Forks at a moment when no thread holds a Swift runtime mutex. Gives up with ETIMEDOUT (and
/// does not fork) when that moment did not come within `quiet_timeout_ns`.
mt_fork_result mt_fork_quiesced(int64_t quiet_timeout_ns);

/// Whether the gate found libswiftCore's code and is active (false in a statically linked
/// program, where the gate cannot tell runtime code from other code).
bool mt_fork_gate_active(void);

/// Whether the program runs under ThreadSanitizer, whose runtime does not support fork() in a
/// multi-threaded program (a child that starts a thread is killed, and children can hang).
bool mt_thread_sanitizer_present(void);

/// Brackets a critical section of the Multitasking runtime's own bookkeeping (`Protected`), so
/// that no fork happens while one is held either: a forked child may then use the thread
/// registry, serial numbers and diagnostics without waiting for a lock held by a thread that
/// does not exist in it.
void mt_fork_gate_enter(void);
void mt_fork_gate_leave(void);

/// Statistics for the tests and the benchmark: forks done through the gate, and how many of them
/// had to wait for a runtime mutex to be released.
uint64_t mt_fork_gate_forks(void);
uint64_t mt_fork_gate_waits(void);

// MARK: Child processes (process.c)

/// In a freshly forked child: asks for SIGKILL when the parent dies (daemon children), resets
/// signal dispositions the parent's runtime installed, and checks the parent did not die
/// before the request took effect (then it exits at once with status 1).
void mt_child_after_fork(bool die_with_parent, pid_t expected_parent);

/// Opens a pidfd for `pid` (-1 and errno when the kernel has none).
int mt_pidfd_open(pid_t pid);

/// Waits until `fd` is readable or the absolute CLOCK_MONOTONIC deadline (in ns; 0 = forever)
/// passes. Returns 1 readable, 0 timeout, -1 error.
int mt_wait_readable(int fd, uint64_t deadline_ns);

/// Reaps `pid` if it has finished, without blocking. Returns 1 and stores the Python-style exit
/// code (status, or minus the signal number) when it was reaped, 0 while it runs, -1 on error.
int mt_reap(pid_t pid, int32_t *exit_code);

/// The process's state letter from /proc/<pid>/stat ('R', 'S', 'Z', ...), or 0 when none.
char mt_process_state(pid_t pid);

/// Writes all of `length` bytes, like mt_write_all, without raising SIGPIPE: returns EPIPE when
/// nobody can read any more (every copy of the read end is closed). The first call in a thread
/// blocks SIGPIPE in that thread for good (a failed write there returns EPIPE instead of ending
/// the program, as in Python, which ignores SIGPIPE in every program).
int mt_write_all_no_sigpipe(int fd, const void *bytes, size_t length);

/// Reads at least one and at most `capacity` bytes, waiting for them, retrying on EINTR.
/// Returns the count, 0 at end of file, or minus errno.
ssize_t mt_read_some(int fd, void *bytes, size_t capacity);

/// pipe2(fds, O_CLOEXEC). Returns 0 or errno.
int mt_pipe_cloexec(int fds[2]);

/// The pipe on which a child reports why it failed: pipe2(fds, O_CLOEXEC | O_NONBLOCK). Both
/// ends are non-blocking: the parent reads what is there once the child has ended, and a child
/// never waits on a full pipe (the parent reads only after the child ended, so a report longer
/// than the pipe holds, 64 KiB, is cut short instead of blocking the child for ever).
/// Returns 0 or errno.
int mt_report_pipe(int fds[2]);

/// Writes all of `length` bytes, retrying on EINTR and short writes. Returns 0 or errno.
int mt_write_all(int fd, const void *bytes, size_t length);

/// Flushes standard output and standard error, each only if it holds unwritten output.
void mt_flush_standard_streams(void);

/// A child of this process that has ended and waits to be reaped (it stays unreaped): its pid,
/// 0 when none has ended, -1 when this process has no children at all.
pid_t mt_some_ended_child(void);

/// Ends the calling (child) process at once: flushes stdio, then _exit (no atexit handlers: they
/// belong to the parent's copy of the program).
_Noreturn void mt_child_exit(int status);

/// Installs crash handlers in a child: a fatal signal writes
/// "<prefix> (pid <pid>) crashed (<signal>)\n" to `fd`, then the signal takes its default course
/// (the parent sees the signal number). The prefix is made in the parent before the fork, so that
/// the child formats no Swift string on its way to the work; it is not copied, so it must stay
/// valid for the rest of the child's life.
void mt_child_install_crash_report(int fd, const char *prefix);

#ifdef __cplusplus
}
#endif
#endif
