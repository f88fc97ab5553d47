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

void verdict_index(const CkTensor *t, size_t i, int lang, char *buf, size_t size)
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
		snprintf(buf + n, size - (size_t)n, grade_msg(lang, GM_GATE_UNIT),
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
			 const double *want, int lang, char *buf, size_t size)
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
	if (untouched)
		return grade_msg(lang, t->role == CK_GRAD    ? GM_GUESS_NOTHING_ADDED
				       : t->role == CK_INOUT ? GM_GUESS_LEFT
							     : GM_GUESS_NOT_WRITTEN);
	if (t->role == CK_GRAD && all_match(got, want, n, 1.0, check->atol, check->rtol))
		return grade_msg(lang, GM_GUESS_ASSIGNED);
	if (all_match(inc, want, n, -1.0, check->atol, check->rtol))
		return grade_msg(lang, GM_GUESS_SIGN);
	if (all_match(inc, want, n, 2.0, check->atol, check->rtol))
		return grade_msg(lang, GM_GUESS_TWICE);
	if (t->rows == t->cols && t->rows > 1) {
		int transposed = 1;
		for (int r = 0; r < t->rows && transposed; r++)
			for (int c = 0; c < t->cols && transposed; c++)
				transposed = close_to(want[c * t->cols + r], inc[r * t->cols + c],
						      check->atol, check->rtol);
		if (transposed) {
			snprintf(buf, size, grade_msg(lang, GM_GUESS_TRANSPOSED), t->name);
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
		for (int l = 0; l < LANG_COUNT; l++)
			grade_say_in(l, out->message[l], sizeof out->message[l], GM_SHAPE,
				     grade_msg(l, shape ? GM_NONE : GM_SHAPE_FIRST), t->name, t->rows,
				     t->cols, size_of(t), grade_msg(l, before ? GM_SHAPE_BEFORE : GM_NONE),
				     grade_msg(l, before && after ? GM_SHAPE_AND : GM_NONE),
				     grade_msg(l, after ? GM_SHAPE_AFTER : GM_NONE));
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
			char was[48], now[48];
			values_text(t->start[k], g[k], was, now, sizeof was);
			GradeMsg advice = check->input_changed ? check->input_changed(t) : GM_NONE;
			for (int l = 0; l < LANG_COUNT; l++) {
				char idx[64];
				verdict_index(t, k, l, idx, sizeof idx);
				grade_say_in(l, out->message[l], sizeof out->message[l],
					     GM_INPUT_CHANGED, t->name, t->name, idx, was, now,
					     grade_msg(l, advice));
			}
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

		char want_text[48], got_text[48];
		values_text(w->expected, w->got, want_text, got_text, sizeof want_text);
		for (int l = 0; l < LANG_COUNT; l++) {
			char idx[64];
			verdict_index(t, bad, l, idx, sizeof idx);
			grade_say_in(l, out->message[l], sizeof out->message[l], GM_WRONG_VALUE,
				     w->tensor, idx, want_text, got_text);
		}
		if (isnan(g[bad]))
			GRADE_SAY(out, GM_WRONG_NAN);
		else if (isinf(g[bad]))
			GRADE_SAY(out, GM_WRONG_INF);
		else
			GRADE_SAY(out, GM_WRONG_REL, w->rel_err);
		if (isfinite(w->fd))
			GRADE_SAY(out, GM_WRONG_FD, w->fd);
		GRADE_SAY(out, GM_NEWLINE);
		for (int l = 0; l < LANG_COUNT; l++) {
			char buf[300];
			const char *why = check->explain
						  ? check->explain(c, t, bad, g[bad], l, buf, sizeof buf)
						  : NULL;
			if (!why)
				why = guess(check, t, g, want[i], l, buf, sizeof buf);
			if (why)
				grade_say_in(l, out->message[l], sizeof out->message[l], GM_WHY,
					     t->name, why);
		}
	}
	if (first < 0)
		return 1;
	out->problem = GRADE_WRONG;
	if (right_len)
		GRADE_SAY(out, GM_RIGHT, right);
	return 0;
}
