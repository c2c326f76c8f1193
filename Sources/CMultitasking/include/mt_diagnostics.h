#ifndef MT_DIAGNOSTICS_H
#define MT_DIAGNOSTICS_H

// The switch the runtime's hot paths read to learn whether any diagnostic (deadlock detection,
// lock-order checking, perturbation) is on. It lives in C so that reading it is one plain load,
// with no lazy-global initialisation check: diagnostics cost nothing when they are off.

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

extern uint32_t mt_diagnostic_flags_word;

static inline uint32_t mt_diagnostic_flags(void) {
    return __atomic_load_n(&mt_diagnostic_flags_word, __ATOMIC_RELAXED);
}

static inline void mt_set_diagnostic_flags(uint32_t flags) {
    __atomic_store_n(&mt_diagnostic_flags_word, flags, __ATOMIC_RELEASE);
}

#ifdef __cplusplus
}
#endif
#endif
