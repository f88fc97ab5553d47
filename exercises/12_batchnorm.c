/* Exercise 12 batchnorm: batch normalisation's backward in training mode
 * (torch.nn.BatchNorm1d on an (N, C) batch in train()).
 * Lesson 08-training.                         Grade it: gradlab grade batchnorm
 *
 * TASK. x and dy are (N, C), gamma, dgamma and dbeta are (C). Each column c is normalised
 * over the N rows of the batch:
 *   mean_c = (1/N) sum_n x[n,c]        var_c = (1/N) sum_n (x[n,c] - mean_c)^2   (biased)
 *   xhat[n,c] = (x[n,c] - mean_c) / sqrt(var_c + eps)
 *   y[n,c] = gamma[c] * xhat[n,c] + beta[c]
 * Given dy, ADD the gradients with respect to x, gamma and beta to dx, dgamma and dbeta.
 * mean_c and var_c are computed from every x of column c: when one x moves, they move, and
 * every y of the column with them. Follow each path (directly through xhat, through the
 * mean, through the variance) and add them up. Some columns are hard: a constant one (var
 * = 0, only eps keeps the division finite), values near 10000 with a spread of 0.1 (take
 * the variance from the deviations, not as E[x^2] - mean^2), a spread far below eps.
 *
 * 任务：x 和 dy 是 (N, C)，gamma、dgamma 和 dbeta 是 (C)。每一列 c 在这一批的 N 行上做归一化：
 *   mean_c = (1/N) sum_n x[n,c]        var_c = (1/N) sum_n (x[n,c] - mean_c)^2（有偏）
 *   xhat[n,c] = (x[n,c] - mean_c) / sqrt(var_c + eps)
 *   y[n,c] = gamma[c] * xhat[n,c] + beta[c]
 * 已知 dy，把对 x、gamma 和 beta 的梯度累加到 dx、dgamma 和 dbeta 上。mean_c 和 var_c 由第
 * c 列的每个 x 算出：一个 x 变了，它们也跟着变，这一列的每个 y 也随之改变。沿每条路径（直接
 * 经过 xhat、经过均值、经过方差）求导，再把它们加起来。有些列比较难：常数列（var = 0，只有
 * eps 让除法保持有限）、在 10000 附近而离散程度只有 0.1 的数值（方差要从偏差算，不要用
 * E[x^2] - mean^2）、远小于 eps 的离散程度。 */
#include "gradlab_exercise.h"

#include <math.h>
#include <stdlib.h>

void batchnorm_backward(double *dx, double *dgamma, double *dbeta, const double *dy,
			const double *x, const double *gamma, double eps, int N, int C)
{
	/* TODO: per column: the mean, the variance and xhat, as the forward computed them */
	/* TODO: dbeta and dgamma: sums over the rows */
	/* TODO: dx, through xhat, the mean and the variance */
}
