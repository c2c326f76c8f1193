// The fork gate: see mt_process.h for why it exists.
//
// How it works. This file defines pthread_mutex_lock and pthread_mutex_unlock. The runtime is
// linked into the program's executable, whose definitions take precedence over libc's for every
// shared library, so libswiftCore's calls arrive here; everyone else's calls go straight on to
// libc (one comparison of the return address). For calls made from libswiftCore's code:
//
//   lock:   a thread that holds no runtime mutex yet waits while the gate is closed, then counts
//           itself in (`held_total`); a thread already inside just counts.
//   unlock: counts out; the last one out while the gate is closed wakes the forking thread.
//
// The forking thread closes the gate, waits until `held_total` is zero, forks, and reopens the
// gate in both processes. libswiftCore uses no condition variables (pthread_cond_* is not among
// its imports), so a runtime mutex is never released behind our back by a condition wait.
// A runtime critical section that waits for a thread stopped at the gate would make the wait
// endless; the forking thread therefore waits only a short while, reopens the gate, backs off,
// and tries again, and after `quiet_timeout_ns` it reports ETIMEDOUT instead of forking.
#define _GNU_SOURCE
#include "mt_process.h"
#include "mt_futex_lock.h"

#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <link.h>
#include <linux/futex.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

// libc's own entry points, under the names libc exports for exactly this purpose.
extern int libc_mutex_lock(pthread_mutex_t *);
extern int libc_mutex_unlock(pthread_mutex_t *);
__asm__(".symver libc_mutex_lock,__pthread_mutex_lock@GLIBC_2.2.5");
__asm__(".symver libc_mutex_unlock,__pthread_mutex_unlock@GLIBC_2.2.5");

// Where the calls go on: libc, or a sanitizer's interceptor when the program is built with
// ThreadSanitizer (its interceptors must still see every mutex operation, or it would lose the
// happens-before edges they give and report false races). Chosen once, before main.
typedef int (*mutex_function)(pthread_mutex_t *);
static mutex_function next_lock = libc_mutex_lock;
static mutex_function next_unlock = libc_mutex_unlock;

static bool thread_sanitizer_present;

static uintptr_t runtime_text_start;
static uintptr_t runtime_text_length;

static uint32_t gate_closed;        // futex word: 1 while a fork is being prepared
static uint32_t held_total;         // futex word: runtime mutexes held, all threads together
static __thread uint32_t held_here; // runtime mutexes held by this thread
static __thread bool forking_here;  // this thread is the one forking
static uint32_t fork_serializer;    // one fork through the gate at a time (an mt_futex_lock word)
static uint64_t forks_done;
static uint64_t forks_waited;

static long futex(uint32_t *word, int op, uint32_t value, const struct timespec *timeout) {
    return syscall(SYS_futex, word, op | FUTEX_PRIVATE_FLAG, value, timeout, NULL, 0);
}

static inline bool called_from_runtime(uintptr_t caller) {
    return caller - runtime_text_start < runtime_text_length;
}

static void enter_runtime_section(void) {
    if (held_here == 0 && !forking_here) {
        for (;;) {
            while (__atomic_load_n(&gate_closed, __ATOMIC_SEQ_CST)) {
                futex(&gate_closed, FUTEX_WAIT, 1, NULL);
            }
            __atomic_add_fetch(&held_total, 1, __ATOMIC_SEQ_CST);
            if (!__atomic_load_n(&gate_closed, __ATOMIC_SEQ_CST)) break;
            // The gate closed while we came in: step back out so the fork can go ahead.
            if (__atomic_sub_fetch(&held_total, 1, __ATOMIC_SEQ_CST) == 0) futex(&held_total, FUTEX_WAKE, 1, NULL);
        }
    } else {
        __atomic_add_fetch(&held_total, 1, __ATOMIC_SEQ_CST);
    }
    held_here++;
}

static void leave_runtime_section(void) {
    // A mutex locked before the gate knew where libswiftCore is was never counted.
    if (held_here == 0) return;
    held_here--;
    if (__atomic_sub_fetch(&held_total, 1, __ATOMIC_SEQ_CST) == 0 && __atomic_load_n(&gate_closed, __ATOMIC_SEQ_CST)) {
        futex(&held_total, FUTEX_WAKE, 1, NULL);
    }
}

int pthread_mutex_lock(pthread_mutex_t *mutex) {
    if (!called_from_runtime((uintptr_t)__builtin_return_address(0))) return next_lock(mutex);
    enter_runtime_section();
    int result = next_lock(mutex);
    if (result != 0 && result != EOWNERDEAD) leave_runtime_section();
    return result;
}

int pthread_mutex_unlock(pthread_mutex_t *mutex) {
    if (!called_from_runtime((uintptr_t)__builtin_return_address(0))) return next_unlock(mutex);
    int result = next_unlock(mutex);
    if (result == 0) leave_runtime_section();
    return result;
}

// MARK: Finding libswiftCore

static int find_runtime_text(struct dl_phdr_info *info, size_t size, void *data) {
    (void)size;
    (void)data;
    if (info->dlpi_name == NULL || strstr(info->dlpi_name, "/libswiftCore.so") == NULL) return 0;
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *header = &info->dlpi_phdr[i];
        if (header->p_type == PT_LOAD && (header->p_flags & PF_X)) {
            runtime_text_start = info->dlpi_addr + header->p_vaddr;
            runtime_text_length = header->p_memsz;
            return 1;
        }
    }
    return 0;
}

// Runs before main and before any thread of the program exists. Mutexes libswiftCore locked
// before this point were unlocked before it too (start-up is single-threaded), and an unlock
// that was never counted is ignored by leave_runtime_section.
//
// MULTITASKING_UNSAFE_PLAIN_FORK=1 turns the gate off, for one purpose only: measuring the hang
// the gate prevents (see the fork stress tests). Never set it for students.
__attribute__((constructor(101))) static void locate_runtime(void) {
    void *sanitizer_lock = dlsym(RTLD_DEFAULT, "__interceptor_pthread_mutex_lock");
    void *sanitizer_unlock = dlsym(RTLD_DEFAULT, "__interceptor_pthread_mutex_unlock");
    thread_sanitizer_present = dlsym(RTLD_DEFAULT, "__tsan_init") != NULL;
    if (sanitizer_lock != NULL && sanitizer_unlock != NULL) {
        next_lock = (mutex_function)sanitizer_lock;
        next_unlock = (mutex_function)sanitizer_unlock;
    }
    const char *unsafe = getenv("MULTITASKING_UNSAFE_PLAIN_FORK");
    if (unsafe != NULL && unsafe[0] == '1') return;
    dl_iterate_phdr(find_runtime_text, NULL);
}

bool mt_thread_sanitizer_present(void) { return thread_sanitizer_present; }
bool mt_fork_gate_active(void) { return runtime_text_length != 0; }
uint64_t mt_fork_gate_forks(void) { return __atomic_load_n(&forks_done, __ATOMIC_RELAXED); }
uint64_t mt_fork_gate_waits(void) { return __atomic_load_n(&forks_waited, __ATOMIC_RELAXED); }

// MARK: Forking

static void open_gate(void) {
    __atomic_store_n(&gate_closed, 0, __ATOMIC_SEQ_CST);
    futex(&gate_closed, FUTEX_WAKE, INT_MAX, NULL);
}

/// Waits until no runtime mutex is held or `deadline` passes. Returns whether it is quiet.
static bool wait_until_quiet(const struct timespec *deadline) {
    for (;;) {
        uint32_t held = __atomic_load_n(&held_total, __ATOMIC_SEQ_CST);
        if (held == 0) return true;
        long result = syscall(SYS_futex, &held_total, FUTEX_WAIT_BITSET | FUTEX_PRIVATE_FLAG, held, deadline,
                              NULL, FUTEX_BITSET_MATCH_ANY);
        if (result != 0 && errno == ETIMEDOUT) return __atomic_load_n(&held_total, __ATOMIC_SEQ_CST) == 0;
    }
}

mt_fork_result mt_fork_quiesced(int64_t quiet_timeout_ns) {
    mt_fork_result outcome = {.pid = -1, .error = 0, .retries = 0};
    // Flush before the gate closes: a thread inside printf may need a runtime lock, and with the
    // gate closed it would wait there while holding the stream's lock that fflush needs.
    mt_flush_standard_streams();
    if (!mt_futex_lock_try(&fork_serializer)) mt_futex_lock_wait(&fork_serializer, NULL);
    forking_here = true;
    uint64_t give_up = mt_monotonic_now() + (uint64_t)(quiet_timeout_ns > 0 ? quiet_timeout_ns : 0);
    bool waited = false;
    for (;;) {
        __atomic_store_n(&gate_closed, 1, __ATOMIC_SEQ_CST);
        // A runtime critical section lasts micro-seconds; 2 ms without quiet means somebody
        // inside waits for a thread held at the gate, so let everybody go and try again.
        struct timespec slice = mt_deadline_after(2000000);
        if (__atomic_load_n(&held_total, __ATOMIC_SEQ_CST) != 0) waited = true;
        if (wait_until_quiet(&slice)) break;
        open_gate();
        outcome.retries++;
        if (mt_monotonic_now() >= give_up) {
            forking_here = false;
            mt_futex_lock_release(&fork_serializer);
            outcome.error = ETIMEDOUT;
            return outcome;
        }
        struct timespec pause = {.tv_sec = 0, .tv_nsec = 200000 * (outcome.retries < 10 ? outcome.retries : 10)};
        nanosleep(&pause, NULL);
    }
    outcome.pid = fork();
    outcome.error = outcome.pid < 0 ? errno : 0;
    if (outcome.pid == 0) {
        // The child has a single thread: ours. Its copies of the counters are zero already.
        fork_serializer = 0;
        forking_here = false;
        held_here = 0;
        gate_closed = 0;
        return outcome;
    }
    open_gate();
    forking_here = false;
    __atomic_add_fetch(&forks_done, 1, __ATOMIC_RELAXED);
    if (waited) __atomic_add_fetch(&forks_waited, 1, __ATOMIC_RELAXED);
    mt_futex_lock_release(&fork_serializer);
    return outcome;
}

// MARK: Sections of the runtime's own bookkeeping

void mt_fork_gate_enter(void) { enter_runtime_section(); }
void mt_fork_gate_leave(void) { leave_runtime_section(); }
