#ifndef MT_FUTEX_LOCK_H
#define MT_FUTEX_LOCK_H

// A lock word driven by Linux futexes (Drepper, "Futexes Are Tricky", mutex #3).
//
// Why not pthread_mutex_t: the lesson's Lock (Python's threading.Lock) may be released by a
// thread other than the one that acquired it, which is undefined behaviour for a pthread mutex,
// and it needs timed acquisition on the monotonic clock. A futex word gives both, with one
// compare-and-swap on the uncontended path, and the same word works for condition waiters.
//
// States: 0 unlocked, 1 locked without waiters, 2 locked and maybe waiters.

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Takes the lock if it is free. Never blocks.
static inline bool mt_futex_lock_try(uint32_t *word) {
    uint32_t expected = 0;
    return __atomic_compare_exchange_n(word, &expected, 1, false, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
}

/// Blocks until the lock is taken or the absolute CLOCK_MONOTONIC `deadline` passes
/// (NULL waits forever). Returns true when the lock was taken.
bool mt_futex_lock_wait(uint32_t *word, const struct timespec *deadline);

/// Wakes one waiter of `word`.
void mt_futex_wake_one(uint32_t *word);

/// Wakes every waiter of `word`.
void mt_futex_wake_all(uint32_t *word);

/// Sleeps while `*word == value`, until woken or the absolute CLOCK_MONOTONIC `deadline` passes
/// (NULL waits forever). Returns false on timeout. Spurious returns are possible: re-check.
bool mt_futex_wait_while_equal(uint32_t *word, uint32_t value, const struct timespec *deadline);

/// Releases the lock. Returns false, changing nothing, when the lock was not held.
static inline bool mt_futex_lock_release(uint32_t *word) {
    uint32_t previous = __atomic_exchange_n(word, 0, __ATOMIC_RELEASE);
    if (previous == 2) mt_futex_wake_one(word);
    return previous != 0;
}

/// True while somebody holds the lock (a snapshot; for diagnostics and `locked`).
static inline bool mt_futex_lock_is_locked(uint32_t *word) {
    return __atomic_load_n(word, __ATOMIC_RELAXED) != 0;
}

/// Atomic access to a futex word that is not a lock (a "finished" or "started" flag).
static inline uint32_t mt_atomic_load(uint32_t *word) {
    return __atomic_load_n(word, __ATOMIC_ACQUIRE);
}
static inline void mt_atomic_store(uint32_t *word, uint32_t value) {
    __atomic_store_n(word, value, __ATOMIC_RELEASE);
}

/// The CLOCK_MONOTONIC time `nanoseconds` from now, saturating instead of overflowing.
struct timespec mt_deadline_after(int64_t nanoseconds);

/// Nanoseconds on CLOCK_MONOTONIC.
uint64_t mt_monotonic_now(void);

#ifdef __cplusplus
}
#endif
#endif
