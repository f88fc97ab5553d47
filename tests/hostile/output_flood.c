/* A hostile submission, for the grader to survive: it floods standard output (far beyond the cap) and
 * computes nothing.
 * exercise: rnn_step
 * expect: wrong values
 */
#include "gradlab_exercise.h"

#include <stdio.h>

void rnn_step_forward(double *h_next, const double *x, const double *h_prev, const double *W_ih,
		      const double *W_hh, const double *b_ih, const double *b_hh, int B, int I,
		      int H)
{
	for (int i = 0; i < 200000; i++)
		printf("PASS PASS PASS PASS PASS PASS PASS PASS PASS PASS %d\\n", i);
}

void rnn_step_backward(double *dx, double *dh_prev, double *dW_ih, double *dW_hh, double *db_ih,
		       double *db_hh, const double *dh_next, const double *x,
		       const double *h_prev, const double *h_next, const double *W_ih,
		       const double *W_hh, int B, int I, int H)
{
}
