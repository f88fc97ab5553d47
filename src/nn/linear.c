/* linear: the fully connected layer. */
#include "nn/linear.h"

#include "core/mem.h"

#include <math.h>

Linear *linear_new(int in, int out, Rng *rng)
{
	Linear *l = mem_calloc(1, sizeof *l);
	if (!l)
		return NULL;
	l->weight = mat_new(out, in);
	l->bias = mat_new(1, out);
	l->dweight = mat_new(out, in);
	l->dbias = mat_new(1, out);
	if (!l->weight || !l->bias || !l->dweight || !l->dbias) {
		linear_free(l);
		return NULL;
	}
	double k = 1.0 / sqrt((double)in);
	mat_fill_uniform(l->weight, rng, -k, k);
	mat_fill_uniform(l->bias, rng, -k, k);
	return l;
}

void linear_free(Linear *l)
{
	if (!l)
		return;
	mat_free(l->weight);
	mat_free(l->bias);
	mat_free(l->dweight);
	mat_free(l->dbias);
	mem_free(l);
}

AdNode *linear_forward(Tape *t, Linear *l, AdNode *x)
{
	AdNode *y = ad_matmul(t, x, 0, ad_param(t, l->weight, l->dweight), 1);
	return l->bias ? ad_add_bias(t, y, ad_param(t, l->bias, l->dbias)) : y;
}
