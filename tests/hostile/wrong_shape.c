/* A hostile submission, for the grader to survive: a wrong shape: it writes H+2 values per row, past the end of h_next.
 * exercise: rnn_step
 * expect: wrote outside an array
 */
#include "gradlab_exercise.h"

#include <math.h>

void rnn_step_forward(double *h_next, const double *x, const double *h_prev, const double *W_ih,
		      const double *W_hh, const double *b_ih, const double *b_hh, int B, int I,
		      int H)
{
	for (int b = 0; b < B; b++)
		for (int j = 0; j < H + 2; j++)
			h_next[b * (H + 2) + j] = tanh(b_ih[0]);
}

void rnn_step_backward(double *dx, double *dh_prev, double *dW_ih, double *dW_hh, double *db_ih,
		       double *db_hh, const double *dh_next, const double *x,
		       const double *h_prev, const double *h_next, const double *W_ih,
		       const double *W_hh, int B, int I, int H)
{
}
