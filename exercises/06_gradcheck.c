/* Exercise 06 gradcheck: a finite-difference gradient checker of your own.
 * Lesson 03-bptt.                             Grade it: gradlab grade gradcheck
 *
 * TASK. Every backward pass in these exercises can be checked against the definition of the
 * derivative. Write the two halves of such a checker.
 *   numeric_gradient: grad (n) = the central difference of f at x in every coordinate,
 *             grad[i] = (f(x + eps e_i) - f(x - eps e_i)) / (2 eps),
 *             where e_i is 1 in coordinate i and 0 elsewhere; f(x, n, ctx) evaluates f.
 *             You may change x during the call, but afterwards it must hold exactly the
 *             values it held before (bit for bit).
 *   first_mismatch: the first i where analytic[i] and numeric[i] disagree, that is where
 *             |a - b| > atol + rtol * max(|a|, |b|), or either is NaN or infinite (an
 *             infinite gradient is never right); -1 when all agree.
 *
 * 任务：这些练习里的每个反向传播都可以用导数的定义来检验。请写出这样一个检验器的两部分。
 *   numeric_gradient：grad (n) 是 f 在 x 处每个坐标上的中心差分，
 *             grad[i] = (f(x + eps e_i) - f(x - eps e_i)) / (2 eps)，
 *             e_i 在第 i 个坐标为 1、其余为 0；f(x, n, ctx) 计算 f 的值。调用期间可以修改 x，
 *             但结束后 x 必须与原来完全相同（逐位相同）。
 *   first_mismatch：返回 analytic[i] 与 numeric[i] 第一个不一致的下标 i，即
 *             |a - b| > atol + rtol * max(|a|, |b|)，或其中之一为 NaN 或无穷大（无穷大的
 *             梯度绝不会是对的）；全部一致时返回 -1。 */
#include "gradlab_exercise.h"

#include <math.h>

void numeric_gradient(double *grad, loss_fn f, void *ctx, double *x, int n, double eps)
{
	/* TODO: for each i: save x[i]; f at x[i] + eps and at x[i] - eps; restore x[i]; divide */
}

int first_mismatch(const double *analytic, const double *numeric, int n, double atol,
		   double rtol)
{
	/* TODO: return the first i that disagrees (NaN and inf count as disagreeing) */
	return -1;
}
