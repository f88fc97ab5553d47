/* Solution to exercises/17_masked_xent.c: cross-entropy over padded sequences, the mean
 * over the real tokens only (torch.nn.functional.cross_entropy with ignore_index). */
#include "gradlab_exercise.h"

#include <math.h>

/* log sum_j exp(row[j]), with the row's largest value taken out first so exp never
 * overflows, and at least one term is exp(0) = 1 so the sum never underflows to 0. */
static double log_sum_exp(const double *row, int C)
{
	double mx = row[0], sum = 0;
	for (int j = 1; j < C; j++)
		mx = fmax(mx, row[j]);
	for (int j = 0; j < C; j++)
		sum += exp(row[j] - mx);
	return mx + log(sum);
}

static int real_tokens(const int *target, int ignore_index, int N)
{
	int real = 0;
	for (int i = 0; i < N; i++)
		real += target[i] != ignore_index;
	return real;
}

double masked_xent_forward(const double *logits, const int *target, int ignore_index, int N,
			   int C)
{
	double sum = 0;
	for (int i = 0; i < N; i++)
		if (target[i] != ignore_index)
			sum += log_sum_exp(logits + (long)i * C, C) - logits[(long)i * C + target[i]];
	return sum / real_tokens(target, ignore_index, N);
}

void masked_xent_backward(double *dlogits, const double *logits, const int *target,
			  int ignore_index, double dloss, int N, int C)
{
	double scale = dloss / real_tokens(target, ignore_index, N);
	for (int i = 0; i < N; i++) {
		if (target[i] == ignore_index)
			continue; /* a padded position: no loss, no gradient */
		const double *row = logits + (long)i * C;
		double lse = log_sum_exp(row, C);
		for (int j = 0; j < C; j++)
			dlogits[(long)i * C + j] += scale * (exp(row[j] - lse) - (j == target[i]));
	}
}
