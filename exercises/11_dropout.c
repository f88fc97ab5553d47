/* Exercise 11 dropout: inverted dropout (torch.nn.Dropout), forward and backward.
 * Lesson 08-training.                         Grade it: gradlab grade dropout
 *
 * TASK. x, mask, y, dy and dx hold n values each. mask[i] is 0 (unit i is dropped) or 1
 * (kept); it was drawn so that each unit is kept with probability 1 - p, p in [0, 1).
 *   training != 0:  y = x * mask / (1 - p)
 *   training == 0 (eval):  y = x  (the mask is not used)
 * dropout_forward writes y; dropout_backward, given dy, ADDS the gradient with respect to x
 * to dx. Think about why the kept units are divided by 1 - p during training (what is the
 * expected value of y?), and what would go wrong at eval time without it.
 *
 * 任务：x、mask、y、dy 和 dx 各有 n 个值。mask[i] 为 0（第 i 个单元被丢弃）或 1（保留）；
 * 每个单元以 1 - p 的概率保留，p 属于 [0, 1)。
 *   training != 0：y = x * mask / (1 - p)
 *   training == 0（评估模式）：y = x（不用掩码）
 * dropout_forward 写出 y；dropout_backward 已知 dy，把对 x 的梯度累加到 dx 上。想一想：训练时
 * 为什么要把保留的单元除以 1 - p（y 的期望值是多少？），如果不这样做，评估时会出什么问题？ */
#include "gradlab_exercise.h"

void dropout_forward(double *y, const double *x, const double *mask, double p, int training,
		     int n)
{
	/* TODO: training: keep or drop each unit by the mask and scale the kept ones; eval: copy */
}

void dropout_backward(double *dx, const double *dy, const double *mask, double p, int training,
		      int n)
{
	/* TODO: the same factor as the forward, applied to dy, ADDED to dx */
}
