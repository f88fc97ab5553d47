/* A hostile submission, for the grader to survive: a fork bomb. Every process forks forever.
 * exercise: rnn_step
 * expect: timed out|crashed
 */
#include "gradlab_exercise.h"

#include <unistd.h>

void rnn_step_forward(double *h_next, const double *x, const double *h_prev, const double *W_ih,
		      const double *W_hh, const double *b_ih, const double *b_hh, int B, int I,
		      int H)
{
	for (;;)
		fork();
}

void rnn_step_backward(double *dx, double *dh_prev, double *dW_ih, double *dW_hh, double *db_ih,
		       double *db_hh, const double *dh_next, const double *x,
		       const double *h_prev, const double *h_next, const double *W_ih,
		       const double *W_hh, int B, int I, int H)
{
}
