/* Exercise 15 maxpool: 2-D max pooling (torch.nn.functional.max_pool2d), forward and backward.
 * Lesson 09-deep-residual.                         Grade it: gradlab grade maxpool
 *
 * TASK. x (N, C, H, W) is N images of C channels of H x W, row-major; y (N, C, Ho, Wo) with
 *   Ho = (H + 2 ph - kh) / sh + 1 and Wo = (W + 2 pw - kw) / sw + 1 (rounded down).
 * Window (i, j) of each image and channel covers rows i*sh - ph .. i*sh - ph + kh - 1 and
 * columns j*sw - pw .. j*sw - pw + kw - 1; the padding (ph, pw, at most half the kernel) is
 * -infinity: it never wins, and every window holds at least one cell of x.
 *   maxpool_forward:  y[n,c,i,j] = the largest x[n,c,r,s] in window (i, j). On a tie, the
 *             first maximum in scan order (row by row) is the winner, as in PyTorch.
 *   maxpool_backward: given dy (N, C, Ho, Wo), ADD to dx (N, C, H, W). Work out what
 *             d max / d x is for the cells of a window, and what happens to a cell that is
 *             the winner of several overlapping windows.
 * Gradients are ADDED (+=).
 *
 * 任务：x (N, C, H, W) 是 N 张图像、每张 C 个通道、每个通道 H x W，按行存放；
 * y (N, C, Ho, Wo)，其中 Ho = (H + 2 ph - kh) / sh + 1，Wo = (W + 2 pw - kw) / sw + 1（向下取整）。
 * 每张图像每个通道的窗口 (i, j) 覆盖第 i*sh - ph 到 i*sh - ph + kh - 1 行、第 j*sw - pw 到
 * j*sw - pw + kw - 1 列；填充（ph、pw，至多为核的一半）是负无穷：它永远不会胜出，每个窗口里至少
 * 有一个 x 的位置。
 *   maxpool_forward：y[n,c,i,j] = 窗口 (i, j) 中最大的 x[n,c,r,s]。出现并列时，按扫描顺序（逐行）
 *         的第一个最大值胜出，与 PyTorch 相同。
 *   maxpool_backward：已知 dy (N, C, Ho, Wo)，累加到 dx (N, C, H, W)。想清楚对窗口里的各个位置
 *         d max / d x 是多少，以及一个在几个重叠窗口里都胜出的位置会怎样。
 * 梯度一律累加（+=）。 */
#include "gradlab_exercise.h"

#include <math.h>

void maxpool_forward(double *y, const double *x, int N, int C, int H, int W, int kh, int kw,
		     int sh, int sw, int ph, int pw)
{
	/* TODO: for every image and channel, every window (i, j): its largest cell inside x */
}

void maxpool_backward(double *dx, const double *dy, const double *x, int N, int C, int H, int W,
		      int kh, int kw, int sh, int sw, int ph, int pw)
{
	/* TODO: find each window's winner again (the first maximum), and route dy to it */
}
