/* Exercise 08 lstm_step: one LSTM step (PyTorch's nn.LSTM), forward and backward.
 * Lesson 05-lstm-gru.                         Grade it: gradlab grade lstm_step
 *
 * TASK. Shapes: x (B, I), h_prev and c_prev (B, H), W_ih (4H, I), W_hh (4H, H), b_ih (4H),
 * b_hh (4H). The 4H rows are four blocks of H, in PyTorch's order i, f, g, o: row r belongs
 * to gate r / H, unit r % H.
 *   forward:  a = x W_ih^T + b_ih + h_prev W_hh^T + b_hh                  (B, 4H)
 *             i = sigmoid(a_i), f = sigmoid(a_f), g = tanh(a_g), o = sigmoid(a_o)
 *             c_next = f * c_prev + i * g;   h_next = o * tanh(c_next)     (B, H) each
 *   lstm_step_forward:  write h_next, c_next, and gates (B, 4H) = [i f g o] after their
 *             nonlinearities, which the backward receives.
 *   lstm_step_backward: given dh_next and dc_next (B, H) (the loss reaches both), ADD the
 *             gradients with respect to x, h_prev, c_prev, W_ih, W_hh, b_ih and b_hh. Derive
 *             them backwards: through h_next = o * tanh(c_next), then c_next, then each gate's
 *             own nonlinearity, then the two products.
 * Gradients are ADDED (+=). You may allocate scratch memory with malloc; free it.
 *
 * 任务：形状：x (B, I)，h_prev 和 c_prev (B, H)，W_ih (4H, I)，W_hh (4H, H)，b_ih (4H)，
 * b_hh (4H)。4H 行按 PyTorch 的顺序分成 i、f、g、o 四块，每块 H 行：第 r 行属于第 r / H 个门
 * 的第 r % H 个单元。
 *   前向：a = x W_ih^T + b_ih + h_prev W_hh^T + b_hh (B, 4H)；
 *         i = sigmoid(a_i)，f = sigmoid(a_f)，g = tanh(a_g)，o = sigmoid(a_o)；
 *         c_next = f * c_prev + i * g；h_next = o * tanh(c_next)，各为 (B, H)。
 *   lstm_step_forward：写出 h_next、c_next，以及经过非线性之后的 gates (B, 4H) = [i f g o]，
 *         供反向传播使用。
 *   lstm_step_backward：已知 dh_next 和 dc_next (B, H)（损失同时经过两者），求对 x、h_prev、
 *         c_prev、W_ih、W_hh、b_ih、b_hh 的梯度并累加。请倒着推导：先穿过
 *         h_next = o * tanh(c_next)，再穿过 c_next，再穿过每个门自己的非线性，最后穿过两个
 *         矩阵乘积。
 * 梯度一律累加（+=）。可以用 malloc 申请临时内存，用完要 free。 */
#include "gradlab_exercise.h"

#include <math.h>
#include <stdlib.h>

void lstm_step_forward(double *h_next, double *c_next, double *gates, const double *x,
		       const double *h_prev, const double *c_prev, const double *W_ih,
		       const double *W_hh, const double *b_ih, const double *b_hh, int B, int I,
		       int H)
{
	/* TODO: a for every row r of the weights; gates = sigmoid, except block g: tanh */
	/* TODO: c_next and h_next from the gates */
}

void lstm_step_backward(double *dx, double *dh_prev, double *dc_prev, double *dW_ih,
			double *dW_hh, double *db_ih, double *db_hh, const double *dh_next,
			const double *dc_next, const double *x, const double *h_prev,
			const double *c_prev, const double *c_next, const double *gates,
			const double *W_ih, const double *W_hh, int B, int I, int H)
{
	/* TODO: dc = dc_next + (what reaches c_next through h_next) */
	/* TODO: the gradients of i, f, g, o, and dc_prev */
	/* TODO: through each gate's nonlinearity to da (4H per row), then the products */
}
