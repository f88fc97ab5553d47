/* A hostile submission, for the grader to survive: it prints the lines a passing run would show, and computes nothing.
 * exercise: rnn_step
 * expect: wrong values
 */
#include "gradlab_exercise.h"

#include <stdio.h>

void rnn_step_forward(double *h_next, const double *x, const double *h_prev, const double *W_ih,
		      const double *W_hh, const double *b_ih, const double *b_hh, int B, int I,
		      int H)
{
	printf("  ok    rnn_step_forward         5/5\\n  ok    rnn_step_backward        5/5\\n");
	printf("ok 1 - rnn_step: rnn_step_forward\\n10/10 points, 1 of 1 exercise passes\\n");
	fflush(stdout);
}

void rnn_step_backward(double *dx, double *dh_prev, double *dW_ih, double *dW_hh, double *db_ih,
		       double *db_hh, const double *dh_next, const double *x,
		       const double *h_prev, const double *h_next, const double *W_ih,
		       const double *W_hh, int B, int I, int H)
{
}
