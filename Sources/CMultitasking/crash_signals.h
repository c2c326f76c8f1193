#ifndef MT_CRASH_SIGNALS_H
#define MT_CRASH_SIGNALS_H

// What the two crash reporters share (a thread's, thread_context.c, and a forked child's,
// process.c): which signals mean "crashed", how to name them for a student, and installing one
// handler for all of them while keeping the previous handlers to chain to.

#include <signal.h>
#include <string.h>

static const int mt_crash_signals[] = {SIGILL, SIGTRAP, SIGSEGV, SIGBUS, SIGFPE, SIGABRT};
enum { mt_crash_signal_count = sizeof mt_crash_signals / sizeof mt_crash_signals[0] };

static inline const char *mt_crash_signal_description(int signal) {
    switch (signal) {
    case SIGILL: return "SIGILL, a Swift runtime trap such as an index out of range or a failed precondition";
    case SIGTRAP: return "SIGTRAP, a Swift runtime trap such as an index out of range or a failed precondition";
    case SIGSEGV: return "SIGSEGV, invalid memory access";
    case SIGBUS: return "SIGBUS, invalid memory access";
    case SIGFPE: return "SIGFPE, arithmetic error";
    case SIGABRT: return "SIGABRT, abort";
    default: return "a fatal signal";
    }
}

/// Installs `handler` for every crash signal, storing the handlers it replaces in `previous`.
static inline void mt_install_crash_handlers(void (*handler)(int, siginfo_t *, void *),
                                             struct sigaction previous[mt_crash_signal_count]) {
    for (int i = 0; i < mt_crash_signal_count; i++) {
        struct sigaction action;
        memset(&action, 0, sizeof action);
        action.sa_sigaction = handler;
        action.sa_flags = SA_SIGINFO | SA_ONSTACK;
        sigemptyset(&action.sa_mask);
        sigaction(mt_crash_signals[i], &action, &previous[i]);
    }
}

#endif
