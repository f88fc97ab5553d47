/* seqloss: losses over a sequence of per-step outputs, built on the tape. In src/nn, on top
 * of core/ad; used with the recurrent layers. Each step's loss is the core loss of that step
 * (mse: mean over the step's elements; cross-entropy: mean over the step's B rows); the
 * sequence loss adds them over the steps, averages them, or takes the last step only
 * (a sequence-to-one task, where only h_T is scored). */
#ifndef GRADLAB_SEQLOSS_H
#define GRADLAB_SEQLOSS_H

#include "core/ad.h"

typedef enum SeqReduce {
	SEQ_SUM,   /* L = sum_t L_t */
	SEQ_MEAN,  /* L = (1/T) sum_t L_t */
	SEQ_LAST,  /* L = L_T: the steps before T get gradient only through the recurrence */
} SeqReduce;

/* ST_OK and *out set, or ST_EINVAL naming the known reductions ("sum", "mean", "last"). */
Status seqloss_reduce_parse(const char *name, SeqReduce *out);
const char *seqloss_reduce_name(SeqReduce r);

/* pred[t] and target[t] are (B, D) nodes for t = 0 .. steps-1; L_t = mse(pred[t], target[t]).
 * step_loss, when not NULL, receives the T per-step 1x1 nodes (with SEQ_LAST only the
 * last is built; the others are set to NULL). NULL with the tape's error on a wrong shape. */
AdNode *seqloss_mse(Tape *t, AdNode *const *pred, AdNode *const *target, int steps,
		    SeqReduce reduce, AdNode **step_loss);

/* logits[t] is (B, C); target holds steps*B class indices, step t's in target[t*B ..
 * t*B+B-1] (borrowed for the pass); L_t = cross_entropy(logits[t], that slice). */
AdNode *seqloss_cross_entropy(Tape *t, AdNode *const *logits, const int *target, int steps,
			      SeqReduce reduce, AdNode **step_loss);

/* L_t = sum(y[t] .* R_t), with R (T*B, D) a constant upstream gradient whose rows t*B ..
 * t*B+B-1 weight step t (borrowed for the pass): so dL/dy_t = R_t exactly. A gradient check
 * through a random R exercises every entry of the Jacobian; the lab uses it to put a
 * chosen gradient on chosen steps. */
AdNode *seqloss_dot(Tape *t, AdNode *const *y, const Mat *R, int steps, SeqReduce reduce,
		    AdNode **step_loss);

#endif
