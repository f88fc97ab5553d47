/* gradlab_exercise.h: the functions the exercises ask you to write, one block per exercise.
 * `gradlab grade` compiles your file with this header (its own copy, so editing this one
 * changes nothing), links it with a small harness program and, in a sandbox, calls these
 * functions on random shapes and values. A main() of your own (to try things out) is fine:
 * the grader renames it out of the way.
 *
 * Conventions, the same as PyTorch's and gradlab's:
 *   - A matrix is a flat array of doubles in row-major order: element (i, j) of an (R, C)
 *     matrix m is m[i * C + j]. A vector of n values is a (1, n) matrix.
 *   - A batch is rows: x (B, I) holds B examples of I values each.
 *   - A weight is (out, in) and is applied as x W^T, like torch.nn.Linear; a bias has `out`
 *     values and is added to every row.
 *   - Gated cells stack their gate blocks in the rows of the weights, in PyTorch's order:
 *     LSTM i, f, g, o (rows 0..H-1 are i, H..2H-1 are f, ...); GRU r, z, n.
 *   - Forward outputs are written (y[i] = ...). Gradients, named d<what they are the gradient
 *     of>, are ADDED to (dx[i] += ...), as in llm.c: a weight shared by several uses collects
 *     a gradient from each. The grader fills every gradient array with random numbers first
 *     and checks what your code adds.
 *   - Inputs are const: leave them as they are.
 *
 * 约定（与 PyTorch、gradlab 相同）：矩阵是按行存放的 double 数组，(R, C) 矩阵 m 的 (i, j) 元素是
 * m[i * C + j]；一批数据按行排列，x (B, I) 是 B 个样本、每个 I 个值；权重是 (out, in)，按 x W^T
 * 使用；门控单元把各门的块按 PyTorch 的顺序叠在权重的行里（LSTM：i, f, g, o；GRU：r, z, n）。
 * 前向输出直接写入（=）；梯度 d<名字> 一律累加（+=）：评分器会先在梯度数组里放随机数，只检查你
 * 的代码加上去的部分。输入是只读的。 */
#ifndef GRADLAB_EXERCISE_H
#define GRADLAB_EXERCISE_H

/* {==== 01 activations: the backward pass of sigmoid, tanh and ReLU ==== */
/* forward: y = sigmoid(x) = 1 / (1 + exp(-x));  so dx += dy * y * (1 - y)            (n values) */
void sigmoid_backward(double *dx, const double *dy, const double *y, int n);
/* forward: y = tanh(x);  so dx += dy * (1 - y * y) */
void tanh_backward(double *dx, const double *dy, const double *y, int n);
/* forward: y = max(0, x);  so dx += dy where x > 0 (relu'(0) = 0, as in PyTorch) */
void relu_backward(double *dx, const double *dy, const double *x, int n);
/* }==== */

/* {==== 02 softmax_xent: softmax, its backward, and softmax with cross-entropy ==== */
/* y (B, C) = softmax of each row of x (B, C); must not overflow for logits like 1000 */
void softmax_forward(double *y, const double *x, int B, int C);
/* forward: y = softmax(x) row by row;  so dx[i] += y[i] * (dy[i] - sum_j dy[j] y[j]) per row */
void softmax_backward(double *dx, const double *dy, const double *y, int B, int C);
/* forward: loss = mean over the B rows of -log probs[row, target[row]], probs = softmax(logits);
 * so dlogits += dloss * (probs - onehot(target)) / B */
void softmax_xent_backward(double *dlogits, const double *probs, const int *target, double dloss,
			   int B, int C);
/* }==== */

/* {==== 03 linear: a fully connected layer ==== */
/* y (B, O) = x (B, I) W^T + b, with W (O, I) and b (O) */
void linear_forward(double *y, const double *x, const double *W, const double *b, int B, int I,
		    int O);
/* so dx (B, I) += dy W;  dW (O, I) += dy^T x;  db (O) += dy summed over the rows */
void linear_backward(double *dx, double *dW, double *db, const double *dy, const double *x,
		     const double *W, int B, int I, int O);
/* }==== */

/* {==== 04 rnn_step: one step of the Elman RNN (tanh) ==== */
/* h_next (B, H) = tanh(x W_ih^T + b_ih + h_prev W_hh^T + b_hh);
 * x (B, I), h_prev (B, H), W_ih (H, I), W_hh (H, H), b_ih (H), b_hh (H) */
void rnn_step_forward(double *h_next, const double *x, const double *h_prev, const double *W_ih,
		      const double *W_hh, const double *b_ih, const double *b_hh, int B, int I,
		      int H);
/* From dh_next (B, H), with h_next saved by the forward:
 * delta = dh_next * (1 - h_next^2);  dx += delta W_ih;  dh_prev += delta W_hh;
 * dW_ih += delta^T x;  dW_hh += delta^T h_prev;  db_ih += db_hh += delta summed over rows */
void rnn_step_backward(double *dx, double *dh_prev, double *dW_ih, double *dW_hh, double *db_ih,
		       double *db_hh, const double *dh_next, const double *x,
		       const double *h_prev, const double *h_next, const double *W_ih,
		       const double *W_hh, int B, int I, int H);
/* }==== */

/* {==== 05 bptt: backpropagation through time over a whole sequence ==== */
/* x (T*B, I): step t in rows t*B .. t*B+B-1.  h ((T+1)*B, H): block 0 is h0 (copy it in),
 * block t is h_t = tanh(x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh) for t = 1..T. */
void rnn_forward(double *h, const double *x, const double *h0, const double *W_ih,
		 const double *W_hh, const double *b_ih, const double *b_hh, int T, int B, int I,
		 int H);
/* dh (T*B, H): block t-1 is the loss's own gradient at h_t (not through later steps).
 * Adds dx (T*B, I), dh0 (B, H), dW_ih, dW_hh, db_ih, db_hh: the gradient of the whole
 * sequence, with dL/dh_t = dh_t + delta_{t+1} W_hh carried back from step T to step 1. */
void rnn_backward(double *dx, double *dh0, double *dW_ih, double *dW_hh, double *db_ih,
		  double *db_hh, const double *dh, const double *x, const double *h,
		  const double *W_ih, const double *W_hh, int T, int B, int I, int H);
/* }==== */

/* {==== 06 gradcheck: a finite-difference gradient checker of your own ==== */
/* A scalar function of n values, like a loss. */
typedef double (*loss_fn)(const double *x, int n, void *ctx);
/* grad (n) = central differences of f at x:  (f(x + eps e_i) - f(x - eps e_i)) / (2 eps).
 * x may be changed during the call but must hold exactly its old values afterwards. */
void numeric_gradient(double *grad, loss_fn f, void *ctx, double *x, int n, double eps);
/* The first i where analytic[i] and numeric[i] disagree:
 * |a - b| > atol + rtol * max(|a|, |b|), or either is NaN or infinite. -1 when all agree. */
int first_mismatch(const double *analytic, const double *numeric, int n, double atol,
		   double rtol);
/* }==== */

/* {==== 07 clip: gradient clipping by global norm ==== */
/* grads[k] has sizes[k] values, for k < n_grads. total = sqrt of the sum of squares of every
 * value of every gradient; when max_norm / (total + 1e-6) < 1, multiply every value by it
 * (torch.nn.utils.clip_grad_norm_). Returns total, measured before clipping. */
double clip_grad_norm(double *const *grads, const int *sizes, int n_grads, double max_norm);
/* }==== */

/* {==== 08 lstm_step: one LSTM step ==== */
/* W_ih (4H, I), W_hh (4H, H), b_ih (4H), b_hh (4H), blocks i, f, g, o.  a = x W_ih^T + b_ih +
 * h_prev W_hh^T + b_hh (B, 4H);  i = sigmoid(a_i), f = sigmoid(a_f), g = tanh(a_g),
 * o = sigmoid(a_o);  c_next = f * c_prev + i * g;  h_next = o * tanh(c_next).
 * gates (B, 4H) receives i, f, g, o (after their nonlinearities), for the backward. */
void lstm_step_forward(double *h_next, double *c_next, double *gates, const double *x,
		       const double *h_prev, const double *c_prev, const double *W_ih,
		       const double *W_hh, const double *b_ih, const double *b_hh, int B, int I,
		       int H);
/* From dh_next and dc_next (B, H) each: adds dx, dh_prev, dc_prev, dW_ih, dW_hh, db_ih, db_hh. */
void lstm_step_backward(double *dx, double *dh_prev, double *dc_prev, double *dW_ih,
			double *dW_hh, double *db_ih, double *db_hh, const double *dh_next,
			const double *dc_next, const double *x, const double *h_prev,
			const double *c_prev, const double *c_next, const double *gates,
			const double *W_ih, const double *W_hh, int B, int I, int H);
/* }==== */

/* {==== 09 gru_step: one GRU step ==== */
/* W_ih (3H, I), W_hh (3H, H), b_ih (3H), b_hh (3H), blocks r, z, n.
 * r = sigmoid(x W_ir^T + b_ir + h_prev W_hr^T + b_hr);  z likewise with the z blocks;
 * hn = h_prev W_hn^T + b_hn;  n = tanh(x W_in^T + b_in + r * hn);
 * h_next = (1 - z) * n + z * h_prev.
 * gates (B, 3H) receives r, z, n; hn (B, H) receives hn, for the backward. */
void gru_step_forward(double *h_next, double *gates, double *hn, const double *x,
		      const double *h_prev, const double *W_ih, const double *W_hh,
		      const double *b_ih, const double *b_hh, int B, int I, int H);
/* From dh_next (B, H): adds dx, dh_prev, dW_ih, dW_hh, db_ih, db_hh. */
void gru_step_backward(double *dx, double *dh_prev, double *dW_ih, double *dW_hh, double *db_ih,
		       double *db_hh, const double *dh_next, const double *x,
		       const double *h_prev, const double *gates, const double *hn,
		       const double *W_ih, const double *W_hh, int B, int I, int H);
/* }==== */

/* {==== 10 attention: scaled dot-product attention ==== */
/* Q (Tq, D), K (Tk, D), V (Tk, Dv).  scores = Q K^T / sqrt(D) (Tq, Tk);
 * weights = softmax of each row of scores (Tq, Tk);  out = weights V (Tq, Dv). */
void attention_forward(double *out, double *weights, const double *Q, const double *K,
		       const double *V, int Tq, int Tk, int D, int Dv);
/* From dout (Tq, Dv), with weights saved by the forward: adds dQ, dK, dV. */
void attention_backward(double *dQ, double *dK, double *dV, const double *dout,
			const double *Q, const double *K, const double *V,
			const double *weights, int Tq, int Tk, int D, int Dv);
/* }==== */

/* {==== 11 dropout: inverted dropout, forward and backward ==== */
/* x, mask, y: n values each; mask[i] is 0 (unit i dropped) or 1 (kept), p in [0, 1) the
 * probability of dropping. training != 0: y = x * mask / (1 - p) (torch.nn.Dropout in
 * train()); training == 0 (eval): y = x, the mask unused. */
void dropout_forward(double *y, const double *x, const double *mask, double p, int training,
		     int n);
/* so dx += dy * mask / (1 - p) in training, dx += dy in eval */
void dropout_backward(double *dx, const double *dy, const double *mask, double p, int training,
		      int n);
/* }==== */

/* {==== 12 batchnorm: batch normalisation's backward, training mode ==== */
/* x (N, C), gamma (C): per column c, over the N rows, mean_c and the biased var_c;
 * xhat = (x - mean) / sqrt(var + eps);  y = gamma * xhat + beta  (torch.nn.BatchNorm1d in
 * train()). From dy (N, C): adds dx (N, C), dgamma (C), dbeta (C). mean and var depend on
 * every x of their column: dx has a path through each. */
void batchnorm_backward(double *dx, double *dgamma, double *dbeta, const double *dy,
			const double *x, const double *gamma, double eps, int N, int C);
/* }==== */

/* {==== 13 layernorm: layer normalisation's backward ==== */
/* x (N, D), gamma (D): per row n, over its D values, mean_n and the biased var_n;
 * xhat = (x - mean) / sqrt(var + eps);  y = gamma * xhat + beta  (torch.nn.LayerNorm(D)).
 * From dy (N, D): adds dx (N, D), dgamma (D), dbeta (D). */
void layernorm_backward(double *dx, double *dgamma, double *dbeta, const double *dy,
			const double *x, const double *gamma, double eps, int N, int D);
/* }==== */

/* {==== 14 conv2d: a 2-D convolution, forward and backward, with naive loops ==== */
/* PyTorch's layout: x (N, Cin, H, W), weight (Cout, Cin, kH, kW), bias (Cout),
 * y (N, Cout, Hout, Wout) with Hout = (H + 2 pad_h - kH) / stride_h + 1 (rounded down), Wout
 * likewise; zero padding, no dilation (torch.nn.functional.conv2d):
 *   y[n,co,oh,ow] = bias[co] + sum over ci, kh, kw of
 *                   weight[co,ci,kh,kw] * x[n, ci, oh*stride_h - pad_h + kh, ow*stride_w - pad_w + kw]
 * where an x outside the image counts as 0. Element [n,c,h,w] of x is
 * x[((n * Cin + c) * H + h) * W + w]; the others likewise. */
void conv2d_forward(double *y, const double *x, const double *weight, const double *bias, int N,
		    int Cin, int H, int W, int Cout, int kH, int kW, int stride_h, int stride_w,
		    int pad_h, int pad_w);
/* From dy (N, Cout, Hout, Wout): adds dx (N, Cin, H, W), dweight (Cout, Cin, kH, kW),
 * dbias (Cout). */
void conv2d_backward(double *dx, double *dweight, double *dbias, const double *dy,
		     const double *x, const double *weight, int N, int Cin, int H, int W, int Cout,
		     int kH, int kW, int stride_h, int stride_w, int pad_h, int pad_w);
/* }==== */

#endif
