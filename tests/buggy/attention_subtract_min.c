/* A classic mistake, for the grader to catch: attention whose softmax subtracts each row's smallest score: a row of scores spanning more than 709 overflows.
 * exercise: attention
 * expect: span .* subtracting the smallest value
 * tensor: weights
 */
#include "gradlab_exercise.h"

#include <math.h>
#include <stdlib.h>

void attention_forward(double *out, double *weights, const double *Q, const double *K,
		       const double *V, int Tq, int Tk, int D, int Dv)
{
	double scale = 1.0 / sqrt((double)D);
	for (int i = 0; i < Tq; i++) {
		double *w = weights + (size_t)i * Tk;
		double mx = -INFINITY;
		for (int j = 0; j < Tk; j++) {
			double s = 0;
			for (int k = 0; k < D; k++)
				s += Q[i * D + k] * K[j * D + k];
			w[j] = s * scale;
			if (w[j] < mx || j == 0) /* the smallest: "keep every exponent >= 0" */
				mx = w[j];
		}
		double sum = 0;
		for (int j = 0; j < Tk; j++) {
			w[j] = exp(w[j] - mx);
			sum += w[j];
		}
		for (int j = 0; j < Tk; j++)
			w[j] /= sum;
		for (int c = 0; c < Dv; c++) {
			double s = 0;
			for (int j = 0; j < Tk; j++)
				s += w[j] * V[j * Dv + c];
			out[i * Dv + c] = s;
		}
	}
}

void attention_backward(double *dQ, double *dK, double *dV, const double *dout,
			const double *Q, const double *K, const double *V,
			const double *weights, int Tq, int Tk, int D, int Dv)
{
	double scale = 1.0 / sqrt((double)D);
	double *dw = malloc(sizeof(double) * (size_t)Tk);
	if (!dw)
		return;
	for (int i = 0; i < Tq; i++) {
		const double *w = weights + (size_t)i * Tk;
		/* out = w V: dV += w^T dout, dw = dout V^T */
		double dot = 0;
		for (int j = 0; j < Tk; j++) {
			double s = 0;
			for (int c = 0; c < Dv; c++) {
				s += dout[i * Dv + c] * V[j * Dv + c];
				dV[j * Dv + c] += w[j] * dout[i * Dv + c];
			}
			dw[j] = s;
			dot += s * w[j];
		}
		/* w = softmax(s): ds = w (dw - dw.w); s = q k / sqrt(D) */
		for (int j = 0; j < Tk; j++) {
			double ds = w[j] * (dw[j] - dot) * scale;
			for (int k = 0; k < D; k++) {
				dQ[i * D + k] += ds * K[j * D + k];
				dK[j * D + k] += ds * Q[i * D + k];
			}
		}
	}
	free(dw);
}
