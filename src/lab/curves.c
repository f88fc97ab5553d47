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
	double jump;
	int n_jumps = n > 1 ? curves_jumps(act, param, from, to, &jump) : 0;
	c->x = mem_alloc((size_t)n * sizeof *c->x);
	c->f = mem_alloc((size_t)n * sizeof *c->f);
	c->df = mem_alloc((size_t)n * sizeof *c->df);
	c->px = mem_alloc((size_t)(n + 2 * n_jumps) * sizeof *c->px);
	c->pf = mem_alloc((size_t)(n + 2 * n_jumps) * sizeof *c->pf);
	c->pdf = mem_alloc((size_t)(n + 2 * n_jumps) * sizeof *c->pdf);
	if (!c->x || !c->f || !c->df || !c->px || !c->pf || !c->pdf)
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
	/* The plot's points: the samples, with the two one-sided limits at the jump, the
	 * left one before any sample at that x and the right one after it. */
	int m = 0, left = !n_jumps, right = !n_jumps;
	for (int i = 0; i <= n; i++) {
		if (!left && (i == n || c->x[i] >= jump)) {
			double xl = nextafter(jump, -INFINITY);
			c->px[m] = jump;
			c->pf[m] = activation_value(act, param, jump); /* f is continuous */
			c->pdf[m++] = activation_derivative(act, param, xl);
			left = 1;
		}
		if (!right && (i == n || c->x[i] > jump)) {
			double xr = nextafter(jump, INFINITY);
			c->px[m] = jump;
			c->pf[m] = activation_value(act, param, jump);
			c->pdf[m++] = activation_derivative(act, param, xr);
			right = 1;
		}
		if (i == n)
			break;
		c->px[m] = c->x[i];
		c->pf[m] = c->f[i];
		c->pdf[m++] = c->df[i];
	}
	c->n_plot = m;
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
	mem_free(c->px);
	mem_free(c->pf);
	mem_free(c->pdf);
	mem_free(c);
}

int curves_jumps(Activation act, double param, double from, double to, double *x)
{
	int jumps = act == ACT_RELU || ((act == ACT_LEAKY_RELU || act == ACT_ELU) && param != 1);
	if (!jumps || !(from <= 0 && 0 <= to))
		return 0;
	*x = 0;
	return 1;
}
