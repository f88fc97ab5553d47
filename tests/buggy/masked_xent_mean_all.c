/* A classic mistake, for the grader to catch: the masked loss averaged over every position, padded ones included (divided by N = T * B instead of by the real tokens).
 * exercise: masked_xent
 * expect: the mean was taken over all rows, padded ones included
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

double masked_xent_forward(const double *logits, const int *target, int ignore_index, int N,
			   int C)
{
	double sum = 0;
	for (int i = 0; i < N; i++)
		if (target[i] != ignore_index)
			sum += log_sum_exp(logits + i * C, C) - logits[i * C + target[i]];
	return sum / N;
}

void masked_xent_backward(double *dlogits, const double *logits, const int *target,
			  int ignore_index, double dloss, int N, int C)
{
	for (int i = 0; i < N; i++) {
		if (target[i] == ignore_index)
			continue;
		double lse = log_sum_exp(logits + i * C, C);
		for (int j = 0; j < C; j++)
			dlogits[i * C + j] += dloss / N * (exp(logits[i * C + j] - lse) - (j == target[i]));
	}
}
