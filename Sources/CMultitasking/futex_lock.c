#define _GNU_SOURCE
#include "mt_futex_lock.h"

#include <errno.h>
#include <limits.h>
#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>

// Spinning briefly before sleeping saves two system calls when the holder is about to release,
// which is the common case for the short critical sections of counters and queues.
enum { spin_limit = 100 };

static inline void cpu_relax(void) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    __asm__ __volatile__("yield");
#endif
}

static int futex_wait_until(uint32_t *word, uint32_t expected, const struct timespec *deadline) {
    // FUTEX_WAIT_BITSET takes an absolute timeout; FUTEX_CLOCK_REALTIME is absent, so the clock
    // is CLOCK_MONOTONIC and a change of the wall clock cannot stretch a timeout.
    long result = syscall(SYS_futex, word, FUTEX_WAIT_BITSET | FUTEX_PRIVATE_FLAG, expected,
                          deadline, NULL, FUTEX_BITSET_MATCH_ANY);
    return result == 0 ? 0 : errno;
}

void mt_futex_wake_one(uint32_t *word) {
    syscall(SYS_futex, word, FUTEX_WAKE | FUTEX_PRIVATE_FLAG, 1, NULL, NULL, 0);
}

void mt_futex_wake_all(uint32_t *word) {
    syscall(SYS_futex, word, FUTEX_WAKE | FUTEX_PRIVATE_FLAG, INT_MAX, NULL, NULL, 0);
}

bool mt_futex_wait_while_equal(uint32_t *word, uint32_t value, const struct timespec *deadline) {
    return futex_wait_until(word, value, deadline) != ETIMEDOUT;
}

bool mt_futex_lock_wait(uint32_t *word, const struct timespec *deadline) {
    for (int spin = 0; spin < spin_limit; spin++) {
        if (__atomic_load_n(word, __ATOMIC_RELAXED) == 0 && mt_futex_lock_try(word)) return true;
        cpu_relax();
    }
    uint32_t state = __atomic_exchange_n(word, 2, __ATOMIC_ACQUIRE);
    while (state != 0) {
        if (futex_wait_until(word, 2, deadline) == ETIMEDOUT) {
            // One last attempt: the holder may have released between the timeout and now.
            return __atomic_exchange_n(word, 2, __ATOMIC_ACQUIRE) == 0;
        }
        state = __atomic_exchange_n(word, 2, __ATOMIC_ACQUIRE);
    }
    return true;
}

uint64_t mt_monotonic_now(void) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (uint64_t)now.tv_sec * 1000000000u + (uint64_t)now.tv_nsec;
}

struct timespec mt_deadline_after(int64_t nanoseconds) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    if (nanoseconds < 0) nanoseconds = 0;
    int64_t seconds = nanoseconds / 1000000000;
    int64_t rest = nanoseconds % 1000000000;
    struct timespec deadline;
    if (seconds > (int64_t)(LONG_MAX - now.tv_sec - 1)) {
        deadline.tv_sec = LONG_MAX;
        deadline.tv_nsec = 999999999;
        return deadline;
    }
    deadline.tv_sec = now.tv_sec + (time_t)seconds;
    deadline.tv_nsec = now.tv_nsec + (long)rest;
    if (deadline.tv_nsec >= 1000000000) {
        deadline.tv_sec += 1;
        deadline.tv_nsec -= 1000000000;
    }
    return deadline;
}
