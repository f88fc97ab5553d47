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

/* Cross-entropy with PyTorch's ignore_index, label_smoothing (eps) and class weights w
 * (in[1], 1 x C, optional; w = 1 without), reduction 'mean'. n->index holds the targets
 * (borrowed), n->arg[0] the ignored class value, n->scalar eps and n->ctx the row-wise
 * log-softmax (arena memory) for the backward. Over the rows whose target is not ignored,
 * with C classes and W = sum_i w[t_i] (the number of kept rows when unweighted):
 *   L = (1 - eps) * sum_i w[t_i] (-lsm_i[t_i]) / W + (eps / C) * sum_i sum_j w_j (-lsm_ij) / W,
 * PyTorch's "(1 - eps) * nll + smooth * eps / C", where both terms skip ignored rows and
 * divide by the weight of the kept targets. With eps = 0 and no weights this is the plain
 * mean of -lsm_i[t_i], computed exactly as before. */
static double cross_entropy_weight(const AdNode *n)
{
	const Mat *w = n->n_in > 1 ? &n->in[1]->value : NULL;
	double W = 0;
	for (int i = 0; i < n->in[0]->value.rows; i++)
		if (n->index[i] != n->arg[0])
			W += w ? w->data[n->index[i]] : 1.0;
	return W;
}

static void cross_entropy_forward(AdNode *n)
{
	const Mat *x = &n->in[0]->value;
	const Mat *w = n->n_in > 1 ? &n->in[1]->value : NULL;
	Mat *lsm = n->ctx;
	double eps = n->scalar;
	softmax_rows(x, lsm, 1);
	double s = 0.0, smooth = 0.0;
	for (int i = 0; i < x->rows; i++) {
		if (n->index[i] == n->arg[0])
			continue;
		/* ad_cross_entropy_weighted checked the targets; a replay reads them again. */
		GL_ASSERT(n->index[i] >= 0 && n->index[i] < x->cols,
			  "a cross-entropy target is a class index of its row or the ignored value");
		if (w)
			s -= w->data[n->index[i]] * MAT_AT(lsm, i, n->index[i]);
		else
			s -= MAT_AT(lsm, i, n->index[i]);
		if (eps != 0.0)
			for (int j = 0; j < x->cols; j++)
				smooth -= (w ? w->data[j] : 1.0) * MAT_AT(lsm, i, j);
	}
	double W = cross_entropy_weight(n);
	/* eps = 0 takes no smoothing term at all: 0 * an overflowed sum would be NaN. */
	V(n)[0] = eps == 0.0 ? s / W : (1.0 - eps) * (s / W) + (smooth / W) * (eps / x->cols);
}
/* forward: L above, and d(-lsm_ik)/dx_ij = p_ij - [j = k] with p = softmax(x_i), so for a
 * kept row, with S = sum_k w_k,
 *   dx_ij += dL * ((1 - eps) w[t_i] (p_ij - [j = t_i]) + (eps / C) (S p_ij - w_j)) / W;
 * an ignored row gets nothing. Unweighted (w = 1, S = C, W = n kept rows) that is
 *   dx_ij += dL * (p_ij - q_ij) / n,  q_ij = (1 - eps) [j = t_i] + eps / C,
 * and with eps = 0, dL * (softmax(x_i) - onehot(t_i)) / n. The weights get no gradient (PyTorch
 * gives none). */
static void cross_entropy_backward(AdNode *n)
{
	AD_ASSERT_GRAD_SHAPES(n);
	AdNode *x = n->in[0];
	if (!G(x))
		return; /* only the weights, which get no gradient, needed one */
	const Mat *w = n->n_in > 1 ? &n->in[1]->value : NULL;
	const Mat *lsm = n->ctx;
	GL_ASSERT(lsm->rows == x->value.rows && lsm->cols == x->value.cols,
		  "the saved log-softmax is shaped like the logits");
	int C = x->value.cols;
	double eps = n->scalar, off = eps / C, S = 0.0;
	for (int j = 0; w && j < C; j++)
		S += w->data[j];
	double c = G(n)[0] / cross_entropy_weight(n);
	for (int i = 0; i < x->value.rows; i++) {
		int ti = n->index[i];
		if (ti == n->arg[0])
			continue;
		for (int j = 0; j < C; j++) {
			double p = exp(MAT_AT(lsm, i, j));
			MAT_AT(&x->grad, i, j) +=
				w ? c * ((1.0 - eps) * w->data[ti] * (p - (j == ti ? 1.0 : 0.0)) +
					 off * (S * p - w->data[j]))
				  : c * (p - ((j == ti ? 1.0 - eps : 0.0) + off));
		}
	}
}

static const AdOp OP_CROSS_ENTROPY = { "cross_entropy", cross_entropy_forward,
				       cross_entropy_backward };

AdNode *ad_cross_entropy(Tape *t, AdNode *logits, const int *target)
{
	return ad_cross_entropy_weighted(t, logits, target, NULL, AD_NO_IGNORE, 0.0);
}

AdNode *ad_cross_entropy_ex(Tape *t, AdNode *logits, const int *target, int ignore_index,
			    double label_smoothing)
{
	return ad_cross_entropy_weighted(t, logits, target, NULL, ignore_index, label_smoothing);
}

AdNode *ad_cross_entropy_weighted(Tape *t, AdNode *logits, const int *target, AdNode *weight,
				  int ignore_index, double label_smoothing)
{
	char sa[AD_SHAPE_LEN], sb[AD_SHAPE_LEN];
	if (logits && !target)
		return ad_fail(t, ST_EINVAL, "cross_entropy: no target classes given");
	if (logits && !(label_smoothing >= 0.0 && label_smoothing <= 1.0))
		return ad_fail(t, ST_ERANGE, "cross_entropy: label_smoothing = %g is outside [0, 1]",
			       label_smoothing);
	if (logits && weight && (weight->value.rows != 1 || weight->value.cols != logits->value.cols))
		return ad_fail(t, ST_ESHAPE, "cross_entropy: weight must be 1x%d (one per class of the logits %s), got %s",
			       logits->value.cols, ad_shape_str(sa, &logits->value),
			       ad_shape_str(sb, &weight->value));
	int kept = 0;
	if (logits) {
		for (int i = 0; i < logits->value.rows; i++) {
			if (ignore_index != AD_NO_IGNORE && target[i] == ignore_index)
				continue;
			kept++;
			if (target[i] < 0 || target[i] >= logits->value.cols) {
				if (ignore_index == AD_NO_IGNORE)
					return ad_fail(t, ST_ERANGE,
						       "cross_entropy: target[%d] = %d is not a class index 0..%d",
						       i, target[i], logits->value.cols - 1);
				return ad_fail(t, ST_ERANGE,
					       "cross_entropy: target[%d] = %d is not a class index 0..%d nor ignore_index %d",
					       i, target[i], logits->value.cols - 1, ignore_index);
			}
		}
		/* PyTorch's mean over no rows is 0/0 = NaN, which would only surface later as a
		 * diverged run: say so here instead. */
		if (kept == 0)
			return ad_fail(t, ST_EINVAL,
				       "cross_entropy: every target is ignore_index %d, so the mean is over no rows",
				       ignore_index);
	}
	AdNode *n = ad_node_new(t, &OP_CROSS_ENTROPY, (AdNode *[]){ logits, weight }, weight ? 2 : 1, 1, 1);
	if (!n)
		return NULL;
	Mat *lsm = arena_alloc(t->arena, sizeof *lsm);
	double *data = arena_alloc(t->arena, mat_size(&logits->value) * sizeof(double));
	if (!lsm || !data)
		return ad_fail(t, ST_ENOMEM, "cross_entropy: out of memory");
	*lsm = (Mat){ logits->value.rows, logits->value.cols, data };
	n->ctx = lsm;
	n->index = target;
	n->arg[0] = ignore_index;
	n->scalar = label_smoothing;
	if (weight && !(cross_entropy_weight(n) > 0.0))
		return ad_fail(t, ST_EINVAL,
			       "cross_entropy: the weights of the kept rows' targets sum to %g; the weighted mean needs a positive sum",
			       cross_entropy_weight(n));
	cross_entropy_forward(n);
	return n;
}

/* Binary cross-entropy on logits, PyTorch's binary_cross_entropy_with_logits with reduction
 * 'mean' over all N elements: in[0] the logits x, in[1] the targets y in [0, 1] (same shape),
 * in[2] (optional) pos_weight w (1 x cols, one per column, PyTorch's broadcast over the last
 * axis). Per element, with softplus(z) = log(1 + exp(z)) and lw = 1 + (w - 1) y:
 *   l = (1 - y) x + lw softplus(-x),
 * which for w = 1 is -[y log s(x) + (1 - y) log(1 - s(x))] with s the sigmoid, computed as
 *   l = max(x, 0) - x y + log(1 + exp(-|x|)), never exp of a large positive number. */
static double softplus_neg(double x) /* log(1 + exp(-x)) */
{
	return fmax(-x, 0.0) + log1p(exp(-fabs(x)));
}

static double sigmoid_of(double x)
{
	if (x >= 0)
		return 1.0 / (1.0 + exp(-x));
	double e = exp(x);
	return e / (1.0 + e);
}

static void bce_forward(AdNode *n)
{
	const Mat *x = &n->in[0]->value, *y = &n->in[1]->value;
	const Mat *w = n->n_in > 2 ? &n->in[2]->value : NULL;
	double s = 0.0;
	for (size_t i = 0; i < mat_size(x); i++) {
		double xi = x->data[i], yi = y->data[i];
		if (!w) {
			s += fmax(xi, 0.0) - xi * yi + log1p(exp(-fabs(xi)));
		} else {
			double lw = 1.0 + (w->data[i % (size_t)x->cols] - 1.0) * yi;
			s += (1.0 - yi) * xi + lw * softplus_neg(xi);
		}
	}
	V(n)[0] = s / (double)mat_size(x);
}
/* forward: L = mean of l = (1 - y) x + lw softplus(-x) (above). softplus(-x)' = -s(-x), so
 *   dl/dx = (1 - y) - lw s(-x) = (1 - y) - lw (1 - s(x)), which for w = 1 is s(x) - y;
 *   dl/dy = -x + (w - 1) softplus(-x), which for w = 1 is -x;
 * each times dL / N. pos_weight gets no gradient (PyTorch refuses to give one). */
static void bce_backward(AdNode *n)
{
	AD_ASSERT_GRAD_SHAPES(n);
	AdNode *x = n->in[0], *y = n->in[1];
	const Mat *w = n->n_in > 2 ? &n->in[2]->value : NULL;
	GL_ASSERT(mat_size(&x->value) == mat_size(&y->value),
		  "bce_with_logits' logits and target have the same size");
	double c = G(n)[0] / (double)mat_size(&x->value);
	FOR_EACH(x, i) {
		double xi = V(x)[i], yi = V(y)[i];
		double wi = w ? w->data[i % (size_t)x->value.cols] : 1.0;
		if (G(x))
			G(x)[i] += c * (w ? (1.0 - yi) - (1.0 + (wi - 1.0) * yi) * sigmoid_of(-xi)
					  : sigmoid_of(xi) - yi);
		if (G(y))
			G(y)[i] += c * (w ? -xi + (wi - 1.0) * softplus_neg(xi) : -xi);
	}
}

static const AdOp OP_BCE_WITH_LOGITS = { "bce_with_logits", bce_forward, bce_backward };

AdNode *ad_bce_with_logits(Tape *t, AdNode *logits, AdNode *target, AdNode *pos_weight)
{
	char sa[AD_SHAPE_LEN], sb[AD_SHAPE_LEN];
	if (!logits || !target)
		return ad_node_new(t, &OP_BCE_WITH_LOGITS, (AdNode *[]){ logits, target }, 2, 1, 1);
	const Mat *x = &logits->value, *y = &target->value;
	if (x->rows != y->rows || x->cols != y->cols)
		return ad_fail(t, ST_ESHAPE, "bce_with_logits: logits %s and target %s differ",
			       ad_shape_str(sa, x), ad_shape_str(sb, y));
	for (size_t i = 0; i < mat_size(y); i++)
		if (!(y->data[i] >= 0.0 && y->data[i] <= 1.0))
			return ad_fail(t, ST_ERANGE,
				       "bce_with_logits: target[%zu][%zu] = %g is outside [0, 1]",
				       i / (size_t)y->cols, i % (size_t)y->cols, y->data[i]);
	if (pos_weight && (pos_weight->value.rows != 1 || pos_weight->value.cols != x->cols))
		return ad_fail(t, ST_ESHAPE, "bce_with_logits: pos_weight must be 1x%d (one per column of the logits %s), got %s",
			       x->cols, ad_shape_str(sa, x), ad_shape_str(sb, &pos_weight->value));
	AdNode *n = ad_node_new(t, &OP_BCE_WITH_LOGITS, (AdNode *[]){ logits, target, pos_weight },
				pos_weight ? 3 : 2, 1, 1);
	if (n)
		bce_forward(n);
	return n;
}

/* }==== */
