#define _GNU_SOURCE
#include "mt_thread_context.h"
#include "crash_signals.h"

#include <signal.h>
#include <stdbool.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static __thread void *current_thread_object;
static __thread char crash_name[64];
static pthread_t main_pthread;

__attribute__((constructor)) static void record_main_thread(void) {
    main_pthread = pthread_self();
    strcpy(crash_name, "MainThread");
}

void *mt_current_thread_object(void) { return current_thread_object; }
void mt_set_current_thread_object(void *object) { current_thread_object = object; }
pthread_t mt_main_pthread(void) { return main_pthread; }
int32_t mt_gettid(void) { return (int32_t)syscall(SYS_gettid); }

void mt_set_crash_name(const char *name) {
    strncpy(crash_name, name, sizeof crash_name - 1);
    crash_name[sizeof crash_name - 1] = 0;
}

void mt_set_os_thread_name(const char *name) {
    char short_name[16];
    strncpy(short_name, name, sizeof short_name - 1);
    short_name[sizeof short_name - 1] = 0;
    pthread_setname_np(pthread_self(), short_name);
}

int mt_start_detached_thread(void *(*body)(void *), void *context) {
    pthread_attr_t attributes;
    pthread_attr_init(&attributes);
    pthread_attr_setdetachstate(&attributes, PTHREAD_CREATE_DETACHED);
    pthread_t thread;
    int result = pthread_create(&thread, &attributes, body, context);
    pthread_attr_destroy(&attributes);
    return result;
}

// MARK: Crash reports

static struct sigaction previous_actions[mt_crash_signal_count];

static void write_text(const char *text) {
    size_t length = strlen(text);
    while (length > 0) {
        ssize_t written = write(STDERR_FILENO, text, length);
        if (written <= 0) return;
        text += written;
        length -= (size_t)written;
    }
}

static void report_crash(int signal, siginfo_t *info, void *context) {
    (void)info;
    (void)context;
    write_text("Multitasking: thread '");
    write_text(crash_name[0] ? crash_name : "unnamed");
    write_text("' crashed (");
    write_text(mt_crash_signal_description(signal));
    write_text(")\n");
    // Hand the signal to whoever handled it before us (or the default action). A synchronous
    // fault re-executes the faulting instruction on return; raise() covers abort() and kill().
    for (int i = 0; i < mt_crash_signal_count; i++) {
        if (mt_crash_signals[i] == signal) sigaction(signal, &previous_actions[i], NULL);
    }
    raise(signal);
}

void mt_install_crash_reporter(void) {
    static int installed;
    if (__atomic_exchange_n(&installed, 1, __ATOMIC_ACQ_REL)) return;
    mt_install_crash_handlers(report_crash, previous_actions);
}
