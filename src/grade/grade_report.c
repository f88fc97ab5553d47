/* grade_report: the text report, as lines (for the terminal UI) and on a FILE (for the
 * command line), and the helpers every format shares. The other formats are in
 * grade_formats.c. */
#include "grade/grade_report.h"

#include "core/mem.h"
#include "core/quote.h"
#include "core/utf8.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

int grade_report_format(const char *name)
{
	static const char *const names[] = { "text", "json", "junit", "tap", "gradescope" };
	for (int i = 0; i < (int)(sizeof names / sizeof names[0]); i++)
		if (strcmp(name, names[i]) == 0)
			return i;
	return -1;
}

const char *grade_report_extension(ReportFormat f)
{
	switch (f) {
	case REPORT_JSON:
		return "json";
	case REPORT_JUNIT:
		return "xml";
	case REPORT_TAP:
		return "tap";
	case REPORT_GRADESCOPE:
		return "results.json";
	default:
		return "txt";
	}
}

void grade_report_points(double p, char *buf, size_t size)
{
	if (!isfinite(p))
		p = 0;
	if (fabs(p - round(p)) < 0.005)
		snprintf(buf, size, "%.0f", round(p));
	else
		snprintf(buf, size, "%.2f", p);
}

/* {==== The one escaping rule ==== */

size_t grade_report_escape(const char *src, long n, char *dst, size_t size, int flags)
{
	size_t len = n < 0 ? strlen(src) : (size_t)n;
	return quote_escape(src, len, dst, size, flags & REPORT_KEEP_NEWLINE, (size_t)-1, NULL);
}

char *grade_report_escaped(const char *src, long n, int flags)
{
	size_t len = n < 0 ? strlen(src) : (size_t)n;
	char *dst = mem_alloc(4 * len + 1); /* no unit grows more than fourfold (\xNN) */
	if (dst)
		grade_report_escape(src, (long)len, dst, 4 * len + 1, flags);
	return dst;
}

void grade_report_file_name(const char *name, size_t max, char *buf, size_t size)
{
	char *shown = grade_report_escaped(name, -1, 0);
	const unsigned char *p = (const unsigned char *)(shown ? shown : "");
	size_t o = 0;
	if (size > max + 1)
		size = max + 1;
	for (size_t i = 0; p[i];) {
		size_t k = 1;
		if (p[i] >= 0x80)
			while ((p[i + k] & 0xc0) == 0x80)
				k++;
		if (o + k + 1 > size)
			break;
		int keep = p[i] >= 0x80 || (p[i] >= 'a' && p[i] <= 'z') ||
			   (p[i] >= 'A' && p[i] <= 'Z') || (p[i] >= '0' && p[i] <= '9') ||
			   (o > 0 && (p[i] == '.' || p[i] == '-')) || p[i] == '_';
		if (keep) {
			memcpy(buf + o, p + i, k);
			o += k;
		} else {
			buf[o++] = '_';
		}
		i += k;
	}
	if (o == 0 && size > 1)
		buf[o++] = '_';
	if (size)
		buf[o] = '\0';
	mem_free(shown);
}

/* }==== */

/* {==== Lines ==== */

int grade_report_lang(const ReportOptions *o)
{
	return o && o->lang > 0 && o->lang < LANG_COUNT ? o->lang : LANG_EN;
}

static const char *word(const ReportOptions *o, GradeMsg w)
{
	return grade_msg(grade_report_lang(o), w);
}

static void emit(ReportLineFn fn, void *ctx, ReportLine kind, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void emit(ReportLineFn fn, void *ctx, ReportLine kind, const char *fmt, ...)
{
	char buf[2400], shown[4 * sizeof buf + 1];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	/* Every line passes the one rule here, whatever part of it came from outside. */
	grade_report_escape(buf, -1, shown, sizeof shown, 0);
	fn(ctx, kind, shown);
}

/* Each line of text as its own line of kind, indented; at most max lines. */
static int emit_block(ReportLineFn fn, void *ctx, ReportLine kind, const char *indent,
		      const char *text, int max)
{
	int lines = 0;
	const char *p = text;
	while (*p && lines < max) {
		const char *nl = strchr(p, '\n');
		int len = nl ? (int)(nl - p) : (int)strlen(p);
		emit(fn, ctx, kind, "%s%.*s", indent, len, p);
		lines++;
		p += len + (nl ? 1 : 0);
	}
	return *p ? -1 : lines;
}

static const GradeExercise *find_exercise(const ReportOptions *o, const char *name)
{
	if (!o || !o->list)
		return NULL;
	for (int i = 0; i < o->list->n; i++)
		if (strcmp(o->list->ex[i].name, name) == 0)
			return &o->list->ex[i];
	return NULL;
}

/* The result's hint in the report's language: from the list when it has the exercise
 * (the result holds it in the language it was graded in). */
static const char *report_hint(const GradeResult *r, const GradeExercise *e,
			       const ReportOptions *o)
{
	const char *h = e ? registry_hint(e, r->hint_number, grade_report_lang(o)) : NULL;
	return h ? h : r->hint;
}

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

static void check_lines(const GradeResult *r, int i, const ReportOptions *o, ReportLineFn fn,
			void *ctx)
{
	const GradeCheck *gc = &r->checks[i];
	char pts[32], max[32];
	grade_report_points(gc->points, pts, sizeof pts);
	grade_report_points(gc->max_points, max, sizeof max);
	if (gc->passed) {
		emit(fn, ctx, REPORT_LINE_PASS, "  %s%-24s %s/%s", word(o, GM_REPORT_OK), gc->name, pts,
		     max);
		return;
	}
	char where[300] = "";
	const char *note = grade_check_case_note(gc, grade_report_lang(o));
	if (gc->failed_case >= 0)
		snprintf(where, sizeof where, "%s%s %d/%d%s%s", word(o, GM_REPORT_COMMA),
			 word(o, GM_REPORT_CASE), gc->failed_case + 1, gc->n_cases,
			 note[0] ? word(o, GM_REPORT_COLON) : "", note);
	emit(fn, ctx, REPORT_LINE_FAIL, "  %s%-24s %s/%s  %s%s", word(o, GM_REPORT_FAIL), gc->name,
	     pts, max, grade_problem_words(gc->problem, grade_report_lang(o)), where);
	/* A problem every check shares (no file, no compile) is told once, under the first. */
	const char *message = grade_check_message(gc, grade_report_lang(o));
	if (i > 0 && strcmp(message, grade_check_message(&r->checks[i - 1], grade_report_lang(o))) == 0 &&
	    !o->only_check)
		return;
	emit_block(fn, ctx, REPORT_LINE_DETAIL, "        ", message, 40);
	if (gc->problem == GRADE_NOT_COMPILED && r->compile_output[0] &&
	    (i == 0 || o->only_check))
		emit_block(fn, ctx, REPORT_LINE_DETAIL, "        | ", r->compile_output, 14);
}

void grade_report_lines(const GradeResult *r, const ReportOptions *o, ReportLineFn fn, void *ctx)
{
	ReportOptions none = { 0 };
	if (!o)
		o = &none;
	const GradeExercise *e = find_exercise(o, r->exercise);
	char score[32], max[32];
	grade_report_points(r->score, score, sizeof score);
	grade_report_points(r->max_score, max, sizeof max);
	if (o->only_check) {
		if (o->only_check <= r->n_checks)
			check_lines(r, o->only_check - 1, o, fn, ctx);
		return;
	}
	const char *title = e ? registry_title(e, grade_report_lang(o)) : "";
	emit(fn, ctx, REPORT_LINE_TITLE, word(o, GM_REPORT_TITLE), r->exercise,
	     title[0] ? word(o, GM_REPORT_COLON) : "", title, base_name(r->file), score, max,
	     word(o, GM_REPORT_POINTS));
	for (int i = 0; i < r->n_checks; i++)
		check_lines(r, i, o, fn, ctx);
	if (r->output[0]) {
		emit(fn, ctx, REPORT_LINE_OUTPUT, "  %s", word(o, GM_REPORT_PRINTED));
		if (emit_block(fn, ctx, REPORT_LINE_OUTPUT, "  | ", r->output, 12) < 0 ||
		    r->output_truncated)
			emit(fn, ctx, REPORT_LINE_OUTPUT, "  %s", word(o, GM_REPORT_MORE_OUTPUT));
	}
	if (r->hint_number > 0 && r->hint[0]) {
		emit(fn, ctx, REPORT_LINE_HINT, "  %s %d/%d%s%s", word(o, GM_REPORT_HINT),
		     r->hint_number, r->hint_count, word(o, GM_REPORT_COLON), report_hint(r, e, o));
		if (r->hint_number < r->hint_count && !(o->command && !o->command[0]))
			emit(fn, ctx, REPORT_LINE_HINT, "  %s%s%s %s --hint %d",
			     word(o, GM_REPORT_NEXT_HINT), word(o, GM_REPORT_COLON),
			     o->command ? o->command : "gradlab grade", r->exercise,
			     r->hint_number + 1);
	}
	if (o->verbose)
		emit(fn, ctx, REPORT_LINE_NOTE, word(o, GM_REPORT_NOTE), (unsigned long long)r->seed,
		     r->seconds, r->sandbox[grade_report_lang(o)]);
}

void grade_report_hint_line(FILE *out, const GradeResult *r, const ReportOptions *o)
{
	const GradeExercise *e = find_exercise(o, r->exercise);
	char *hint = grade_report_escaped(report_hint(r, e, o), -1, 0);
	fprintf(out, "%s %d/%d%s%s\n", word(o, GM_REPORT_HINT), r->hint_number, r->hint_count,
		word(o, GM_REPORT_COLON), hint ? hint : "");
	mem_free(hint);
}

/* }==== */

/* {==== Text ==== */

typedef struct TextCtx {
	FILE *out;
	int color;
} TextCtx;

static void text_line(void *ctx, ReportLine kind, const char *text)
{
	TextCtx *t = ctx;
	const char *on = "";
	if (t->color) {
		switch (kind) {
		case REPORT_LINE_TITLE:
			on = "\033[1m";
			break;
		case REPORT_LINE_PASS:
			on = "\033[32m";
			break;
		case REPORT_LINE_FAIL:
			on = "\033[1;31m";
			break;
		case REPORT_LINE_HINT:
			on = "\033[33m";
			break;
		case REPORT_LINE_OUTPUT:
		case REPORT_LINE_NOTE:
			on = "\033[2m";
			break;
		default:
			break;
		}
	}
	fprintf(t->out, "%s%s%s\n", on, text, on[0] ? "\033[0m" : "");
}

void grade_report_text(FILE *out, const GradeResult *r, int n, const ReportOptions *o)
{
	TextCtx t = { out, o && o->color };
	double score = 0, max = 0;
	int passed = 0;
	for (int i = 0; i < n; i++) {
		if (i > 0)
			fputc('\n', out);
		grade_report_lines(&r[i], o, text_line, &t);
		score += r[i].score;
		max += r[i].max_score;
		passed += grade_result_passed(&r[i]);
	}
	if (n > 1) {
		char s[32], m[32];
		grade_report_points(score, s, sizeof s);
		grade_report_points(max, m, sizeof m);
		fputc('\n', out);
		fprintf(out, word(o, GM_REPORT_TOTAL), s, m, passed, n, (unsigned long long)r[0].seed);
	} else if (n == 1 && !(o && o->verbose)) {
		fprintf(out, word(o, GM_REPORT_ONE_SEED), (unsigned long long)r[0].seed);
		fputc('\n', out);
	}
}

/* }==== */

/* {==== Verdicts in words ==== */

static size_t size_of(const CkTensor *t)
{
	return (size_t)t->rows * (size_t)t->cols;
}

static int same_bits(double a, double b)
{
	return memcmp(&a, &b, sizeof a) == 0;
}

/* "[2,1]", "[5]" or "[13,2] (gate o, unit 1)" for element i of t, the gate and unit in lang:
 * "[13,2]（门 o，单元 1）". */
static void element_index(const CkTensor *t, size_t i, int lang, char *buf, size_t size)
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

/* The guess in lang; NULL for none. */
static const char *guess_words(VerdictGuess g, const CkTensor *t, int lang, char *buf,
			       size_t size)
{
	static const GradeMsg id[] = {
		[VERDICT_GUESS_NOTHING_ADDED] = GM_GUESS_NOTHING_ADDED,
		[VERDICT_GUESS_LEFT] = GM_GUESS_LEFT,
		[VERDICT_GUESS_NOT_WRITTEN] = GM_GUESS_NOT_WRITTEN,
		[VERDICT_GUESS_ASSIGNED] = GM_GUESS_ASSIGNED,
		[VERDICT_GUESS_SIGN] = GM_GUESS_SIGN,
		[VERDICT_GUESS_TWICE] = GM_GUESS_TWICE,
		[VERDICT_GUESS_TRANSPOSED] = GM_GUESS_TRANSPOSED,
	};
	if (g == VERDICT_GUESS_NONE || (size_t)g >= sizeof id / sizeof id[0])
		return NULL;
	if (g != VERDICT_GUESS_TRANSPOSED)
		return grade_msg(lang, id[g]);
	snprintf(buf, size, grade_msg(lang, id[g]), t->name);
	return buf;
}

static void outside_words(const CkCase *c, const Verdict *v, GradeCheck *out)
{
	for (int k = 0; k < v->n_outside; k++) {
		const VerdictOutside *o = &v->outside[k];
		const CkTensor *t = &c->t[o->tensor];
		GradeMsg where = o->before && o->after ? GM_SHAPE_BOTH
				 : o->before	       ? GM_SHAPE_BEFORE
						       : GM_SHAPE_AFTER;
		for (int l = 0; l < LANG_COUNT; l++)
			grade_say_in(l, out->message[l], sizeof out->message[l], GM_SHAPE,
				     grade_msg(l, k ? GM_NONE : GM_SHAPE_FIRST), t->name, t->rows,
				     t->cols, size_of(t), grade_msg(l, where));
	}
}

static void changed_words(const CkCheck *check, const CkCase *c, const Verdict *v,
			  GradeCheck *out)
{
	const CkTensor *t = &c->t[v->changed];
	char was[48], now[48];
	values_text(v->was, v->now, was, now, sizeof was);
	GradeMsg advice = check->input_changed ? check->input_changed(t) : GM_NONE;
	for (int l = 0; l < LANG_COUNT; l++) {
		char idx[64];
		element_index(t, v->changed_index, l, idx, sizeof idx);
		grade_say_in(l, out->message[l], sizeof out->message[l], GM_INPUT_CHANGED, t->name,
			     t->name, idx, was, now, grade_msg(l, advice));
	}
}

static void wrong_words(const CkCheck *check, CkCase *c, const Verdict *v, GradeCheck *out)
{
	for (int k = 0; k < v->n_wrong && k < out->n_wrong; k++) {
		const VerdictWrong *vw = &v->wrong[k];
		GradeWrong *w = &out->wrong[k];
		const CkTensor *t = &c->t[vw->tensor];
		element_index(t, vw->index, LANG_EN, w->index, sizeof w->index);
		char want_text[48], got_text[48];
		values_text(w->expected, w->got, want_text, got_text, sizeof want_text);
		for (int l = 0; l < LANG_COUNT; l++) {
			char idx[64];
			element_index(t, vw->index, l, idx, sizeof idx);
			grade_say_in(l, out->message[l], sizeof out->message[l], GM_WRONG_VALUE,
				     w->tensor, idx, want_text, got_text);
		}
		if (isnan(vw->raw))
			GRADE_SAY(out, GM_WRONG_NAN);
		else if (isinf(vw->raw))
			GRADE_SAY(out, GM_WRONG_INF);
		else
			GRADE_SAY(out, GM_WRONG_REL, w->rel_err);
		if (isfinite(w->fd))
			GRADE_SAY(out, GM_WRONG_FD, w->fd);
		GRADE_SAY(out, GM_NEWLINE);
		for (int l = 0; l < LANG_COUNT; l++) {
			char buf[300];
			const char *why = check->explain ? check->explain(c, t, vw->index, vw->raw, l,
									 buf, sizeof buf)
							 : NULL;
			if (!why)
				why = guess_words(vw->guess, t, l, buf, sizeof buf);
			if (why)
				grade_say_in(l, out->message[l], sizeof out->message[l], GM_WHY,
					     t->name, why);
		}
	}
	/* the outputs that were right, by name, cut to fit as a list always was */
	char right[256] = "";
	size_t right_len = 0;
	for (int k = 0; k < v->n_right; k++) {
		int n = snprintf(right + right_len, sizeof right - right_len, "%s%s",
				 right_len ? ", " : "", c->t[v->right[k]].name);
		if (n > 0 && right_len + (size_t)n < sizeof right)
			right_len += (size_t)n;
	}
	if (right_len)
		GRADE_SAY(out, GM_RIGHT, right);
}

void grade_report_verdict(const CkCheck *check, CkCase *c, const Verdict *v, GradeCheck *out)
{
	switch (v->problem) {
	case GRADE_SHAPE:
		outside_words(c, v, out);
		break;
	case GRADE_INPUT_CHANGED:
		changed_words(check, c, v, out);
		break;
	case GRADE_WRONG:
		wrong_words(check, c, v, out);
		break;
	default:
		break;
	}
}

/* }==== */
