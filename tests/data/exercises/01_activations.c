/* Exercise 01 activations: the backward pass of sigmoid and tanh.
 * Lesson 01-gates.                            Grade it: gradlab grade activations
 *
 * TASK. An activation is applied to every value on its own, y[i] = f(x[i]), so its backward
 * is one multiplication per value: the gradient that arrives, dy[i], times the local
 * derivative f'(x[i]).
 *
 *   forward                              what to ADD to dx[i]
 *   y = sigmoid(x) = 1 / (1 + exp(-x))   dy[i] * sigmoid'(x[i]), written with y[i]
 *   y = tanh(x)                          dy[i] * tanh'(x[i]), written with y[i]
 *
 * 任务：激活函数逐元素作用，y[i] = f(x[i])，所以它的反向传播对每个值只是一次乘法：传回来的
 * 梯度 dy[i] 乘以局部导数 f'(x[i])。
 *   sigmoid：用 y[i] 写出 sigmoid'(x[i])，把 dy[i] * sigmoid'(x[i]) 加到 dx[i] 上；
 *   tanh：用 y[i] 写出 tanh'(x[i])，同样累加到 dx[i]。 */
#include "gradlab_exercise.h"

void sigmoid_backward(double *dx, const double *dy, const double *y, int n)
{
	/* TODO */
}
