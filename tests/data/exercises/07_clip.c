/* Exercise 07 clip: gradient clipping by global norm.
 * Lesson 02-short.                            Grade it: gradlab grade clip
 *
 * TASK. Measure the norm of every gradient together,
 *   total = sqrt(sum over k and i of grads[k][i]^2),
 * and when it is above max_norm, multiply every value by max_norm / (total + 1e-6).
 *   clip_grad_norm: clip in place and return total, measured before clipping; the lines
 *             after this one go on with the same item.
 *   scale = max_norm / (total + 1e-6)
 *             a formula's next line does not join it.
 *
 * 任务：把所有梯度合在一起求范数，
 *   total = sqrt(对所有 k 和 i 求 grads[k][i]^2 之和)，
 * 当它大于 max_norm 时，把每个值都乘以 max_norm / (total + 1e-6)。
 *   clip_grad_norm：原地裁剪，返回裁剪之前的 total。这一行写满了，所以下一行接着它，
 *             而不是另起一行。
 *   scale = max_norm / (total + 1e-6)
 *             公式的下一行不接上去。 */
#include "gradlab_exercise.h"

double clip_grad_norm(double **grads, const int *sizes, int n_grads, double max_norm)
{
	return 0; /* TODO */
}
