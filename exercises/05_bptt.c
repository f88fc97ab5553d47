/* Exercise 05 bptt: the tanh RNN over a sequence, and backpropagation through time.
 * Lesson 03-bptt.                             Grade it: gradlab grade bptt
 *
 * TASK. Shapes: x (T*B, I) holds step t (1..T) in rows (t-1)*B .. t*B-1; h ((T+1)*B, H)
 * holds h_0 in block 0 and h_t in block t; W_ih (H, I), W_hh (H, H), b_ih (H), b_hh (H).
 *   forward:  h_t = tanh(x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh),  t = 1..T
 *   rnn_forward:  copy h0 into block 0 of h, then write blocks 1..T.
 *   rnn_backward: dh (T*B, H) holds in block t-1 the loss's own gradient at h_t (through the
 *             output layer only, not through later steps). ADD the gradient of the whole
 *             sequence's loss into dx (T*B, I), dh0 (B, H), dW_ih, dW_hh, db_ih, db_hh.
 *             Derive what reaches h_t by every path: from the loss at step t, and from step
 *             t+1 through W_hh. The weights are shared by every step.
 * Gradients are ADDED (+=). You may allocate scratch memory with malloc; free it.
 *
 * 任务：形状：x (T*B, I) 中第 t 步（1..T）占第 (t-1)*B 到 t*B-1 行；h ((T+1)*B, H) 的第 0 块
 * 是 h_0，第 t 块是 h_t；W_ih (H, I)，W_hh (H, H)，b_ih (H)，b_hh (H)。
 *   前向：h_t = tanh(x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh)，t = 1..T。
 *   rnn_forward：先把 h0 复制到 h 的第 0 块，再写出第 1..T 块。
 *   rnn_backward：dh (T*B, H) 的第 t-1 块是损失在 h_t 处“自身”的梯度（只经过输出层，不经过
 *             后面的时间步）。求整个序列的损失的梯度，累加到 dx (T*B, I)、dh0 (B, H)、dW_ih、
 *             dW_hh、db_ih、db_hh。请推导到达 h_t 的所有路径：来自第 t 步的损失，以及经由
 *             W_hh 来自第 t+1 步。权重被每一步共用。
 * 梯度一律累加（+=）。可以用 malloc 申请临时内存，用完要 free。 */
#include "gradlab_exercise.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void rnn_forward(double *h, const double *x, const double *h0, const double *W_ih,
		 const double *W_hh, const double *b_ih, const double *b_hh, int T, int B, int I,
		 int H)
{
	/* TODO: block 0 = h0; for t = 1..T: block t = one RNN step from block t-1 and x_t */
}

void rnn_backward(double *dx, double *dh0, double *dW_ih, double *dW_hh, double *db_ih,
		  double *db_hh, const double *dh, const double *x, const double *h,
		  const double *W_ih, const double *W_hh, int T, int B, int I, int H)
{
	/* TODO: for t = T down to 1: dL/dh_t = dh's block t-1 + what step t+1 sent back */
	/* TODO: through tanh, then into dx_t, the weights, the biases and back to h_{t-1} */
	/* TODO: what step 1 sends back is the gradient at h0 */
}
