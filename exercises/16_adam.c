/* Exercise 16 adam: one step of Adam (torch.optim.Adam, amsgrad off), with bias correction.
 * Lesson 08-training.                         Grade it: gradlab grade adam
 *
 * TASK. p (n) are parameters, g (n) their gradient, m and v (n) Adam's running averages of
 * the gradient and of its square (0 before the first step); t is the step being taken,
 * 1 for the first. Update p, m and v in place:
 *   g' = g + weight_decay * p                 (Adam's L2 weight decay, part of the gradient)
 *   m  = beta1 m + (1 - beta1) g'
 *   v  = beta2 v + (1 - beta2) g'^2
 *   m_hat = m / (1 - beta1^t);   v_hat = v / (1 - beta2^t)          (bias correction)
 *   p -= lr * m_hat / (sqrt(v_hat) + eps)
 * Work out what m is after the first step with beta1 = 0.9, and why the correction is
 * needed early in training and makes no difference after a few thousand steps.
 * g is only read. AdamW would shrink p directly instead (p *= 1 - lr * weight_decay): not here.
 *
 * 任务：p (n) 是参数，g (n) 是它们的梯度，m 和 v (n) 是 Adam 对梯度及其平方的滑动平均（第一步
 * 之前为 0）；t 是正在走的这一步，第一步为 1。原地更新 p、m 和 v：
 *   g' = g + weight_decay * p                 （Adam 的 L2 权重衰减，并入梯度）
 *   m  = beta1 m + (1 - beta1) g'
 *   v  = beta2 v + (1 - beta2) g'^2
 *   m_hat = m / (1 - beta1^t)；v_hat = v / (1 - beta2^t)            （偏差校正）
 *   p -= lr * m_hat / (sqrt(v_hat) + eps)
 * 算一算 beta1 = 0.9 时第一步之后 m 是多少，想一想为什么训练初期需要这个校正，而几千步之后它
 * 不再起作用。g 只读。AdamW 会直接缩小 p（p *= 1 - lr * weight_decay）：这里不是。 */
#include "gradlab_exercise.h"

#include <math.h>

void adam_step(double *p, double *m, double *v, const double *g, int n, int t, double lr,
	       double beta1, double beta2, double eps, double weight_decay)
{
	/* TODO: for every i: g', then m and v, then their bias-corrected values, then p */
}
