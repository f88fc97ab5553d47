/* Exercise 17 masked_xent: cross-entropy over padded sequences (ignore_index), forward and
 * backward. Lesson 07-losses.                 Grade it: gradlab grade masked_xent
 *
 * TASK. A batch of B sequences of different lengths is padded to T steps; its logits (N, C),
 * N = T * B, hold one row per position (step t of sequence b is row t * B + b), and
 * target (N) the class of each row, or ignore_index where the row is padding. With R the
 * rows whose target is not ignore_index (there is at least one):
 *   masked_xent_forward:  return (1 / |R|) sum over r in R of -log softmax(logits[r])[target[r]]
 *             (torch.nn.functional.cross_entropy(logits, target, ignore_index=...)).
 *   masked_xent_backward: ADD to dlogits (N, C) the gradient of dloss times that loss.
 * Work out which rows get a gradient, and what the mean divides by. ignore_index may be any
 * int: -100 (PyTorch's default), 0 (a pad token that is also a class index), or above C.
 * Logits may be as large as 1000 or as small as -1300. Gradients are ADDED (+=).
 *
 * 任务：B 条长度不同的序列被填充到 T 步；logits (N, C)（N = T * B）每个位置一行（序列 b 的第 t
 * 步是第 t * B + b 行），target (N) 是每行的类别，填充的行则为 ignore_index。设 R 为目标不等于
 * ignore_index 的行（至少有一行）：
 *   masked_xent_forward：返回 (1 / |R|) 对 R 中每行 r 求 -log softmax(logits[r])[target[r]] 之和
 *         （torch.nn.functional.cross_entropy(logits, target, ignore_index=...)）。
 *   masked_xent_backward：把 dloss 乘以这个损失之后的梯度累加到 dlogits (N, C)。
 * 想清楚哪些行有梯度、平均要除以什么。ignore_index 可以是任何整数：-100（PyTorch 的默认值）、0
 * （填充符同时也是一个类别编号）或大于 C 的数。logits 可能大到 1000，也可能小到 -1300。梯度一律
 * 累加（+=）。 */
#include "gradlab_exercise.h"

#include <math.h>

double masked_xent_forward(const double *logits, const int *target, int ignore_index, int N,
			   int C)
{
	/* TODO: the sum over the real rows of logsumexp(row) - row[target], then the mean */
	return 0.0;
}

void masked_xent_backward(double *dlogits, const double *logits, const int *target,
			  int ignore_index, double dloss, int N, int C)
{
	/* TODO: count the real rows; for each of them, add (softmax(row) - onehot) times the
	 * right factor */
}
