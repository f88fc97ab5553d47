/* A classic mistake, for the grader to catch: max pooling that starts each window's maximum at 0 (as if the padding were 0), so a window of values below 0 gives 0.
 * exercise: maxpool
 * expect: expected -[0-9.e+]+, got 0
 * tensor: y
 */
#include "gradlab_exercise.h"

void maxpool_forward(double *y, const double *x, int N, int C, int H, int W, int kh, int kw,
		     int sh, int sw, int ph, int pw)
{
	int Ho = (H + 2 * ph - kh) / sh + 1, Wo = (W + 2 * pw - kw) / sw + 1;
	for (int p = 0; p < N * C; p++)
		for (int i = 0; i < Ho; i++)
			for (int j = 0; j < Wo; j++) {
				double best = 0;
				for (int r = i * sh - ph; r < i * sh - ph + kh; r++)
					for (int s = j * sw - pw; s < j * sw - pw + kw; s++)
						if (r >= 0 && r < H && s >= 0 && s < W && x[p * H * W + r * W + s] > best)
							best = x[p * H * W + r * W + s];
				y[(p * Ho + i) * Wo + j] = best;
			}
}

void maxpool_backward(double *dx, const double *dy, const double *x, int N, int C, int H, int W,
		      int kh, int kw, int sh, int sw, int ph, int pw)
{
	int Ho = (H + 2 * ph - kh) / sh + 1, Wo = (W + 2 * pw - kw) / sw + 1;
	for (int p = 0; p < N * C; p++)
		for (int i = 0; i < Ho; i++)
			for (int j = 0; j < Wo; j++) {
				int best = -1;
				double top = 0;
				for (int r = i * sh - ph; r < i * sh - ph + kh; r++)
					for (int s = j * sw - pw; s < j * sw - pw + kw; s++)
						if (r >= 0 && r < H && s >= 0 && s < W && x[p * H * W + r * W + s] > top) {
							top = x[p * H * W + r * W + s];
							best = r * W + s;
						}
				if (best >= 0)
					dx[p * H * W + best] += dy[(p * Ho + i) * Wo + j];
			}
}
