/* Exercise 18 adding_train: the adding problem, learned by your own LSTM step (exercise 08)
 * and your own Adam step (exercise 16). Lesson 10-sequences-in-practice.
 *                                             Grade it: gradlab grade adding_train
 *
 * TASK. The adding problem (Hochreiter and Schmidhuber, 1997): a sequence of T steps with two
 * channels, a value and a marker; the marker is 1 on two steps, one in each half, and the
 * answer is the sum of the two marked values. Always answering the mean, 1, scores 1/6.
 *   adding_batch: B examples from uniform numbers u (B, T + 2) in [0, 1). x (T * B, 2) is
 *             step-major (step t of example b is row t * B + b); channel 0 of step t is
 *             u[b, t]; the markers are m1 = floor(u[b, T] * (T / 2)) in the first half and
 *             m2 = T / 2 + floor(u[b, T + 1] * (T - T / 2)) in the second (T / 2 rounded
 *             down), channel 1 is 1 there and 0 elsewhere; y[b] is the sum of the two marked
 *             values.
 *   adding_train: train the LSTM (input 2, hidden H: W_ih (4H, 2), W_hh (4H, H), b_ih and
 *             b_hh (4H)) and the readout pred (B) = h_T W_out^T + b_out (W_out (1, H),
 *             b_out (1)) in place, from the weights given, for `steps` steps. Step s:
 *               - its batch: adding_batch(x, y, u + s * B * (T + 2), T, B);
 *               - forward: lstm_step_forward over t = 1 .. T from h_0 = c_0 = 0, keeping
 *                 every h, c and gates; pred from h_T; loss = mean over b of (pred - y)^2;
 *               - backward through time: dpred = 2 (pred - y) / B into W_out, b_out and h_T,
 *                 then lstm_step_backward from step T down to step 1;
 *               - update every weight with adam_step (Adam's step s + 1, the lr given,
 *                 betas 0.9 and 0.999, eps 1e-8, no weight decay; each weight has its own m
 *                 and v, 0 at the start, kept from step to step).
 *             Return the last step's loss. The grader does not take your word for it: it
 *             runs the weights you leave on sequences they never saw.
 * Paste your lstm_step_forward and lstm_step_backward (exercise 08) and adam_step (exercise
 * 16) below: this file is graded on its own. You may use malloc; free what you allocate.
 *
 * 任务：加法问题（Hochreiter 与 Schmidhuber，1997）：一条 T 步的序列，有两个通道，一个值和一个
 * 标记；标记在两个时间步上为 1，前后两半各一个，答案是这两个被标记的值之和。总是回答平均值 1
 * 的均方误差是 1/6。
 *   adding_batch：由 [0, 1) 中的均匀随机数 u (B, T + 2) 生成 B 个样本。x (T * B, 2) 按时间步
 *         排列（样本 b 的第 t 步是第 t * B + b 行）；第 t 步的通道 0 是 u[b, t]；标记位置是前一半
 *         的 m1 = floor(u[b, T] * (T / 2)) 和后一半的 m2 = T / 2 + floor(u[b, T + 1] * (T - T / 2))
 *         （T / 2 向下取整），通道 1 在这两处为 1，其余为 0；y[b] 是两个被标记的值之和。
 *   adding_train：从给定的权重出发，原地训练 LSTM（输入 2，隐藏层维度 H：W_ih (4H, 2)、
 *         W_hh (4H, H)、b_ih 和 b_hh (4H)）和输出层 pred (B) = h_T W_out^T + b_out
 *         （W_out (1, H)，b_out (1)），共 steps 步。第 s 步：
 *           - 这一批数据：adding_batch(x, y, u + s * B * (T + 2), T, B)；
 *           - 前向：从 h_0 = c_0 = 0 出发，对 t = 1 .. T 调用 lstm_step_forward，保存每一步的
 *             h、c 和 gates；由 h_T 得到 pred；loss = 对 b 求 (pred - y)^2 的平均；
 *           - 通过时间反向传播：dpred = 2 (pred - y) / B 传给 W_out、b_out 和 h_T，然后从第 T 步
 *             到第 1 步调用 lstm_step_backward；
 *           - 用 adam_step 更新每个权重（Adam 的第 s + 1 步，给定的 lr，betas 0.9 和 0.999，
 *             eps 1e-8，没有权重衰减；每个权重有自己的 m 和 v，开始时为 0，一步一步保留下来）。
 *         返回最后一步的损失。评分器不会听信这个数：它会把你留下的权重拿到它们从没见过的序列上
 *         去运行。
 * 把你的 lstm_step_forward、lstm_step_backward（第 08 题）和 adam_step（第 16 题）粘贴到下面：
 * 这个文件是单独评分的。可以用 malloc，申请的内存要 free。 */
#include "gradlab_exercise.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void lstm_step_forward(double *h_next, double *c_next, double *gates, const double *x,
		       const double *h_prev, const double *c_prev, const double *W_ih,
		       const double *W_hh, const double *b_ih, const double *b_hh, int B, int I,
		       int H)
{
	/* TODO: paste yours from exercise 08 */
}

void lstm_step_backward(double *dx, double *dh_prev, double *dc_prev, double *dW_ih,
			double *dW_hh, double *db_ih, double *db_hh, const double *dh_next,
			const double *dc_next, const double *x, const double *h_prev,
			const double *c_prev, const double *c_next, const double *gates,
			const double *W_ih, const double *W_hh, int B, int I, int H)
{
	/* TODO: paste yours from exercise 08 */
}

void adam_step(double *p, double *m, double *v, const double *g, int n, int t, double lr,
	       double beta1, double beta2, double eps, double weight_decay)
{
	/* TODO: paste yours from exercise 16 */
}

void adding_batch(double *x, double *y, const double *u, int T, int B)
{
	/* TODO: for every example b: the two marker positions, then every step's two channels,
	 * and y[b] */
}

double adding_train(double *W_ih, double *W_hh, double *b_ih, double *b_hh, double *W_out,
		    double *b_out, const double *u, int T, int B, int H, int steps, double lr)
{
	/* TODO: allocate h and c for T + 1 states, the gates of T steps, the gradients and
	 * Adam's m and v of every weight */
	/* TODO: for s = 0 .. steps - 1: batch, forward, loss, backward through time, Adam */
	return 0.0;
}
