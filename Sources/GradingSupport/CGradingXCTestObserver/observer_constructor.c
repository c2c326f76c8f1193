// Why a C constructor: XCTest on Linux has no principal class or bundle hook, and the hidden
// suites should not have to call anything. A load-time constructor in the test binary registers
// the grader's observer before XCTMain runs. The Swift side checks the environment and does
// nothing unless the grader asked for an event stream.
#include "CGradingXCTestObserver.h"

extern void grading_register_xctest_observer(void);

__attribute__((constructor)) static void grading_xctest_observer_init(void) {
    grading_register_xctest_observer();
}

void grading_xctest_observer_linked(void) {}
