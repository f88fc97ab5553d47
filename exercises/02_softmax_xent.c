/* Exercise 02 softmax_xent: softmax, its backward, and softmax followed by cross-entropy.
 * Lesson 01-activations.                      Grade it: gradlab grade softmax_xent
 *
 * TASK. Shapes are PyTorch's: a batch of B rows of C classes, x[b * C + j].
 *   softmax_forward:   y[b,j] = exp(x[b,j]) / sum_k exp(x[b,k]), row by row. It must stay
 *                      finite for logits near 1000 (exp(1000) overflows to inf).
 *   softmax_backward:  from dy (B, C) and the forward's y (B, C), ADD dx (B, C). Every y of a
 *                      row depends on every x of that row: derive dy_i/dx_k and sum over i.
 *   softmax_xent_backward: loss = mean over the B rows of -log probs[b, target[b]], with
 *                      probs = softmax(logits). Derive dloss/dlogits and ADD
 *                      dloss * (that gradient) to dlogits (B, C). target[b] is in 0..C-1.
 * Gradients are ADDED (+=): the grader fills them with random numbers first.
 *
 * 任务：形状与 PyTorch 相同：一批 B 行、每行 C 个类别，x[b * C + j]。
 *   softmax_forward：逐行计算 y[b,j] = exp(x[b,j]) / sum_k exp(x[b,k])；logit 接近 1000 时
 *                    也必须得到有限值（exp(1000) 会溢出成 inf）。
 *   softmax_backward：由 dy (B, C) 和前向的 y (B, C) 求出 dx (B, C) 并累加。同一行里每个 y
 *                    都依赖该行的每个 x：先推导 dy_i/dx_k，再对 i 求和。
 *   softmax_xent_backward：损失是 B 行的 -log probs[b, target[b]] 的平均，
 *                    probs = softmax(logits)。推导 dloss/dlogits，把 dloss 乘以它累加到
 *                    dlogits (B, C)。target[b] 在 0..C-1 之间。
 * 梯度一律累加（+=）：评分器会先在里面放随机数。 */
#include "gradlab_exercise.h"

#include <math.h>

void softmax_forward(double *y, const double *x, int B, int C)
{
	/* TODO: for each row: subtract the row's largest logit, exp, divide by the sum */
}

void softmax_backward(double *dx, const double *dy, const double *y, int B, int C)
{
	/* TODO: for each row: dx[k] += (your derivation, in terms of y and dy) */
}

void softmax_xent_backward(double *dlogits, const double *probs, const int *target, double dloss,
			   int B, int C)
{
	/* TODO: dlogits[b,j] += dloss * (your derivation, in terms of probs, target and B) */
}
