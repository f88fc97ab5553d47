/* verdict: what the learner's code left in a case's arrays, against the right answers. Guard
 * values first (a write outside an array), then the inputs (which must be untouched), then
 * every output, each wrong one with its first wrong element and a guess at the mistake. */
#include "grade/verdict.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static int same_bits(double a, double b)
{
	return memcmp(&a, &b, sizeof a) == 0;
}

static int close_to(double want, double got, double atol, double rtol)
{
	if (!isfinite(want) || !isfinite(got))
		return same_bits(want, got) && !isnan(want);
	return fabs(want - got) <= atol + rtol * fmax(fabs(want), fabs(got));
}

double verdict_rel_err(double want, double got)
{
	double scale = fmax(fabs(want), fabs(got));
	if (!isfinite(want) || !isfinite(got))
		return INFINITY;
	return scale > 0 ? fabs(want - got) / scale : 0.0;
}

void verdict_index(const CkTensor *t, size_t i, int zh, char *buf, size_t size)
{
	int row = (int)(i / (size_t)t->cols), col = (int)(i % (size_t)t->cols);
	int n = t->rows == 1 ? snprintf(buf, size, "[%d]", col)
			     : snprintf(buf, size, "[%d,%d]", row, col);
	if (!t->gates || t->block <= 0 || n < 0 || (size_t)n >= size)
		return;
	int G = (int)strlen(t->gates), at = -1;
	if (t->rows == G * t->block && t->rows > 1)
		at = row;
	else if (t->cols == G * t->block)
		at = col;
	if (at >= 0)
		snprintf(buf + n, size - (size_t)n, zh ? "（门 %c，单元 %d）" : " (gate %c, unit %d)",
			 t->gates[at / t->block], at % t->block);
}

static size_t size_of(const CkTensor *t)
{
	return (size_t)t->rows * (size_t)t->cols;
}

/* {==== Guesses at the mistake ==== */

/* Does inc match f(want) at every element (within the check's tolerance)? */
static int all_match(const double *inc, const double *want, size_t n, double scale,
		     double atol, double rtol)
{
	int any = 0;
	for (size_t i = 0; i < n; i++) {
		if (!close_to(scale * want[i], inc[i], atol, rtol))
			return 0;
		any |= want[i] != 0;
	}
	return any;
}

static const char *guess(const CkCheck *check, const CkTensor *t, const double *got,
			 const double *want, int zh, char *buf, size_t size)
{
	size_t n = size_of(t);
	double inc[256];
	if (n > sizeof inc / sizeof inc[0])
		return NULL;
	int untouched = 1;
	for (size_t i = 0; i < n; i++) {
		untouched &= same_bits(got[i], t->start[i]);
		inc[i] = t->role == CK_GRAD ? got[i] - t->start[i] : got[i];
	}
	if (untouched && zh)
		return t->role == CK_GRAD    ? "什么也没有加到它上面"
		       : t->role == CK_INOUT ? "它原封未动"
					     : "没有写入它：这个值是评分器事先放进去的随机数";
	if (untouched)
		return t->role == CK_GRAD    ? "nothing was added to it"
		       : t->role == CK_INOUT ? "it was left as it was"
					     : "it was not written: that value is the random one the grader put there first";
	if (t->role == CK_GRAD && all_match(got, want, n, 1.0, check->atol, check->rtol))
		return zh ? "它存着正确的梯度，但它原来的值没有了：梯度要累加（+=），不能赋值（=）"
			  : "it holds the right gradient but what was in it before is gone: "
			    "gradients are added (+=), not assigned (=)";
	if (all_match(inc, want, n, -1.0, check->atol, check->rtol))
		return zh ? "每个值的符号都反了" : "every value has the wrong sign";
	if (all_match(inc, want, n, 2.0, check->atol, check->rtol))
		return zh ? "每个值都是正确值的两倍：加了两次？"
			  : "every value is twice the right one: added twice?";
	if (t->rows == t->cols && t->rows > 1) {
		int transposed = 1;
		for (int r = 0; r < t->rows && transposed; r++)
			for (int c = 0; c < t->cols && transposed; c++)
				transposed = close_to(want[c * t->cols + r], inc[r * t->cols + c],
						      check->atol, check->rtol);
		if (transposed) {
			snprintf(buf, size, zh ? "它被转置了：%s[i,j] 属于第 i 行（接收的单元）和第 j "
						 "列（发送的单元）"
					       : "it is transposed: %s[i,j] belongs to row i, the unit "
						 "that receives, and column j, the one that sends",
				 t->name);
			return buf;
		}
	}
	return NULL;
}

/* }==== */

/* Two values as a message shows them side by side: NaN by name, anything else with 9
 * digits, or with as many more (up to 17, which tell any two doubles apart) as it takes for
 * the two to read differently when they differ; two NaNs that differ only in their bits show
 * the bits. */
static void values_text(double a, double b, char *abuf, char *bbuf, size_t size)
{
	for (int digits = 9; digits <= 17; digits++) {
		if (isnan(a))
			snprintf(abuf, size, "NaN");
		else
			snprintf(abuf, size, "%.*g", digits, a);
		if (isnan(b))
			snprintf(bbuf, size, "NaN");
		else
			snprintf(bbuf, size, "%.*g", digits, b);
		if (strcmp(abuf, bbuf) != 0 || same_bits(a, b))
			return;
	}
	uint64_t ab, bb;
	memcpy(&ab, &a, sizeof ab);
	memcpy(&bb, &b, sizeof bb);
	snprintf(abuf, size, "NaN (bits %016llx)", (unsigned long long)ab);
	snprintf(bbuf, size, "NaN (bits %016llx)", (unsigned long long)bb);
}

int verdict_case(const CkCheck *check, CkCase *c, const double *const *got,
		 double *const *want, GradeCheck *out)
{
	out->n_wrong = 0;

	/* 1. Writes before or after an array: the guard values must be intact. */
	int shape = 0;
	for (int i = 0; i < c->n; i++) {
		const CkTensor *t = &c->t[i];
		if (t->role == CK_AUX || !got[i])
			continue;
		const double *g = got[i];
		int before = 0, after = 0;
		for (int k = 0; k < CK_GUARD; k++) {
			before += !ck_is_guard(g[k]);
			after += !ck_is_guard(g[CK_GUARD + size_of(t) + (size_t)k]);
		}
		if (!before && !after)
			continue;
		grade_text_add(out->message, sizeof out->message,
			       "%s%s is %dx%d (%zu values) but the code wrote %s%s%s it: check the "
			       "shape and the index arithmetic\n",
			       shape ? "" : "wrote outside an array: ", t->name, t->rows, t->cols,
			       size_of(t), before ? "before the start of" : "",
			       before && after ? " and " : "", after ? "past the end of" : "");
		grade_text_add(out->message_zh, sizeof out->message_zh,
			       "%s%s 是 %dx%d（%zu 个值），但代码写到了它的%s%s%s：检查形状和下标计算\n",
			       shape ? "" : "写到了数组之外：", t->name, t->rows, t->cols, size_of(t),
			       before ? "开头之前" : "", before && after ? "和" : "",
			       after ? "末尾之后" : "");
		shape = 1;
	}
	if (shape) {
		out->problem = GRADE_SHAPE;
		return 0;
	}

	/* 2. Inputs are read-only. */
	for (int i = 0; i < c->n; i++) {
		const CkTensor *t = &c->t[i];
		if (t->role != CK_IN || !got[i])
			continue;
		const double *g = got[i] + CK_GUARD;
		for (size_t k = 0; k < size_of(t); k++) {
			if (same_bits(g[k], t->start[k]))
				continue;
			char idx[64], idx_zh[64], was[48], now[48];
			verdict_index(t, k, 0, idx, sizeof idx);
			verdict_index(t, k, 1, idx_zh, sizeof idx_zh);
			values_text(t->start[k], g[k], was, now, sizeof was);
			int restore = strcmp(t->name, "x") == 0 &&
				      strcmp(check->name, "numeric_gradient") == 0;
			grade_text_add(out->message, sizeof out->message,
				       "changed its input %s, which it should only read: %s%s was %s and "
				       "is now %s%s\n",
				       t->name, t->name, idx, was, now,
				       restore ? ": put x[i] back exactly as it was (save it, then "
						 "restore it)"
					       : "");
			grade_text_add(out->message_zh, sizeof out->message_zh,
				       "改动了只应读取的输入 %s：%s%s 原来是 %s，现在是 %s%s\n", t->name,
				       t->name, idx_zh, was, now,
				       restore ? "：要把 x[i] 原样放回（先保存，再恢复）" : "");
			out->problem = GRADE_INPUT_CHANGED;
			return 0;
		}
	}

	/* 3. Every output against its right value. */
	int first = -1;
	char right[256] = "";
	size_t right_len = 0;
	for (int i = 0; i < c->n; i++) {
		const CkTensor *t = &c->t[i];
		if (t->role == CK_IN || t->role == CK_AUX || !got[i] || !want[i])
			continue;
		const double *g = got[i] + CK_GUARD;
		size_t bad = (size_t)-1;
		for (size_t k = 0; k < size_of(t) && bad == (size_t)-1; k++) {
			double v = t->role == CK_GRAD ? g[k] - t->start[k] : g[k];
			if (!isfinite(g[k]) || !close_to(want[i][k], v, check->atol, check->rtol))
				bad = k;
		}
		if (bad == (size_t)-1) {
			int n = snprintf(right + right_len, sizeof right - right_len, "%s%s",
					 right_len ? ", " : "", t->name);
			if (n > 0 && right_len + (size_t)n < sizeof right)
				right_len += (size_t)n;
			continue;
		}
		if (out->n_wrong >= GRADE_MAX_WRONG)
			continue;
		GradeWrong *w = &out->wrong[out->n_wrong++];
		memset(w, 0, sizeof *w);
		snprintf(w->tensor, sizeof w->tensor, "%s", t->name);
		verdict_index(t, bad, 0, w->index, sizeof w->index);
		w->increment = t->role == CK_GRAD;
		w->expected = want[i][bad];
		w->got = t->role == CK_GRAD ? g[bad] - t->start[bad] : g[bad];
		if (!isfinite(g[bad]))
			w->got = g[bad];
		w->rel_err = verdict_rel_err(w->expected, w->got);
		w->fd = t->role == CK_GRAD ? checks_finite_difference(check, c, i, bad) : NAN;
		if (first < 0)
			first = i;

		char idx_zh[64], want_text[48], got_text[48];
		verdict_index(t, bad, 1, idx_zh, sizeof idx_zh);
		values_text(w->expected, w->got, want_text, got_text, sizeof want_text);
		grade_text_add(out->message, sizeof out->message, "%s%s: expected %s, got %s",
			       w->tensor, w->index, want_text, got_text);
		grade_text_add(out->message_zh, sizeof out->message_zh, "%s%s：期望值 %s，实际值 %s",
			       w->tensor, idx_zh, want_text, got_text);
		if (isnan(g[bad]))
			GRADE_SAY(out, " (not a number: 0/0, inf - inf or the log of a negative?)",
				  "（不是一个数：0/0、inf - inf，还是对负数取了 log？）");
		else if (isinf(g[bad]))
			GRADE_SAY(out, " (an overflow: exp of a large number, or a division by zero?)",
				  "（溢出：对很大的数取了 exp，还是除以了零？）");
		else
			GRADE_SAY(out, " (relative error %.3g)", "（相对误差 %.3g）", w->rel_err);
		if (isfinite(w->fd))
			GRADE_SAY(out, "; finite differences give %.9g", "；有限差分给出 %.9g", w->fd);
		GRADE_SAY(out, "\n", "\n");
		for (int zh = 0; zh < 2; zh++) {
			char buf[300];
			const char *why = check->explain
						  ? check->explain(c, t, bad, g[bad], zh, buf, sizeof buf)
						  : NULL;
			if (!why)
				why = guess(check, t, g, want[i], zh, buf, sizeof buf);
			if (why && zh)
				grade_text_add(out->message_zh, sizeof out->message_zh, "  %s：%s\n",
					       t->name, why);
			else if (why)
				grade_text_add(out->message, sizeof out->message, "  %s: %s\n", t->name,
					       why);
		}
	}
	if (first < 0)
		return 1;
	out->problem = GRADE_WRONG;
	if (right_len)
		GRADE_SAY(out, "right: %s\n", "正确的：%s\n", right);
	return 0;
}
