#include "mt_diagnostics.h"

uint32_t mt_diagnostic_flags_word;
