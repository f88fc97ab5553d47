/* Exercise 01 activations: the backward pass of sigmoid, tanh and ReLU.
 * Lesson 01-activations.                      Grade it: gradlab grade activations
 *
 * TASK. An activation is applied to every value on its own, y[i] = f(x[i]), so its backward
 * is one multiplication per value: the gradient that arrives, dy[i], times the local
 * derivative f'(x[i]). Write the three backward functions below.
 *
 *   forward                              what to derive and ADD to dx[i]
 *   y = sigmoid(x) = 1 / (1 + exp(-x))   dy[i] * sigmoid'(x[i]), written with y[i]
 *   y = tanh(x)                          dy[i] * tanh'(x[i]), written with y[i]
 *   y = relu(x) = max(0, x)              dy[i] * relu'(x[i]); relu'(0) = 0, as in PyTorch
 *
 * Shapes: every array has n values. Gradients are ADDED (dx[i] += ...), never assigned:
 * the grader fills dx with random numbers first and checks what your code adds.
 *
 * 任务：激活函数逐元素作用，y[i] = f(x[i])，所以它的反向传播对每个值只是一次乘法：传回来的
 * 梯度 dy[i] 乘以局部导数 f'(x[i])。请完成下面三个反向函数。
 *   sigmoid：用 y[i] 写出 sigmoid'(x[i])，把 dy[i] * sigmoid'(x[i]) 加到 dx[i] 上；
 *   tanh：用 y[i] 写出 tanh'(x[i])，同样累加到 dx[i]；
 *   relu：x[i] > 0 时导数为 1，否则为 0（x = 0 处取 0，与 PyTorch 一致）。
 * 所有数组都有 n 个值。梯度一律累加（dx[i] += ...），不要赋值：评分器会先在 dx 里放随机数，
 * 只检查你的代码加上去的部分。 */
#include "gradlab_exercise.h"

void sigmoid_backward(double *dx, const double *dy, const double *y, int n)
{
	/* TODO: for each i, dx[i] += dy[i] * (the derivative of sigmoid, written with y[i]) */
}

void tanh_backward(double *dx, const double *dy, const double *y, int n)
{
	/* TODO: for each i, dx[i] += dy[i] * (the derivative of tanh, written with y[i]) */
}

void relu_backward(double *dx, const double *dy, const double *x, int n)
{
	/* TODO: pass dy[i] through where x[i] > 0; nothing where x[i] <= 0 */
}
