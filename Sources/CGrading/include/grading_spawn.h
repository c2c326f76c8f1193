#ifndef GRADING_SPAWN_H
#define GRADING_SPAWN_H

// Starts a test process inside a supervisor: the C that must run between fork and exec, where a
// multi-threaded Swift program may call only async-signal-safe functions.
//
// The grader's child is the supervisor; the supervisor's child runs the test program. When the
// kernel allows, the supervisor is the first process (init) of a new PID namespace: when it dies,
// the kernel kills every other process of the namespace, whatever they did (setsid, double fork,
// exec with an empty environment), and it dies itself when the grader dies (PR_SET_PDEATHSIG).
// Without a namespace it is a subreaper (PR_SET_CHILD_SUBREAPER), so every orphan of the test is
// reparented to it and stays in the tree the grader kills.
//
// The supervisor reports on the records pipe: that it started, the test's pid as the grader sees
// it, and the test's wait status when it ends; then it waits to be killed by the grader. In a
// namespace the run has a mount namespace too, with a /proc of its own PID namespace (the pids
// the test knows name its processes there) and the course read-only.

#include <stdint.h>
#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

enum {
    GRADING_NAMESPACES_NONE = 0,
    /// A new PID namespace (needs CAP_SYS_ADMIN: root).
    GRADING_NAMESPACES_PID = 1,
    /// A new user namespace (mapping only the caller's uid and gid) and a PID namespace in it:
    /// what an ordinary user can have where unprivileged user namespaces are allowed.
    GRADING_NAMESPACES_USER_PID = 2,
};

enum {
    GRADING_RECORD_STARTED = 1,
    /// value: the test's pid in the grader's PID namespace.
    GRADING_RECORD_TEST_PID = 2,
    /// value: the test's wait status.
    GRADING_RECORD_TEST_STATUS = 3,
    /// value: errno of the failed execve.
    GRADING_RECORD_EXEC_FAILED = 4,
    /// value: errno of a failed set-up step (joining a cgroup, a limit, the working directory).
    GRADING_RECORD_SETUP_FAILED = 5,
    /// value: errno of a step the namespaces need that the kernel refused (mounting the run's
    /// /proc): the grader runs the test again without namespaces.
    GRADING_RECORD_NAMESPACES_REFUSED = 6,
};

typedef struct {
    int32_t kind;
    int32_t value;
} grading_record;

typedef struct {
    /// The program, started with execve (a path: no PATH search).
    const char *path;
    char *const *argv;
    char *const *envp;
    const char *directory;
    /// Becomes the test's standard output and error (standard input is /dev/null).
    int output_fd;
    /// The write end of the records pipe.
    int records_fd;
    /// `cgroup.procs` files the supervisor joins (writing "0") before it starts the test.
    const int *cgroup_fds;
    int cgroup_count;
    /// Resource limits (`RLIMIT_*`, value) set on the supervisor, inherited by the test.
    const int *limit_resources;
    const int64_t *limit_values;
    int limit_count;
    int namespaces;
    /// For GRADING_NAMESPACES_USER_PID: the ids mapped to themselves.
    uint32_t uid;
    uint32_t gid;
    /// With namespaces: a folder the test sees read-only (in a mount namespace of the run's
    /// own), but for `writable_folder` inside it; NULL for none.
    const char *read_only_folder;
    const char *writable_folder;
} grading_spawn_request;

/// pipe2(fds, O_CLOEXEC): both ends closed on exec from their creation, so a program another
/// thread starts meanwhile cannot inherit them (Swift's Glibc shows pipe2 only with _GNU_SOURCE).
int grading_pipe(int fds[2]);

/// Starts the supervisor; its pid, or -1 with `*error` set (EPERM, EINVAL or ENOSPC when the
/// namespaces asked for are not allowed: ask again with fewer).
pid_t grading_spawn(const grading_spawn_request *request, int *error);

#ifdef __cplusplus
}
#endif

#endif
