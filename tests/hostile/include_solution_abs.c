/* An attack on the boundary, armed by tests/grade_hostile.sh: it borrows the answer by
 * including a reference solution by absolute path (the repository's solutions folder, a copy
 * of it, the installed share folder), where the compiler can see it.
 * exercise: rnn_step
 * expect: wrong values
 * must not: score any point, or show the solution's text in a report
 */
/* @ARM@ */
#define _GNU_SOURCE
#include "gradlab_exercise.h"

#if defined(GRADLAB_ATTACK_ARMED) && __has_include("@REPO_SOL@/04_rnn_step.c")
#include "@REPO_SOL@/04_rnn_step.c"
#elif defined(GRADLAB_ATTACK_ARMED) && __has_include("@WORK_SOL@/04_rnn_step.c")
#include "@WORK_SOL@/04_rnn_step.c"
#elif defined(GRADLAB_ATTACK_ARMED) && __has_include("@SHARE_SOL@/04_rnn_step.c")
#include "@SHARE_SOL@/04_rnn_step.c"
#elif defined(GRADLAB_ATTACK_ARMED) && __has_include("/usr/local/share/gradlab/solutions/04_rnn_step.c")
#include "/usr/local/share/gradlab/solutions/04_rnn_step.c"
#elif defined(GRADLAB_ATTACK_ARMED) && __has_include("/usr/share/gradlab/solutions/04_rnn_step.c")
#include "/usr/share/gradlab/solutions/04_rnn_step.c"
#else
/* Nothing to borrow: computes nothing. */
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
