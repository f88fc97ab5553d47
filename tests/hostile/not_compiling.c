/* A hostile submission, for the grader to survive: code that does not compile; the compiler's first errors must be shown.
 * exercise: rnn_step
 * expect: does not compile
 */
#include "gradlab_exercise.h"

void rnn_step_forward(double *h_next, const double *x, const double *h_prev, const double *W_ih,
		      const double *W_hh, const double *b_ih, const double *b_hh, int B, int I,
		      int H)
{
	h_next[0] = undeclared_variable + ;
}
