/* A classic mistake, for the grader to catch: max pooling's backward sends each window's dy to every cell of the window, as an average pool without the division would, instead of to the window's maximum only.
 * exercise: maxpool
 * expect: every cell of the window
 * tensor: dx
 */
#include "gradlab_exercise.h"

void maxpool_forward(double *y, const double *x, int N, int C, int H, int W, int kh, int kw,
		     int sh, int sw, int ph, int pw)
{
	int Ho = (H + 2 * ph - kh) / sh + 1, Wo = (W + 2 * pw - kw) / sw + 1;
	for (int p = 0; p < N * C; p++)
		for (int i = 0; i < Ho; i++)
			for (int j = 0; j < Wo; j++) {
				int best = -1;
				for (int r = i * sh - ph; r < i * sh - ph + kh; r++)
					for (int s = j * sw - pw; s < j * sw - pw + kw; s++)
						if (r >= 0 && r < H && s >= 0 && s < W &&
						    (best < 0 || x[p * H * W + r * W + s] > x[p * H * W + best]))
							best = r * W + s;
				y[(p * Ho + i) * Wo + j] = x[p * H * W + best];
			}
}

void maxpool_backward(double *dx, const double *dy, const double *x, int N, int C, int H, int W,
		      int kh, int kw, int sh, int sw, int ph, int pw)
{
	(void)x;
	int Ho = (H + 2 * ph - kh) / sh + 1, Wo = (W + 2 * pw - kw) / sw + 1;
	for (int p = 0; p < N * C; p++)
		for (int i = 0; i < Ho; i++)
			for (int j = 0; j < Wo; j++)
				for (int r = i * sh - ph; r < i * sh - ph + kh; r++)
					for (int s = j * sw - pw; s < j * sw - pw + kw; s++)
						if (r >= 0 && r < H && s >= 0 && s < W)
							dx[p * H * W + r * W + s] += dy[(p * Ho + i) * Wo + j];
}
