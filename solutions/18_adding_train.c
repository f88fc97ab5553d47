/* Solution to exercises/18_adding_train.c: the adding problem's data and an LSTM trained on
 * it with Adam, through exercise 08's LSTM step and exercise 16's Adam step, restated here
 * as the exercise asks. */
#include "gradlab_exercise.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

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
	double *da = malloc(sizeof(double) * 4 * (size_t)H);
	if (!da)
		return;
	for (int b = 0; b < B; b++) {
		const double *gt = gates + (size_t)b * 4 * H;
		for (int j = 0; j < H; j++) {
			double i = gt[j], f = gt[H + j], g = gt[2 * H + j], o = gt[3 * H + j];
			double tc = tanh(c_next[b * H + j]);
			double dh = dh_next[b * H + j];
			double dc = dc_next[b * H + j] + dh * o * (1.0 - tc * tc);
			double d_o = dh * tc;
			double d_f = dc * c_prev[b * H + j], d_i = dc * g, d_g = dc * i;
			dc_prev[b * H + j] += dc * f;
			da[j] = d_i * i * (1.0 - i);
			da[H + j] = d_f * f * (1.0 - f);
			da[2 * H + j] = d_g * (1.0 - g * g);
			da[3 * H + j] = d_o * o * (1.0 - o);
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

void adam_step(double *p, double *m, double *v, const double *g, int n, int t, double lr,
	       double beta1, double beta2, double eps, double weight_decay)
{
	double bc1 = 1 - pow(beta1, t), bc2 = 1 - pow(beta2, t);
	for (int i = 0; i < n; i++) {
		double grad = g[i] + weight_decay * p[i];
		m[i] = beta1 * m[i] + (1 - beta1) * grad;
		v[i] = beta2 * v[i] + (1 - beta2) * grad * grad;
		p[i] -= lr * (m[i] / bc1) / (sqrt(v[i] / bc2) + eps);
	}
}

void adding_batch(double *x, double *y, const double *u, int T, int B)
{
	int half = T / 2;
	for (int b = 0; b < B; b++) {
		const double *ub = u + (size_t)b * (T + 2);
		int m1 = (int)floor(ub[T] * half), m2 = half + (int)floor(ub[T + 1] * (T - half));
		y[b] = 0;
		for (int t = 0; t < T; t++) {
			double *row = x + ((size_t)t * B + b) * 2;
			row[0] = ub[t];
			row[1] = t == m1 || t == m2;
			if (row[1] != 0)
				y[b] += ub[t];
		}
	}
}

/* One weight, its gradient and its Adam state (m and v), for the update. */
typedef struct Param {
	double *w, *g, *m, *v;
	size_t n;
} Param;

double adding_train(double *W_ih, double *W_hh, double *b_ih, double *b_hh, double *W_out,
		    double *b_out, const double *u, int T, int B, int H, int steps, double lr)
{
	size_t G = 4 * (size_t)H, BH = (size_t)B * H;
	/* h and c for steps 0 (zeros) .. T, the gates of steps 1 .. T */
	double *x = malloc(sizeof(double) * (size_t)T * B * 2), *y = malloc(sizeof(double) * B);
	double *h = calloc((size_t)(T + 1) * BH, sizeof(double));
	double *c = calloc((size_t)(T + 1) * BH, sizeof(double));
	double *gates = malloc(sizeof(double) * (size_t)T * B * G);
	double *pred = malloc(sizeof(double) * B), *dx = malloc(sizeof(double) * (size_t)B * 2);
	double *dh = malloc(sizeof(double) * BH), *dc = malloc(sizeof(double) * BH);
	double *dh_prev = malloc(sizeof(double) * BH), *dc_prev = malloc(sizeof(double) * BH);
	size_t total = G * 2 + G * H + 2 * G + H + 1; /* every weight's values */
	double *grads = malloc(sizeof(double) * total);
	double *m = calloc(total, sizeof(double)), *v = calloc(total, sizeof(double));
	double loss = NAN;
	if (!x || !y || !h || !c || !gates || !pred || !dx || !dh || !dc || !dh_prev || !dc_prev ||
	    !grads || !m || !v)
		goto done;
	Param p[6] = {
		{ W_ih, grads, NULL, NULL, G * 2 },
		{ W_hh, grads + G * 2, NULL, NULL, G * H },
		{ b_ih, grads + G * 2 + G * H, NULL, NULL, G },
		{ b_hh, grads + G * 2 + G * H + G, NULL, NULL, G },
		{ W_out, grads + G * 2 + G * H + 2 * G, NULL, NULL, (size_t)H },
		{ b_out, grads + G * 2 + G * H + 2 * G + H, NULL, NULL, 1 },
	};
	for (int k = 0, at = 0; k < 6; at += (int)p[k].n, k++) {
		p[k].m = m + at;
		p[k].v = v + at;
	}
	for (int s = 0; s < steps; s++) {
		adding_batch(x, y, u + (size_t)s * B * (T + 2), T, B);
		for (int t = 1; t <= T; t++)
			lstm_step_forward(h + t * BH, c + t * BH, gates + (t - 1) * B * G,
					  x + (size_t)(t - 1) * B * 2, h + (t - 1) * BH,
					  c + (t - 1) * BH, W_ih, W_hh, b_ih, b_hh, B, 2, H);
		const double *hT = h + (size_t)T * BH;
		memset(grads, 0, sizeof(double) * total);
		loss = 0;
		memset(dh, 0, sizeof(double) * BH);
		memset(dc, 0, sizeof(double) * BH);
		for (int b = 0; b < B; b++) {
			pred[b] = b_out[0];
			for (int j = 0; j < H; j++)
				pred[b] += hT[b * H + j] * W_out[j];
			double e = pred[b] - y[b], dp = 2.0 * e / B;
			loss += e * e / B;
			/* pred = h_T W_out^T + b_out */
			p[5].g[0] += dp;
			for (int j = 0; j < H; j++) {
				p[4].g[j] += dp * hT[b * H + j];
				dh[b * H + j] = dp * W_out[j];
			}
		}
		for (int t = T; t >= 1; t--) {
			memset(dh_prev, 0, sizeof(double) * BH);
			memset(dc_prev, 0, sizeof(double) * BH);
			memset(dx, 0, sizeof(double) * (size_t)B * 2);
			lstm_step_backward(dx, dh_prev, dc_prev, p[0].g, p[1].g, p[2].g, p[3].g, dh, dc,
					   x + (size_t)(t - 1) * B * 2, h + (t - 1) * BH,
					   c + (t - 1) * BH, c + t * BH, gates + (t - 1) * B * G,
					   W_ih, W_hh, B, 2, H);
			memcpy(dh, dh_prev, sizeof(double) * BH);
			memcpy(dc, dc_prev, sizeof(double) * BH);
		}
		for (int k = 0; k < 6; k++)
			adam_step(p[k].w, p[k].m, p[k].v, p[k].g, (int)p[k].n, s + 1, lr, 0.9, 0.999,
				  1e-8, 0.0);
	}
done:
	free(x);
	free(y);
	free(h);
	free(c);
	free(gates);
	free(pred);
	free(dx);
	free(dh);
	free(dc);
	free(dh_prev);
	free(dc_prev);
	free(grads);
	free(m);
	free(v);
	return loss;
}
