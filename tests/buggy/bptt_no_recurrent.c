/* A classic mistake, for the grader to catch: BPTT without the recurrent term: dL/dh_t is only the loss's own gradient at h_t, so nothing flows back through W_hh to earlier steps.
 * exercise: bptt
 * expect: dh0
 * tensor: dh0
 */
#include "gradlab_exercise.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void rnn_forward(double *h, const double *x, const double *h0, const double *W_ih,
		 const double *W_hh, const double *b_ih, const double *b_hh, int T, int B, int I,
		 int H)
{
	memcpy(h, h0, sizeof(double) * (size_t)B * H);
	for (int t = 1; t <= T; t++) {
		const double *x_t = x + (size_t)(t - 1) * B * I;
		const double *h_prev = h + (size_t)(t - 1) * B * H;
		double *h_t = h + (size_t)t * B * H;
		for (int b = 0; b < B; b++)
			for (int j = 0; j < H; j++) {
				double a = b_ih[j] + b_hh[j];
				for (int k = 0; k < I; k++)
					a += x_t[b * I + k] * W_ih[j * I + k];
				for (int k = 0; k < H; k++)
					a += h_prev[b * H + k] * W_hh[j * H + k];
				h_t[b * H + j] = tanh(a);
			}
	}
}

void rnn_backward(double *dx, double *dh0, double *dW_ih, double *dW_hh, double *db_ih,
		  double *db_hh, const double *dh, const double *x, const double *h,
		  const double *W_ih, const double *W_hh, int T, int B, int I, int H)
{
	/* g: dL/dh_t, everything that reaches h_t; next: what flows back to h_{t-1} */
	double *g = calloc((size_t)B * H, sizeof *g);
	double *next = calloc((size_t)B * H, sizeof *next);
	if (!g || !next) {
		free(g);
		free(next);
		return;
	}
	for (int t = T; t >= 1; t--) {
		const double *x_t = x + (size_t)(t - 1) * B * I;
		const double *h_prev = h + (size_t)(t - 1) * B * H;
		const double *h_t = h + (size_t)t * B * H;
		double *dx_t = dx + (size_t)(t - 1) * B * I;
		/* dL/dh_t = dL_t/dh_t + delta_{t+1} W_hh (what step t+1 sent back) */
		for (int i = 0; i < B * H; i++) {
			g[i] = dh[(size_t)(t - 1) * B * H + i];
			next[i] = 0;
		}
		for (int b = 0; b < B; b++)
			for (int j = 0; j < H; j++) {
				double hv = h_t[b * H + j];
				double delta = g[b * H + j] * (1.0 - hv * hv);
				for (int k = 0; k < I; k++) {
					dW_ih[j * I + k] += delta * x_t[b * I + k];
					dx_t[b * I + k] += delta * W_ih[j * I + k];
				}
				for (int k = 0; k < H; k++) {
					dW_hh[j * H + k] += delta * h_prev[b * H + k];
					next[b * H + k] += delta * W_hh[j * H + k];
				}
				db_ih[j] += delta;
				db_hh[j] += delta;
			}
	}
	for (int i = 0; i < B * H; i++)
		dh0[i] += next[i];
	free(g);
	free(next);
}
