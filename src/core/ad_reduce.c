/* ad_reduce: the ops that combine along rows or over the whole input: sum and mean, softmax
 * and log_softmax along each row, and the losses mse and cross-entropy (a log-softmax and a
 * mean in one). Part of core/ad. */
#include "core/ad.h"

#include "core/ad_internal.h"
#include "core/arena.h"

#include <math.h>

/* {==== Reductions ==== */

static void sum_forward(AdNode *n)
{
	double s = 0.0;
	const Mat *a = &n->in[0]->value;
	for (size_t i = 0; i < mat_size(a); i++)
		s += a->data[i];
	V(n)[0] = n->scalar * s;
}
/* forward: y = c * sum(a) (c = 1 for sum, 1/size for mean); so da += c * dy */
static void sum_backward(AdNode *n)
{
	AD_ASSERT_GRAD_SHAPES(n);
	AD_ASSERT_INPUT_GRAD(n);
	AdNode *a = n->in[0];
	double g = n->scalar * G(n)[0];
	FOR_EACH(a, i) G(a)[i] += g;
}

static const AdOp OP_SUM = { "sum", sum_forward, sum_backward };
static const AdOp OP_MEAN = { "mean", sum_forward, sum_backward };

AdNode *ad_sum(Tape *t, AdNode *a)
{
	AdNode *n = ad_node_new(t, &OP_SUM, &a, 1, 1, 1);
	if (!n)
		return NULL;
	n->scalar = 1.0;
	sum_forward(n);
	return n;
}

AdNode *ad_mean(Tape *t, AdNode *a)
{
	AdNode *n = ad_node_new(t, &OP_MEAN, &a, 1, 1, 1);
	if (!n)
		return NULL;
	n->scalar = 1.0 / (double)mat_size(&a->value);
	sum_forward(n);
	return n;
}

/* }==== */

/* {==== Softmax ==== */

static void softmax_rows(const Mat *x, Mat *y, int take_log)
{
	for (int i = 0; i < x->rows; i++) {
		const double *xi = x->data + (size_t)i * x->cols;
		double *yi = y->data + (size_t)i * y->cols;
		double m = xi[0];
		for (int j = 1; j < x->cols; j++)
			m = xi[j] > m ? xi[j] : m;
		double s = 0.0;
		for (int j = 0; j < x->cols; j++)
			s += exp(xi[j] - m);
		/* Stay in shifted terms: m + log(s) rounds log(s) away when |m| is large (a row
		 * of 7e307s would give every entry 1), so never form it. */
		double log_s = log(s);
		for (int j = 0; j < x->cols; j++)
			yi[j] = take_log ? (xi[j] - m) - log_s : exp(xi[j] - m) / s;
	}
}

/* The backward pass of softmax_rows, row by row, for y = softmax(a) or (took_log)
 * y = log_softmax(a): each row needs one sum over dy first, then one update per entry.
 * softmax:     da_j += y_j * (dy_j - sum_k dy_k y_k)
 * log_softmax: da_j += dy_j - exp(y_j) * sum_k dy_k */
static void softmax_rows_backward(AdNode *n, int took_log)
{
	AD_ASSERT_GRAD_SHAPES(n);
	AD_ASSERT_INPUT_GRAD(n);
	const Mat *y = &n->value;
	for (int i = 0; i < y->rows; i++) {
		const double *yi = y->data + (size_t)i * y->cols;
		const double *dy = n->grad.data + (size_t)i * y->cols;
		double *da = n->in[0]->grad.data + (size_t)i * y->cols;
		double s = 0.0;
		for (int j = 0; j < y->cols; j++)
			s += took_log ? dy[j] : dy[j] * yi[j];
		for (int j = 0; j < y->cols; j++)
			da[j] += took_log ? dy[j] - exp(yi[j]) * s : yi[j] * (dy[j] - s);
	}
}

static void softmax_forward(AdNode *n)
{
	softmax_rows(&n->in[0]->value, &n->value, 0);
}
/* forward: y_j = exp(a_j) / sum_k exp(a_k) per row */
static void softmax_backward(AdNode *n)
{
	softmax_rows_backward(n, 0);
}

static void log_softmax_forward(AdNode *n)
{
	softmax_rows(&n->in[0]->value, &n->value, 1);
}
/* forward: y_j = a_j - log sum_k exp(a_k) per row */
static void log_softmax_backward(AdNode *n)
{
	softmax_rows_backward(n, 1);
}

static const AdOp OP_SOFTMAX = { "softmax", softmax_forward, softmax_backward };
static const AdOp OP_LOG_SOFTMAX = { "log_softmax", log_softmax_forward, log_softmax_backward };

AdNode *ad_softmax(Tape *t, AdNode *a) { return ad_unary_new(t, &OP_SOFTMAX, a, 0); }
AdNode *ad_log_softmax(Tape *t, AdNode *a) { return ad_unary_new(t, &OP_LOG_SOFTMAX, a, 0); }

/* }==== */

/* {==== Losses ==== */

static void mse_forward(AdNode *n)
{
	const Mat *p = &n->in[0]->value, *y = &n->in[1]->value;
	double s = 0.0;
	for (size_t i = 0; i < mat_size(p); i++)
		s += (p->data[i] - y->data[i]) * (p->data[i] - y->data[i]);
	V(n)[0] = s / (double)mat_size(p);
}
/* forward: L = mean((p - y)^2); so dp += dL * 2 (p - y) / size, dy -= the same */
static void mse_backward(AdNode *n)
{
	AD_ASSERT_GRAD_SHAPES(n);
	AdNode *p = n->in[0], *y = n->in[1];
	GL_ASSERT(mat_size(&p->value) == mat_size(&y->value),
		  "mse's prediction and target have the same size");
	double c = 2.0 * G(n)[0] / (double)mat_size(&p->value);
	FOR_EACH(p, i) {
		double d = c * (V(p)[i] - V(y)[i]);
		if (G(p))
			G(p)[i] += d;
		if (G(y))
			G(y)[i] -= d;
	}
}

static const AdOp OP_MSE = { "mse", mse_forward, mse_backward };

AdNode *ad_mse(Tape *t, AdNode *pred, AdNode *target)
{
	char sa[AD_SHAPE_LEN], sb[AD_SHAPE_LEN];
	if (pred && target &&
	    (pred->value.rows != target->value.rows || pred->value.cols != target->value.cols))
		return ad_fail(t, ST_ESHAPE, "mse: prediction %s and target %s differ",
			       ad_shape_str(sa, &pred->value), ad_shape_str(sb, &target->value));
	AdNode *n = ad_node_new(t, &OP_MSE, (AdNode *[]){ pred, target }, 2, 1, 1);
	if (n)
		mse_forward(n);
	return n;
}

/* The row-wise log-softmax is kept in n->ctx (arena memory) for the backward. */
static void cross_entropy_forward(AdNode *n)
{
	const Mat *x = &n->in[0]->value;
	Mat *lsm = n->ctx;
	softmax_rows(x, lsm, 1);
	double s = 0.0;
	for (int i = 0; i < x->rows; i++) {
		/* ad_cross_entropy checked the targets; a replay reads them again. */
		GL_ASSERT(n->index[i] >= 0 && n->index[i] < x->cols,
			  "a cross-entropy target is a class index of its row");
		s -= MAT_AT(lsm, i, n->index[i]);
	}
	V(n)[0] = s / x->rows;
}
/* forward: L = -mean_i log softmax(x_i)[t_i]; so dx_i += dL * (softmax(x_i) - onehot(t_i)) / N */
static void cross_entropy_backward(AdNode *n)
{
	AD_ASSERT_GRAD_SHAPES(n);
	AD_ASSERT_INPUT_GRAD(n);
	AdNode *x = n->in[0];
	const Mat *lsm = n->ctx;
	GL_ASSERT(lsm->rows == x->value.rows && lsm->cols == x->value.cols,
		  "the saved log-softmax is shaped like the logits");
	double c = G(n)[0] / x->value.rows;
	for (int i = 0; i < x->value.rows; i++)
		for (int j = 0; j < x->value.cols; j++)
			MAT_AT(&x->grad, i, j) +=
				c * (exp(MAT_AT(lsm, i, j)) - (j == n->index[i] ? 1.0 : 0.0));
}

static const AdOp OP_CROSS_ENTROPY = { "cross_entropy", cross_entropy_forward,
				       cross_entropy_backward };

AdNode *ad_cross_entropy(Tape *t, AdNode *logits, const int *target)
{
	if (logits && !target)
		return ad_fail(t, ST_EINVAL, "cross_entropy: no target classes given");
	if (logits)
		for (int i = 0; i < logits->value.rows; i++)
			if (target[i] < 0 || target[i] >= logits->value.cols)
				return ad_fail(t, ST_ERANGE,
					       "cross_entropy: target[%d] = %d is not a class index 0..%d",
					       i, target[i], logits->value.cols - 1);
	AdNode *n = ad_node_new(t, &OP_CROSS_ENTROPY, &logits, 1, 1, 1);
	if (!n)
		return NULL;
	Mat *lsm = arena_alloc(t->arena, sizeof *lsm);
	double *data = arena_alloc(t->arena, mat_size(&logits->value) * sizeof(double));
	if (!lsm || !data)
		return ad_fail(t, ST_ENOMEM, "cross_entropy: out of memory");
	*lsm = (Mat){ logits->value.rows, logits->value.cols, data };
	n->ctx = lsm;
	n->index = target;
	cross_entropy_forward(n);
	return n;
}

/* }==== */
