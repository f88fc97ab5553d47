/* grade_report: the text report, as lines (for the terminal UI) and on a FILE (for the
 * command line), and the helpers every format shares. The other formats are in
 * grade_formats.c. */
#include "grade/grade_report.h"

#include "core/mem.h"
#include "core/utf8.h"

#include <math.h>
#include <stdarg.h>
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

/* How the unit of text at p is shown: as it is, as \xNN (a byte that is not UTF-8, a C0
 * control, DEL), or as \uXXXX / \UXXXXXXXX (a C1 control, a noncharacter such as U+FFFE, a
 * line or paragraph separator, a byte order mark, a bidirectional formatting character: each
 * can garble a terminal, a parser or the order in which a line reads). */
enum { SHOW_AS_IS, SHOW_BYTE, SHOW_CODE };

typedef struct Unit {
	int len, show;
	unsigned cp;
} Unit;

static Unit unit_at(const unsigned char *p, size_t n, int flags)
{
	size_t at = 0;
	unsigned cp = utf8_next_n((const char *)p, n, &at);
	int len = (int)at;
	if (cp == 0xfffd && len != 3) /* not UTF-8 (a real U+FFFD takes 3 bytes) */
		return (Unit){ 1, SHOW_BYTE, p[0] };
	int show = SHOW_AS_IS;
	if ((cp < 0x20 && !(cp == '\n' && (flags & REPORT_KEEP_NEWLINE))) || cp == 0x7f)
		show = SHOW_BYTE;
	else if ((cp >= 0x80 && cp <= 0x9f) || (cp & 0xfffe) == 0xfffe ||
		 (cp >= 0xfdd0 && cp <= 0xfdef) || cp == 0x2028 || cp == 0x2029 || cp == 0xfeff ||
		 cp == 0x061c || cp == 0x200e || cp == 0x200f || (cp >= 0x202a && cp <= 0x202e) ||
		 (cp >= 0x2066 && cp <= 0x2069))
		show = SHOW_CODE;
	return (Unit){ len, show, cp };
}

/* A backslash is doubled when what follows it could be read as one of the escapes, so that
 * the shown text says exactly which bytes there were; elsewhere (a "\n" in C source) it
 * stays single, as the learner wrote it. */
static int backslash_doubled(const unsigned char *p, size_t n, int flags)
{
	if (n < 2)
		return 0;
	if (p[1] == '\\' || p[1] == 'x' || p[1] == 'u' || p[1] == 'U')
		return 1;
	return unit_at(p + 1, n - 1, flags).show != SHOW_AS_IS;
}

size_t grade_report_escape(const char *src, long n, char *dst, size_t size, int flags)
{
	size_t len = n < 0 ? strlen(src) : (size_t)n, o = 0;
	const unsigned char *p = (const unsigned char *)src;
	for (size_t i = 0; i < len;) {
		Unit u = unit_at(p + i, len - i, flags);
		char esc[16];
		const char *put = esc;
		size_t k;
		if (u.show == SHOW_BYTE) {
			k = (size_t)snprintf(esc, sizeof esc, "\\x%02X", p[i]);
		} else if (u.show == SHOW_CODE) {
			k = (size_t)snprintf(esc, sizeof esc, u.cp > 0xffff ? "\\U%08X" : "\\u%04X",
					     u.cp);
		} else if (p[i] == '\\' && backslash_doubled(p + i, len - i, flags)) {
			put = "\\\\";
			k = 2;
		} else {
			put = (const char *)p + i;
			k = (size_t)u.len;
		}
		if (o + k + 1 > size)
			break;
		memcpy(dst + o, put, k);
		o += k;
		i += (size_t)u.len;
	}
	if (size)
		dst[o] = '\0';
	return o;
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
