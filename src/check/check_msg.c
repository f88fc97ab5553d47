/* check_msg: the gradient check's sentences in English and Simplified Chinese; see
 * check_msg.h. A test (test_check_msg) checks that every id has a text in every language,
 * that they all take the same printf arguments, and that a third column is read where it is
 * asked for. */
#include "check/check_msg.h"

#include "core/msg.h"

/* One row per id: its English text, then one per language of core/lang.h in its order (a
 * test's fake language adds LANG_EXTRA_COLUMN(en)); a text missing is a gap the table
 * test finds. */
#define ROW(id, en, ...) [id] = { en, __VA_ARGS__ LANG_EXTRA_COLUMN(en) }

static const char *const table[CKM_COUNT][LANG_COUNT] = {
	ROW(CKM_NONE, "", ""),
	/* English fits one line per tensor in 120 columns; Chinese words are twice as wide,
	 * so its tables are split to fit 80. report.c reads "narrow" in this text, else wide. */
	ROW(CKM_TABLE_LAYOUT, "wide", "narrow"),
	/* {---- The gradient check ---- */
	ROW(CKM_CHECK_TITLE, "gradient check of %s  (eps %g, atol %g, rtol %g%s)\n",
			     "梯度检验：%s（eps %g，atol %g，rtol %g%s）\n"),
	ROW(CKM_RANDOM_DIRECTIONS, ", random directions", "，随机方向"),
	ROW(CKM_LOSS, "loss = %.17g\n\n", "损失 = %.17g\n\n"),
	ROW(CKM_HEAD_TENSOR, "tensor", "张量"),
	ROW(CKM_HEAD_SHAPE, "shape", "形状"),
	ROW(CKM_HEAD_CHECKED, "checked", "检查"),
	ROW(CKM_HEAD_FAILED, "failed", "不合格"),
	ROW(CKM_HEAD_KINKS, "kinks", "折点"),
	ROW(CKM_HEAD_MAX_ABS_ERR, "max abs err", "最大绝对误差"),
	ROW(CKM_HEAD_MAX_REL_ERR, "max rel err", "最大相对误差"),
	ROW(CKM_HEAD_WORST, "worst element", "误差最大的元素"),
	ROW(CKM_HEAD_NUMERIC, "numeric (finite differences)", "数值（有限差分）"),
	ROW(CKM_HEAD_ANALYTIC, "analytic (autodiff)", "解析（自动微分）"),
	ROW(CKM_HEAD_DIRECTION, "random direction", "随机方向"),
	ROW(CKM_HEAD_REL_ERR, "rel err", "相对误差"),
	ROW(CKM_HEAD_RESULT, "result", "结果"),
	ROW(CKM_WORST_WIDE, "%s[%d,%d] numeric %.10g analytic %.10g",
			    "%s[%d,%d] 数值 %.10g 解析 %.10g"),
	ROW(CKM_DIRECTION_WIDE, "direction %-3d numeric %.12g analytic %.12g rel err %.3g  %s\n",
				"方向 %-3d 数值 %.12g 解析 %.12g 相对误差 %.3g  %s\n"),
	ROW(CKM_DIRECTION_AGREES, "ok", "一致"),
	ROW(CKM_DIRECTION_DISAGREES, "MISMATCH", "不一致"),
	ROW(CKM_FAIL, "FAIL: %s\n", "失败：%s\n"),
	/* "1 of 12 values disagree": the verb goes with the values, as in "10 of 10 exercises
	 * pass"; only "1 of 1 value disagrees" is singular. */
	ROW(CKM_TENSOR_FAILS, "FAIL: %1$s: %2$d of %3$d value disagrees; worst %1$s[%4$d,%5$d]: "
			      "numeric %6$.10g, analytic %7$.10g, relative error %8$.3g\n",
			      "失败：%1$s 的 %3$d 个值中有 %2$d 个不一致；误差最大的是 %1$s[%4$d,%5$d]：\n"
			      "      数值 %6$.10g，解析 %7$.10g，相对误差 %8$.3g\n"),
	ROW(CKM_TENSOR_FAILS_MANY, "FAIL: %1$s: %2$d of %3$d values disagree; worst %1$s[%4$d,%5$d]: "
				   "numeric %6$.10g, analytic %7$.10g, relative error %8$.3g\n",
				   "失败：%1$s 的 %3$d 个值中有 %2$d 个不一致；误差最大的是 %1$s[%4$d,%5$d]：\n"
				   "      数值 %6$.10g，解析 %7$.10g，相对误差 %8$.3g\n"),
	ROW(CKM_KINKS, "note: %d value sat on a kink (the two steps straddled relu's corner); not "
		       "counted as mismatches\n",
		       "注意：有 %d 个值落在折点上（有限差分的两个采样点分处 relu 折点的两侧），\n"
		       "      不算作不一致\n"),
	ROW(CKM_KINKS_MANY, "note: %d values sat on a kink (the two steps straddled relu's corner); "
			    "not counted as mismatches\n",
			    "注意：有 %d 个值落在折点上（有限差分的两个采样点分处 relu 折点的两侧），\n"
			    "      不算作不一致\n"),
	ROW(CKM_PASS_DIRECTIONS, "PASS: %d random direction agrees (%ld loss evaluations)\n",
				 "通过：%d 个随机方向全部一致（计算损失 %ld 次）\n"),
	ROW(CKM_PASS_DIRECTIONS_MANY, "PASS: %d random directions agree (%ld loss evaluations)\n",
				      "通过：%d 个随机方向全部一致（计算损失 %ld 次）\n"),
	ROW(CKM_PASS_VALUES, "PASS: %d value in %s agrees (%ld loss evaluations)\n",
			     "通过：%d 个值全部一致（%s，计算损失 %ld 次）\n"),
	ROW(CKM_PASS_VALUES_MANY, "PASS: %d values in %s agree (%ld loss evaluations)\n",
				  "通过：%d 个值全部一致（%s，计算损失 %ld 次）\n"),
	ROW(CKM_N_TENSORS, "%d tensor", "%d 个张量"),
	ROW(CKM_N_TENSORS_MANY, "%d tensors", "%d 个张量"),
	ROW(CKM_FAIL_DIRECTION, "FAIL: a random direction disagrees\n", "失败：有一个随机方向不一致\n"),
	/* {---- Non-finite values ---- */
	ROW(CKM_NONFINITE_FORWARD, "the forward pass produced %g at node %d (%s), element [%ld,%ld]",
				   "前向传播在第 %2$d 个节点（%3$s）的元素 [%4$ld,%5$ld] 处得到 %1$g"),
	ROW(CKM_NONFINITE_LOSS, "the loss is not finite", "损失不是有限值"),
	ROW(CKM_NONFINITE_STEP, "the loss is %g at %s[%ld,%ld]%+g",
				"%2$s[%3$ld,%4$ld] 挪动 %5$+g 后，损失为 %1$g"),
	ROW(CKM_NONFINITE_ANALYTIC, "the analytic gradient of %s[%ld,%ld] is %g",
				    "%s[%ld,%ld] 的解析梯度为 %g"),
	/* {---- The step-size sweep ---- */
	ROW(CKM_SWEEP_TITLE, "step-size sweep of %s at %s[%d,%d] (analytic %.17g)\n\n",
			     "%s 的步长扫描，在 %s[%d,%d] 处（解析导数 %.17g）\n\n"),
	ROW(CKM_SWEEP_HEAD_STEP, "step", "步长"),
	ROW(CKM_SWEEP_HEAD_CENTRAL, "central error", "中心差分误差"),
	ROW(CKM_SWEEP_HEAD_FORWARD, "forward error", "单侧差分误差"),
	ROW(CKM_SWEEP_BEST, "\nsmallest central error at step %.0e: larger steps suffer truncation "
			    "error, smaller ones round-off.\n",
			    "\n中心差分误差在步长 %.0e 处最小：\n"
			    "步长更大，截断误差增大；步长更小，舍入误差增大。\n"),
};

const char *check_msg(int lang, CheckMsg id)
{
	return msg_lookup(table[0], CKM_COUNT, LANG_COUNT, (int)id, lang);
}

const char *check_msg_n(int lang, CheckMsg id, long long n)
{
	return check_msg(lang, n == 1 || n == -1 ? id : (CheckMsg)(id + 1));
}
