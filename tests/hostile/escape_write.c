/* A hostile submission, for the grader to survive: it writes files outside its working folder (the
 * folder above it, /tmp, and the grader's own folder).
 * exercise: rnn_step
 * expect: wrote outside its folder|wrong values
 */
#include "gradlab_exercise.h"

#include <stdio.h>
#include <stdlib.h>

void rnn_step_forward(double *h_next, const double *x, const double *h_prev, const double *W_ih,
		      const double *W_hh, const double *b_ih, const double *b_hh, int B, int I,
		      int H)
{
	const char *paths[] = { "../gradlab-hostile-escape.txt", "/tmp/gradlab-hostile-escape.txt",
				"/var/tmp/gradlab-hostile-escape.txt", "/dev/shm/gradlab-hostile-escape.txt" };
	char grader[4096];
	const char *pwd = getenv("PWD");
	snprintf(grader, sizeof grader, "%s/gradlab-hostile-escape.txt", pwd ? pwd : ".");
	for (int i = 0; i < 5; i++) {
		FILE *f = fopen(i < 4 ? paths[i] : grader, "w");
		if (f) {
			fputs("escaped\\n", f);
			fclose(f);
		}
	}
}

void rnn_step_backward(double *dx, double *dh_prev, double *dW_ih, double *dW_hh, double *db_ih,
		       double *db_hh, const double *dh_next, const double *x,
		       const double *h_prev, const double *h_next, const double *W_ih,
		       const double *W_hh, int B, int I, int H)
{
}
