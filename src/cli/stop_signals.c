/* stop_signals: the stop flag of grade and watch; see stop_signals.h. Worker processes
 * inherit the handler, so a Ctrl-C that reaches the whole process group stops them the same
 * way. The handler only stores the signal: all the work happens where the flag is read. */
#include "cli/stop_signals.h"

#include <string.h>

volatile sig_atomic_t stop_signal;

static const int signals[STOP_SIGNALS_N] = { SIGINT, SIGTERM, SIGHUP };

static void on_stop_signal(int sig)
{
	stop_signal = sig;
}

void stop_signals_catch(struct sigaction old[STOP_SIGNALS_N])
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_stop_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART;
	stop_signal = 0;
	for (int i = 0; i < STOP_SIGNALS_N; i++) {
		sigaction(signals[i], NULL, &old[i]);
		if (old[i].sa_handler != SIG_IGN)
			sigaction(signals[i], &sa, NULL);
	}
}

void stop_signals_restore(const struct sigaction old[STOP_SIGNALS_N])
{
	for (int i = 0; i < STOP_SIGNALS_N; i++)
		sigaction(signals[i], &old[i], NULL);
}
