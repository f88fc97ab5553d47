/* Solution to exercises/14_conv2d.c: conv2d as PyTorch computes it, forward and backward. */
#include "gradlab_exercise.h"

/* The flat index of [a, b, c, d] in an array of (A, B, C, D); A is not needed. */
static long at(int a, int b, int c, int d, int B, int C, int D)
{
	return (((long)a * B + b) * C + c) * D + d;
}

void conv2d_forward(double *y, const double *x, const double *weight, const double *bias, int N,
		    int Cin, int H, int W, int Cout, int kH, int kW, int stride_h, int stride_w,
		    int pad_h, int pad_w)
{
	int Ho = (H + 2 * pad_h - kH) / stride_h + 1, Wo = (W + 2 * pad_w - kW) / stride_w + 1;
	for (int n = 0; n < N; n++)
		for (int co = 0; co < Cout; co++)
			for (int oh = 0; oh < Ho; oh++)
				for (int ow = 0; ow < Wo; ow++) {
					double s = bias[co];
					for (int ci = 0; ci < Cin; ci++)
						for (int kh = 0; kh < kH; kh++)
							for (int kw = 0; kw < kW; kw++) {
								int ih = oh * stride_h - pad_h + kh;
								int iw = ow * stride_w - pad_w + kw;
								if (ih < 0 || ih >= H || iw < 0 || iw >= W)
									continue; /* padding: 0 */
								s += weight[at(co, ci, kh, kw, Cin, kH, kW)] *
								     x[at(n, ci, ih, iw, Cin, H, W)];
							}
					y[at(n, co, oh, ow, Cout, Ho, Wo)] = s;
				}
}

void conv2d_backward(double *dx, double *dweight, double *dbias, const double *dy,
		     const double *x, const double *weight, int N, int Cin, int H, int W, int Cout,
		     int kH, int kW, int stride_h, int stride_w, int pad_h, int pad_w)
{
	int Ho = (H + 2 * pad_h - kH) / stride_h + 1, Wo = (W + 2 * pad_w - kW) / stride_w + 1;
	/* Every tap of the forward, visited again: the gradient goes back along it. Scattering
	 * weight * dy into x this way is the correlation with the flipped kernel, and the
	 * stride is there by construction. */
	for (int n = 0; n < N; n++)
		for (int co = 0; co < Cout; co++)
			for (int oh = 0; oh < Ho; oh++)
				for (int ow = 0; ow < Wo; ow++) {
					double d = dy[at(n, co, oh, ow, Cout, Ho, Wo)];
					dbias[co] += d;
					for (int ci = 0; ci < Cin; ci++)
						for (int kh = 0; kh < kH; kh++)
							for (int kw = 0; kw < kW; kw++) {
								int ih = oh * stride_h - pad_h + kh;
								int iw = ow * stride_w - pad_w + kw;
								if (ih < 0 || ih >= H || iw < 0 || iw >= W)
									continue;
								long xi = at(n, ci, ih, iw, Cin, H, W);
								long wi = at(co, ci, kh, kw, Cin, kH, kW);
								dweight[wi] += x[xi] * d;
								dx[xi] += weight[wi] * d;
							}
				}
}
