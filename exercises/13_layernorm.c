/* Exercise 13 layernorm: layer normalisation's backward (torch.nn.LayerNorm(D)).
 * Lesson 09-deep-residual.                         Grade it: gradlab grade layernorm
 *
 * TASK. x and dy are (N, D), gamma, dgamma and dbeta are (D). Each row n is normalised over
 * its own D values (not over the batch, unlike batch normalisation):
 *   mean_n = (1/D) sum_j x[n,j]        var_n = (1/D) sum_j (x[n,j] - mean_n)^2   (biased)
 *   xhat[n,j] = (x[n,j] - mean_n) / sqrt(var_n + eps)
 *   y[n,j] = gamma[j] * xhat[n,j] + beta[j]
 * Given dy, ADD the gradients with respect to x, gamma and beta to dx, dgamma and dbeta.
 * The mean and the variance of a row depend on every x of that row. Some rows are hard: a
 * constant row, a single value per row (D = 1), values near 10000 with a spread of 0.1
 * (take the variance from the deviations, not as E[x^2] - mean^2), a spread far below eps.
 *
 * 任务：x 和 dy 是 (N, D)，gamma、dgamma 和 dbeta 是 (D)。每一行 n 在它自己的 D 个值上做
 * 归一化（与批归一化不同，不是在整批上）：
 *   mean_n = (1/D) sum_j x[n,j]        var_n = (1/D) sum_j (x[n,j] - mean_n)^2（有偏）
 *   xhat[n,j] = (x[n,j] - mean_n) / sqrt(var_n + eps)
 *   y[n,j] = gamma[j] * xhat[n,j] + beta[j]
 * 已知 dy，把对 x、gamma 和 beta 的梯度累加到 dx、dgamma 和 dbeta 上。一行的均值和方差取决于
 * 这一行的每个 x。有些行比较难：常数行、每行只有一个值（D = 1）、在 10000 附近而离散程度
 * 只有 0.1 的数值（方差要从偏差算，不要用 E[x^2] - mean^2）、远小于 eps 的离散程度。 */
#include "gradlab_exercise.h"

#include <math.h>
#include <stdlib.h>

void layernorm_backward(double *dx, double *dgamma, double *dbeta, const double *dy,
			const double *x, const double *gamma, double eps, int N, int D)
{
	/* TODO: per row: the mean, the variance and xhat */
	/* TODO: dbeta and dgamma: sums over the rows */
	/* TODO: dx, through xhat, the row's mean and its variance */
}
