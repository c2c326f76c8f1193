#ifndef MT_PROCESS_SHARED_H
#define MT_PROCESS_SHARED_H

// Memory shared by a process and the children it forks afterwards, and what lives in it:
// robust process-shared mutexes and the process queue's ring buffer.
//
// Why robust pthread mutexes and not futex words: when a process dies holding a lock, the
// kernel's robust-futex list marks the lock "owner died" and the next acquirer gets it with
// EOWNERDEAD instead of waiting for ever (Python's multiprocessing.Lock stays locked then).

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#ifdef __cplusplus
extern "C" {
#endif

/// `size` bytes of zeroed memory shared with every child forked later (MAP_SHARED|MAP_ANONYMOUS),
/// or NULL with errno. Pages are only committed when touched (MAP_NORESERVE).
void *mt_shared_map(size_t size);
void mt_shared_unmap(void *memory, size_t size);

// MARK: Process mutex

typedef struct {
    pthread_mutex_t mutex;
    /// pid and kernel thread id of the holder, 0 when free (for messages and `isLocked`).
    int32_t owner_pid;
    int32_t owner_tid;
    /// Set by an acquirer that got the lock from a holder that died.
    uint32_t recovered_from_dead_owner;
    /// Recursion depth of a reentrant lock.
    uint32_t depth;
} mt_process_mutex;

/// Initialises a robust, process-shared mutex in shared memory. Returns 0 or an errno value.
int mt_process_mutex_init(mt_process_mutex *lock, bool recursive);

/// Results of `mt_process_mutex_lock`, besides errno values (ETIMEDOUT, EBUSY).
enum { MT_LOCKED = 0, MT_LOCKED_OWNER_DIED = -1 };

/// Takes the lock: waits for ever (`deadline` NULL), until the absolute CLOCK_MONOTONIC
/// `deadline` (ETIMEDOUT), or not at all when `try_only` (EBUSY). Returns MT_LOCKED,
/// MT_LOCKED_OWNER_DIED when the previous holder died holding it, or an errno value.
int mt_process_mutex_lock(mt_process_mutex *lock, bool try_only, const struct timespec *deadline);

/// Releases one level. Returns 0, or EPERM when the caller does not hold it.
int mt_process_mutex_unlock(mt_process_mutex *lock);

/// Whether the calling thread holds the lock.
bool mt_process_mutex_held_by_caller(const mt_process_mutex *lock);

// MARK: Robust futex lock (ProcessLock, ProcessRLock, shared values)
//
// Why not the pthread mutex above: a robust pthread mutex costs 15-30 ns per uncontended
// acquire+release here, before anything is done around it; this lock is one compare-and-swap
// to take and one exchange to give back. Robustness comes from the word itself: it holds the
// kernel thread id of the holder, and a waiter that has waited 20 ms checks whether that thread
// still exists (kill(tid, 0)); if not, it takes the lock over and reports the owner's death.
// So a dead holder delays the others by at most 20 ms instead of wedging them.

typedef struct {
    /// Holder's kernel thread id, with MT_LOCK_WAITERS set when somebody may sleep on it.
    uint32_t word;
    /// Recursion depth (reentrant form), 1 for a plain lock that is held.
    uint32_t depth;
    int32_t owner_pid;
    uint32_t recovered_from_dead_owner;
    uint32_t recursive;
} mt_robust_lock;

void mt_robust_lock_init(mt_robust_lock *lock, bool recursive);

/// Like `mt_process_mutex_lock`: MT_LOCKED, MT_LOCKED_OWNER_DIED, ETIMEDOUT or EBUSY.
int mt_robust_lock_acquire(mt_robust_lock *lock, bool try_only, const struct timespec *deadline);

/// Releases one level. Returns 0, or EPERM when the calling thread does not hold it.
int mt_robust_lock_release(mt_robust_lock *lock);

bool mt_robust_lock_held_by_caller(const mt_robust_lock *lock);

/// The holder's kernel thread id, 0 when free (a snapshot).
int32_t mt_robust_lock_owner_tid(const mt_robust_lock *lock);

// MARK: Process queue ring

typedef struct {
    mt_process_mutex lock;
    pthread_cond_t not_empty;
    pthread_cond_t not_full;
    uint64_t capacity;   // bytes of `data`
    uint64_t head;       // offset of the next byte to read (grows without wrapping)
    uint64_t tail;       // offset of the next byte to write
    uint64_t count;      // messages in the ring
    uint64_t maxsize;    // most messages allowed, 0 for no limit but the capacity
    uint8_t data[];
} mt_queue;

/// Bytes to map for a queue with `capacity` bytes of messages.
size_t mt_queue_size(uint64_t capacity);
int mt_queue_init(mt_queue *queue, uint64_t capacity, uint64_t maxsize);

enum { MT_QUEUE_OK = 0 };

/// Appends one message (stored as a 4-byte length and the bytes), waiting for room like
/// `mt_process_mutex_lock` waits for the lock. Returns 0, ETIMEDOUT or EBUSY when full,
/// EMSGSIZE when the message can never fit.
int mt_queue_put(mt_queue *queue, const void *bytes, uint32_t length, bool block, const struct timespec *deadline);

/// Removes the oldest message into a malloc'd buffer (*bytes, *length; free it). Returns 0,
/// ETIMEDOUT or EBUSY when empty, ENOMEM.
int mt_queue_get(mt_queue *queue, bool block, const struct timespec *deadline, uint8_t **bytes, uint32_t *length);

/// Messages in the queue right now (a snapshot).
uint64_t mt_queue_count(mt_queue *queue);

#ifdef __cplusplus
}
#endif
#endif
