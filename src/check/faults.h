/* faults: teaching faults, backward passes that are wrong on purpose, so that a lesson can
 * show a gradient check catching the classic mistakes of hand-written BPTT. In src/check,
 * on nn/recurrent. Only `gradlab check rnn --broken NAME` reaches this file: the layers in
 * src/nn never call it, and the rnn it builds is rebuilt here from tape ops, so a fault
 * cannot leak into a model anyone trains. The forward pass is the true one (the numeric
 * gradient is right); only the analytic gradient is wrong. */
#ifndef GRADLAB_FAULTS_H
#define GRADLAB_FAULTS_H

#include "nn/recurrent.h"

typedef enum CheckFault {
	CHECK_FAULT_NONE,
	/* dh_{t-1} = dG W_hh^T instead of dG W_hh (row vectors; in the lesson's column form,
	 * W_hh where W_hh^T belongs). Shapes fit when W_hh is square, so only a check sees it. */
	CHECK_FAULT_TRANSPOSE_WHH,
	/* da_t = dh_t instead of dh_t * (1 - h_t^2): the derivation done with f(a) = a. */
	CHECK_FAULT_MISSING_TANH_DERIVATIVE,
	/* dW_hh = dG_T^T h_{T-1}, the last step's term only, instead of the sum over steps. */
	CHECK_FAULT_NO_ACCUMULATE_OVER_TIME,
	CHECK_FAULT_COUNT
} CheckFault;

/* "transpose_whh", ...; "none" for CHECK_FAULT_NONE. */
const char *check_fault_name(CheckFault f);
/* ST_OK and *out set, or ST_EINVAL naming the known faults. */
Status check_fault_parse(const char *name, CheckFault *out);

/* recurrent_forward for the tanh rnn (r->kind REC_RNN, r->act ACT_TANH), with fault f in
 * its backward. Same arguments and the same values as recurrent_forward; ST_EINVAL for
 * another cell or nonlinearity. */
Status check_fault_rnn_forward(Tape *t, Recurrent *r, AdNode *x, int steps, AdNode *h0,
			       CheckFault f, AdNode **h);

#endif
