/* Exercise 07 clip: gradient clipping by global norm (torch.nn.utils.clip_grad_norm_).
 * Lesson 04-vanishing-exploding.              Grade it: gradlab grade clip
 *
 * TASK. grads[k] points at the sizes[k] values of gradient k, for k = 0 .. n_grads-1 (here
 * dW_ih, dW_hh and db of an RNN). Clip them in place, together:
 *   total = sqrt(sum over every gradient k and every value i of grads[k][i]^2)
 *   scale = max_norm / (total + 1e-6)
 *   when scale < 1, multiply every value of every gradient by scale; otherwise leave them.
 * Return total, measured before clipping. Think about why one factor for all of them keeps
 * the direction of the update, and what clipping each value on its own would do instead.
 *
 * 任务：grads[k] 指向第 k 个梯度的 sizes[k] 个值，k = 0 .. n_grads-1（这里是一个 RNN 的
 * dW_ih、dW_hh 和 db）。把它们作为一个整体原地裁剪：
 *   total = sqrt(对每个梯度 k 的每个值 i 求 grads[k][i]^2 之和)
 *   scale = max_norm / (total + 1e-6)
 *   当 scale < 1 时，把所有梯度的每个值都乘以 scale；否则保持不变。
 * 返回裁剪之前测得的 total。想一想：为什么对所有值用同一个因子能保持更新的方向，而逐个值
 * 单独截断又会怎样？ */
#include "gradlab_exercise.h"

#include <math.h>

double clip_grad_norm(double *const *grads, const int *sizes, int n_grads, double max_norm)
{
	/* TODO: the global norm of all the gradients together */
	/* TODO: when max_norm / (total + 1e-6) < 1, scale every value by it */
	return 0.0;
}
