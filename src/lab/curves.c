/* curves: sample f and f' of an activation on a grid. */
#include "lab/curves.h"

#include "core/mem.h"

#include <math.h>

Curve *curves_compute(Activation act, double param, double from, double to, int n)
{
	if (n < 1) {
		status_fail(ST_EINVAL, "a curve needs at least one point, got %d", n);
		return NULL;
	}
	Curve *c = mem_calloc(1, sizeof *c);
	if (!c)
		goto oom;
	c->x = mem_alloc((size_t)n * sizeof *c->x);
	c->f = mem_alloc((size_t)n * sizeof *c->f);
	c->df = mem_alloc((size_t)n * sizeof *c->df);
	if (!c->x || !c->f || !c->df)
		goto oom;
	c->act = act;
	c->param = param;
	c->n = n;
	for (int i = 0; i < n; i++) {
		double x = n == 1 ? from : from + (to - from) * i / (n - 1);
		c->x[i] = x;
		c->f[i] = activation_value(act, param, x);
		c->df[i] = activation_derivative(act, param, x);
		c->saturated += fabs(c->df[i]) < CURVES_SATURATED;
		c->dead += c->df[i] == 0.0;
	}
	return c;
oom:
	curves_free(c);
	status_fail(ST_ENOMEM, "out of memory for %d points", n);
	return NULL;
}

void curves_free(Curve *c)
{
	if (!c)
		return;
	mem_free(c->x);
	mem_free(c->f);
	mem_free(c->df);
	mem_free(c);
}
