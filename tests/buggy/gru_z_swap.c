/* A classic mistake, for the grader to catch: the GRU's update gate mixed up: the backward uses h_next = z n + (1 - z) h_prev, the textbook convention, while PyTorch's forward is (1 - z) n + z h_prev.
 * exercise: gru_step
 * expect: dh_prev
 * tensor: dh_prev
 */
#include "gradlab_exercise.h"

#include <math.h>
#include <stdlib.h>

static double sigmoid(double a)
{
	return 1.0 / (1.0 + exp(-a));
}

void gru_step_forward(double *h_next, double *gates, double *hn, const double *x,
		      const double *h_prev, const double *W_ih, const double *W_hh,
		      const double *b_ih, const double *b_hh, int B, int I, int H)
{
	for (int b = 0; b < B; b++) {
		double *gt = gates + (size_t)b * 3 * H;
		for (int j = 0; j < H; j++) {
			double ax[3], ah[3]; /* x-side and h-side sums of blocks r, z, n */
			for (int blk = 0; blk < 3; blk++) {
				int r = blk * H + j;
				ax[blk] = b_ih[r];
				ah[blk] = b_hh[r];
				for (int k = 0; k < I; k++)
					ax[blk] += x[b * I + k] * W_ih[r * I + k];
				for (int k = 0; k < H; k++)
					ah[blk] += h_prev[b * H + k] * W_hh[r * H + k];
			}
			double rg = sigmoid(ax[0] + ah[0]), z = sigmoid(ax[1] + ah[1]);
			double n = tanh(ax[2] + rg * ah[2]);
			gt[j] = rg;
			gt[H + j] = z;
			gt[2 * H + j] = n;
			hn[b * H + j] = ah[2];
			h_next[b * H + j] = (1.0 - z) * n + z * h_prev[b * H + j];
		}
	}
}

void gru_step_backward(double *dx, double *dh_prev, double *dW_ih, double *dW_hh, double *db_ih,
		       double *db_hh, const double *dh_next, const double *x,
		       const double *h_prev, const double *gates, const double *hn,
		       const double *W_ih, const double *W_hh, int B, int I, int H)
{
	/* One row's gradients at the pre-activations, x side and h side (they differ in block n,
	 * where r multiplies only the h side). */
	double *dax = malloc(sizeof(double) * 3 * (size_t)H);
	double *dah = malloc(sizeof(double) * 3 * (size_t)H);
	if (!dax || !dah) {
		free(dax);
		free(dah);
		return;
	}
	for (int b = 0; b < B; b++) {
		const double *gt = gates + (size_t)b * 3 * H;
		for (int j = 0; j < H; j++) {
			double r = gt[j], z = gt[H + j], n = gt[2 * H + j];
			double dh = dh_next[b * H + j], hp = h_prev[b * H + j];
			/* h_next = (1 - z) n + z h_prev */
			double dn = dh * z, dz = dh * (n - hp);
			dh_prev[b * H + j] += dh * (1.0 - z);
			/* n = tanh(ax_n + r hn) */
			double dan = dn * (1.0 - n * n);
			double dr = dan * hn[b * H + j];
			dax[j] = dah[j] = dr * r * (1.0 - r);
			dax[H + j] = dah[H + j] = dz * z * (1.0 - z);
			dax[2 * H + j] = dan;
			dah[2 * H + j] = dan * r;
		}
		for (int row = 0; row < 3 * H; row++) {
			for (int k = 0; k < I; k++) {
				dW_ih[row * I + k] += dax[row] * x[b * I + k];
				dx[b * I + k] += dax[row] * W_ih[row * I + k];
			}
			for (int k = 0; k < H; k++) {
				dW_hh[row * H + k] += dah[row] * h_prev[b * H + k];
				dh_prev[b * H + k] += dah[row] * W_hh[row * H + k];
			}
			db_ih[row] += dax[row];
			db_hh[row] += dah[row];
		}
	}
	free(dax);
	free(dah);
}
