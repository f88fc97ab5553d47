/* Exercise 04 rnn_step: one step of the tanh RNN (PyTorch's nn.RNN), forward and backward.
 * Lesson 02-unrolled-rnn.                     Grade it: gradlab grade rnn_step
 *
 * TASK. Shapes: x (B, I), h_prev (B, H), W_ih (H, I), W_hh (H, H), b_ih (H), b_hh (H).
 *   forward:  a      = x W_ih^T + b_ih + h_prev W_hh^T + b_hh      (B, H)
 *             h_next = tanh(a)                                     (B, H)
 *   rnn_step_forward:  write h_next.
 *   rnn_step_backward: given dh_next (B, H), the gradient of the loss at h_next, and what the
 *             forward saved (h_next), ADD the gradients of the loss with respect to x, h_prev,
 *             W_ih, W_hh, b_ih and b_hh into dx, dh_prev, dW_ih, dW_hh, db_ih, db_hh (each
 *             the shape of what it is the gradient of). Derive them: first through tanh
 *             (delta = dL/da), then through the two products and the biases.
 * Element (i, j) of an (R, C) matrix m is m[i * C + j]. Gradients are ADDED (+=).
 *
 * 任务：形状：x (B, I)，h_prev (B, H)，W_ih (H, I)，W_hh (H, H)，b_ih (H)，b_hh (H)。
 *   前向：a = x W_ih^T + b_ih + h_prev W_hh^T + b_hh (B, H)，h_next = tanh(a) (B, H)。
 *   rnn_step_forward：写出 h_next。
 *   rnn_step_backward：已知损失在 h_next 处的梯度 dh_next (B, H)，以及前向保存的 h_next，
 *             求损失对 x、h_prev、W_ih、W_hh、b_ih、b_hh 的梯度，分别累加到 dx、dh_prev、
 *             dW_ih、dW_hh、db_ih、db_hh（形状与对应的量相同）。请自己推导：先穿过 tanh
 *             （delta = dL/da），再穿过两个矩阵乘积和偏置。
 * (R, C) 矩阵 m 的 (i, j) 元素是 m[i * C + j]。梯度一律累加（+=）。 */
#include "gradlab_exercise.h"

#include <math.h>

void rnn_step_forward(double *h_next, const double *x, const double *h_prev, const double *W_ih,
		      const double *W_hh, const double *b_ih, const double *b_hh, int B, int I,
		      int H)
{
	/* TODO: h_next[b * H + j] = tanh(a[b, j]) */
}

void rnn_step_backward(double *dx, double *dh_prev, double *dW_ih, double *dW_hh, double *db_ih,
		       double *db_hh, const double *dh_next, const double *x,
		       const double *h_prev, const double *h_next, const double *W_ih,
		       const double *W_hh, int B, int I, int H)
{
	/* TODO: delta = dh_next * (the derivative of tanh, written with h_next) */
	/* TODO: add delta's share to dx, dh_prev, dW_ih, dW_hh, db_ih and db_hh */
}
