/* dropout: the Dropout layer over core/ad's fused op. */
#include "nn/dropout.h"

#include "core/mem.h"

Dropout *dropout_new(double p, uint64_t seed)
{
	if (!(p >= 0 && p < 1))
		return NULL;
	Dropout *d = mem_calloc(1, sizeof *d);
	if (!d)
		return NULL;
	d->p = p;
	rng_seed(&d->rng, seed);
	return d;
}

void dropout_free(Dropout *d)
{
	if (!d)
		return;
	mat_free(d->mask);
	mem_free(d);
}

AdNode *dropout_apply(Tape *t, AdNode *x, const Mat *mask, double p)
{
	if (!(p >= 0 && p < 1))
		return ad_fail(t, ST_ERANGE, "dropout: p must be in [0, 1), got %g", p);
	return ad_dropout(t, x, ad_const(t, mask), 1.0 / (1.0 - p));
}

AdNode *dropout_forward(Tape *t, Dropout *d, AdNode *x, int training)
{
	if (!x || !training)
		return x;
	if (!d->mask || d->mask->rows != x->value.rows || d->mask->cols != x->value.cols) {
		mat_free(d->mask);
		if (!(d->mask = mat_new(x->value.rows, x->value.cols)))
			return ad_fail(t, ST_ENOMEM, "dropout: out of memory for the mask");
	}
	for (size_t i = 0; i < mat_size(d->mask); i++)
		d->mask->data[i] = rng_uniform(&d->rng) >= d->p ? 1.0 : 0.0;
	return dropout_apply(t, x, d->mask, d->p);
}
