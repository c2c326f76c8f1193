// The supervisor of a test process (see grading_spawn.h). Everything after the clone runs in a
// copy of a multi-threaded process: only system calls and async-signal-safe functions, no malloc,
// and clones by system call rather than fork() (glibc's fork runs atfork handlers that take
// malloc's locks, which another thread of the grader may have held at the clone).
#define _GNU_SOURCE
#include "grading_spawn.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/mount.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/vfs.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef SYS_close_range
#define SYS_close_range 436
#endif

static pid_t clone_like_fork(unsigned long flags) {
    // No stack: the child goes on on a copy of this one, as after fork().
    return (pid_t)syscall(SYS_clone, flags | SIGCHLD, 0, 0, 0, 0);
}

static int send_record(int fd, int32_t kind, int32_t value) {
    grading_record record = {kind, value};
    ssize_t written;
    do { written = write(fd, &record, sizeof record); } while (written < 0 && errno == EINTR);
    return written == (ssize_t)sizeof record ? 0 : -1;
}

static _Noreturn void fail_setup(int fd) {
    send_record(fd, GRADING_RECORD_SETUP_FAILED, errno);
    _exit(127);
}

static void write_file(const char *path, const char *text, int records) {
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0) fail_setup(records);
    ssize_t length = (ssize_t)strlen(text);
    if (write(fd, text, length) != length) fail_setup(records);
    close(fd);
}

/// "<n> <n> 1\n" in `buffer` (no snprintf: it may take locks).
static void identity_map(uint32_t id, char *buffer) {
    char digits[16];
    int count = 0;
    do { digits[count++] = (char)('0' + id % 10); id /= 10; } while (id > 0);
    char *cursor = buffer;
    for (int copy = 0; copy < 2; copy++) {
        for (int index = count - 1; index >= 0; index--) *cursor++ = digits[index];
        *cursor++ = ' ';
    }
    *cursor++ = '1';
    *cursor++ = '\n';
    *cursor = 0;
}

/// Where the supervisor of a namespaced run keeps the grader's /proc open (see mount_own_proc).
enum { OUTER_PROC_FD = 4 };

/// The test's pid as the grader sees it: `self` in the grader's /proc names this process by
/// its pid there, not by its pid in the run's namespace.
static int32_t outer_pid(int outer_proc) {
    char link[32];
    ssize_t length = outer_proc >= 0 ? readlinkat(outer_proc, "self", link, sizeof link - 1)
                                     : readlink("/proc/self", link, sizeof link - 1);
    if (length <= 0) return (int32_t)getpid();
    int32_t pid = 0;
    for (ssize_t index = 0; index < length && link[index] >= '0' && link[index] <= '9'; index++) {
        pid = pid * 10 + (link[index] - '0');
    }
    return pid;
}

/// The mount flags of `path` that a remount must keep (a user namespace may not clear them).
static unsigned long kept_flags(const char *path, int records) {
    struct statfs info;
    if (statfs(path, &info) != 0) fail_setup(records);
    unsigned long flags = 0;
    if (info.f_flags & ST_NOSUID) flags |= MS_NOSUID;
    if (info.f_flags & ST_NODEV) flags |= MS_NODEV;
    if (info.f_flags & ST_NOEXEC) flags |= MS_NOEXEC;
    if (info.f_flags & ST_NOATIME) flags |= MS_NOATIME;
    if (info.f_flags & ST_NODIRATIME) flags |= MS_NODIRATIME;
    if (info.f_flags & ST_RELATIME) flags |= MS_RELATIME;
    return flags;
}

/// In the run's mount namespace: `read_only_folder` bound on itself read-only, with
/// `writable_folder` (bound first, so the recursive bind carries it) left writable.
static void make_read_only(const grading_spawn_request *request, int records) {
    const char *folder = request->read_only_folder, *writable = request->writable_folder;
    if (writable && mount(writable, writable, NULL, MS_BIND, NULL) != 0) fail_setup(records);
    if (mount(folder, folder, NULL, MS_BIND | MS_REC, NULL) != 0) fail_setup(records);
    unsigned long flags = MS_BIND | MS_REMOUNT | MS_RDONLY | kept_flags(folder, records);
    if (mount(NULL, folder, NULL, flags, NULL) != 0) fail_setup(records);
}

/// In the run's mount namespace: a /proc of the run's PID namespace over the grader's, so the
/// pids the test knows (its own, its children's) name its processes there; without it
/// /proc/<pid> of a child would be another process of the machine. The grader's /proc stays
/// open as OUTER_PROC_FD, for outer_pid().
/// Where the kernel refuses the mount (a /proc partly hidden, as in some containers, may not be
/// mounted again in a user namespace), the grader falls back to a run without namespaces.
static void mount_own_proc(int records) {
    int outer = open("/proc", O_DIRECTORY | O_RDONLY | O_CLOEXEC);
    if (outer < 0) fail_setup(records);
    if (mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) != 0) {
        send_record(records, GRADING_RECORD_NAMESPACES_REFUSED, errno);
        _exit(127);
    }
    // The descriptors above the records pipe are closed by now, so open() may already have
    // given OUTER_PROC_FD: then it is kept as it is (closing it would lose the grader's /proc).
    if (outer != OUTER_PROC_FD) {
        if (dup2(outer, OUTER_PROC_FD) < 0) fail_setup(records);
        close(outer);
    }
}

static _Noreturn void start_test(const grading_spawn_request *request, int records) {
    struct sigaction defaults;
    memset(&defaults, 0, sizeof defaults);
    defaults.sa_handler = SIG_DFL;
    for (int signal = 1; signal < NSIG; signal++) sigaction(signal, &defaults, NULL);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    // Outside a namespace the supervisor's death (the grader was killed) ends the test too.
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    setpgid(0, 0);
    int outer_proc = request->namespaces != GRADING_NAMESPACES_NONE ? OUTER_PROC_FD : -1;
    send_record(records, GRADING_RECORD_TEST_PID, outer_pid(outer_proc));
    if (outer_proc >= 0) close(outer_proc);
    fcntl(records, F_SETFD, FD_CLOEXEC);
    execve(request->path, request->argv, request->envp);
    send_record(records, GRADING_RECORD_EXEC_FAILED, errno);
    _exit(127);
}

static _Noreturn void supervise(const grading_spawn_request *request) {
    struct sigaction ignore;
    memset(&ignore, 0, sizeof ignore);
    ignore.sa_handler = SIG_IGN;
    // The test's signals to its own group, or to every process it may signal, must not end the
    // supervisor before it reported the test's end. SIGCHLD keeps its default: ignoring it
    // would reap children before waitpid sees them.
    for (int signal = 1; signal < NSIG; signal++) {
        if (signal != SIGCHLD) sigaction(signal, &ignore, NULL);
    }
    setpgid(0, 0);
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    int records = request->records_fd;
    // A grader that died before the line above left no one to read this: stop.
    if (send_record(records, GRADING_RECORD_STARTED, 0) != 0) _exit(127);

    if (request->namespaces == GRADING_NAMESPACES_USER_PID) {
        char map[48];
        write_file("/proc/self/setgroups", "deny", records);
        identity_map(request->uid, map);
        write_file("/proc/self/uid_map", map, records);
        identity_map(request->gid, map);
        write_file("/proc/self/gid_map", map, records);
    }
    if (request->namespaces != GRADING_NAMESPACES_NONE) {
        // Nothing mounted here reaches the grader's namespace.
        if (mount(NULL, "/", NULL, MS_REC | MS_SLAVE, NULL) != 0) fail_setup(records);
        if (request->read_only_folder) make_read_only(request, records);
    }
    for (int index = 0; index < request->cgroup_count; index++) {
        if (write(request->cgroup_fds[index], "0", 1) != 1) fail_setup(records);
    }
    for (int index = 0; index < request->limit_count; index++) {
        struct rlimit limit = {(rlim_t)request->limit_values[index], (rlim_t)request->limit_values[index]};
        if (setrlimit(request->limit_resources[index], &limit) != 0) fail_setup(records);
    }
    prctl(PR_SET_CHILD_SUBREAPER, 1);
    if (chdir(request->directory) != 0) fail_setup(records);

    // Standard descriptors, the records pipe as 3, nothing else: a descriptor of another run
    // (its output pipe) held here would keep that run from seeing its end.
    int output = fcntl(request->output_fd, F_DUPFD, 10);
    int moved = fcntl(records, F_DUPFD, 10);
    int null = open("/dev/null", O_RDONLY);
    if (output < 0 || moved < 0 || null < 0) fail_setup(records);
    if (dup2(null, 0) < 0 || dup2(output, 1) < 0 || dup2(output, 2) < 0 || dup2(moved, 3) < 0) fail_setup(moved);
    records = 3;
    if (syscall(SYS_close_range, 4, ~0U, 0) != 0) {
        for (int fd = 4; fd < 65536; fd++) close(fd);
    }
    if (request->namespaces != GRADING_NAMESPACES_NONE) mount_own_proc(records);

    pid_t test = clone_like_fork(0);
    if (test < 0) fail_setup(records);
    if (test == 0) start_test(request, records);
    // The output pipe must close when the test and its descendants are done with it, not when
    // the grader kills this process: the grader waits for its end (at most 200 ms).
    close(0);
    close(1);
    close(2);

    int status = 0;
    while (1) {
        pid_t ended = waitpid(-1, &status, 0);
        if (ended == test) break;
        if (ended < 0 && errno != EINTR) break;
    }
    send_record(records, GRADING_RECORD_TEST_STATUS, status);
    // Reaps the orphans reparented here until the grader kills this process (and with it, in a
    // namespace, everything left; outside one the grader kills the tree under it).
    while (1) {
        if (waitpid(-1, &status, 0) < 0 && errno == ECHILD) pause();
    }
}

pid_t grading_spawn(const grading_spawn_request *request, int *error) {
    unsigned long flags = 0;
    if (request->namespaces == GRADING_NAMESPACES_PID) flags = CLONE_NEWPID;
    if (request->namespaces == GRADING_NAMESPACES_USER_PID) flags = CLONE_NEWUSER | CLONE_NEWPID;
    // A mount namespace for the run's own /proc (and the read-only course).
    if (flags != 0) flags |= CLONE_NEWNS;
    pid_t pid = clone_like_fork(flags);
    if (pid == 0) supervise(request);
    if (pid < 0) *error = errno;
    return pid;
}

int grading_pipe(int fds[2]) {
    return pipe2(fds, O_CLOEXEC);
}
