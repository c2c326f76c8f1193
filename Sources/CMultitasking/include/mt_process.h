#ifndef MT_PROCESS_H
#define MT_PROCESS_H

// C helpers of the process half of the runtime (fork, spawn, shared memory, robust mutexes).

#ifdef __cplusplus
extern "C" {
#endif

#ifdef __cplusplus
}
#endif
#endif
