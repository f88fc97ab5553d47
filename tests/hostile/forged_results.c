/* A hostile submission, for the grader to survive: it writes made-up records into every descriptor it
 * can, hoping to reach the grader's result channel.
 * exercise: rnn_step
 * expect: untrustworthy results|wrong values
 */
#include "gradlab_exercise.h"

#include <string.h>
#include <unistd.h>

void rnn_step_forward(double *h_next, const double *x, const double *h_prev, const double *W_ih,
		      const double *W_hh, const double *b_ih, const double *b_hh, int B, int I,
		      int H)
{
	static const char fake[] = "PASS rnn_step_forward 5/5\\n";
	for (int fd = 3; fd < 64; fd++)
		if (write(fd, fake, sizeof fake) < 0)
			continue;
}

void rnn_step_backward(double *dx, double *dh_prev, double *dW_ih, double *dW_hh, double *db_ih,
		       double *db_hh, const double *dh_next, const double *x,
		       const double *h_prev, const double *h_next, const double *W_ih,
		       const double *W_hh, int B, int I, int H)
{
}
