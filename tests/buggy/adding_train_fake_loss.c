/* A submission that claims to have trained: it prints a low loss and returns it, and leaves the weights as they came. The grader judges the weights on held-out sequences, not the number.
 * exercise: adding_train
 * expect: nothing was trained
 * tensor: held_out_mse
 */
#include "gradlab_exercise.h"

#include <math.h>
#include <stdio.h>

void adding_batch(double *x, double *y, const double *u, int T, int B)
{
	int half = T / 2;
	for (int b = 0; b < B; b++) {
		const double *ub = u + b * (T + 2);
		int m1 = (int)floor(ub[T] * half), m2 = half + (int)floor(ub[T + 1] * (T - half));
		y[b] = 0;
		for (int t = 0; t < T; t++) {
			x[(t * B + b) * 2] = ub[t];
			x[(t * B + b) * 2 + 1] = t == m1 || t == m2;
			if (t == m1 || t == m2)
				y[b] += ub[t];
		}
	}
}

double adding_train(double *W_ih, double *W_hh, double *b_ih, double *b_hh, double *W_out,
		    double *b_out, const double *u, int T, int B, int H, int steps, double lr)
{
	(void)W_ih, (void)W_hh, (void)b_ih, (void)b_hh, (void)W_out, (void)b_out, (void)u;
	(void)T, (void)B, (void)H, (void)lr;
	for (int s = 0; s < steps; s += 100)
		printf("step %d loss %.6f\nPASS\n", s, 0.1 / (s + 1));
	return 1e-5;
}
