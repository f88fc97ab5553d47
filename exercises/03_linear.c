/* Exercise 03 linear: a fully connected layer, forward and backward.
 * Lesson 02-unrolled-rnn.                     Grade it: gradlab grade linear
 *
 * TASK. Like torch.nn.Linear:  y (B, O) = x (B, I) W^T + b,  with W (O, I) and b (O).
 * Element by element:  y[n,o] = b[o] + sum_i x[n,i] W[o,i],  where W[o,i] is W[o * I + i].
 *   linear_forward:  write y.
 *   linear_backward: from dy (B, O), ADD dx (B, I), dW (O, I) and db (O). Derive each from
 *                    the element formula above; remember that W and b are used by every row.
 * Gradients are ADDED (+=): the grader fills them with random numbers first.
 *
 * 任务：与 torch.nn.Linear 相同：y (B, O) = x (B, I) W^T + b，其中 W 为 (O, I)，b 有 O 个值。
 * 逐元素写：y[n,o] = b[o] + sum_i x[n,i] W[o,i]，W[o,i] 即 W[o * I + i]。
 *   linear_forward：写出 y。
 *   linear_backward：由 dy (B, O) 求出 dx (B, I)、dW (O, I)、db (O) 并累加。从上面的逐元素
 *                    公式出发推导；别忘了 W 和 b 被每一行共用。
 * 梯度一律累加（+=）：评分器会先在里面放随机数。 */
#include "gradlab_exercise.h"

void linear_forward(double *y, const double *x, const double *W, const double *b, int B, int I,
		    int O)
{
	/* TODO: y[n * O + o] = b[o] + sum over i of x[n * I + i] * W[o * I + i] */
}

void linear_backward(double *dx, double *dW, double *db, const double *dy, const double *x,
		     const double *W, int B, int I, int O)
{
	/* TODO: dx += dy W;  dW += dy^T x;  db += dy summed over the rows */
}
