/* A classic mistake, for the grader to catch: a wrong gate derivative: the output gate o is a sigmoid, but its derivative is taken as tanh's, 1 - o^2.
 * exercise: lstm_step
 * expect: gate o
 * tensor: dW_ih
 */
#include "gradlab_exercise.h"

#include <math.h>
#include <stdlib.h>

static double sigmoid(double a)
{
	return 1.0 / (1.0 + exp(-a));
}

void lstm_step_forward(double *h_next, double *c_next, double *gates, const double *x,
		       const double *h_prev, const double *c_prev, const double *W_ih,
		       const double *W_hh, const double *b_ih, const double *b_hh, int B, int I,
		       int H)
{
	for (int b = 0; b < B; b++) {
		double *gt = gates + (size_t)b * 4 * H;
		for (int r = 0; r < 4 * H; r++) {
			double a = b_ih[r] + b_hh[r];
			for (int k = 0; k < I; k++)
				a += x[b * I + k] * W_ih[r * I + k];
			for (int k = 0; k < H; k++)
				a += h_prev[b * H + k] * W_hh[r * H + k];
			/* block 2 (g) is the candidate, squashed by tanh; the gates use sigmoid */
			gt[r] = r / H == 2 ? tanh(a) : sigmoid(a);
		}
		for (int j = 0; j < H; j++) {
			double i = gt[j], f = gt[H + j], g = gt[2 * H + j], o = gt[3 * H + j];
			double c = f * c_prev[b * H + j] + i * g;
			c_next[b * H + j] = c;
			h_next[b * H + j] = o * tanh(c);
		}
	}
}

void lstm_step_backward(double *dx, double *dh_prev, double *dc_prev, double *dW_ih,
			double *dW_hh, double *db_ih, double *db_hh, const double *dh_next,
			const double *dc_next, const double *x, const double *h_prev,
			const double *c_prev, const double *c_next, const double *gates,
			const double *W_ih, const double *W_hh, int B, int I, int H)
{
	double *da = malloc(sizeof(double) * 4 * (size_t)H); /* dL/da for one row, blocks i f g o */
	if (!da)
		return;
	for (int b = 0; b < B; b++) {
		const double *gt = gates + (size_t)b * 4 * H;
		for (int j = 0; j < H; j++) {
			double i = gt[j], f = gt[H + j], g = gt[2 * H + j], o = gt[3 * H + j];
			double tc = tanh(c_next[b * H + j]);
			double dh = dh_next[b * H + j];
			/* h = o tanh(c): do = dh tanh(c); c gets dh o (1 - tanh^2 c) besides dc_next */
			double dc = dc_next[b * H + j] + dh * o * (1.0 - tc * tc);
			double d_o = dh * tc;
			/* c = f c_prev + i g */
			double d_f = dc * c_prev[b * H + j], d_i = dc * g, d_g = dc * i;
			dc_prev[b * H + j] += dc * f;
			/* through the nonlinearities: sigmoid' = s (1 - s), tanh' = 1 - t^2 */
			da[j] = d_i * i * (1.0 - i);
			da[H + j] = d_f * f * (1.0 - f);
			da[2 * H + j] = d_g * (1.0 - g * g);
			da[3 * H + j] = d_o * (1.0 - o * o);
		}
		for (int r = 0; r < 4 * H; r++) {
			for (int k = 0; k < I; k++) {
				dW_ih[r * I + k] += da[r] * x[b * I + k];
				dx[b * I + k] += da[r] * W_ih[r * I + k];
			}
			for (int k = 0; k < H; k++) {
				dW_hh[r * H + k] += da[r] * h_prev[b * H + k];
				dh_prev[b * H + k] += da[r] * W_hh[r * H + k];
			}
			db_ih[r] += da[r];
			db_hh[r] += da[r];
		}
	}
	free(da);
}
