// Shared memory, robust process-shared mutexes and the process queue ring (mt_process_shared.h).
#define _GNU_SOURCE
#include "mt_process_shared.h"
#include "mt_futex_lock.h"
#include "mt_thread_context.h"

#include <errno.h>
#include <linux/futex.h>
#include <signal.h>
#include <sys/syscall.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

void *mt_shared_map(size_t size) {
    void *memory = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    return memory == MAP_FAILED ? NULL : memory;
}

void mt_shared_unmap(void *memory, size_t size) {
    if (memory != NULL) munmap(memory, size);
}

// MARK: Process mutex

// getpid() and gettid() are system calls (glibc no longer caches them), and an uncontended
// acquire+release must cost tens of nanoseconds: cache both, and refresh them in a forked child.
static pid_t cached_pid;
static __thread pid_t cached_tid;

static void forget_ids_in_child(void) {
    cached_pid = 0;
    cached_tid = 0;
}

__attribute__((constructor)) static void register_fork_handler(void) {
    pthread_atfork(NULL, NULL, forget_ids_in_child);
}

static inline pid_t my_pid(void) {
    pid_t pid = __atomic_load_n(&cached_pid, __ATOMIC_RELAXED);
    if (pid == 0) {
        pid = getpid();
        __atomic_store_n(&cached_pid, pid, __ATOMIC_RELAXED);
    }
    return pid;
}

static inline pid_t my_tid(void) {
    if (cached_tid == 0) cached_tid = mt_gettid();
    return cached_tid;
}

int mt_process_mutex_init(mt_process_mutex *lock, bool recursive) {
    pthread_mutexattr_t attributes;
    int result = pthread_mutexattr_init(&attributes);
    if (result != 0) return result;
    pthread_mutexattr_setpshared(&attributes, PTHREAD_PROCESS_SHARED);
    pthread_mutexattr_setrobust(&attributes, PTHREAD_MUTEX_ROBUST);
    pthread_mutexattr_settype(&attributes, recursive ? PTHREAD_MUTEX_RECURSIVE : PTHREAD_MUTEX_NORMAL);
    result = pthread_mutex_init(&lock->mutex, &attributes);
    pthread_mutexattr_destroy(&attributes);
    lock->owner_pid = 0;
    lock->owner_tid = 0;
    lock->recovered_from_dead_owner = 0;
    lock->depth = 0;
    return result;
}

static int after_locking(mt_process_mutex *lock, int result) {
    if (result == EOWNERDEAD) {
        // The holder died inside its critical section. The data it guarded may be half
        // updated, which is for the new holder to judge; the lock itself is usable again.
        pthread_mutex_consistent(&lock->mutex);
        lock->depth = 0;
        lock->recovered_from_dead_owner = 1;
    } else if (result != 0) {
        return result;
    } else if (lock->depth == 0) {
        lock->recovered_from_dead_owner = 0;
    }
    lock->depth++;
    lock->owner_pid = my_pid();
    lock->owner_tid = my_tid();
    return result == EOWNERDEAD ? MT_LOCKED_OWNER_DIED : MT_LOCKED;
}

int mt_process_mutex_lock(mt_process_mutex *lock, bool try_only, const struct timespec *deadline) {
    int result;
    if (try_only) {
        result = pthread_mutex_trylock(&lock->mutex);
    } else if (deadline == NULL) {
        result = pthread_mutex_lock(&lock->mutex);
    } else {
        result = pthread_mutex_clocklock(&lock->mutex, CLOCK_MONOTONIC, deadline);
    }
    return after_locking(lock, result);
}

bool mt_process_mutex_held_by_caller(const mt_process_mutex *lock) {
    return __atomic_load_n(&lock->owner_tid, __ATOMIC_RELAXED) == my_tid()
        && __atomic_load_n(&lock->owner_pid, __ATOMIC_RELAXED) == my_pid();
}

int mt_process_mutex_unlock(mt_process_mutex *lock) {
    if (!mt_process_mutex_held_by_caller(lock)) return EPERM;
    lock->depth--;
    if (lock->depth == 0) {
        lock->owner_pid = 0;
        lock->owner_tid = 0;
    }
    int result = pthread_mutex_unlock(&lock->mutex);
    if (result != 0) lock->depth++;
    return result;
}

// MARK: Robust futex lock

enum { waiters_bit = 0x80000000u, tid_mask = 0x3fffffffu, spin_limit = 100 };
static const int64_t owner_check_interval_ns = 20000000;

static inline void relax(void) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    __asm__ __volatile__("yield");
#endif
}

void mt_robust_lock_init(mt_robust_lock *lock, bool recursive) {
    memset(lock, 0, sizeof *lock);
    lock->recursive = recursive;
}

static bool take(mt_robust_lock *lock, uint32_t expected, uint32_t desired) {
    return __atomic_compare_exchange_n(&lock->word, &expected, desired, false, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
}

static bool thread_is_gone(uint32_t tid) {
    return tid != 0 && kill((pid_t)tid, 0) != 0 && errno == ESRCH;
}

int mt_robust_lock_acquire(mt_robust_lock *lock, bool try_only, const struct timespec *deadline) {
    uint32_t me = (uint32_t)my_tid();
    bool owner_died = false;
    if (take(lock, 0, me)) goto acquired;
    uint32_t current = __atomic_load_n(&lock->word, __ATOMIC_RELAXED);
    if ((current & tid_mask) == me && lock->recursive) {
        lock->depth++;
        return MT_LOCKED;
    }
    // A plain lock acquired again by its holder waits, as Python's does (a self-deadlock the
    // lesson shows); a deadline still ends the wait.
    if (try_only) return EBUSY;
    for (int spin = 0; spin < spin_limit; spin++) {
        relax();
        if (__atomic_load_n(&lock->word, __ATOMIC_RELAXED) == 0 && take(lock, 0, me)) goto acquired;
    }
    for (;;) {
        current = __atomic_load_n(&lock->word, __ATOMIC_RELAXED);
        if (current == 0) {
            // Keep the waiters bit: others may still sleep, and our release must wake them.
            if (take(lock, 0, me | waiters_bit)) goto acquired;
            continue;
        }
        if (!(current & waiters_bit)) {
            if (!take(lock, current, current | waiters_bit)) continue;
            current |= waiters_bit;
        }
        struct timespec slice = mt_deadline_after(owner_check_interval_ns);
        bool deadline_first = deadline != NULL
            && (deadline->tv_sec < slice.tv_sec || (deadline->tv_sec == slice.tv_sec && deadline->tv_nsec < slice.tv_nsec));
        long result = syscall(SYS_futex, &lock->word, FUTEX_WAIT_BITSET, current, deadline_first ? deadline : &slice,
                              NULL, FUTEX_BITSET_MATCH_ANY);
        if (result == 0 || errno != ETIMEDOUT) continue;
        if (deadline_first) {
            current = __atomic_load_n(&lock->word, __ATOMIC_RELAXED);
            if (current == 0 && take(lock, 0, me | waiters_bit)) goto acquired;
            return ETIMEDOUT;
        }
        // Twenty milliseconds without the lock: is its holder still there?
        current = __atomic_load_n(&lock->word, __ATOMIC_RELAXED);
        uint32_t owner = current & tid_mask;
        if (owner != me && thread_is_gone(owner) && take(lock, current, me | waiters_bit)) {
            owner_died = true;
            goto acquired;
        }
    }
acquired:
    lock->depth = 1;
    lock->owner_pid = my_pid();
    lock->recovered_from_dead_owner = owner_died;
    return owner_died ? MT_LOCKED_OWNER_DIED : MT_LOCKED;
}

int mt_robust_lock_release(mt_robust_lock *lock) {
    uint32_t current = __atomic_load_n(&lock->word, __ATOMIC_RELAXED);
    if (current == 0 || (current & tid_mask) != (uint32_t)my_tid()) return EPERM;
    if (--lock->depth > 0) return 0;
    lock->owner_pid = 0;
    uint32_t previous = __atomic_exchange_n(&lock->word, 0, __ATOMIC_RELEASE);
    if (previous & waiters_bit) syscall(SYS_futex, &lock->word, FUTEX_WAKE, 1, NULL, NULL, 0);
    return 0;
}

bool mt_robust_lock_held_by_caller(const mt_robust_lock *lock) {
    uint32_t current = __atomic_load_n(&lock->word, __ATOMIC_RELAXED);
    return current != 0 && (current & tid_mask) == (uint32_t)my_tid();
}

int32_t mt_robust_lock_owner_tid(const mt_robust_lock *lock) {
    return (int32_t)(__atomic_load_n(&lock->word, __ATOMIC_RELAXED) & tid_mask);
}

// MARK: Queue ring

size_t mt_queue_size(uint64_t capacity) { return sizeof(mt_queue) + (size_t)capacity; }

int mt_queue_init(mt_queue *queue, uint64_t capacity, uint64_t maxsize) {
    int result = mt_process_mutex_init(&queue->lock, false);
    if (result != 0) return result;
    pthread_condattr_t attributes;
    pthread_condattr_init(&attributes);
    pthread_condattr_setpshared(&attributes, PTHREAD_PROCESS_SHARED);
    pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC);
    pthread_cond_init(&queue->not_empty, &attributes);
    pthread_cond_init(&queue->not_full, &attributes);
    pthread_condattr_destroy(&attributes);
    queue->capacity = capacity;
    queue->head = queue->tail = queue->count = 0;
    queue->maxsize = maxsize;
    return 0;
}

// Both copy at *cursor and advance it; head and tail move only when a message is complete, so a
// process killed in the middle of a copy leaves the ring as it was.
static void ring_write(mt_queue *queue, uint64_t *cursor, const void *bytes, uint64_t length) {
    uint64_t start = *cursor % queue->capacity;
    uint64_t first = queue->capacity - start < length ? queue->capacity - start : length;
    memcpy(queue->data + start, bytes, first);
    memcpy(queue->data, (const uint8_t *)bytes + first, length - first);
    *cursor += length;
}

static void ring_read(mt_queue *queue, uint64_t *cursor, void *bytes, uint64_t length) {
    uint64_t start = *cursor % queue->capacity;
    uint64_t first = queue->capacity - start < length ? queue->capacity - start : length;
    memcpy(bytes, queue->data + start, first);
    memcpy((uint8_t *)bytes + first, queue->data, length - first);
    *cursor += length;
}

/// Waits on `condition` (the queue's lock is held). Returns 0 or ETIMEDOUT.
static int wait_on(mt_queue *queue, pthread_cond_t *condition, const struct timespec *deadline) {
    // The condition wait releases and retakes the mutex behind our bookkeeping's back.
    uint32_t depth = queue->lock.depth;
    queue->lock.owner_pid = 0;
    queue->lock.owner_tid = 0;
    queue->lock.depth = 0;
    int result = deadline == NULL ? pthread_cond_wait(condition, &queue->lock.mutex)
                                  : pthread_cond_clockwait(condition, &queue->lock.mutex, CLOCK_MONOTONIC, deadline);
    if (result == EOWNERDEAD) {
        pthread_mutex_consistent(&queue->lock.mutex);
        result = 0;
    }
    queue->lock.depth = depth;
    queue->lock.owner_pid = my_pid();
    queue->lock.owner_tid = my_tid();
    return result;
}

static int lock_queue(mt_queue *queue, bool block, const struct timespec *deadline) {
    int result = mt_process_mutex_lock(&queue->lock, false, block ? deadline : NULL);
    // A writer or reader that died inside the lock never moved head, tail or count (they are
    // updated after the copy), so the ring is consistent.
    return result == MT_LOCKED_OWNER_DIED ? MT_LOCKED : result;
}

int mt_queue_put(mt_queue *queue, const void *bytes, uint32_t length, bool block, const struct timespec *deadline) {
    uint64_t needed = (uint64_t)length + sizeof(uint32_t);
    if (needed > queue->capacity) return EMSGSIZE;
    int result = lock_queue(queue, block, deadline);
    if (result != 0) return result;
    for (;;) {
        bool room = queue->capacity - (queue->tail - queue->head) >= needed
            && (queue->maxsize == 0 || queue->count < queue->maxsize);
        if (room) break;
        if (!block) {
            mt_process_mutex_unlock(&queue->lock);
            return EBUSY;
        }
        if (wait_on(queue, &queue->not_full, deadline) == ETIMEDOUT) {
            bool room_now = queue->capacity - (queue->tail - queue->head) >= needed
                && (queue->maxsize == 0 || queue->count < queue->maxsize);
            if (room_now) break;
            mt_process_mutex_unlock(&queue->lock);
            return ETIMEDOUT;
        }
    }
    uint64_t cursor = queue->tail;
    ring_write(queue, &cursor, &length, sizeof length);
    ring_write(queue, &cursor, bytes, length);
    queue->count++;
    queue->tail = cursor;
    mt_process_mutex_unlock(&queue->lock);
    pthread_cond_signal(&queue->not_empty);
    return 0;
}

int mt_queue_get(mt_queue *queue, bool block, const struct timespec *deadline, uint8_t **bytes, uint32_t *length) {
    int result = lock_queue(queue, block, deadline);
    if (result != 0) return result;
    while (queue->count == 0) {
        if (!block) {
            mt_process_mutex_unlock(&queue->lock);
            return EBUSY;
        }
        if (wait_on(queue, &queue->not_empty, deadline) == ETIMEDOUT && queue->count == 0) {
            mt_process_mutex_unlock(&queue->lock);
            return ETIMEDOUT;
        }
    }
    uint32_t size;
    uint64_t cursor = queue->head;
    ring_read(queue, &cursor, &size, sizeof size);
    uint8_t *buffer = malloc(size ? size : 1);
    if (buffer == NULL) {
        mt_process_mutex_unlock(&queue->lock);
        return ENOMEM;
    }
    ring_read(queue, &cursor, buffer, size);
    queue->count--;
    queue->head = cursor;
    mt_process_mutex_unlock(&queue->lock);
    pthread_cond_signal(&queue->not_full);
    *bytes = buffer;
    *length = size;
    return 0;
}

uint64_t mt_queue_count(mt_queue *queue) {
    return __atomic_load_n(&queue->count, __ATOMIC_RELAXED);
}
