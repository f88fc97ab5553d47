/* norm: the LayerNorm and BatchNorm layers over core/ad's fused ops. */
#include "nn/norm.h"

#include "core/mem.h"

static int fill(Mat *m, double v)
{
	if (!m)
		return 0;
	for (size_t i = 0; i < mat_size(m); i++)
		m->data[i] = v;
	return 1;
}

LayerNorm *layer_norm_new(int dim, double eps)
{
	if (dim < 1)
		return NULL;
	LayerNorm *l = mem_calloc(1, sizeof *l);
	if (!l)
		return NULL;
	l->dim = dim;
	l->eps = eps;
	l->weight = mat_new(1, dim);
	l->bias = mat_new(1, dim);
	l->dweight = mat_new(1, dim);
	l->dbias = mat_new(1, dim);
	if (!fill(l->weight, 1.0) || !l->bias || !l->dweight || !l->dbias) {
		layer_norm_free(l);
		return NULL;
	}
	return l;
}

void layer_norm_free(LayerNorm *l)
{
	if (!l)
		return;
	mat_free(l->weight);
	mat_free(l->bias);
	mat_free(l->dweight);
	mat_free(l->dbias);
	mem_free(l);
}

AdNode *layer_norm_forward(Tape *t, LayerNorm *l, AdNode *x)
{
	return ad_layer_norm(t, x, ad_param(t, l->weight, l->dweight), ad_param(t, l->bias, l->dbias),
			     l->eps);
}

int layer_norm_params(LayerNorm *l, Mat *values[2], Mat *grads[2])
{
	values[0] = l->weight;
	values[1] = l->bias;
	grads[0] = l->dweight;
	grads[1] = l->dbias;
	return 2;
}

BatchNorm *batch_norm_new(int channels, double eps, double momentum)
{
	if (channels < 1)
		return NULL;
	BatchNorm *b = mem_calloc(1, sizeof *b);
	if (!b)
		return NULL;
	b->channels = channels;
	b->eps = eps;
	b->momentum = momentum;
	b->weight = mat_new(1, channels);
	b->bias = mat_new(1, channels);
	b->dweight = mat_new(1, channels);
	b->dbias = mat_new(1, channels);
	b->running_mean = mat_new(1, channels);
	b->running_var = mat_new(1, channels);
	if (!fill(b->weight, 1.0) || !b->bias || !b->dweight || !b->dbias || !b->running_mean ||
	    !fill(b->running_var, 1.0)) {
		batch_norm_free(b);
		return NULL;
	}
	return b;
}

void batch_norm_free(BatchNorm *b)
{
	if (!b)
		return;
	mat_free(b->weight);
	mat_free(b->bias);
	mat_free(b->dweight);
	mat_free(b->dbias);
	mat_free(b->running_mean);
	mat_free(b->running_var);
	mem_free(b);
}

int batch_norm_params(BatchNorm *b, Mat *values[2], Mat *grads[2])
{
	values[0] = b->weight;
	values[1] = b->bias;
	grads[0] = b->dweight;
	grads[1] = b->dbias;
	return 2;
}

/* Per channel c over its n = N*spatial numbers: mean, and the sum of squared deviations
 * over n - 1 (the unbiased variance PyTorch keeps), blended in with momentum. */
void batch_norm_update_running(BatchNorm *b, const Mat *x, int spatial)
{
	int C = b->channels;
	size_t N = mat_size(x) / ((size_t)C * (size_t)spatial);
	double n = (double)N * spatial;
	for (int c = 0; c < C; c++) {
		double mu = 0.0, ss = 0.0;
		for (size_t k = 0; k < N; k++)
			for (int s = 0; s < spatial; s++)
				mu += x->data[(k * C + (size_t)c) * (size_t)spatial + (size_t)s];
		mu /= n;
		for (size_t k = 0; k < N; k++)
			for (int s = 0; s < spatial; s++) {
				double d = x->data[(k * C + (size_t)c) * (size_t)spatial + (size_t)s] - mu;
				ss += d * d;
			}
		double m = b->momentum;
		b->running_mean->data[c] = m * mu + (1 - m) * b->running_mean->data[c];
		b->running_var->data[c] = m * (ss / (n - 1)) + (1 - m) * b->running_var->data[c];
	}
	b->batches_tracked++;
}

AdNode *batch_norm_forward(Tape *t, BatchNorm *b, AdNode *x, int spatial, int training)
{
	AdNode *w = ad_param(t, b->weight, b->dweight), *bias = ad_param(t, b->bias, b->dbias);
	if (!training)
		return ad_batch_norm(t, x, w, bias, ad_const(t, b->running_mean),
				     ad_const(t, b->running_var), b->channels, spatial, b->eps);
	AdNode *y = ad_batch_norm(t, x, w, bias, NULL, NULL, b->channels, spatial, b->eps);
	if (y)
		batch_norm_update_running(b, &x->value, spatial);
	return y;
}
