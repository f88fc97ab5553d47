/* A hostile submission, for the grader to survive: it allocates 64 MiB after 64 MiB and writes
 * into each block, without checking what malloc returned.
 * exercise: rnn_step
 * expect: crashed|exited early
 */
#include "gradlab_exercise.h"

#include <stdlib.h>

void rnn_step_forward(double *h_next, const double *x, const double *h_prev, const double *W_ih,
		      const double *W_hh, const double *b_ih, const double *b_hh, int B, int I,
		      int H)
{
	for (int i = 0; i < 1024; i++) {
		volatile char *block = malloc((size_t)1 << 26);
		for (size_t k = 0; k < ((size_t)1 << 26); k += 4096)
			block[k] = (char)k;
	}
	h_next[0] = x[0];
}

void rnn_step_backward(double *dx, double *dh_prev, double *dW_ih, double *dW_hh, double *db_ih,
		       double *db_hh, const double *dh_next, const double *x,
		       const double *h_prev, const double *h_next, const double *W_ih,
		       const double *W_hh, int B, int I, int H)
{
}
