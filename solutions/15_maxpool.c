/* Solution to exercises/15_maxpool.c: 2-D max pooling as torch.nn.functional.max_pool2d. */
#include "gradlab_exercise.h"

#include <math.h>

/* The index in its plane (r * W + s) of the first maximum of window (i, j); the padding is
 * -infinity, so only cells inside x are looked at, and a later equal value does not replace
 * the first. PyTorch's padding rule keeps a real cell in every window. */
static int winner(const double *x, int H, int W, int kh, int kw, int sh, int sw, int ph, int pw,
		  int i, int j)
{
	int best = -1;
	for (int r = i * sh - ph; r < i * sh - ph + kh; r++)
		for (int s = j * sw - pw; s < j * sw - pw + kw; s++) {
			if (r < 0 || r >= H || s < 0 || s >= W)
				continue;
			if (best < 0 || x[r * W + s] > x[best])
				best = r * W + s;
		}
	return best;
}

void maxpool_forward(double *y, const double *x, int N, int C, int H, int W, int kh, int kw,
		     int sh, int sw, int ph, int pw)
{
	int Ho = (H + 2 * ph - kh) / sh + 1, Wo = (W + 2 * pw - kw) / sw + 1;
	for (int p = 0; p < N * C; p++) {
		const double *xp = x + (long)p * H * W;
		for (int i = 0; i < Ho; i++)
			for (int j = 0; j < Wo; j++)
				y[((long)p * Ho + i) * Wo + j] =
					xp[winner(xp, H, W, kh, kw, sh, sw, ph, pw, i, j)];
	}
}

void maxpool_backward(double *dx, const double *dy, const double *x, int N, int C, int H, int W,
		      int kh, int kw, int sh, int sw, int ph, int pw)
{
	int Ho = (H + 2 * ph - kh) / sh + 1, Wo = (W + 2 * pw - kw) / sw + 1;
	for (int p = 0; p < N * C; p++) {
		const double *xp = x + (long)p * H * W;
		/* only the winner of each window gets its dy; += because windows may overlap */
		for (int i = 0; i < Ho; i++)
			for (int j = 0; j < Wo; j++)
				dx[(long)p * H * W + winner(xp, H, W, kh, kw, sh, sw, ph, pw, i, j)] +=
					dy[((long)p * Ho + i) * Wo + j];
	}
}
