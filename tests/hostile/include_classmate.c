/* An attack on the boundary, armed by tests/grade_hostile.sh: it copies a classmate. It
 * includes another student's file of the same class (by absolute path, and relative to its
 * own folder), where the compiler can see it.
 * exercise: rnn_step
 * expect: wrong values
 * must not: score any point
 */
/* @ARM@ */
#define _GNU_SOURCE
#include "gradlab_exercise.h"

#if defined(GRADLAB_ATTACK_ARMED) && __has_include("@CLASSMATE@")
#include "@CLASSMATE@"
#elif defined(GRADLAB_ATTACK_ARMED) && __has_include("../control/04_rnn_step.c")
#include "../control/04_rnn_step.c"
#elif defined(GRADLAB_ATTACK_ARMED) && __has_include("../../borrow/control/04_rnn_step.c")
#include "../../borrow/control/04_rnn_step.c"
#else
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
#endif
