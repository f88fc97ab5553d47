/* Exercise 14 conv2d: a 2-D convolution (torch.nn.functional.conv2d), forward and backward,
 * with plain loops. Lesson 09-deep-residual.       Grade it: gradlab grade conv2d
 *
 * TASK. PyTorch's layout, row-major: x (N, Cin, H, W), weight (Cout, Cin, kH, kW), bias
 * (Cout), y and dy (N, Cout, Hout, Wout), where Hout = (H + 2 pad_h - kH) / stride_h + 1 and
 * Wout = (W + 2 pad_w - kW) / stride_w + 1 (rounded down). Element [n,c,h,w] of x is
 * x[((n * Cin + c) * H + h) * W + w]; the other arrays likewise.
 *   y[n,co,oh,ow] = bias[co] + sum over ci, kh, kw of
 *       weight[co,ci,kh,kw] * x[n, ci, oh * stride_h - pad_h + kh, ow * stride_w - pad_w + kw]
 * where a position outside the image (in the zero padding) counts as 0. PyTorch's "conv2d"
 * is this cross-correlation: the kernel is not flipped in the forward.
 *   conv2d_forward: write y.
 *   conv2d_backward: given dy, ADD the gradients with respect to x, weight and bias to dx,
 *       dweight and dbias. Each y reads kH * kW * Cin values of x: send dy back along the
 *       very same taps. Written as a correlation of dy, dx uses the kernel flipped by 180
 *       degrees; and with a stride, only every stride-th position of x is the start of a
 *       window. Strides and paddings differ between the two axes.
 *
 * 任务：PyTorch 的布局，按行存放：x (N, Cin, H, W)，weight (Cout, Cin, kH, kW)，bias (Cout)，
 * y 和 dy (N, Cout, Hout, Wout)，其中 Hout = (H + 2 pad_h - kH) / stride_h + 1，
 * Wout = (W + 2 pad_w - kW) / stride_w + 1（向下取整）。x 的元素 [n,c,h,w] 是
 * x[((n * Cin + c) * H + h) * W + w]，其他数组同理。
 *   y[n,co,oh,ow] = bias[co] + 对 ci、kh、kw 求和
 *       weight[co,ci,kh,kw] * x[n, ci, oh * stride_h - pad_h + kh, ow * stride_w - pad_w + kw]
 * 落在图像之外（零填充里）的位置按 0 计。PyTorch 的 conv2d 就是这个互相关：前向时卷积核不
 * 翻转。
 *   conv2d_forward：写出 y。
 *   conv2d_backward：已知 dy，把对 x、weight 和 bias 的梯度累加到 dx、dweight 和 dbias 上。
 *       每个 y 读取 x 的 kH * kW * Cin 个值：把 dy 沿着完全相同的位置送回去。如果写成 dy 的
 *       互相关，dx 用的是翻转 180 度的卷积核；有步幅时，只有每隔 stride 个位置才是一个窗口的
 *       起点。两个方向的步幅和填充各不相同。 */
#include "gradlab_exercise.h"

void conv2d_forward(double *y, const double *x, const double *weight, const double *bias, int N,
		    int Cin, int H, int W, int Cout, int kH, int kW, int stride_h, int stride_w,
		    int pad_h, int pad_w)
{
	/* TODO: Hout and Wout; then every y from its bias and its window of x */
}

void conv2d_backward(double *dx, double *dweight, double *dbias, const double *dy,
		     const double *x, const double *weight, int N, int Cin, int H, int W, int Cout,
		     int kH, int kW, int stride_h, int stride_w, int pad_h, int pad_w)
{
	/* TODO: dbias: every dy of its output channel */
	/* TODO: for each tap of each output: dweight += x * dy there, dx += weight * dy there */
}
