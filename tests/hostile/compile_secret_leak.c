/* An attack on the boundary, armed by tests/grade_hostile.sh: at compile time it includes a
 * private file of the grader's user (mode 600), the key in its $HOME/.ssh, /etc/shadow, the environment
 * of the first processes (/proc/1, /proc/2), which cannot compile, so that the compiler's
 * error messages quote them in the report.
 * exercise: rnn_step
 * expect: wrong values
 * must not: show a secret in any report format
 */
/* @ARM@ */
#define _GNU_SOURCE
#include "gradlab_exercise.h"

#ifdef GRADLAB_ATTACK_ARMED
#if __has_include("@SECRET_FILE@")
#include "@SECRET_FILE@"
#endif
#if __has_include("@HOME@/.ssh/id_gradlab")
#include "@HOME@/.ssh/id_gradlab"
#endif
#if __has_include("/etc/shadow")
#include "/etc/shadow"
#endif
/* the first processes of a fresh pid namespace: a copy of the grader, forked, still holds
 * its environment */
#if __has_include("/proc/1/environ")
#include "/proc/1/environ"
#endif
#if __has_include("/proc/2/environ")
#include "/proc/2/environ"
#endif
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
