// Umbrella header of the runtime's C helpers. Each header holds one idea.
#include "mt_futex_lock.h"
#include "mt_thread_context.h"
#include "mt_diagnostics.h"
#include "mt_process.h"
#include "mt_process_shared.h"
