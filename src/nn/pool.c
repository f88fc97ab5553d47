/* pool: the max and average pooling op (forward and backward kernels) and its sizes. */
#include "nn/pool.h"

#include "nn/conv.h"

#include <limits.h>
#include <math.h>
#include <stddef.h>

PoolFit pool_geom_fit(PoolGeom *g)
{
	g->out_h = g->out_w = 0;
	if (g->batch < 1 || g->channels < 1 || g->in_h < 1 || g->in_w < 1)
		return POOL_BAD_SIZES;
	for (int a = 0; a < 2; a++)
		if (g->kernel[a] < 1 || g->stride[a] < 1 || g->padding[a] < 0)
			return POOL_BAD_SIZES;
	if (g->padding[0] > g->kernel[0] / 2)
		return POOL_PAD_H;
	if (g->padding[1] > g->kernel[1] / 2)
		return POOL_PAD_W;
	long long h = conv_out_len(g->in_h, g->padding[0], 1, g->kernel[0], g->stride[0]);
	long long w = conv_out_len(g->in_w, g->padding[1], 1, g->kernel[1], g->stride[1]);
	if (h < 1)
		return POOL_EMPTY_H;
	if (w < 1)
		return POOL_EMPTY_W;
	if ((double)g->batch * g->channels * (double)h * (double)w > INT_MAX)
		return POOL_TOO_LARGE;
	g->out_h = (int)h;
	g->out_w = (int)w;
	return POOL_FITS;
}

/* {==== Windows ==== */

/* One output's window, PyTorch's way: [h0, h1) x [w0, w1) clipped to the input, and for
 * average pooling the divisor: the whole window when padding counts (without ceil_mode a
 * window never reaches past the padding, (Hout-1)*stride - padding + kernel <= H + padding,
 * so that is kernel[0] * kernel[1]), else the elements inside. */
typedef struct Window {
	int h0, h1, w0, w1;
	double divisor;
} Window;

static Window window_of(const PoolGeom *g, int oh, int ow)
{
	int h0 = oh * g->stride[0] - g->padding[0], w0 = ow * g->stride[1] - g->padding[1];
	int h1 = h0 + g->kernel[0], w1 = w0 + g->kernel[1];
	Window win = { h0 < 0 ? 0 : h0, h1 > g->in_h ? g->in_h : h1, w0 < 0 ? 0 : w0,
		       w1 > g->in_w ? g->in_w : w1, 0.0 };
	win.divisor = g->count_include_pad ? (double)g->kernel[0] * g->kernel[1]
					   : (double)(win.h1 - win.h0) * (win.w1 - win.w0);
	return win;
}

/* The first largest element of the window in row-major scan order (PyTorch's tie rule:
 * a later element wins only when strictly larger), as an offset into the plane. Padding
 * is -infinity, so it never wins; pool_geom_fit's padding rule keeps a real element in
 * every window. */
static size_t winner(const double *plane, int W, const Window *win)
{
	size_t best = (size_t)win->h0 * W + (size_t)win->w0;
	double top = -INFINITY;
	for (int ih = win->h0; ih < win->h1; ih++)
		for (int iw = win->w0; iw < win->w1; iw++) {
			size_t at = (size_t)ih * W + (size_t)iw;
			if (plane[at] > top) {
				top = plane[at];
				best = at;
			}
		}
	return best;
}

/* }==== */

/* {==== The op ==== */

/* forward, per plane (n, c) and output (oh, ow) over its window:
 *   max: y = max over the window of x (padding is -infinity);
 *   avg: y = (sum over the window of x) / divisor. */
static void pool_forward(AdNode *n)
{
	const PoolGeom *g = n->ctx;
	const int H = g->in_h, W = g->in_w, Ho = g->out_h, Wo = g->out_w;
	const double *x = n->in[0]->value.data;
	double *y = n->value.data;
	for (size_t p = 0; p < (size_t)g->batch * g->channels; p++) {
		const double *plane = x + p * H * W;
		for (int oh = 0; oh < Ho; oh++)
			for (int ow = 0; ow < Wo; ow++) {
				Window win = window_of(g, oh, ow);
				size_t o = (p * Ho + oh) * Wo + ow;
				if (g->kind == POOL_MAX) {
					size_t at = winner(plane, W, &win);
					y[o] = plane[at];
					ad_tape_note_kink(n->tape, o, (int)at);
					continue;
				}
				double sum = 0.0;
				for (int ih = win.h0; ih < win.h1; ih++)
					for (int iw = win.w0; iw < win.w1; iw++)
						sum += plane[(size_t)ih * W + iw];
				y[o] = sum / win.divisor;
			}
	}
}

/* backward:
 *   max: y = x[winner], so dx[winner] += dy and every other element of the window gets
 *        nothing: the gradient is routed to the winner (found again by the same scan).
 *        An element that wins several overlapping windows collects each one's dy.
 *   avg: y = sum(x) / divisor, so every element of the window gets dx += dy / divisor. */
static void pool_backward(AdNode *n)
{
	const PoolGeom *g = n->ctx;
	const int H = g->in_h, W = g->in_w, Ho = g->out_h, Wo = g->out_w;
	const double *x = n->in[0]->value.data, *dy = n->grad.data;
	double *dx = n->in[0]->grad.data;
	if (!dx)
		return;
	for (size_t p = 0; p < (size_t)g->batch * g->channels; p++) {
		const double *plane = x + p * H * W;
		double *dplane = dx + p * H * W;
		for (int oh = 0; oh < Ho; oh++)
			for (int ow = 0; ow < Wo; ow++) {
				Window win = window_of(g, oh, ow);
				double d = dy[(p * Ho + oh) * Wo + ow];
				if (g->kind == POOL_MAX) {
					dplane[winner(plane, W, &win)] += d;
					continue;
				}
				double share = d / win.divisor;
				for (int ih = win.h0; ih < win.h1; ih++)
					for (int iw = win.w0; iw < win.w1; iw++)
						dplane[(size_t)ih * W + iw] += share;
			}
	}
}

static const AdOp OP_MAX_POOL2D = { "max_pool2d", pool_forward, pool_backward };
static const AdOp OP_AVG_POOL2D = { "avg_pool2d", pool_forward, pool_backward };

AdNode *pool2d_apply(Tape *t, AdNode *x, const PoolGeom *g)
{
	const AdOp *op = g->kind == POOL_MAX ? &OP_MAX_POOL2D : &OP_AVG_POOL2D;
	if (!x)
		return ad_custom(t, op, &x, 1, 1, 1, NULL);
	size_t nx = (size_t)g->batch * g->channels * g->in_h * g->in_w;
	if (g->out_h < 1 || g->out_w < 1)
		return ad_fail(t, ST_ESHAPE, "%s: the sizes were not fitted (output %dx%d)", op->name,
			       g->out_h, g->out_w);
	if (mat_size(&x->value) != nx)
		return ad_fail(t, ST_ESHAPE, "%s: x holds %zu numbers; the sizes say %zu", op->name,
			       mat_size(&x->value), nx);
	/* ctx is read only: pool_forward and pool_backward take it as const */
	return ad_custom(t, op, &x, 1, g->batch * g->channels * g->out_h, g->out_w, (void *)g);
}

/* }==== */
