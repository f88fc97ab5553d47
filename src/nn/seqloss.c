/* seqloss: a per-step loss node for each scored step, then their sum, mean or the last. */
#include "nn/seqloss.h"

#include <string.h>

static const char *const reduce_names[] = { "sum", "mean", "last" };

Status seqloss_reduce_parse(const char *name, SeqReduce *out)
{
	int r;
	Status st = status_name_index("sequence reduction", reduce_names,
				      (int)(sizeof reduce_names / sizeof reduce_names[0]), name, &r);
	if (st == ST_OK)
		*out = (SeqReduce)r;
	return st;
}

const char *seqloss_reduce_name(SeqReduce r)
{
	return r >= SEQ_SUM && r <= SEQ_LAST ? reduce_names[r] : "?";
}

/* What every sequence loss checks first; NULL-safe, so a failed forward passes through. */
static int bad_call(Tape *t, const char *name, const void *inputs, int steps,
		    SeqReduce reduce)
{
	if (ad_tape_status(t) != ST_OK)
		return 1;
	if (!inputs || steps < 1) {
		ad_fail(t, ST_EINVAL, "%s: need at least one step, got %d", name, steps);
		return 1;
	}
	if (reduce < SEQ_SUM || reduce > SEQ_LAST) {
		ad_fail(t, ST_EINVAL, "%s: unknown reduction %d", name, (int)reduce);
		return 1;
	}
	return 0;
}

typedef AdNode *(*StepLoss)(Tape *t, int s, const void *a, const void *b);

/* L = sum_t L_t, (1/T) sum_t L_t, or L_T alone, adding each step's loss as it is built. */
static AdNode *sequence_loss(Tape *t, const char *name, StepLoss step_loss_fn, const void *a,
			     const void *b, int steps, SeqReduce reduce, AdNode **step_loss)
{
	if (step_loss && steps > 0)
		for (int s = 0; s < steps; s++)
			step_loss[s] = NULL;
	if (bad_call(t, name, a, steps, reduce))
		return NULL;
	int first = reduce == SEQ_LAST ? steps - 1 : 0;
	AdNode *total = NULL;
	for (int s = first; s < steps; s++) {
		AdNode *l = step_loss_fn(t, s, a, b);
		if (step_loss)
			step_loss[s] = l;
		total = s == first ? l : ad_add(t, total, l);
	}
	if (reduce == SEQ_MEAN && steps > 1)
		total = ad_scale(t, total, 1.0 / steps);
	return total;
}

/* {==== Mean squared error ==== */

static AdNode *mse_step(Tape *t, int s, const void *a, const void *b)
{
	AdNode *const *pred = a, *const *target = b;
	if (!target)
		return ad_fail(t, ST_EINVAL, "seqloss_mse: no targets given");
	return ad_mse(t, pred[s], target[s]);
}

AdNode *seqloss_mse(Tape *t, AdNode *const *pred, AdNode *const *target, int steps,
		    SeqReduce reduce, AdNode **step_loss)
{
	return sequence_loss(t, "seqloss_mse", mse_step, pred, target, steps, reduce, step_loss);
}

/* }==== */

/* {==== Cross-entropy ==== */

static AdNode *cross_entropy_step(Tape *t, int s, const void *a, const void *b)
{
	AdNode *const *logits = a;
	const int *target = b;
	if (!target)
		return ad_fail(t, ST_EINVAL, "seqloss_cross_entropy: no target classes given");
	if (!logits[s] || !logits[0])
		return ad_fail(t, ST_EINVAL, "seqloss_cross_entropy: logits[%d] is missing", s);
	int B = logits[0]->value.rows;
	if (logits[s]->value.rows != B)
		return ad_fail(t, ST_ESHAPE, "seqloss_cross_entropy: logits[%d] has %d rows, logits[0] has %d; every step needs the same batch",
			       s, logits[s]->value.rows, B);
	return ad_cross_entropy(t, logits[s], target + (size_t)s * B);
}

AdNode *seqloss_cross_entropy(Tape *t, AdNode *const *logits, const int *target, int steps,
			      SeqReduce reduce, AdNode **step_loss)
{
	return sequence_loss(t, "seqloss_cross_entropy", cross_entropy_step, logits, target,
			     steps, reduce, step_loss);
}

/* }==== */

/* {==== Weighted sum (a vector-Jacobian product) ==== */

typedef struct DotArgs {
	const Mat *R;
	int steps;
} DotArgs;

static AdNode *dot_step(Tape *t, int s, const void *a, const void *b)
{
	AdNode *const *y = a;
	const DotArgs *d = b;
	if (!y[s])
		return ad_fail(t, ST_EINVAL, "seqloss_dot: y[%d] is missing", s);
	int B = y[s]->value.rows, D = y[s]->value.cols;
	if (!d->R || !d->R->data || d->R->cols != D || d->R->rows != d->steps * B)
		return ad_fail(t, ST_ESHAPE, "seqloss_dot: R must be %dx%d (T*B x D) for %d steps of %dx%d, got %dx%d",
			       d->steps * B, D, d->steps, B, D, d->R ? d->R->rows : 0,
			       d->R ? d->R->cols : 0);
	/* A view of step s's rows of R: ad_const copies the Mat header, R keeps the data. */
	Mat R_s = { B, D, d->R->data + (size_t)s * B * D };
	return ad_sum(t, ad_mul(t, y[s], ad_const(t, &R_s)));
}

AdNode *seqloss_dot(Tape *t, AdNode *const *y, const Mat *R, int steps, SeqReduce reduce,
		    AdNode **step_loss)
{
	DotArgs d = { R, steps };
	return sequence_loss(t, "seqloss_dot", dot_step, y, &d, steps, reduce, step_loss);
}

/* }==== */
