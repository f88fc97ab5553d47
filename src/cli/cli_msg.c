/* cli_msg: the commands' sentences in English and Simplified Chinese; see cli_msg.h. A test
 * (test_cli_msg) checks that every id has a text in every language, that they all take the
 * same printf arguments, and that a third column is read where it is asked for. */
#include "cli/cli_msg.h"

#include "core/msg.h"

#include <stdarg.h>
#include <stdio.h>

/* One row per id: its English text, then one per language of core/lang.h in its order (a
 * test's fake language adds LANG_EXTRA_COLUMN(en)); a text missing is a gap the table
 * test finds. */
#define ROW(id, en, ...) [id] = { en, __VA_ARGS__ LANG_EXTRA_COLUMN(en) }

static const char *const table[CM_COUNT][LANG_COUNT] = {
	ROW(CM_NONE, "", ""),
	/* {---- Shared ---- */
	ROW(CM_COMMA, ",", "，"),
	ROW(CM_SEED_SPACE, " ", ""),
	ROW(CM_SEED, "seed %llu", "随机种子 %llu"),
	ROW(CM_FORMULA, "formula", "公式"),
	ROW(CM_FORMULA_SUM, "= formula", "= 公式"),
	ROW(CM_AUTODIFF, "autodiff", "自动微分"),
	ROW(CM_FINITE_DIFF, "finite diff", "有限差分"),
	ROW(CM_SUM, "sum", "和"),
	ROW(CM_ONE_IN_SHOWN, "(one step in %d shown, and the last; --format csv gives all)\n",
			      "（每 %d 步显示一步，另加最后一步；--format csv 给出全部）\n"),
	ROW(CM_FORGET_BIAS, ", forget bias %g", "，遗忘门偏置 %g"),
	/* {---- bptt ---- */
	ROW(CM_BPTT_HEAD, "bptt: backpropagation through time, T = %d, H = %d, I = %d, %s",
			   "bptt：通过时间反向传播，T = %d，H = %d，I = %d，%s"),
	ROW(CM_BPTT_FORWARD, "  forward  a_t = W_ih x_t + b_ih + W_hh h_{t-1} + b_hh,  h_t = %s(a_t)\n",
			      "  前向  a_t = W_ih x_t + b_ih + W_hh h_{t-1} + b_hh，h_t = %s(a_t)\n"),
	ROW(CM_BPTT_LINEAR, "           with f(a) = a (linear), so f'(a) = 1\n",
			     "        其中 f(a) = a（线性），所以 f'(a) = 1\n"),
	ROW(CM_BPTT_LOSS_ALL, "  loss     L = sum_t <r_t, h_t> over every step t = 1..%d, with fixed\n"
			       "           %s r_t, so the direct term dL_t/dh_t is r_t at every step\n",
			       "  损失  L = sum_t <r_t, h_t>，对每个时间步 t = 1..%d 求和，r_t 是%s\n"
			       "        向量，所以每一步的直接项 dL_t/dh_t 都是 r_t\n"),
	ROW(CM_BPTT_LOSS_LAST, "  loss     L = <r_%1$d, h_%1$d> at the last step only, with a fixed %2$s\n"
				"           r_%1$d: dL_%1$d/dh_%1$d = r_%1$d, and no step before has a loss of its own\n",
				"  损失  L = <r_%1$d, h_%1$d>，只在最后一步计损失，r_%1$d 是%2$s向量：\n"
				"        dL_%1$d/dh_%1$d = r_%1$d，之前各步都没有自己的损失\n"),
	ROW(CM_BPTT_R_HAND, "hand-given", "手工给定的"),
	ROW(CM_BPTT_R_RANDOM, "random", "固定的随机"),
	ROW(CM_BPTT_LOSS_VALUE, "           L = %.9f\n", "        L = %.9f\n"),
	ROW(CM_BPTT_THREE_WAYS,
	    "  three ways, side by side:\n"
	    "    formula      the hand-derived BPTT (src/nn/bptt.c), plain loops\n"
	    "    autodiff     the tape's backward through the nn.RNN layer\n"
	    "    finite diff  (L(v + e) - L(v - e)) / 2e, e = %g, nudging the value v\n"
	    "                 itself in a forward pass: a parameter entry, h_t or a_t\n",
	    "  三种方法并列：\n"
	    "    公式      手推的 BPTT（src/nn/bptt.c），普通循环\n"
	    "    自动微分  计算图（tape）对 nn.RNN 层做反向传播\n"
	    "    有限差分  (L(v + e) - L(v - e)) / 2e，e = %g，在前向传播中直接挪动\n"
	    "              数值 v 本身：某个参数元素、h_t 或 a_t\n"),
	ROW(CM_BPTT_MODEL_GIVEN, "\nthe model, every value given by hand\n", "\n模型：每个值都是手工给定的\n"),
	ROW(CM_BPTT_MODEL_SOME,
	    "\nthe model: the values given by hand, the rest drawn as\n"
	    "`gradlab check rnn --batch 1` draws them for these sizes, act and seed\n",
	    "\n模型：给定的值之外，其余与 `gradlab check rnn --batch 1` 在相同规模、\n"
	    "激活函数和随机种子下生成的一样\n"),
	ROW(CM_BPTT_MODEL_DRAWN,
	    "\nthe model, drawn as `gradlab check rnn --batch 1` draws it for these sizes,\n"
	    "act and seed (with --loss all the totals below are that check's gradients)\n",
	    "\n模型：参数与 `gradlab check rnn --batch 1` 在相同规模、激活函数和随机种子下\n"
	    "生成的完全一样（取 --loss all 时，下面的各个总和就是那次检验的梯度）\n"),
	/* "计分的 r_t" is as wide as "r_t scored" but reads as one phrase with h_t before it
	 * unless two spaces part them: it brings its own */
	ROW(CM_BPTT_R_SCORED, "r_t scored", " 计分的 r_t"),
	ROW(CM_BPTT_H0_RANDOM, "  (h_0 is random, std 0.5, as in the check, so step 1's terms need not be 0)\n",
				"  （h_0 与检验中一样是随机的，标准差 0.5，所以第 1 步的项不一定为 0）\n"),
	ROW(CM_BPTT_H0_ZERO, "  (h_0 = 0 is given, so W_hh's term at step 1 is 0)\n",
			      "  （给定 h_0 = 0，所以 W_hh 在第 1 步的项为 0）\n"),
	ROW(CM_BPTT_AGREEMENT, "  largest |autodiff - formula| = %.1e, |finite diff - formula| = %.1e\n",
				"  最大差值：|自动微分 - 公式| = %.1e，|有限差分 - 公式| = %.1e\n"),
	ROW(CM_BPTT_TERM_AGREEMENT, "  each term alone (step t given its own copy %s): %.1e, %.1e\n",
				     "  单独核对每一项（第 t 步用自己的拷贝 %s）：%.1e，%.1e\n"),
	ROW(CM_BPTT_STEP1,
	    "\nstep 1: the gradient that reaches h_t, from t = T down to 0\n"
	    "  dL/dh_t = dL_t/dh_t + W_hh^T delta_{t+1}: the direct term, then the rest\n"
	    "  (delta_{T+1} = 0; h_0 has no loss of its own); finite diff nudges h_t\n",
	    "\n第一步：传到 h_t 的梯度，从 t = T 算到 0\n"
	    "  dL/dh_t = dL_t/dh_t + W_hh^T delta_{t+1}：先是直接项，然后是其余部分\n"
	    "  （delta_{T+1} = 0；h_0 没有自己的损失）；有限差分挪动的是 h_t\n"),
	ROW(CM_BPTT_STEP2,
	    "\nstep 2: through the activation, delta_t = dL/da_t = f'(a_t) * dL/dh_t\n"
	    "  (elementwise; f = %s); finite diff nudges a_t\n",
	    "\n第二步：穿过激活函数，delta_t = dL/da_t = f'(a_t) * dL/dh_t\n"
	    "  （逐元素相乘；f = %s）；有限差分挪动的是 a_t\n"),
	ROW(CM_BPTT_STEP3,
	    "\nstep 3: the recurrent weights, dL/dW_hh = sum_t delta_t h_{t-1}^T, one\n"
	    "  term per use of W_hh; entry [i,j] is sum_t delta_t[i] h_{t-1}[j], and\n"
	    "  the sum of the terms is the formula's total\n",
	    "\n第三步：循环权重，dL/dW_hh = sum_t delta_t h_{t-1}^T\n"
	    "  W_hh 每使用一次就有一项；元素 [i,j] 为 sum_t delta_t[i] h_{t-1}[j]，\n"
	    "  各项之和就是公式给出的总和\n"),
	ROW(CM_BPTT_STEP4,
	    "\nstep 4: the input weights, dL/dW_ih = sum_t delta_t x_t^T, one term per\n"
	    "  use of W_ih; entry [i,j] is sum_t delta_t[i] x_t[j], summed as above\n",
	    "\n第四步：输入权重，dL/dW_ih = sum_t delta_t x_t^T\n"
	    "  W_ih 每使用一次就有一项；元素 [i,j] 为 sum_t delta_t[i] x_t[j]，求和同上\n"),
	ROW(CM_BPTT_STEP5,
	    "\nstep 5: the biases, dL/db_ih = dL/db_hh = sum_t delta_t\n"
	    "  (both enter a_t unchanged, so both get the same terms)\n",
	    "\n第五步：偏置，dL/db_ih = dL/db_hh = sum_t delta_t\n"
	    "  （两个偏置都原样加到 a_t 上，所以得到的各项相同）\n"),
	ROW(CM_BPTT_ENTRY, "  entry ", "  元素  "),
	ROW(CM_BPTT_TOTALS, "  totals three ways\n", "  三种方法算出的总和\n"),
	ROW(CM_BPTT_BIAS_AD, "ad", "自动微分"),
	ROW(CM_BPTT_BIAS_FD, "fd", "有限差分"),
	ROW(CM_BPTT_BIAS_KEY, "  (ad = autodiff, fd = finite diff)\n", ""),
	ROW(CM_BPTT_PATHS_INTRO,
	    "\nthe paths from each use of W_hh to the loss, enumerated recursively:\n"
	    "  paths(h_t) = [h_t -> L_t] if step t is scored, then h_t -> h_{t+1} + p\n"
	    "  for every p in paths(h_{t+1}); the use at step k is W_hh -> a_k -> h_k.\n",
	    "\n从 W_hh 的每处使用到损失的所有路径，用递归列举：\n"
	    "  paths(h_t) = 第 t 步计损失时先是 [h_t -> L_t]，然后对 paths(h_{t+1})\n"
	    "  中的每条 p 加上 h_t -> h_{t+1} + p；第 k 步的使用为 W_hh -> a_k -> h_k。\n"),
	ROW(CM_BPTT_PATHS_ALL, "  %d paths: N(t) = s_t + N(t+1) = T - t + 1, and %d + ... + 1 = T(T+1)/2\n",
				"  共 %d 条路径：N(t) = s_t + N(t+1) = T - t + 1，%d + ... + 1 = T(T+1)/2\n"),
	ROW(CM_BPTT_PATHS_LAST, "  %d %s: N(t) = s_t + N(t+1) = 1 for every t, so one per use: T\n",
				 "  共 %d %s：对每个 t 都有 N(t) = s_t + N(t+1) = 1，每处使用一条，共 T 条\n"),
	ROW(CM_PATH_ONE, "path", "条路径"),
	ROW(CM_PATH_MANY, "paths", "条路径"),
	ROW(CM_BPTT_PATH, "path", "路径"),
	ROW(CM_BPTT_PART_NORM, "||W_hh part||", "份额的范数"),
	ROW(CM_BPTT_PATH_SUM, "sum over the paths", "各路径之和"),
	ROW(CM_BPTT_PATH_FORMULA, "dL/dW (formula)", "dL/dW（公式）"),
	ROW(CM_BPTT_PRODUCT,
	    "\n  product along a path: h_{k-1} f'(a_k) [w_hh f'(a_{k+1})] ...\n"
	    "  [w_hh f'(a_t)] dL_t/dh_t; the path from W_ih's use starts with x_k\n"
	    "  instead of h_{k-1}. Products along a path, sums across paths.\n",
	    "\n  一条路径上的乘积：h_{k-1} f'(a_k) [w_hh f'(a_{k+1})] ...\n"
	    "  [w_hh f'(a_t)] dL_t/dh_t；从 W_ih 的使用出发的路径以 x_k 开头，\n"
	    "  而不是 h_{k-1}。沿一条路径相乘，跨越不同路径相加。\n"),
	ROW(CM_BPTT_MATRICES,
	    "  With H > 1 a path carries a matrix, e h_{k-1}^T with\n"
	    "  e = D_k W_hh^T D_{k+1} ... W_hh^T D_t dL_t/dh_t (D_s = diag f'(a_s));\n"
	    "  shown is its norm. The %d matrices add up to dL/dW_hh: they differ\n"
	    "  from the formula by at most %.1e. (--hidden 1 shows each product.)\n",
	    "  H > 1 时每条路径带着一个矩阵 e h_{k-1}^T，其中\n"
	    "  e = D_k W_hh^T D_{k+1} ... W_hh^T D_t dL_t/dh_t（D_s = diag f'(a_s)）；\n"
	    "  上表列出的是它的范数。这 %d 个矩阵加起来就是 dL/dW_hh，与公式相差\n"
	    "  不超过 %.1e。（用 --hidden 1 可以看到每条路径上的乘积。）\n"),
	ROW(CM_BPTT_COST,
	    "  Enumerating the paths costs O(T^2) products; BPTT shares their tails\n"
	    "  and costs O(T).\n",
	    "  逐条列举路径要算 O(T^2) 个乘积；BPTT 让尾部相同的路径共用一次计算，\n"
	    "  只需 O(T)。\n"),
	ROW(CM_BPTT_SUMMARY, "\nsummary: the largest |difference| from the formula\n  %24s",
			      "\n汇总：与公式之差的最大绝对值\n  %24s"),
	ROW(CM_BPTT_PER_STEP, "  its per-step terms", "  其中每一步的项"),
	ROW(CM_BPTT_SUMMARY_EPS,
	    "  Finite differences carry an error of about eps^2 + 1e-16/eps, with\n"
	    "  eps = %g; autodiff and the formula differ only by rounding.\n",
	    "  有限差分的误差约为 eps^2 + 1e-16/eps，这里 eps = %g；\n"
	    "  自动微分与公式之间只差舍入误差。\n"),
	ROW(CM_BPTT_BAD_SHOW, "gradlab bptt: --show: '%.*s' is not one of %s\n",
			       "gradlab bptt：--show：'%.*s' 不是 %s 之一\n"),
	/* {---- unroll ---- */
	ROW(CM_UNROLL_HEAD, "a tiny RNN: T = %d %s, H = %d %s, I = %d %s, %s",
			     "一个小 RNN：T = %d %s，H = %d %s，I = %d %s，%s"),
	ROW(CM_STEP_ONE, "step", "步"),
	ROW(CM_STEP_MANY, "steps", "步"),
	ROW(CM_HIDDEN_ONE, "hidden unit", "个隐藏单元"),
	ROW(CM_HIDDEN_MANY, "hidden units", "个隐藏单元"),
	ROW(CM_INPUT_ONE, "input", "个输入"),
	ROW(CM_INPUT_MANY, "inputs", "个输入"),
	ROW(CM_UNROLL_LINEAR, "h_t = a_t (linear)", "h_t = a_t（线性）"),
	ROW(CM_UNROLL_LINEAR_SHORT, "linear", "线性"),
	ROW(CM_UNROLL_LOOP, "W_hh, one step later: h_t comes back as h_{t-1}",
			     "W_hh，延迟一步：h_t 作为 h_{t-1} 送回单元"),
	ROW(CM_UNROLL_FOLDED, "folded: one cell with a loop, applied at every step t = 1..%d\n\n",
			       "折叠图：一个带环的单元，每个时间步 t = 1..%d 都用它\n\n"),
	ROW(CM_UNROLL_PARAMS, "\nparameters: H*I + H*H + 2H = %d*%d + %d*%d + 2*%d = %d, for any number of steps\n",
			       "\n参数个数：H*I + H*H + 2H = %d*%d + %d*%d + 2*%d = %d，与步数无关\n"),
	ROW(CM_UNROLL_AS_RNN, "(weight_ih %dx%d, weight_hh %dx%d, bias_ih %d, bias_hh %d, as in nn.RNN)\n",
			       "（与 nn.RNN 相同：weight_ih %dx%d，weight_hh %dx%d，bias_ih %d，bias_hh %d）\n"),
	ROW(CM_UNROLL_SAME, "The same W_ih, W_hh, b_ih and b_hh are used at every step.\n",
			     "每一步用的都是同一组 W_ih、W_hh、b_ih 和 b_hh。\n"),
	ROW(CM_UNROLL_FROM_ZERO, "h_0 = 0", " h_0 = 0 "),
	ROW(CM_UNROLL_FROM_GIVEN, "the given h_0", "给定的 h_0 "),
	ROW(CM_UNROLL_UNROLLED,
	    "unrolled: %d %s of the cell, one per step, starting from %s.\n"
	    "Every W_hh arrow is the same W_hh and every W_ih arrow the same W_ih;\n"
	    "b_ih + b_hh enter every a_t, and %s.\n",
	    "展开图：单元的 %d %s，每个时间步一份，从%s开始。\n"
	    "每个 W_hh 箭头都是同一个 W_hh，每个 W_ih 箭头都是同一个 W_ih；\n"
	    "b_ih + b_hh 进入每个 a_t，且 %s。\n"),
	ROW(CM_COPY_ONE, "copy", "份拷贝"),
	ROW(CM_COPY_MANY, "copies", "份拷贝"),
	ROW(CM_UNROLL_STEPS_FIRST, "\nsteps 1..%d\n", "\n第 1..%d 步\n"),
	ROW(CM_UNROLL_STEPS_MORE, "\nsteps %d..%d, from h_%d of the row above\n",
				   "\n第 %d..%d 步，接着上一行的 h_%d\n"),
	/* {---- tiny RNN options ---- */
	ROW(CM_TINY_NOT_NUMBER,
	    "gradlab %s: --%s: '%.*s' is not a number (give numbers separated by commas, as in 0.5,0.8)\n",
	    "gradlab %s：--%s：'%.*s' 不是数（要用逗号分隔的数，如 0.5,0.8）\n"),
	ROW(CM_TINY_COUNT, "gradlab %s: --%s needs %d %s (%s with %s)%s, got %d\n",
			    "gradlab %s：--%s 需要 %d %s（%s，这里 %s）%s，实际给了 %d 个\n"),
	ROW(CM_NUMBER_ONE, "number", "个数"),
	ROW(CM_NUMBER_MANY, "numbers", "个数"),
	ROW(CM_TINY_OR_ONE, ", or one for every entry", "，或者一个数填满全部"),
	ROW(CM_TINY_RANGE, "gradlab %s: --%s: number %d (%g) must be finite and at most %d in size\n",
			    "gradlab %s：--%s 的第 %d 个数 %g 必须是有限的数，且绝对值不超过 %d\n"),
	/* {---- check ---- */
	ROW(CM_CHECK_FAULT, "teaching fault: %s (a backward wrong on purpose; the numeric side is right)\n\n",
			     "教学用的错误：%s（反向传播故意写错，数值梯度是对的）\n\n"),
	/* {---- gates ---- */
	ROW(CM_GATES_HEAD, "%s gate values over %d steps (H=%d, I=%d%s)\n",
			    "%s 各门在 %d 个时间步上的取值（H=%d，I=%d%s）\n"),
	ROW(CM_GATES_UNIT, "unit %d\n\n", "第 %d 个单元的值\n\n"),
	ROW(CM_GATES_MEAN, "mean over the %d units\n\n", "%d 个单元的平均值\n\n"),
	ROW(CM_GATES_LSTM_KEY,
	    "i input gate, f forget gate, o output gate: sigmoids in (0, 1); g the\n"
	    "candidate: tanh in (-1, 1). c_t = f * c_{t-1} + i * g; h_t = o * tanh(c_t).\n",
	    "i 输入门、f 遗忘门、o 输出门：sigmoid，取值在 (0, 1)；g 候选值：tanh，\n"
	    "取值在 (−1, 1)。c_t = f ⊙ c_{t−1} + i ⊙ g，h_t = o ⊙ tanh(c_t)。\n"),
	ROW(CM_GATES_GRU_KEY,
	    "r reset gate, z update gate: sigmoids in (0, 1); n the candidate: tanh in\n"
	    "(-1, 1). h_t = (1 - z) * n + z * h_{t-1}.\n",
	    "r 重置门、z 更新门：sigmoid，取值在 (0, 1)；n 候选状态：tanh，取值在 (−1, 1)。\n"
	    "h_t = (1 − z) ⊙ n + z ⊙ h_{t−1}。\n"),
	ROW(CM_GATES_PLOT_UNIT, "unit %d", "第 %d 个单元"),
	ROW(CM_GATES_PLOT_MEAN, "mean of %d units", "%d 个单元的平均"),
	ROW(CM_GATES_PLOT_TITLE, "%s gates over %d steps (%s%s)", "%s 各门，共 %d 步（%s%s）"),
	ROW(CM_GATES_X, "time step t", "时间步 t"),
	ROW(CM_GATES_Y, "gate value", "门的取值"),
	/* {---- relu ---- */
	ROW(CM_RELU_LEAKY, "\nleaky_relu (slope %g)\n", "\nleaky_relu（斜率 %g）\n"),
	ROW(CM_RELU_STEP, "step", "步"),
	ROW(CM_RELU_ACTIVE, "active", "激活"),
	ROW(CM_RELU_LOSS, "loss", "损失"),
	ROW(CM_RELU_HEAD,
	    "one unit y = f(w x + b) on %d inputs evenly spaced in [0, 1], target 2x + 1,\n"
	    "loss mean((y - target)^2); SGD with lr %g from w = %g, b = %g\n",
	    "单个单元 y = f(w x + b)，输入为 [0, 1] 中等距的 %d 个点，目标 2x + 1，\n"
	    "损失 mean((y − 目标)²)；SGD，学习率 %g，从 w = %g、b = %g 出发\n"),
	ROW(CM_RELU_KEY,
	    "row s: w and b after s steps (row 0 is the start) and the gradient there;\n"
	    "active: inputs with w x + b > 0. A ReLU unit that is off for every input gets\n"
	    "dL/dw = dL/db = 0 exactly.\n",
	    "第 s 行：第 s 步之后的 w、b（第 0 行是起点）和该处的梯度；激活：w x + b > 0\n"
	    "的输入个数。一个对所有输入都不激活的 ReLU 单元，dL/dw 和 dL/db 恰好为 0。\n"),
	ROW(CM_RELU_PLOT_TITLE, "loss of one unit over %d steps (start b = %g, lr %g)",
				 "单个单元的损失，共 %d 步（起点 b = %g，学习率 %g）"),
	/* {---- The experiments with plots: norms, sweep, curves, attention ---- */
	ROW(CM_NORMS_PLOT_SEED, ", seed %llu", "，种子 %llu"),
	ROW(CM_NORMS_EVERY, "(every %.0s%s step and the last shown; --format csv gives all)\n",
				"（每 %s 步显示一步，另加最后一步；--format csv 给出全部）\n%.0s"),
	ROW(CM_NORMS_HEAD, "gradient norms over %d %s (H=%d, I=%d)\n"
			    "W_hh: %s, spectral norm %g per gate block; loss %s",
			    "%d%.0s 个时间步上的梯度范数（H=%d，I=%d）\n"
			    "W_hh：%s，每个门块的谱范数为 %g；%s"),
	ROW(CM_NORMS_ORTHOGONAL, "orthogonal", "正交矩阵"),
	ROW(CM_NORMS_GAUSSIAN, "Gaussian", "高斯矩阵"),
	ROW(CM_NORMS_LOSS_ALL, "at every step", "每一步都计损失"),
	ROW(CM_NORMS_LOSS_LAST, "at the last step", "损失只在最后一步"),
	ROW(CM_NORMS_CUT_EACH, "\ntruncated BPTT: the gradient is cut at every step",
				"\n截断 BPTT：梯度在每一步都被截断"),
	ROW(CM_NORMS_CUT_EVERY, "\ntruncated BPTT: the gradient is cut every %d steps",
				 "\n截断 BPTT：梯度每 %d 步截断一次"),
	ROW(CM_NORMS_CELL, "\n%s%s%s: ||W_hh|| = %.6g; parameter gradient norm %.6g",
			    "\n%s%s%s：||W_hh|| = %.6g；参数梯度范数 %.6g"),
	ROW(CM_NORMS_CLIPPED, ", clipped to %.6g", "，裁剪到 %.6g"),
	ROW(CM_NORMS_RHO, "  rho(W_hh) = %.4g: the spectral radius, W_hh's largest |eigenvalue|\n",
			   "  rho(W_hh) = %.4g：谱半径，即 W_hh 最大的 |特征值|\n"),
	ROW(CM_NORMS_STACKS,
	    "  W_hh stacks %d gate blocks of spectral norm %g: ||W_hh|| %s sqrt(%d) x %g\n",
	    "  W_hh 由 %d 个谱范数为 %g 的门块堆叠而成：||W_hh|| %s sqrt(%d) x %g\n"),
	ROW(CM_NORMS_OVERFLOW,
	    "  the gradient overflowed: ||dL/dh_t|| is infinite from step %d back\n",
	    "  梯度溢出：从第 %d 步往前，||dL/dh_t|| 都是无穷大\n"),
	ROW(CM_NORMS_RATIO_HEAD, "ratio to T", "与 T 步之比"),
	ROW(CM_NORMS_BOUND_HEAD, "bound", "上界"),
	ROW(CM_NORMS_PROD_F_HEAD, "prod f", "遗忘门连乘"),
	ROW(CM_NORMS_PROD_Z_HEAD, "prod z", "更新门连乘"),
	ROW(CM_NORMS_TERM_HEAD, "dW_hh term", "dW_hh 项"),
	ROW(CM_NORMS_RATIO_NOTE, "ratio to T: ||dL/dh_t|| / ||dL/dh_T||.\n",
				  "与 T 步之比：||dL/dh_t|| / ||dL/dh_T||。\n"),
	ROW(CM_NORMS_BOUND_NOTE,
	    "bound: the product of ||W_hh|| max|f'(a_s)| over the later steps s; the\n"
	    "ratio cannot exceed it.\n",
	    "上界：此后各步 ||W_hh|| max|f'(a_s)| 的连乘，比值不会超过它。\n"),
	ROW(CM_NORMS_PROD_F_NOTE,
	    "prod f: forget gates (LSTM) multiplied along the cell state, mean over units.\n",
	    "遗忘门连乘：LSTM 的遗忘门沿细胞状态通路相乘，再对各单元取平均。\n"),
	ROW(CM_NORMS_PROD_Z_NOTE,
	    "prod z: update gates (GRU) multiplied along the direct path, mean over units.\n",
	    "更新门连乘：GRU 的更新门沿直接通路相乘，再对各单元取平均。\n"),
	ROW(CM_NORMS_TERM_NOTE, "dW_hh term: the norm of step t's term in dL/dW_hh (their sum)%s.\n",
				 "dW_hh 项：dL/dW_hh 是各步之项的和，此列是第 t 步那一项的范数%s。\n"),
	ROW(CM_NORMS_AFTER_CLIP, ", after clipping", "（裁剪后）"),
	ROW(CM_NORMS_PLOT_TITLE, "||dL/dh_t|| over %d %s", "||dL/dh_t||，共 %d 步%.0s"),
	ROW(CM_NORMS_PLOT_SUB, "H = %d, %s W_hh, ||W_hh|| = %g%s", "H = %d，%s W_hh，||W_hh|| = %g%s"),
	ROW(CM_NORMS_PLOT_ORTHOGONAL, "orthogonal", "正交"),
	ROW(CM_NORMS_PLOT_GAUSSIAN, "Gaussian", "高斯"),
	ROW(CM_NORMS_PER_BLOCK, " per gate block", "（每个门块）"),
	ROW(CM_NORMS_PLOT_LOSS_ALL, ", loss at every step", "，每一步都计损失"),
	ROW(CM_NORMS_PLOT_TRUNCATED, ", truncated BPTT (K = %d)", "，截断 BPTT（K = %d）"),
	ROW(CM_NORMS_X, "time step t", "时间步 t"),
	ROW(CM_NORMS_ZERO, "0: cut by truncation", "0：被截断 BPTT 切断"),
	ROW(CM_SWEEP_NO_STEP, "(no step)", "步长归零"),
	ROW(CM_SWEEP_HEAD, "step-size sweep of %s at %s = %.17g (exact derivative %.17g)\n"
			    "relative error |numeric - exact| / |exact|\n\n",
			    "%s 的步长扫描，%s = %.17g（精确导数 %.17g）\n"
			    "相对误差 = |差分结果 - 精确值| / |精确值|\n\n"),
	ROW(CM_SWEEP_STEP, "step", "步长"),
	ROW(CM_SWEEP_DOUBLE_CTR, "double ctr", "双精度中心"),
	ROW(CM_SWEEP_DOUBLE_FWD, "double fwd", "双精度单侧"),
	ROW(CM_SWEEP_SINGLE_CTR, "single ctr", "单精度中心"),
	ROW(CM_SWEEP_SINGLE_FWD, "single fwd", "单精度单侧"),
	ROW(CM_SWEEP_BEST, "%s: the best step is %.0e (central error %.2e)\n",
			    "%s：最佳步长 %.0e（中心差分误差 %.2e）\n"),
	ROW(CM_SWEEP_DOUBLE, "double", "双精度"),
	ROW(CM_SWEEP_SINGLE, "single", "单精度"),
	ROW(CM_SWEEP_KEY, "ctr: central difference; fwd: one-sided (forward) difference.%s\n"
			   "Larger steps suffer truncation error, smaller ones round-off; in single\n"
			   "precision round-off arrives sooner, so a step that is right for double fails.\n",
			   "中心：中心差分；单侧：单侧（前向）差分%s。\n"
			   "步长大，截断误差大；步长小，舍入误差大。单精度的舍入误差来得更早，\n"
			   "所以适合双精度的步长，在单精度下会失败。\n"),
	ROW(CM_SWEEP_NO_STEP_KEY, "\n(no step): x + h rounds to x, so there is no difference to take.",
				   "；步长归零：x + h 舍入后等于 x"),
	ROW(CM_SWEEP_DOUBLE_CENTRAL, "double, central", "双精度，中心差分"),
	ROW(CM_SWEEP_DOUBLE_ONE_SIDED, "double, one-sided", "双精度，单侧差分"),
	ROW(CM_SWEEP_SINGLE_CENTRAL, "single, central", "单精度，中心差分"),
	ROW(CM_SWEEP_SINGLE_ONE_SIDED, "single, one-sided", "单精度，单侧差分"),
	ROW(CM_SWEEP_PLOT_TITLE, "step-size sweep of %s: truncation against round-off",
				  "%s 的步长扫描：截断误差与舍入误差"),
	ROW(CM_SWEEP_PLOT_AT_WHH, "at W_hh[0][0] = %.6g, seed %llu", "W_hh[0][0] = %.6g，种子 %llu"),
	ROW(CM_SWEEP_PLOT_AT_X, "at x = %g", "x = %g"),
	ROW(CM_SWEEP_NAN_BOTH, "no step (x + h = x)", "步长归零（x + h = x）"),
	ROW(CM_SWEEP_NAN_DOUBLE, "double: no step (x + h = x)", "双精度：步长归零（x + h = x）"),
	ROW(CM_SWEEP_NAN_SINGLE, "single: no step (x + h = x)", "单精度：步长归零（x + h = x）"),
	ROW(CM_SWEEP_ZERO, "error exactly 0", "误差恰为 0"),
	ROW(CM_SWEEP_X, "step h", "步长 h"),
	ROW(CM_SWEEP_Y, "relative error", "相对误差"),
	ROW(CM_SWEEP_CENTRAL, "central", "中心差分"),
	ROW(CM_SWEEP_ONE_SIDED, "one-sided", "单侧差分"),
	ROW(CM_SWEEP_MODEL_TITLE, "step-size sweep of %s: error of the numeric derivative",
				   "%s 的步长扫描：数值导数的误差"),
	ROW(CM_SWEEP_MODEL_AT, "at %s[%d,%d], seed %llu", "%s[%d,%d]，种子 %llu"),
	ROW(CM_SWEEP_MODEL_Y, "|numeric - analytic|", "|数值导数 - 解析导数|"),
	ROW(CM_CURVES_SATURATED, "; saturated at %1$d of %2$d points", "；%2$d 个点中 %1$d 个饱和"),
	ROW(CM_CURVES_DEAD, ", dead at %d", "，%d 个死亡"),
	ROW(CM_CURVES_KEY, "\n~ saturated (|f'| < %g)   ! dead (f' = 0)\n",
			    "\n~ 饱和（|f'| < %g）   ! 死亡（f' = 0）\n"),
	ROW(CM_CURVES_EVERY, "(every %.0s%s point shown; --format csv gives all %d)\n",
			      "（每 %s%.0s 个点显示一个；--format csv 给出全部 %d 个点）\n"),
	ROW(CM_CURVES_LEAKY, ", leaky_relu slope %g", "，leaky_relu 斜率 %g"),
	ROW(CM_CURVES_ELU, ", elu alpha %g", "，elu 的 alpha = %g"),
	ROW(CM_CURVES_PLOT_TITLE, "activations f (above) and their derivatives f' (below)%s",
				   "激活函数 f（上）及其导数 f'（下）%s"),
	ROW(CM_ATTN_HEAD, "attention with %s scores: %d %s, %d %s, d = %d%s\n\n",
			   "注意力，%s 评分函数：%d%.0s 个查询，%d%.0s 个键，d = %d%s\n\n"),
	ROW(CM_ATTN_HEAD_MASKED, ", padding keys masked%.0s", "，最后 %s 个键是填充，已屏蔽"),
	ROW(CM_QUERY_ONE, "query", "查询"),
	ROW(CM_QUERY_MANY, "queries", "查询"),
	ROW(CM_KEY_ONE, "key", "键"),
	ROW(CM_KEY_MANY, "keys", "键"),
	ROW(CM_ATTN_SCORES, "scores", "分数 scores"),
	ROW(CM_ATTN_WEIGHTS, "weights = softmax(scores) along each row",
			      "权重 weights = softmax(scores)，逐行计算"),
	ROW(CM_ATTN_CONTEXT, "context = weights . values", "上下文 context = weights . values"),
	ROW(CM_ATTN_DSCORES, "dL/dscores (the gradient through the softmax)",
			      "dL/dscores：穿过 softmax 传到分数上的梯度"),
	ROW(CM_ATTN_PLOT_TITLE, "attention weights (%s scores)", "注意力权重（%s 评分函数）"),
	ROW(CM_ATTN_PLOT_SUB, "%d queries, %d keys, d = %d, seed %llu",
			       "%d 个查询，%d 个键，d = %d，种子 %llu"),
	ROW(CM_ATTN_PLOT_MASKED, ", last %d %s masked", "，最后 %d%.0s 个键已屏蔽"),
	ROW(CM_ATTN_X, "key", "键"),
	ROW(CM_ATTN_Y, "query", "查询"),
	/* {---- grade ---- */
	ROW(CM_GRADE_STOPPED,
	    "gradlab grade: interrupted by SIG%s: every check was killed and its temporary files "
	    "removed; no gradebook or progress was written\n",
	    "gradlab grade：被 SIG%s 中断：所有检查都已终止，临时文件已删除；没有写入成绩单或进度\n"),
	ROW(CM_GRADE_INSTALLED,
	    "gradlab grade: grading the installed copy in %s; to work on the exercises, copy them "
	    "here: cp -r %s .\n",
	    "gradlab grade：正在给 %s 中安装的副本评分；要做练习，请先把它们复制到这里：cp -r %s .\n"),
	ROW(CM_GRADE_CLASS_LINK, "gradlab grade: --class: %s is a symbolic link; not graded\n",
				  "gradlab grade：--class：%s 是符号链接，不评分\n"),
	ROW(CM_GRADE_CLASS_REPORTS,
	    "gradlab grade: --class: %s holds only report files; taken for an old reports folder, "
	    "not graded\n",
	    "gradlab grade：--class：%s 只有报告文件，当作旧的报告文件夹，不评分\n"),
	ROW(CM_GRADE_CLASS_MANY,
	    "gradlab grade: --class: more than %d student folders; the rest are not graded\n",
	    "gradlab grade：--class 的学生文件夹超过 %d 个；其余的没有评分\n"),
	ROW(CM_GRADE_CLASS_TICK, "\rgraded %d of %d", "\r已评分 %d/%d"),
	ROW(CM_GRADE_CLASS_LINE_ONE, " %6s/%-4s %2d of %d exercise passes", " %6s/%-4s 通过 %2d/%d 道练习"),
	ROW(CM_GRADE_CLASS_LINE_MANY, " %6s/%-4s %2d of %d exercises pass", " %6s/%-4s 通过 %2d/%d 道练习"),
	ROW(CM_GRADE_CLASS_REPORT, "  (report: %s.%s)", "（报告：%s.%s）"),
	ROW(CM_GRADE_OUT_TAKEN,
	    "gradlab grade: --out %s: %s and %s-2 to %s-%d are all taken by other files; the "
	    "reports have nowhere to go\n",
	    "gradlab grade：--out %s：%s 和 %s-2 到 %s-%d 都已被别的文件占用，报告无处可写\n"),
	ROW(CM_GRADE_CLASS_DONE,
	    "\n%d %s, %d %s each, graded in %.1f s (seed %llu)\ngradebook: %s\nreports:   %s/\n",
	    "\n%d %s，每人 %d %s，评分用时 %.1f 秒（随机种子 %llu）\n成绩单：%s\n报告：  %s/\n"),
	ROW(CM_STUDENT_ONE, "student", "名学生"),
	ROW(CM_STUDENT_MANY, "students", "名学生"),
	ROW(CM_EXERCISE_ONE, "exercise", "道练习"),
	ROW(CM_EXERCISE_MANY, "exercises", "道练习"),
	/* {---- watch ---- */
	ROW(CM_WATCH_KEYS, "\n[n] next exercise  [h] next hint  [l] list  [r] grade again  [q] quit%s\n",
			    "\n[n] 下一道练习  [h] 下一条提示  [l] 列表  [r] 重新评分  [q] 退出%s\n"),
	ROW(CM_WATCH_KEY_A_LINE, "   (one key a line)", "   （每行一个键）"),
	ROW(CM_WATCH_WATCHING, "\nwatching %s/%s: save it to grade it again\n",
				"\n正在监视 %s/%s：保存它就会重新评分\n"),
	ROW(CM_WATCH_GRADING, "grading %s ...\n", "正在评分 %s ……\n"),
	ROW(CM_WATCH_NEW, "new", "未做"),
	ROW(CM_WATCH_FAILED, "failed", "失败"),
	ROW(CM_WATCH_PASSED, "passed", "通过"),
	ROW(CM_WATCH_HINT, "\nhint %d/%d: %s\n", "\n提示 %d/%d：%s\n"),
	ROW(CM_WATCH_GONE, "gradlab watch: %s is gone\n", "gradlab watch：%s 不见了\n"),
	/* {---- the progress file ---- */
	ROW(CM_STATE_SET_ASIDE,
	    "gradlab %s: %s was not a progress file (%s); it is kept as %s and a new one begins\n",
	    "gradlab %s：%s 不是可读的进度文件（%s）；原文件保存为 %s，新的进度文件从头开始\n"),
	ROW(CM_STATE_NO_SAVE, "gradlab %s: the results will not be recorded: %s\n",
			       "gradlab %s：成绩不会被记录：%s\n"),
	ROW(CM_STATE_SAVE_FAILED, "gradlab %s: the results were not recorded: %s\n",
				   "gradlab %s：成绩没有被记录：%s\n"),
	/* {---- train ---- */
	ROW(CM_TRAIN_HEAD_SEQ, "train %s: %s cell, hidden %d, %d steps, batch %d, %s lr %g",
			       "train %s：%s 单元，隐藏层维度 %d，%d 个时间步，批大小 %d，%s 学习率 %g"),
	ROW(CM_TRAIN_HEAD_MLP, "train %s: %d hidden layers of %d (%s%s), %s init, %s loss, batch %d, %s lr %g",
			       "train %s：%d 个隐藏层，每层 %d 个单元（%s%s），%s 初始化，%s 损失，批大小 %d，%s 学习率 %g"),
	ROW(CM_TRAIN_RESIDUAL, ", residual", "，残差连接"),
	ROW(CM_TRAIN_CLIP, ", clipped at norm %g", "，梯度范数裁剪到 %g"),
	ROW(CM_TRAIN_SEED, ", seed %llu\n", "，随机种子 %llu\n"),
	ROW(CM_TRAIN_RESUMED, "resumed from %s at iteration %ld\n", "从 %s 的第 %ld 次迭代继续训练\n"),
	ROW(CM_TRAIN_COL_ITER, "iter", "迭代"),
	ROW(CM_TRAIN_COL_TRAIN, "train loss", "训练损失"),
	ROW(CM_TRAIN_COL_TEST, "test loss", "测试损失"),
	ROW(CM_TRAIN_COL_ACC, "accuracy", "准确率"),
	ROW(CM_TRAIN_FINISHED, "finished: %ld iterations in %.1f s\n", "完成：%ld 次迭代，用时 %.1f 秒\n"),
	ROW(CM_TRAIN_DIVERGED, "diverged at iteration %ld: the %s was not finite; the last finite gradient norm was %g\n",
			       "在第 %ld 次迭代发散：%s不是有限数；最后一个有限的梯度范数是 %g\n"),
	ROW(CM_TRAIN_WHAT_LOSS, "loss", "损失"),
	ROW(CM_TRAIN_WHAT_GRAD, "gradient", "梯度"),
	ROW(CM_TRAIN_STOPPED, "stopped early at iteration %ld: the held-out loss did not improve in %ld evaluations; the best weights (iteration %ld) are restored\n",
			      "在第 %ld 次迭代提前停止：留出集损失连续 %ld 次评估没有改善；已恢复最好的权重（第 %ld 次迭代）\n"),
	ROW(CM_TRAIN_INTERRUPTED, "interrupted at iteration %ld\n", "在第 %ld 次迭代被中断\n"),
	ROW(CM_TRAIN_RESULT, "train loss %.6g, test loss %.6g, baseline %.6g (the best constant predictor), %s\n",
			     "训练损失 %.6g，测试损失 %.6g，基线 %.6g（最好的常数预测），%s\n"),
	ROW(CM_TRAIN_UNIT_MSE, "mean squared error", "均方误差"),
	ROW(CM_TRAIN_UNIT_NATS, "cross-entropy in nats", "交叉熵（单位 nat）"),
	ROW(CM_TRAIN_ACCURACY, "test accuracy %.1f%% (chance %.1f%%)\n", "测试准确率 %.1f%%（随机猜测 %.1f%%）\n"),
	ROW(CM_TRAIN_IDENTICAL, "every hidden unit is identical: zero initialisation gives each the same gradient, so training never tells them apart\n",
				"每个隐藏单元都完全相同：零初始化让它们得到相同的梯度，训练永远无法把它们区分开\n"),
	ROW(CM_TRAIN_LAYER_HEAD, "gradient norm of each layer's weight, at initialisation and at the last iteration:\n",
				 "每层权重的梯度范数，初始化时和最后一次迭代时：\n"),
	ROW(CM_TRAIN_COL_LAYER, "layer", "层"),
	ROW(CM_TRAIN_COL_INIT, "at init", "初始化时"),
	ROW(CM_TRAIN_COL_LAST, "last", "最后"),
	ROW(CM_TRAIN_SAVED, "saved %1$s at iteration %2$ld\n", "已在第 %2$ld 次迭代保存 %1$s\n"),
	ROW(CM_TRAIN_PROGRESS, "iter %ld/%ld  loss %.4g  grad norm %.3g  %.0f it/s  %.0f s left",
			       "迭代 %ld/%ld  损失 %.4g  梯度范数 %.3g  每秒 %.0f 次  剩余 %.0f 秒"),
	ROW(CM_TRAIN_PLOT_TITLE, "train %s: loss and gradient norm", "train %s：损失和梯度范数"),
	ROW(CM_TRAIN_PLOT_X, "iteration", "迭代"),
	ROW(CM_TRAIN_PLOT_LOSS, "loss", "损失"),
	ROW(CM_TRAIN_PLOT_NORM, "gradient norm", "梯度范数"),
	/* {---- train mlp ---- */
	ROW(CM_TRAIN_DROPOUT, ", dropout %g", "，dropout 概率 %g"),
	ROW(CM_TRAIN_BATCH_NORM, ", batch norm", "，批归一化"),
	ROW(CM_TRAIN_IDENTICAL_DROPOUT, "every hidden unit was identical at initialisation; dropout's random masks, different for each unit, told them apart\n",
					"初始化时每个隐藏单元都完全相同；dropout 的随机掩码对每个单元各不相同，把它们区分开了\n"),
	ROW(CM_TRAIN_COL_FIRST_GRAD, "grad layer 1", "第1层梯度"),
	ROW(CM_TRAIN_COL_LAST_GRAD, "grad output", "输出层梯度"),
	/* train charlm */
	ROW(CM_TRAIN_CHARLM_TEXT,
	    "text %s: %ld characters, %ld to train on, the last %ld held out; a vocabulary of %d characters; losses in bits per character\n",
	    "文本 %s：%ld 个字符，前 %ld 个用于训练，最后 %ld 个留出；词表 %d 个字符；损失单位为每字符比特\n"),
	ROW(CM_TRAIN_CHARLM_EMBED, "input: an embedding of %d dimensions\n",
	    "输入：%d 维嵌入\n"),
	ROW(CM_TRAIN_CHARLM_ONE_HOT, "input: one-hot vectors\n",
	    "输入：独热向量\n"),
	ROW(CM_TRAIN_CHARLM_RESULT,
	    "train %.4f, test %.4f bits per character (perplexity %.4g); the unigram entropy of the training text is %.4f bits\n",
	    "训练 %.4f，测试 %.4f 比特/字符（困惑度 %.4g）；训练文本的一元熵为 %.4f 比特\n"),
	ROW(CM_TRAIN_CHARLM_SAMPLE, "sample (%ld characters, temperature %g):\n",
	    "采样（%ld 个字符，温度 %g）：\n"),
	/* {---- train reverse ---- */
	ROW(CM_TRAIN_HEAD_S2S, "train reverse: strings of %d to %d digits, GRU encoder-decoder with attention, hidden %d, batch %d, %s lr %g",
			       "train reverse：%d 到 %d 位的数字串，带注意力的 GRU 编码器-解码器，隐藏层维度 %d，批大小 %d，%s 学习率 %g"),
	ROW(CM_TRAIN_ACCURACY_S2S, "test accuracy %.1f%% of whole strings reversed exactly (greedy decoding)\n",
				   "测试准确率：%.1f%% 的数字串被完整正确地反转（贪心解码）\n"),
	ROW(CM_TRAIN_BEAM_HEAD, "decoding the %ld held-out strings: greedy %.1f%% right, beam search of width %d %.1f%% right (at most %d tokens)\n",
				"解码 %ld 个留出数字串：贪心解码正确率 %.1f%%，宽度 %d 的束搜索正确率 %.1f%%（最多 %d 个词元）\n"),
	ROW(CM_TRAIN_BEAM_GREEDY, "  greedy ", "  贪心 "),
	ROW(CM_TRAIN_BEAM_BEAM, "  beam ", "  束搜索 "),
	ROW(CM_TRAIN_BEAM_LOGP, " (log p %.4f)", "（对数概率 %.4f）"),
	ROW(CM_TRAIN_BEAM_LOGP_CUT, " (log p %.4f, cut at the length limit)", "（对数概率 %.4f，在长度上限处截断）"),
	ROW(CM_TRAIN_BEAM_BETTER, "beam search found a more probable output than greedy for %ld of the %ld strings, for example:\n",
				  "束搜索在 %ld 个数字串上找到了比贪心解码概率更高的输出（共 %ld 个），例如：\n"),
	ROW(CM_TRAIN_BEAM_NONE, "beam search found no output more probable than greedy's\n",
				"束搜索没有找到比贪心解码概率更高的输出\n"),
	/* {---- train --layer-stats, --grad-noise ---- */
	ROW(CM_TRAIN_PROBE_LAYERS, "\neach hidden layer's output h at initialisation, over the %d training examples:\n",
				   "\n初始化时各隐藏层的输出 h（在 %d 个训练样本上统计）：\n"),
	ROW(CM_TRAIN_PROBE_COL_ACT, "var h", "h 的方差"),
	ROW(CM_TRAIN_PROBE_COL_GRAD, "var dl/dh", "dl/dh 方差"),
	ROW(CM_TRAIN_PROBE_NOISE, "\ngradient noise at initialisation, %d mini-batches of each size drawn with replacement from the %d examples:\nnoise = rms |g_B - g| / |g| (g: the full-batch gradient)\n",
				  "\n初始化时的梯度噪声（每种批大小抽取 %d 个小批量，从 %d 个样本中有放回地抽取）：\n噪声 = |g_B - g| / |g| 的均方根（g：全批量梯度）\n"),
	ROW(CM_TRAIN_PROBE_COL_BATCH, "batch", "批大小"),
	ROW(CM_TRAIN_PROBE_COL_EPOCH, "steps/epoch", "每周期步数"),
	ROW(CM_TRAIN_PROBE_COL_NOISE, "noise", "噪声"),
	ROW(CM_TRAIN_PLOT_LR, "learning rate", "学习率"),
	/* {---- train --search ---- */
	ROW(CM_TRAIN_SEARCH_HEAD, "%s search: %d trials of train %s, %ld iterations each, the same seed; learning rate %g to %g, weight decay %g to %g, both on log scales\n",
				  "%s搜索：%d 次试验，每次都是 train %s 的 %ld 次迭代，随机种子相同；学习率 %g 到 %g，权重衰减 %g 到 %g，均取对数刻度\n"),
	ROW(CM_TRAIN_SEARCH_COL_TRIAL, "trial", "试验"),
	ROW(CM_TRAIN_SEARCH_COL_WD, "weight decay", "权重衰减"),
	ROW(CM_TRAIN_SEARCH_DIVERGED, "  diverged", "  发散"),
	ROW(CM_TRAIN_SEARCH_STOPPED, "stopped after %d of %d trials\n", "已停止：完成 %d 次试验（共 %d 次）\n"),
	ROW(CM_TRAIN_SEARCH_BEST, "best: trial %d, learning rate %.4g, weight decay %.4g, test loss %.6g\n",
				  "最好：第 %d 次试验，学习率 %.4g，权重衰减 %.4g，测试损失 %.6g\n"),
	ROW(CM_TRAIN_SEARCH_DISTINCT, "%d trials tried %d different learning rates\n",
				      "%d 次试验共尝试了 %d 个不同的学习率\n"),
	ROW(CM_TRAIN_SEARCH_PLOT_TITLE, "%s search: held-out loss against the learning rate",
					"%s搜索：测试损失与学习率"),
	ROW(CM_TRAIN_SEARCH_PLOT_WD, "weight decay %.2g", "权重衰减 %.2g"),
	ROW(CM_TRAIN_SEARCH_PLOT_RANDOM, "random trials", "随机试验"),
	ROW(CM_TRAIN_SEARCH_GRID, "grid", "网格"),
	ROW(CM_TRAIN_SEARCH_RANDOM, "random", "随机"),
	ROW(CM_TRAIN_PLOT_HELD_OUT, "held-out loss", "留出损失"),
};

const char *cli_msg(int lang, CliMsg id)
{
	return msg_lookup(table[0], CM_COUNT, LANG_COUNT, (int)id, lang);
}

const char *cli_msg_n(int lang, long long n, CliMsg one, CliMsg many)
{
	return cli_msg(lang, n == 1 || n == -1 ? one : many);
}

void cli_say(FILE *out, int lang, CliMsg id, ...)
{
	va_list ap;
	va_start(ap, id);
	vfprintf(out, cli_msg(lang, id), ap);
	va_end(ap);
}

void cli_format(char *buf, size_t size, int lang, CliMsg id, ...)
{
	va_list ap;
	va_start(ap, id);
	vsnprintf(buf, size, cli_msg(lang, id), ap);
	va_end(ap);
}
