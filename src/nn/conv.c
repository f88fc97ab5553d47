/* conv: the convolution op (forward and backward kernels) and its output sizes. */
#include "nn/conv.h"

#include <limits.h>
#include <stddef.h>

long long conv_out_len(long long in, long long padding, long long dilation, long long kernel,
		       long long stride)
{
	long long span = in + 2 * padding - dilation * (kernel - 1) - 1;
	/* C's division truncates toward zero; PyTorch's floors (a span of -1 is no output) */
	long long q = span / stride;
	if (span % stride != 0 && span < 0)
		q--;
	return q + 1;
}

ConvFit conv_geom_fit(ConvGeom *g)
{
	g->out_h = g->out_w = 0;
	if (g->batch < 1 || g->in_channels < 1 || g->in_h < 1 || g->in_w < 1 ||
	    g->out_channels < 1 || g->kernel_h < 1 || g->kernel_w < 1)
		return CONV_BAD_SIZES;
	for (int a = 0; a < 2; a++)
		if (g->stride[a] < 1 || g->dilation[a] < 1 || g->padding[a] < 0 ||
		    g->padding_end_extra[a] < 0)
			return CONV_BAD_SIZES;
	/* the extra zeros at the end lengthen the padded input; taps there read zero like
	 * any other outside the input, so the kernels need nothing more */
	long long h = conv_out_len((long long)g->in_h + g->padding_end_extra[0], g->padding[0],
				   g->dilation[0], g->kernel_h, g->stride[0]);
	long long w = conv_out_len((long long)g->in_w + g->padding_end_extra[1], g->padding[1],
				   g->dilation[1], g->kernel_w, g->stride[1]);
	if (h < 1)
		return CONV_EMPTY_H;
	if (w < 1)
		return CONV_EMPTY_W;
	if ((double)g->batch * g->out_channels * (double)h * (double)w > INT_MAX)
		return CONV_TOO_LARGE;
	g->out_h = (int)h;
	g->out_w = (int)w;
	return CONV_FITS;
}

/* {==== The op ==== */

/* Where kernel tap k of output position o reads the input along one axis. */
static inline int tap(int o, int k, int stride, int padding, int dilation)
{
	return o * stride - padding + k * dilation;
}

/* The outputs [*lo, *hi) whose tap k lands inside an input of n along one axis:
 * 0 <= o*stride - padding + k*dilation < n. The inner loops run over them with no test. */
static void inside(int n, int k, int stride, int padding, int dilation, int outs, int *lo,
		   int *hi)
{
	long long off = (long long)k * dilation - padding; /* tap(o) = o*stride + off */
	long long a = off >= 0 ? 0 : (-off + stride - 1) / stride;
	long long b = n - off <= 0 ? 0 : (n - off - 1) / stride + 1;
	*lo = (int)(a < outs ? a : outs);
	*hi = (int)(b < outs ? b : outs);
	if (*hi < *lo)
		*hi = *lo;
}

/* forward: y[n,co,oh,ow] = b[co] + sum over ci, kh, kw of
 *     w[co,ci,kh,kw] * x[n, ci, oh*sh - ph + kh*dh, ow*sw - pw + kw*dw],
 * a cross-correlation (the kernel is not flipped) where taps that land in the padding read
 * zero. Each output starts from its bias and adds the terms in the order ci, kh, kw. */
static void conv_forward(AdNode *n)
{
	const ConvGeom *g = n->ctx;
	const int Cin = g->in_channels, H = g->in_h, W = g->in_w, Cout = g->out_channels;
	const int kH = g->kernel_h, kW = g->kernel_w, Ho = g->out_h, Wo = g->out_w;
	const double *x = n->in[0]->value.data, *w = n->in[1]->value.data;
	const double *b = n->n_in > 2 ? n->in[2]->value.data : NULL;
	double *y = n->value.data;
	for (int s = 0; s < g->batch; s++)
		for (int co = 0; co < Cout; co++) {
			double *yp = y + ((size_t)s * Cout + co) * Ho * Wo;
			for (size_t i = 0; i < (size_t)Ho * Wo; i++)
				yp[i] = b ? b[co] : 0.0;
			for (int ci = 0; ci < Cin; ci++) {
				const double *xp = x + ((size_t)s * Cin + ci) * H * W;
				const double *wp = w + ((size_t)co * Cin + ci) * kH * kW;
				for (int kh = 0; kh < kH; kh++)
					for (int kw = 0; kw < kW; kw++) {
						double wv = wp[kh * kW + kw];
						int h0, h1, w0, w1;
						inside(H, kh, g->stride[0], g->padding[0], g->dilation[0], Ho, &h0, &h1);
						inside(W, kw, g->stride[1], g->padding[1], g->dilation[1], Wo, &w0, &w1);
						for (int oh = h0; oh < h1; oh++) {
							int ih = tap(oh, kh, g->stride[0], g->padding[0], g->dilation[0]);
							/* x at tap(ow) = at0 + ow*sw, inside for ow in [w0, w1) */
							ptrdiff_t at0 = (ptrdiff_t)ih * W +
									tap(0, kw, g->stride[1], g->padding[1], g->dilation[1]);
							double *yr = yp + (size_t)oh * Wo;
							const int sw = g->stride[1];
							for (int ow = w0; ow < w1; ow++)
								yr[ow] += wv * xp[at0 + (ptrdiff_t)ow * sw];
						}
					}
			}
		}
}

/* backward, from the forward formula above:
 *   db[co]            += sum over n, oh, ow of dy[n,co,oh,ow]
 *   dw[co,ci,kh,kw]   += sum over n, oh, ow of dy[n,co,oh,ow] * x[n,ci,ih,iw]
 *                        (a correlation of x with dy: the kernel's gradient)
 *   dx[n,ci,ih,iw]    += sum over co, kh, kw with ih = oh*sh - ph + kh*dh (and iw alike)
 *                        of w[co,ci,kh,kw] * dy[n,co,oh,ow].
 * The input's gradient is a full correlation of dout with the flipped kernel: with stride 1
 * and dilation 1, oh = ih + ph - kh, so dx[ih] = sum_kh dy[ih + ph - kh] w[kh]; writing
 * k' = kH-1-kh that is sum_k' dy[ih + ph - (kH-1) + k'] w_flipped[k'], a correlation of dy,
 * padded by kH-1-ph on each side ("full"), with the kernel turned around. A stride s puts
 * s-1 zeros between dy's entries first, a dilation d spaces the taps of the flipped kernel
 * d apart. Here the same sum is taken by sending each dy back along the taps that made it,
 * the forward loop run in reverse, which needs no zero-stuffed copy of dy. */
static void conv_backward(AdNode *n)
{
	const ConvGeom *g = n->ctx;
	const int Cin = g->in_channels, H = g->in_h, W = g->in_w, Cout = g->out_channels;
	const int kH = g->kernel_h, kW = g->kernel_w, Ho = g->out_h, Wo = g->out_w;
	AdNode *X = n->in[0], *Wt = n->in[1], *B = n->n_in > 2 ? n->in[2] : NULL;
	const double *x = X->value.data, *w = Wt->value.data, *dy = n->grad.data;
	double *dx = X->grad.data, *dw = Wt->grad.data, *db = B ? B->grad.data : NULL;
	for (int s = 0; s < g->batch; s++)
		for (int co = 0; co < Cout; co++) {
			const double *dyp = dy + ((size_t)s * Cout + co) * Ho * Wo;
			if (db) {
				double acc = 0.0;
				for (size_t i = 0; i < (size_t)Ho * Wo; i++)
					acc += dyp[i];
				db[co] += acc;
			}
			if (!dx && !dw)
				continue;
			for (int ci = 0; ci < Cin; ci++) {
				const double *xp = x + ((size_t)s * Cin + ci) * H * W;
				double *dxp = dx ? dx + ((size_t)s * Cin + ci) * H * W : NULL;
				size_t wo = ((size_t)co * Cin + ci) * kH * kW;
				for (int kh = 0; kh < kH; kh++)
					for (int kw = 0; kw < kW; kw++) {
						double wv = w[wo + (size_t)kh * kW + kw], acc = 0.0;
						int h0, h1, w0, w1;
						inside(H, kh, g->stride[0], g->padding[0], g->dilation[0], Ho, &h0, &h1);
						inside(W, kw, g->stride[1], g->padding[1], g->dilation[1], Wo, &w0, &w1);
						const int sw = g->stride[1];
						for (int oh = h0; oh < h1; oh++) {
							int ih = tap(oh, kh, g->stride[0], g->padding[0], g->dilation[0]);
							ptrdiff_t at0 = (ptrdiff_t)ih * W +
									tap(0, kw, g->stride[1], g->padding[1], g->dilation[1]);
							const double *dyr = dyp + (size_t)oh * Wo;
							if (dw)
								for (int ow = w0; ow < w1; ow++)
									acc += dyr[ow] * xp[at0 + (ptrdiff_t)ow * sw];
							if (dxp)
								for (int ow = w0; ow < w1; ow++)
									dxp[at0 + (ptrdiff_t)ow * sw] += wv * dyr[ow];
						}
						if (dw)
							dw[wo + (size_t)kh * kW + kw] += acc;
					}
			}
		}
}

static const AdOp OP_CONV2D = { "conv2d", conv_forward, conv_backward };

AdNode *conv2d_apply(Tape *t, AdNode *x, AdNode *weight, AdNode *bias, const ConvGeom *g)
{
	if (!x || !weight)
		return ad_custom(t, &OP_CONV2D, (AdNode *const[]){ x, weight }, 2, 1, 1, NULL);
	size_t nx = (size_t)g->batch * g->in_channels * g->in_h * g->in_w;
	size_t nw = (size_t)g->out_channels * g->in_channels * g->kernel_h * g->kernel_w;
	if (g->out_h < 1 || g->out_w < 1)
		return ad_fail(t, ST_ESHAPE, "conv2d: the sizes were not fitted (output %dx%d)",
			       g->out_h, g->out_w);
	if (mat_size(&x->value) != nx || mat_size(&weight->value) != nw ||
	    (bias && mat_size(&bias->value) != (size_t)g->out_channels))
		return ad_fail(t, ST_ESHAPE,
			       "conv2d: x holds %zu numbers, weight %zu, bias %zu; the sizes say %zu, %zu and %d",
			       mat_size(&x->value), mat_size(&weight->value),
			       bias ? mat_size(&bias->value) : 0, nx, nw, g->out_channels);
	AdNode *in[3] = { x, weight, bias };
	/* ctx is read only: conv_forward and conv_backward take it as const */
	return ad_custom(t, &OP_CONV2D, in, bias ? 3 : 2, g->batch * g->out_channels * g->out_h,
			 g->out_w, (void *)g);
}

/* }==== */
