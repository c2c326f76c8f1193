#ifndef MT_THREAD_CONTEXT_H
#define MT_THREAD_CONTEXT_H

// Per-thread context that must be readable from a signal handler: the thread's name, so that a
// trap in a thread is reported with the name the student gave it.

#include <pthread.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// The runtime's Thread object for the calling thread (an unretained pointer), or NULL.
void *mt_current_thread_object(void);
void mt_set_current_thread_object(void *object);

/// Records the calling thread's name for crash reports (truncated to 63 bytes).
void mt_set_crash_name(const char *name);

/// Installs, once per process, handlers for SIGILL, SIGTRAP, SIGSEGV, SIGBUS, SIGFPE and SIGABRT
/// that print "Multitasking: thread '<name>' crashed (<signal>)" on standard error and then let
/// the previous disposition run, so debuggers, backtracers and test runners see the same crash.
void mt_install_crash_reporter(void);

/// The kernel's id for the calling thread (gettid).
int32_t mt_gettid(void);

/// pthread_self() of the process's main thread, recorded when the runtime was loaded.
pthread_t mt_main_pthread(void);

/// Gives the calling thread a name visible in `ps`, `top` and debuggers (first 15 bytes).
void mt_set_os_thread_name(const char *name);

/// Starts a detached pthread running `body(context)`. Returns 0 or an errno value.
int mt_start_detached_thread(void *(*body)(void *), void *context);

#ifdef __cplusplus
}
#endif
#endif
