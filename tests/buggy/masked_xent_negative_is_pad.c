/* A classic mistake, for the grader to catch: padding recognised as a negative target (PyTorch's default -100) instead of by ignore_index itself, so with ignore_index 0 the padded rows count as class 0.
 * exercise: masked_xent
 * expect: padded|padding
 * tensor: dlogits
 */
#include "gradlab_exercise.h"

#include <math.h>

static double log_sum_exp(const double *row, int C)
{
	double mx = row[0], sum = 0;
	for (int j = 1; j < C; j++)
		mx = fmax(mx, row[j]);
	for (int j = 0; j < C; j++)
		sum += exp(row[j] - mx);
	return mx + log(sum);
}

static int padded(int target, int C)
{
	return target < 0 || target >= C;
}

double masked_xent_forward(const double *logits, const int *target, int ignore_index, int N,
			   int C)
{
	(void)ignore_index;
	double sum = 0;
	int real = 0;
	for (int i = 0; i < N; i++)
		if (!padded(target[i], C)) {
			sum += log_sum_exp(logits + i * C, C) - logits[i * C + target[i]];
			real++;
		}
	return sum / real;
}

void masked_xent_backward(double *dlogits, const double *logits, const int *target,
			  int ignore_index, double dloss, int N, int C)
{
	(void)ignore_index;
	int real = 0;
	for (int i = 0; i < N; i++)
		real += !padded(target[i], C);
	for (int i = 0; i < N; i++) {
		if (padded(target[i], C))
			continue;
		double lse = log_sum_exp(logits + i * C, C);
		for (int j = 0; j < C; j++)
			dlogits[i * C + j] += dloss / real * (exp(logits[i * C + j] - lse) - (j == target[i]));
	}
}
