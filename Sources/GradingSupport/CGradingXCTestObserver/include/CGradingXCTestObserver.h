// Nothing to call: the constructor in observer_constructor.c does the work at load time.
// The header exists because SwiftPM needs a public header for a C target.
void grading_xctest_observer_linked(void);
