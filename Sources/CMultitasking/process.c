// Child-process helpers of the process half of the runtime (see mt_process.h).
#define _GNU_SOURCE
#include "mt_process.h"
#include "mt_futex_lock.h"
#include "crash_signals.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdio_ext.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif

// Swift's throw hooks: a test framework installs one (Swift Testing records a backtrace on
// every throw) and it takes locks of that framework that a thread of the parent may have held
// at the fork, so a child that throws could wait for ever (seen in a ProcessPool test). The
// fork gate covers libswiftCore's locks only; the child is not a test, so it drops the hooks.
// Their addresses are looked up at load time: dlsym takes the loader's lock, unsafe after fork.
static void **swift_throw_hooks[2];

__attribute__((constructor)) static void find_swift_throw_hooks(void) {
    swift_throw_hooks[0] = dlsym(RTLD_DEFAULT, "_swift_willThrow");
    swift_throw_hooks[1] = dlsym(RTLD_DEFAULT, "_swift_willThrowTypedImpl");
}

// Whether this thread has SIGPIPE blocked by mt_write_all_no_sigpipe (reset in a forked child,
// whose signal mask mt_child_after_fork clears).
static __thread bool sigpipe_blocked_here;

void mt_child_after_fork(bool die_with_parent, pid_t expected_parent) {
    for (int i = 0; i < 2; i++) {
        if (swift_throw_hooks[i] != NULL) __atomic_store_n(swift_throw_hooks[i], NULL, __ATOMIC_SEQ_CST);
    }
    // The forking thread may be a test runner's or thread pool's worker that blocks signals or
    // handles SIGTERM its own way; terminate() and Ctrl-C must work on the child as on a program.
    const int ending_signals[] = {SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM};
    for (size_t i = 0; i < sizeof ending_signals / sizeof ending_signals[0]; i++) signal(ending_signals[i], SIG_DFL);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    if (sigpipe_blocked_here) sigpipe_blocked_here = false;  // no write (a page fault) when not needed
    if (die_with_parent) {
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        // The parent may have died between fork() and prctl(): then nobody would kill us.
        if (getppid() != expected_parent) _exit(1);
    }
}

int mt_pidfd_open(pid_t pid) {
    return (int)syscall(SYS_pidfd_open, pid, 0);
}

int mt_wait_readable(int fd, uint64_t deadline_ns) {
    for (;;) {
        int timeout_ms = -1;
        if (deadline_ns != 0) {
            uint64_t now = mt_monotonic_now();
            if (now >= deadline_ns) {
                timeout_ms = 0;
            } else {
                uint64_t remaining = (deadline_ns - now + 999999) / 1000000;
                timeout_ms = remaining > 1000000000 ? 1000000000 : (int)remaining;
            }
        }
        struct pollfd entry = {.fd = fd, .events = POLLIN, .revents = 0};
        int result = poll(&entry, 1, timeout_ms);
        if (result > 0) return 1;
        if (result == 0) {
            if (deadline_ns == 0 || mt_monotonic_now() >= deadline_ns) return 0;
            continue;
        }
        if (errno != EINTR) return -1;
    }
}

int mt_reap(pid_t pid, int32_t *exit_code) {
    int status = 0;
    pid_t result;
    do {
        result = waitpid(pid, &status, WNOHANG);
    } while (result < 0 && errno == EINTR);
    if (result == 0) return 0;
    if (result < 0) return -1;
    if (WIFEXITED(status)) *exit_code = WEXITSTATUS(status);
    else if (WIFSIGNALED(status)) *exit_code = -WTERMSIG(status);
    else *exit_code = 255;
    return 1;
}

pid_t mt_some_ended_child(void) {
    siginfo_t info;
    info.si_pid = 0;
    // WNOWAIT leaves the child to be reaped by whoever owns it; si_pid stays 0 when none ended.
    if (waitid(P_ALL, 0, &info, WEXITED | WNOHANG | WNOWAIT) != 0) return errno == ECHILD ? -1 : 0;
    return info.si_pid;
}

char mt_process_state(pid_t pid) {
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return 0;
    char text[512];
    ssize_t length = read(fd, text, sizeof text - 1);
    close(fd);
    if (length <= 0) return 0;
    text[length] = 0;
    // The name is in parentheses and may itself contain ") ": the state follows the last one.
    char *end = strrchr(text, ')');
    if (end == NULL || end[1] != ' ') return 0;
    return end[2];
}

int mt_write_all_no_sigpipe(int fd, const void *bytes, size_t length) {
    // A write to a pipe nobody reads raises SIGPIPE, which would end the program; a `Pipe` must
    // throw `.closed` instead. send(MSG_NOSIGNAL) exists for sockets only, so the thread blocks
    // SIGPIPE, once (blocking and restoring it around every write costs two system calls, a
    // tenth of a round trip), and takes off the signal a failed write leaves pending.
    sigset_t pipe_signal;
    sigemptyset(&pipe_signal);
    sigaddset(&pipe_signal, SIGPIPE);
    if (!sigpipe_blocked_here) {
        pthread_sigmask(SIG_BLOCK, &pipe_signal, NULL);
        sigpipe_blocked_here = true;
    }
    int result = mt_write_all(fd, bytes, length);
    sigset_t pending;
    if (result == EPIPE && sigpending(&pending) == 0 && sigismember(&pending, SIGPIPE)) {
        const struct timespec no_wait = {0, 0};
        while (sigtimedwait(&pipe_signal, NULL, &no_wait) < 0 && errno == EINTR) {}
    }
    return result;
}

ssize_t mt_read_some(int fd, void *bytes, size_t capacity) {
    // No spinning before the blocking read: tried (an adaptive 2-20 µs budget), it saved a few
    // microseconds per round trip on an idle machine and cost 50% or more under load, because
    // the woken peer is usually placed on the spinner's own core.
    for (;;) {
        ssize_t got = read(fd, bytes, capacity);
        if (got >= 0) return got;
        if (errno != EINTR) return -errno;
    }
}

int mt_pipe_cloexec(int fds[2]) {
    return pipe2(fds, O_CLOEXEC) == 0 ? 0 : errno;
}

int mt_report_pipe(int fds[2]) {
    return pipe2(fds, O_CLOEXEC | O_NONBLOCK) == 0 ? 0 : errno;
}

int mt_write_all(int fd, const void *bytes, size_t length) {
    const char *cursor = bytes;
    while (length > 0) {
        ssize_t written = write(fd, cursor, length);
        if (written < 0) {
            if (errno == EINTR) continue;
            return errno;
        }
        cursor += written;
        length -= (size_t)written;
    }
    return 0;
}

void mt_flush_standard_streams(void) {
    // Only a stream with something pending: fflush writes to the stream (its lock) even when it
    // has nothing to write, and after a fork each page written is a copy (a page fault).
    if (__fpending(stdout) > 0) fflush(stdout);
    if (__fpending(stderr) > 0) fflush(stderr);
}

_Noreturn void mt_child_exit(int status) {
    // Only the standard streams, as Python's multiprocessing does: the parent flushed them just
    // before the fork (mt_fork_quiesced), so what they hold now is the child's own output.
    // fflush(NULL) would also write out the parent's pending data in every other stdio file a
    // second time (seen: a JUnit report written twice into one file).
    mt_flush_standard_streams();
    _exit(status);
}

// MARK: Crash reports of a child

static struct sigaction child_previous[mt_crash_signal_count];
static int child_report_fd = -1;
// Points into the child's Process object, which lives as long as the child: no copy to write.
static const char *child_report_prefix = "";

// The pid in decimal, with async-signal-safe code only (no printf in a signal handler).
static const char *decimal(pid_t value, char buffer[16]) {
    char *cursor = buffer + 15;
    *cursor = 0;
    do {
        *--cursor = (char)('0' + value % 10);
        value /= 10;
    } while (value > 0 && cursor > buffer);
    return cursor;
}

static void child_crashed(int signal, siginfo_t *info, void *context) {
    if (child_report_fd >= 0) {
        char pid[16];
        const char *parts[] = {
            child_report_prefix, " (pid ", decimal(getpid(), pid), ") crashed (", mt_crash_signal_description(signal), ")\n"
        };
        for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) mt_write_all(child_report_fd, parts[i], strlen(parts[i]));
    }
    for (int i = 0; i < mt_crash_signal_count; i++) {
        if (mt_crash_signals[i] != signal) continue;
        // Chain to the handler that was there before (the thread crash reporter prints the
        // thread's name and re-raises), or to the default action.
        struct sigaction *previous = &child_previous[i];
        if ((previous->sa_flags & SA_SIGINFO) && previous->sa_sigaction != NULL) {
            sigaction(signal, previous, NULL);
            previous->sa_sigaction(signal, info, context);
            return;
        }
        sigaction(signal, previous, NULL);
    }
    raise(signal);
}

void mt_child_install_crash_report(int fd, const char *prefix) {
    child_report_fd = fd;
    child_report_prefix = prefix;
    mt_install_crash_handlers(child_crashed, child_previous);
}
