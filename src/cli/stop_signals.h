/* stop_signals: SIGINT, SIGTERM and SIGHUP turned into a flag that long commands (grade,
 * watch) poll, so that they stop their children, remove their temporary files and exit
 * with 128 + the signal. In src/cli; the grader reads the flag through
 * RunnerOptions.cancel. */
#ifndef GRADLAB_STOP_SIGNALS_H
#define GRADLAB_STOP_SIGNALS_H

#include <signal.h>

#define STOP_SIGNALS_N 3

/* The signal that asked to stop, 0 while none has. */
extern volatile sig_atomic_t stop_signal;

/* Catch the stop signals (clearing stop_signal), except one that was ignored when gradlab
 * started (nohup, a background job of a shell without job control): that one stays
 * ignored. old receives what to restore. */
void stop_signals_catch(struct sigaction old[STOP_SIGNALS_N]);
void stop_signals_restore(const struct sigaction old[STOP_SIGNALS_N]);

#endif
