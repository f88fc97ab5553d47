/* verdict: what the learner's code left in a case's arrays, against the right answers, as
 * facts. Guard values first (a write outside an array), then the inputs (which must be
 * untouched), then every output, each wrong one with its first wrong element and a guess at
 * the mistake. No sentence is made here: grade_report_verdict words the facts. */
#include "grade/verdict.h"

#include <math.h>
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

static VerdictGuess guess(const CkCheck *check, const CkTensor *t, const double *got,
			  const double *want)
{
	size_t n = size_of(t);
	double inc[256];
	if (n > sizeof inc / sizeof inc[0])
		return VERDICT_GUESS_NONE;
	int untouched = 1;
	for (size_t i = 0; i < n; i++) {
		untouched &= same_bits(got[i], t->start[i]);
		inc[i] = t->role == CK_GRAD ? got[i] - t->start[i] : got[i];
	}
	if (untouched)
		return t->role == CK_GRAD    ? VERDICT_GUESS_NOTHING_ADDED
		       : t->role == CK_INOUT ? VERDICT_GUESS_LEFT
					     : VERDICT_GUESS_NOT_WRITTEN;
	if (t->role == CK_GRAD && all_match(got, want, n, 1.0, check->atol, check->rtol))
		return VERDICT_GUESS_ASSIGNED;
	if (all_match(inc, want, n, -1.0, check->atol, check->rtol))
		return VERDICT_GUESS_SIGN;
	if (all_match(inc, want, n, 2.0, check->atol, check->rtol))
		return VERDICT_GUESS_TWICE;
	if (t->rows == t->cols && t->rows > 1) {
		int transposed = 1;
		for (int r = 0; r < t->rows && transposed; r++)
			for (int c = 0; c < t->cols && transposed; c++)
				transposed = close_to(want[c * t->cols + r], inc[r * t->cols + c],
						      check->atol, check->rtol);
		if (transposed)
			return VERDICT_GUESS_TRANSPOSED;
	}
	return VERDICT_GUESS_NONE;
}

/* }==== */

int verdict_case(const CkCheck *check, CkCase *c, const double *const *got,
		 double *const *want, Verdict *v, GradeCheck *out)
{
	memset(v, 0, sizeof *v);
	out->n_wrong = 0;

	/* 1. Writes before or after an array: the guard values must be intact. */
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
		if (before || after)
			v->outside[v->n_outside++] = (VerdictOutside){ i, before > 0, after > 0 };
	}
	if (v->n_outside) {
		out->problem = v->problem = GRADE_SHAPE;
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
			v->changed = i;
			v->changed_index = k;
			v->was = t->start[k];
			v->now = g[k];
			out->problem = v->problem = GRADE_INPUT_CHANGED;
			return 0;
		}
	}

	/* 3. A check judged as a whole (a training run) by what it computed, not element by
	 * element: its judge words what it found. */
	CkJudge judge = checks_judge(check);
	if (judge) {
		if (judge(c, got, out))
			return 1;
		v->problem = out->problem;
		return 0;
	}

	/* 4. Every output against its right value. */
	for (int i = 0; i < c->n; i++) {
		const CkTensor *t = &c->t[i];
		if (t->role == CK_IN || t->role == CK_AUX || !got[i] || !want[i])
			continue;
		const double *g = got[i] + CK_GUARD;
		size_t bad = (size_t)-1;
		for (size_t k = 0; k < size_of(t) && bad == (size_t)-1; k++) {
			double val = t->role == CK_GRAD ? g[k] - t->start[k] : g[k];
			if (!isfinite(g[k]) || !close_to(want[i][k], val, check->atol, check->rtol))
				bad = k;
		}
		if (bad == (size_t)-1) {
			v->right[v->n_right++] = i;
			continue;
		}
		if (out->n_wrong >= GRADE_MAX_WRONG)
			continue;
		GradeWrong *w = &out->wrong[out->n_wrong++];
		memset(w, 0, sizeof *w);
		snprintf(w->tensor, sizeof w->tensor, "%s", t->name);
		w->increment = t->role == CK_GRAD;
		w->expected = want[i][bad];
		w->got = t->role == CK_GRAD ? g[bad] - t->start[bad] : g[bad];
		if (!isfinite(g[bad]))
			w->got = g[bad];
		w->rel_err = verdict_rel_err(w->expected, w->got);
		w->fd = t->role == CK_GRAD ? checks_finite_difference(check, c, i, bad) : NAN;
		v->wrong[v->n_wrong++] = (VerdictWrong){ i, bad, g[bad], guess(check, t, g, want[i]) };
	}
	if (!v->n_wrong)
		return 1;
	out->problem = v->problem = GRADE_WRONG;
	return 0;
}
