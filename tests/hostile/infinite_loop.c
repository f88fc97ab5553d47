/* A hostile submission, for the grader to survive: an infinite loop: stopped at the time limit.
 * exercise: rnn_step
 * expect: timed out
 */
#include "gradlab_exercise.h"

void rnn_step_forward(double *h_next, const double *x, const double *h_prev, const double *W_ih,
		      const double *W_hh, const double *b_ih, const double *b_hh, int B, int I,
		      int H)
{
	volatile double s = 0;
	for (;;)
		s += h_prev[0];
}

void rnn_step_backward(double *dx, double *dh_prev, double *dW_ih, double *dW_hh, double *db_ih,
		       double *db_hh, const double *dh_next, const double *x,
		       const double *h_prev, const double *h_next, const double *W_ih,
		       const double *W_hh, int B, int I, int H)
{
}
