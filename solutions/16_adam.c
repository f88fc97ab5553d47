/* Solution to exercises/16_adam.c: one step of torch.optim.Adam with bias correction. */
#include "gradlab_exercise.h"

#include <math.h>

void adam_step(double *p, double *m, double *v, const double *g, int n, int t, double lr,
	       double beta1, double beta2, double eps, double weight_decay)
{
	/* m and v start at 0, so after t steps they are (1 - beta^t) of what they estimate */
	double bc1 = 1 - pow(beta1, t), bc2 = 1 - pow(beta2, t);
	for (int i = 0; i < n; i++) {
		double grad = g[i] + weight_decay * p[i]; /* Adam's L2: part of the gradient */
		m[i] = beta1 * m[i] + (1 - beta1) * grad;
		v[i] = beta2 * v[i] + (1 - beta2) * grad * grad;
		double m_hat = m[i] / bc1, v_hat = v[i] / bc2;
		p[i] -= lr * m_hat / (sqrt(v_hat) + eps);
	}
}
