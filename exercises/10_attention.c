/* Exercise 10 attention: scaled dot-product attention, forward and backward.
 * Lesson 06-attention.                        Grade it: gradlab grade attention
 *
 * TASK. One head, no mask. Shapes: Q (Tq, D), K (Tk, D), V (Tk, Dv).
 *   forward:  scores  = Q K^T / sqrt(D)                       (Tq, Tk)
 *             weights = softmax of each row of scores          (Tq, Tk)
 *             out     = weights V                              (Tq, Dv)
 *   attention_forward:  write out and weights (the backward receives weights).
 *   attention_backward: given dout (Tq, Dv), ADD dQ (Tq, D), dK (Tk, D) and dV (Tk, Dv).
 *             Derive them backwards through the three steps: the product with V, the row
 *             softmax (exercise 02), and the scaled product Q K^T.
 * Gradients are ADDED (+=). You may allocate scratch memory with malloc; free it.
 *
 * 任务：单头、无掩码。形状：Q (Tq, D)，K (Tk, D)，V (Tk, Dv)。
 *   前向：scores = Q K^T / sqrt(D) (Tq, Tk)；weights = 对 scores 每一行做 softmax (Tq, Tk)；
 *         out = weights V (Tq, Dv)。
 *   attention_forward：写出 out 和 weights（反向传播会用到 weights）。
 *   attention_backward：已知 dout (Tq, Dv)，求 dQ (Tq, D)、dK (Tk, D)、dV (Tk, Dv) 并累加。
 *         倒着穿过这三步来推导：与 V 的乘积、逐行的 softmax（第 02 题）、缩放后的 Q K^T。
 * 梯度一律累加（+=）。可以用 malloc 申请临时内存，用完要 free。 */
#include "gradlab_exercise.h"

#include <math.h>
#include <stdlib.h>

void attention_forward(double *out, double *weights, const double *Q, const double *K,
		       const double *V, int Tq, int Tk, int D, int Dv)
{
	/* TODO: scores, a stable row softmax into weights, then out = weights V */
}

void attention_backward(double *dQ, double *dK, double *dV, const double *dout,
			const double *Q, const double *K, const double *V,
			const double *weights, int Tq, int Tk, int D, int Dv)
{
	/* TODO: dV and dweights from out = weights V */
	/* TODO: dscores through each row's softmax */
	/* TODO: dQ and dK through scores = Q K^T / sqrt(D) */
}
