/* dying_relu: the unit's loss and gradient on a tape, and the two SGD runs. */
#include "lab/dying_relu.h"

#include "core/ad.h"
#include "core/mem.h"

#include <math.h>

DyingReluConfig dying_relu_defaults(void)
{
	return (DyingReluConfig){ .steps = 20, .points = 11, .weight = 1.0, .bias = -3.0,
				  .lr = 0.5, .slope = 0.01 };
}

Status dying_relu_loss(const DyingReluConfig *c, int leaky, double w, double b, double *loss,
		       double *dw, double *db, int *active)
{
	int N = c->points;
	Mat *x = mat_new(N, 1), *target = mat_new(N, 1);
	double wv = w, bv = b, gw = 0, gb = 0;
	Mat W = { 1, 1, &wv }, B = { 1, 1, &bv }, dW = { 1, 1, &gw }, dB = { 1, 1, &gb };
	Tape *t = ad_tape_new();
	Status st = ST_OK;
	if (!x || !target || !t) {
		st = status_fail(ST_ENOMEM, "out of memory for %d points", N);
		goto done;
	}
	*active = 0;
	for (int k = 0; k < N; k++) {
		x->data[k] = N > 1 ? (double)k / (N - 1) : 0.0;
		target->data[k] = 2.0 * x->data[k] + 1.0;
		*active += w * x->data[k] + b > 0;
	}
	/* y = f(x w + b), (N, 1); L = mean((y - target)^2) */
	AdNode *a = ad_add_bias(t, ad_matmul(t, ad_const(t, x), 0, ad_param(t, &W, &dW), 0),
				ad_param(t, &B, &dB));
	AdNode *y = leaky ? ad_leaky_relu(t, a, c->slope) : ad_relu(t, a);
	AdNode *L = ad_mse(t, y, ad_const(t, target));
	if ((st = ad_tape_status(t)) != ST_OK || (st = ad_backward(t, L)) != ST_OK) {
		status_fail(st, "%s", ad_tape_error(t));
		goto done;
	}
	*loss = L->value.data[0];
	*dw = gw;
	*db = gb;
done:
	ad_tape_free(t);
	mat_free(x);
	mat_free(target);
	return st;
}

static Status check_config(const DyingReluConfig *c)
{
	Status st;
	if ((st = status_range("--steps", c->steps, 0, DYING_RELU_MAX_STEPS)) ||
	    (st = status_range("--points", c->points, 1, DYING_RELU_MAX_POINTS)))
		return st;
	if (!isfinite(c->weight) || !isfinite(c->bias) || !isfinite(c->slope) ||
	    !(c->lr > 0) || !isfinite(c->lr))
		return status_fail(ST_ERANGE, "--weight, --bias and --slope must be finite and --lr greater than 0");
	return ST_OK;
}

Status dying_relu_run(const DyingReluConfig *c, DyingReluResult *out)
{
	*out = (DyingReluResult){ 0 };
	Status st = check_config(c);
	if (st != ST_OK)
		return st;
	size_t n = (size_t)c->steps + 1;
	out->steps = c->steps;
	out->points = c->points;
	for (int u = 0; u < (int)(sizeof out->unit / sizeof out->unit[0]); u++) {
		DyingReluTrace *tr = &out->unit[u];
		double **arrays[] = { &tr->w, &tr->b, &tr->dw, &tr->db, &tr->loss };
		for (size_t i = 0; i < sizeof arrays / sizeof arrays[0]; i++)
			if (!(*arrays[i] = mem_alloc(n * sizeof(double))))
				goto oom;
		if (!(tr->active = mem_alloc(n * sizeof(int))))
			goto oom;
		double w = c->weight, b = c->bias;
		for (size_t s = 0; s < n; s++) {
			tr->w[s] = w;
			tr->b[s] = b;
			if ((st = dying_relu_loss(c, u, w, b, &tr->loss[s], &tr->dw[s], &tr->db[s],
						  &tr->active[s])) != ST_OK)
				goto fail;
			/* SGD: w <- w - lr dL/dw, b <- b - lr dL/db */
			w -= c->lr * tr->dw[s];
			b -= c->lr * tr->db[s];
		}
	}
	return ST_OK;
oom:
	st = status_fail(ST_ENOMEM, "out of memory for %d steps", c->steps);
fail:
	dying_relu_result_free(out);
	return st;
}

void dying_relu_result_free(DyingReluResult *r)
{
	if (!r)
		return;
	for (int u = 0; u < (int)(sizeof r->unit / sizeof r->unit[0]); u++) {
		DyingReluTrace *tr = &r->unit[u];
		mem_free(tr->w);
		mem_free(tr->b);
		mem_free(tr->dw);
		mem_free(tr->db);
		mem_free(tr->loss);
		mem_free(tr->active);
	}
	*r = (DyingReluResult){ 0 };
}
