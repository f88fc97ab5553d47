/* A classic mistake, for the grader to catch: Adam without bias correction, m and v used as they are, too small early in training.
 * exercise: adam
 * expect: without bias correction
 * tensor: p
 */
#include "gradlab_exercise.h"

#include <math.h>

void adam_step(double *p, double *m, double *v, const double *g, int n, int t, double lr,
	       double beta1, double beta2, double eps, double weight_decay)
{
	(void)t;
	for (int i = 0; i < n; i++) {
		double grad = g[i] + weight_decay * p[i];
		m[i] = beta1 * m[i] + (1 - beta1) * grad;
		v[i] = beta2 * v[i] + (1 - beta2) * grad * grad;
		p[i] -= lr * m[i] / (sqrt(v[i]) + eps);
	}
}
