/* Solution to exercises/04_rnn_step.c: one step of the tanh RNN, forward and backward. */
#include "gradlab_exercise.h"

#include <math.h>

void rnn_step_forward(double *h_next, const double *x, const double *h_prev, const double *W_ih,
		      const double *W_hh, const double *b_ih, const double *b_hh, int B, int I,
		      int H)
{
	for (int b = 0; b < B; b++)
		for (int j = 0; j < H; j++) {
			double a = b_ih[j] + b_hh[j];
			for (int k = 0; k < I; k++)
				a += x[b * I + k] * W_ih[j * I + k];
			for (int k = 0; k < H; k++)
				a += h_prev[b * H + k] * W_hh[j * H + k];
			h_next[b * H + j] = tanh(a);
		}
}

void rnn_step_backward(double *dx, double *dh_prev, double *dW_ih, double *dW_hh, double *db_ih,
		       double *db_hh, const double *dh_next, const double *x,
		       const double *h_prev, const double *h_next, const double *W_ih,
		       const double *W_hh, int B, int I, int H)
{
	for (int b = 0; b < B; b++)
		for (int j = 0; j < H; j++) {
			/* forward: h = tanh(a); so delta = da = dh * (1 - h^2) */
			double h = h_next[b * H + j];
			double delta = dh_next[b * H + j] * (1.0 - h * h);
			/* a[j] = sum_k x[k] W_ih[j,k] + sum_k h_prev[k] W_hh[j,k] + b_ih[j] + b_hh[j] */
			for (int k = 0; k < I; k++) {
				dW_ih[j * I + k] += delta * x[b * I + k];
				dx[b * I + k] += delta * W_ih[j * I + k];
			}
			for (int k = 0; k < H; k++) {
				dW_hh[j * H + k] += delta * h_prev[b * H + k];
				dh_prev[b * H + k] += delta * W_hh[j * H + k];
			}
			db_ih[j] += delta;
			db_hh[j] += delta;
		}
}
