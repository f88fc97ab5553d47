/* An attack on the boundary, armed by tests/grade_hostile.sh: it borrows the answer by
 * including a reference solution by a relative path, from the student's folder, from the
 * grader's private copy, or from the compiler's working folder.
 * exercise: rnn_step
 * expect: wrong values
 * must not: score any point, or show the solution's text in a report
 */
/* @ARM@ */
#define _GNU_SOURCE
#include "gradlab_exercise.h"

#if defined(GRADLAB_ATTACK_ARMED) && __has_include("../../solutions/04_rnn_step.c")
#include "../../solutions/04_rnn_step.c"
#elif defined(GRADLAB_ATTACK_ARMED) && __has_include("../solutions/04_rnn_step.c")
#include "../solutions/04_rnn_step.c"
#elif defined(GRADLAB_ATTACK_ARMED) && __has_include("../../../solutions/04_rnn_step.c")
#include "../../../solutions/04_rnn_step.c"
#elif defined(GRADLAB_ATTACK_ARMED) && __has_include("solutions/04_rnn_step.c")
#include "solutions/04_rnn_step.c"
#elif defined(GRADLAB_ATTACK_ARMED) && __has_include("../../share/gradlab/solutions/04_rnn_step.c")
#include "../../share/gradlab/solutions/04_rnn_step.c"
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
