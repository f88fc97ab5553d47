/* Exercise 09 gru_step: one GRU step (PyTorch's nn.GRU), forward and backward.
 * Lesson 05-lstm-gru.                         Grade it: gradlab grade gru_step
 *
 * TASK. Shapes: x (B, I), h_prev (B, H), W_ih (3H, I), W_hh (3H, H), b_ih (3H), b_hh (3H),
 * the 3H rows in three blocks of H in PyTorch's order r, z, n (W_ir is rows 0..H-1 of W_ih).
 *   forward:  r  = sigmoid(x W_ir^T + b_ir + h_prev W_hr^T + b_hr)
 *             z  = sigmoid(x W_iz^T + b_iz + h_prev W_hz^T + b_hz)
 *             hn = h_prev W_hn^T + b_hn
 *             n  = tanh(x W_in^T + b_in + r * hn)
 *             h_next = (1 - z) * n + z * h_prev                          (B, H) each
 *   gru_step_forward:  write h_next, gates (B, 3H) = [r z n] and hn (B, H), which the
 *             backward receives.
 *   gru_step_backward: given dh_next (B, H), ADD the gradients with respect to x, h_prev, W_ih,
 *             W_hh, b_ih and b_hh. Note where r sits: it multiplies the hidden side of block
 *             n only, so block n's gradient is not the same on the x side and the h side.
 * Gradients are ADDED (+=). You may allocate scratch memory with malloc; free it.
 *
 * 任务：形状：x (B, I)，h_prev (B, H)，W_ih (3H, I)，W_hh (3H, H)，b_ih (3H)，b_hh (3H)；
 * 3H 行按 PyTorch 的顺序分成 r、z、n 三块，每块 H 行（W_ir 是 W_ih 的第 0..H-1 行）。
 *   前向：r = sigmoid(x W_ir^T + b_ir + h_prev W_hr^T + b_hr)；
 *         z = sigmoid(x W_iz^T + b_iz + h_prev W_hz^T + b_hz)；
 *         hn = h_prev W_hn^T + b_hn；n = tanh(x W_in^T + b_in + r * hn)；
 *         h_next = (1 - z) * n + z * h_prev，各为 (B, H)。
 *   gru_step_forward：写出 h_next、gates (B, 3H) = [r z n] 和 hn (B, H)，供反向传播使用。
 *   gru_step_backward：已知 dh_next (B, H)，求对 x、h_prev、W_ih、W_hh、b_ih、b_hh 的梯度并
 *         累加。注意 r 的位置：它只乘在 n 块的隐藏侧，所以 n 块在 x 侧和 h 侧的梯度不一样。
 * 梯度一律累加（+=）。可以用 malloc 申请临时内存，用完要 free。 */
#include "gradlab_exercise.h"

#include <math.h>
#include <stdlib.h>

void gru_step_forward(double *h_next, double *gates, double *hn, const double *x,
		      const double *h_prev, const double *W_ih, const double *W_hh,
		      const double *b_ih, const double *b_hh, int B, int I, int H)
{
	/* TODO: the x-side and h-side sums of each block, then r, z, hn, n and h_next */
}

void gru_step_backward(double *dx, double *dh_prev, double *dW_ih, double *dW_hh, double *db_ih,
		       double *db_hh, const double *dh_next, const double *x,
		       const double *h_prev, const double *gates, const double *hn,
		       const double *W_ih, const double *W_hh, int B, int I, int H)
{
	/* TODO: through h_next = (1 - z) * n + z * h_prev: dn, dz, and h_prev's direct share */
	/* TODO: through n = tanh(...): the x-side and h-side gradients of block n, and dr */
	/* TODO: through the sigmoids of r and z; then the products on each side */
}
