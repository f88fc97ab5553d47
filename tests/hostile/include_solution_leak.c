/* An attack on the boundary, armed by tests/grade_hostile.sh: it includes a reference
 * solution (any path that reaches one) in a way that cannot compile, so that the compiler's
 * error messages, which the report shows, quote the solution's lines.
 * exercise: rnn_step
 * expect: wrong values
 * must not: show any line of the solution in a report
 */
/* @ARM@ */
#define _GNU_SOURCE
#include "gradlab_exercise.h"

#include <math.h>

#ifdef GRADLAB_ATTACK_ARMED
/* Every line of the solution that uses these becomes an error that quotes it. */
#define double @
#define for @
#define tanh @
#if __has_include("@REPO_SOL@/04_rnn_step.c")
#include "@REPO_SOL@/04_rnn_step.c"
#elif __has_include("@WORK_SOL@/04_rnn_step.c")
#include "@WORK_SOL@/04_rnn_step.c"
#elif __has_include("@SHARE_SOL@/04_rnn_step.c")
#include "@SHARE_SOL@/04_rnn_step.c"
#elif __has_include("../../solutions/04_rnn_step.c")
#include "../../solutions/04_rnn_step.c"
#endif
#undef double
#undef for
#undef tanh
#endif

void rnn_step_forward(double *h_next, const double *x, const double *h_prev, const double *W_ih,
		      const double *W_hh, const double *b_ih, const double *b_hh, int B, int I,
		      int H)
{
}

void rnn_step_backward(double *dx, double *dh_prev, double *dW_ih, double *dW_hh, double *db_ih,
		       double *db_hh, const double *dh_next, const double *x,
		       const double *h_prev, const double *h_next, const double *W_ih,
		       const double *W_hh, int B, int I, int H)
{
}
