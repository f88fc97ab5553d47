/* ad_layers: the fused ops of the normalisation, dropout and embedding layers (src/nn's
 * norm.c, dropout.c and embedding.c put them on a tape). Each is one node with a backward of
 * its own, as the frameworks write them, instead of a chain of primitives: a layer norm of
 * sums, squares and divisions would keep a dozen temporaries and round differently from
 * PyTorch. What a backward needs from its forward (a row's mean and 1/std) is kept in the
 * tape's arena beside the node, so a replay recomputes it. Part of core/ad. */
#include "core/ad.h"

#include "core/ad_internal.h"
#include "core/arena.h"

#include <math.h>

/* Per-group statistics a norm's backward reads: mean and rstd = 1/sqrt(var + eps). */
typedef struct NormSaved {
	double *mean, *rstd;
	int groups;
} NormSaved;

static NormSaved *saved_new(Tape *t, AdNode *n, int groups)
{
	NormSaved *s = arena_alloc(t->arena, sizeof *s);
	double *buf = arena_alloc(t->arena, 2 * (size_t)groups * sizeof(double));
	if (!s || !buf)
		return (NormSaved *)ad_fail(t, ST_ENOMEM, "%s: out of memory for its statistics",
					    n->op->name);
	*s = (NormSaved){ buf, buf + groups, groups };
	n->ctx = s;
	return s;
}

/* {==== Layer norm ==== */

/* The inputs are x, then weight when present, then bias when present. */
static AdNode *ln_weight(const AdNode *n)
{
	return (n->arg[2] & 1) ? n->in[1] : NULL;
}

static AdNode *ln_bias(const AdNode *n)
{
	return (n->arg[2] & 2) ? n->in[(n->arg[2] & 1) ? 2 : 1] : NULL;
}

/* forward, row by row over D = cols: mu = mean(x), var = mean((x - mu)^2) (biased, as
 * PyTorch), rstd = 1/sqrt(var + eps), xhat = (x - mu) * rstd, y = xhat * w + b. */
static void layer_norm_forward(AdNode *n)
{
	const Mat *x = &n->in[0]->value;
	NormSaved *s = n->ctx;
	AdNode *wn = ln_weight(n), *bn = ln_bias(n);
	int D = x->cols;
	for (int i = 0; i < x->rows; i++) {
		const double *xi = x->data + (size_t)i * D;
		double *yi = V(n) + (size_t)i * D;
		double mu = 0.0, var = 0.0;
		for (int j = 0; j < D; j++)
			mu += xi[j];
		mu /= D;
		for (int j = 0; j < D; j++)
			var += (xi[j] - mu) * (xi[j] - mu);
		var /= D;
		double rstd = 1.0 / sqrt(var + n->scalar);
		s->mean[i] = mu;
		s->rstd[i] = rstd;
		for (int j = 0; j < D; j++) {
			double xhat = (xi[j] - mu) * rstd;
			yi[j] = (wn ? xhat * V(wn)[j] : xhat) + (bn ? V(bn)[j] : 0.0);
		}
	}
}

/* backward, per row, with g = dy * w (dy where there is no weight):
 *   db += dy, dw += dy * xhat,
 *   dx += rstd * (g - mean(g) - xhat * mean(g * xhat)).
 * The last line is d/dx of xhat = (x - mu) * rstd through all three paths: directly, through
 * mu (d mu/dx_k = 1/D, which takes away mean(g)) and through rstd (d rstd/dx_k =
 * -rstd^3 (x_k - mu) / D, which takes away xhat * mean(g * xhat)). */
static void layer_norm_backward(AdNode *n)
{
	AD_ASSERT_GRAD_SHAPES(n);
	AdNode *x = n->in[0], *wn = ln_weight(n), *bn = ln_bias(n);
	const NormSaved *s = n->ctx;
	int D = x->value.cols;
	for (int i = 0; i < x->value.rows; i++) {
		const double *xi = V(x) + (size_t)i * D, *dyi = G(n) + (size_t)i * D;
		double mu = s->mean[i], rstd = s->rstd[i];
		double mean_g = 0.0, mean_gx = 0.0;
		for (int j = 0; j < D; j++) {
			double xhat = (xi[j] - mu) * rstd;
			double g = wn ? dyi[j] * V(wn)[j] : dyi[j];
			mean_g += g;
			mean_gx += g * xhat;
			if (wn && G(wn))
				G(wn)[j] += dyi[j] * xhat;
			if (bn && G(bn))
				G(bn)[j] += dyi[j];
		}
		mean_g /= D;
		mean_gx /= D;
		if (!G(x))
			continue;
		double *dxi = G(x) + (size_t)i * D;
		for (int j = 0; j < D; j++) {
			double xhat = (xi[j] - mu) * rstd;
			double g = wn ? dyi[j] * V(wn)[j] : dyi[j];
			dxi[j] += rstd * (g - mean_g - xhat * mean_gx);
		}
	}
}

static const AdOp OP_LAYER_NORM = { "layer_norm", layer_norm_forward, layer_norm_backward };

/* The inputs of a norm: x, then the affine parameters that are given, each checked to be
 * one row of width (or, flat, of size) want. */
static int norm_inputs(Tape *t, const char *op, AdNode *x, AdNode *weight, AdNode *bias,
		       int want, AdNode *in[3], int *present)
{
	char s[AD_SHAPE_LEN];
	int n = 0;
	in[n++] = x;
	*present = 0;
	AdNode *aff[2] = { weight, bias };
	const char *names[2] = { "weight", "bias" };
	for (int k = 0; k < 2; k++) {
		if (!aff[k])
			continue;
		if (aff[k]->value.rows != 1 || aff[k]->value.cols != want) {
			ad_fail(t, ST_ESHAPE, "%s: %s must be 1x%d, got %s", op, names[k], want,
				ad_shape_str(s, &aff[k]->value));
			return -1;
		}
		in[n++] = aff[k];
		*present |= 1 << k;
	}
	return n;
}

AdNode *ad_layer_norm(Tape *t, AdNode *x, AdNode *weight, AdNode *bias, double eps)
{
	if (!x)
		return ad_node_new(t, &OP_LAYER_NORM, &x, 1, 1, 1); /* keeps the first failure */
	if (!(eps >= 0))
		return ad_fail(t, ST_ERANGE, "layer_norm: eps must be at least 0, got %g", eps);
	AdNode *in[3];
	int present, n_in = norm_inputs(t, "layer_norm", x, weight, bias, x->value.cols, in, &present);
	if (n_in < 0)
		return NULL;
	AdNode *n = ad_node_new(t, &OP_LAYER_NORM, in, n_in, x->value.rows, x->value.cols);
	if (!n || !saved_new(t, n, x->value.rows))
		return NULL;
	n->scalar = eps;
	n->arg[2] = present;
	layer_norm_forward(n);
	return n;
}

/* }==== */

/* {==== Batch norm ==== */

/* x holds N x C x S numbers in row-major order (arg[0] = C, arg[1] = S); channel c is every
 * x[(k*C + c)*S + s]. In training (two inputs past the affine ones absent) its statistics
 * are the batch's; otherwise the running mean and variance given as inputs, constants. */
typedef struct BnLayout {
	int C, S;
	size_t N;
	AdNode *w, *b, *rmean, *rvar;
} BnLayout;

static BnLayout bn_layout(const AdNode *n)
{
	BnLayout l = { n->arg[0], n->arg[1], 0, NULL, NULL, NULL, NULL };
	l.N = mat_size(&n->in[0]->value) / ((size_t)l.C * (size_t)l.S);
	int k = 1;
	if (n->arg[2] & 1)
		l.w = n->in[k++];
	if (n->arg[2] & 2)
		l.b = n->in[k++];
	if (n->arg[2] & 4) {
		l.rmean = n->in[k++];
		l.rvar = n->in[k++];
	}
	return l;
}

#define BN_AT(x, l, k, c, s) ((x)[((k) * (size_t)(l).C + (size_t)(c)) * (size_t)(l).S + (size_t)(s)])

/* forward, per channel c over its N*S numbers: training mu = mean, var = mean((x - mu)^2)
 * (biased: PyTorch normalises with it); eval mu, var = the running ones. Then
 * y = (x - mu) / sqrt(var + eps) * w + b. */
static void batch_norm_forward(AdNode *n)
{
	BnLayout l = bn_layout(n);
	NormSaved *sv = n->ctx;
	const double *x = V(n->in[0]);
	double count = (double)l.N * l.S;
	for (int c = 0; c < l.C; c++) {
		double mu, var;
		if (l.rmean) {
			mu = V(l.rmean)[c];
			var = V(l.rvar)[c];
		} else {
			mu = var = 0.0;
			for (size_t k = 0; k < l.N; k++)
				for (int s = 0; s < l.S; s++)
					mu += BN_AT(x, l, k, c, s);
			mu /= count;
			for (size_t k = 0; k < l.N; k++)
				for (int s = 0; s < l.S; s++) {
					double d = BN_AT(x, l, k, c, s) - mu;
					var += d * d;
				}
			var /= count;
		}
		double rstd = 1.0 / sqrt(var + n->scalar);
		sv->mean[c] = mu;
		sv->rstd[c] = rstd;
		double w = l.w ? V(l.w)[c] : 1.0, b = l.b ? V(l.b)[c] : 0.0;
		for (size_t k = 0; k < l.N; k++)
			for (int s = 0; s < l.S; s++)
				BN_AT(V(n), l, k, c, s) = (BN_AT(x, l, k, c, s) - mu) * rstd * w + b;
	}
}

/* backward, per channel, with g = dy * w and means over the channel's N*S numbers:
 *   db += sum(dy), dw += sum(dy * xhat),
 *   training: dx += rstd * (g - mean(g) - xhat * mean(g * xhat)) (as layer norm: the batch
 *             statistics depend on x);
 *   eval:     dx += rstd * g (the running statistics are constants). */
static void batch_norm_backward(AdNode *n)
{
	AD_ASSERT_GRAD_SHAPES(n);
	BnLayout l = bn_layout(n);
	const NormSaved *sv = n->ctx;
	AdNode *xn = n->in[0];
	const double *x = V(xn), *dy = G(n);
	double count = (double)l.N * l.S;
	for (int c = 0; c < l.C; c++) {
		double mu = sv->mean[c], rstd = sv->rstd[c], w = l.w ? V(l.w)[c] : 1.0;
		double sum_dy = 0.0, sum_dy_xhat = 0.0;
		for (size_t k = 0; k < l.N; k++)
			for (int s = 0; s < l.S; s++) {
				double d = BN_AT(dy, l, k, c, s);
				sum_dy += d;
				sum_dy_xhat += d * (BN_AT(x, l, k, c, s) - mu) * rstd;
			}
		if (l.w && G(l.w))
			G(l.w)[c] += sum_dy_xhat;
		if (l.b && G(l.b))
			G(l.b)[c] += sum_dy;
		if (!G(xn))
			continue;
		double mean_g = w * sum_dy / count, mean_gx = w * sum_dy_xhat / count;
		for (size_t k = 0; k < l.N; k++)
			for (int s = 0; s < l.S; s++) {
				double g = BN_AT(dy, l, k, c, s) * w;
				double xhat = (BN_AT(x, l, k, c, s) - mu) * rstd;
				BN_AT(G(xn), l, k, c, s) +=
					l.rmean ? rstd * g : rstd * (g - mean_g - xhat * mean_gx);
			}
	}
}

static const AdOp OP_BATCH_NORM = { "batch_norm", batch_norm_forward, batch_norm_backward };

AdNode *ad_batch_norm(Tape *t, AdNode *x, AdNode *weight, AdNode *bias, AdNode *running_mean,
		      AdNode *running_var, int channels, int spatial, double eps)
{
	char s[AD_SHAPE_LEN];
	if (!x)
		return ad_node_new(t, &OP_BATCH_NORM, &x, 1, 1, 1); /* keeps the first failure */
	if (channels < 1 || spatial < 1 || mat_size(&x->value) % ((size_t)channels * (size_t)spatial))
		return ad_fail(t, ST_ESHAPE, "batch_norm: %s does not hold N x %d channels x %d",
			       ad_shape_str(s, &x->value), channels, spatial);
	if (!(eps >= 0))
		return ad_fail(t, ST_ERANGE, "batch_norm: eps must be at least 0, got %g", eps);
	if (!running_mean != !running_var)
		return ad_fail(t, ST_EINVAL, "batch_norm: give both running statistics or neither");
	size_t per_channel = mat_size(&x->value) / (size_t)channels;
	if (!running_mean && per_channel < 2)
		return ad_fail(t, ST_EINVAL, "batch_norm: training needs more than 1 value per channel, got %zu",
			       per_channel);
	AdNode *in[5];
	int present, n_in = norm_inputs(t, "batch_norm", x, weight, bias, channels, in, &present);
	if (n_in < 0)
		return NULL;
	if (running_mean) {
		AdNode *r[2] = { running_mean, running_var };
		for (int k = 0; k < 2; k++)
			if (mat_size(&r[k]->value) != (size_t)channels)
				return ad_fail(t, ST_ESHAPE, "batch_norm: running %s must hold %d values, got %s",
					       k ? "var" : "mean", channels, ad_shape_str(s, &r[k]->value));
		in[n_in++] = running_mean;
		in[n_in++] = running_var;
		present |= 4;
	}
	AdNode *n = ad_node_new(t, &OP_BATCH_NORM, in, n_in, x->value.rows, x->value.cols);
	if (!n || !saved_new(t, n, channels))
		return NULL;
	/* The running statistics are buffers, never differentiated, even when given as
	 * parameters: the node needs a gradient only for x, weight or bias. */
	n->needs_grad = 0;
	for (int k = 0; k < n_in - (running_mean ? 2 : 0); k++)
		n->needs_grad |= in[k]->needs_grad;
	n->scalar = eps;
	n->arg[0] = channels;
	n->arg[1] = spatial;
	n->arg[2] = present;
	batch_norm_forward(n);
	return n;
}

/* }==== */

/* {==== Dropout ==== */

/* forward: y = x * (mask * scale), scale = 1/(1 - p), in PyTorch's order (the mask is
 * scaled first); so dx += dy * mask * scale. The mask (in[1]) gets no gradient. */
static void dropout_forward(AdNode *n)
{
	const double *x = V(n->in[0]), *mask = V(n->in[1]);
	FOR_EACH(n, i) V(n)[i] = x[i] * (mask[i] * n->scalar);
}

static void dropout_backward(AdNode *n)
{
	AD_ASSERT_GRAD_SHAPES(n);
	AdNode *x = n->in[0];
	const double *mask = V(n->in[1]);
	if (G(x))
		FOR_EACH(n, i) G(x)[i] += G(n)[i] * (mask[i] * n->scalar);
}

static const AdOp OP_DROPOUT = { "dropout", dropout_forward, dropout_backward };

AdNode *ad_dropout(Tape *t, AdNode *x, AdNode *mask, double scale)
{
	char a[AD_SHAPE_LEN], b[AD_SHAPE_LEN];
	if (x && mask && (x->value.rows != mask->value.rows || x->value.cols != mask->value.cols))
		return ad_fail(t, ST_ESHAPE, "dropout: mask %s does not match x %s",
			       ad_shape_str(a, &mask->value), ad_shape_str(b, &x->value));
	AdNode *n = ad_node_new(t, &OP_DROPOUT, (AdNode *[]){ x, mask }, 2, x ? x->value.rows : 1,
				x ? x->value.cols : 1);
	if (!n)
		return NULL;
	n->needs_grad = x->needs_grad;
	n->scalar = scale;
	dropout_forward(n);
	return n;
}

/* }==== */

/* {==== Embedding ==== */

/* forward: row i of y is row index[i] of the table W (V, D); so dW[index[i]] += dy[i]: a
 * row looked up twice gathers both gradients. */
static void embedding_forward(AdNode *n)
{
	const Mat *W = &n->in[0]->value;
	for (int i = 0; i < n->value.rows; i++)
		for (int j = 0; j < W->cols; j++)
			MAT_AT(&n->value, i, j) = MAT_AT(W, n->index[i], j);
}

static void embedding_backward(AdNode *n)
{
	AD_ASSERT_GRAD_SHAPES(n);
	AD_ASSERT_INPUT_GRAD(n);
	Mat *dW = &n->in[0]->grad;
	for (int i = 0; i < n->value.rows; i++)
		for (int j = 0; j < dW->cols; j++)
			MAT_AT(dW, n->index[i], j) += MAT_AT(&n->grad, i, j);
}

static const AdOp OP_EMBEDDING = { "embedding", embedding_forward, embedding_backward };

AdNode *ad_embedding(Tape *t, AdNode *weight, const int *index, int n_index)
{
	if (weight && n_index > 0)
		for (int i = 0; i < n_index; i++)
			if (index[i] < 0 || index[i] >= weight->value.rows)
				return ad_fail(t, ST_ERANGE, "embedding: index %d (position %d) is outside 0..%d",
					       index[i], i, weight->value.rows - 1);
	AdNode *n = ad_node_new(t, &OP_EMBEDDING, &weight, 1, n_index, weight ? weight->value.cols : 1);
	if (!n)
		return NULL;
	n->index = index;
	embedding_forward(n);
	return n;
}

/* }==== */
