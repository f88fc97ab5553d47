/* A classic mistake, for the grader to catch: Adam with AdamW's decoupled weight decay (p shrunk directly) where torch.optim.Adam adds weight_decay * p to the gradient.
 * exercise: adam
 * expect: AdamW's decoupled weight decay
 * tensor: p
 */
#include "gradlab_exercise.h"

#include <math.h>

void adam_step(double *p, double *m, double *v, const double *g, int n, int t, double lr,
	       double beta1, double beta2, double eps, double weight_decay)
{
	double bc1 = 1 - pow(beta1, t), bc2 = 1 - pow(beta2, t);
	for (int i = 0; i < n; i++) {
		p[i] *= 1 - lr * weight_decay;
		m[i] = beta1 * m[i] + (1 - beta1) * g[i];
		v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i];
		p[i] -= lr * (m[i] / bc1) / (sqrt(v[i] / bc2) + eps);
	}
}
