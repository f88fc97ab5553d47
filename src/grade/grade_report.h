/* grade_report: grading results written for people and for programs. In src/grade, above
 * result and registry; it prints, it never judges. Text for a learner (as lines the terminal
 * UI can draw too), our own JSON, JUnit XML, TAP 14 with YAML got/expect blocks, Gradescope's
 * results.json, and a class's CSV gradebook. Every writer takes results as they are: text
 * the learner's code printed is escaped for the format (invalid UTF-8 and control bytes
 * included), and NaN or infinite numbers are written as each format allows. */
#ifndef GRADLAB_GRADE_REPORT_H
#define GRADLAB_GRADE_REPORT_H

#include "core/quote.h"
#include "grade/registry.h"
#include "grade/result.h"
#include "grade/verdict.h"

#include <stdio.h>

typedef enum ReportFormat {
	REPORT_TEXT,
	REPORT_JSON,
	REPORT_JUNIT,
	REPORT_TAP,
	REPORT_GRADESCOPE,
} ReportFormat;

/* "text" ... "gradescope" -> the format; -1 when unknown. */
int grade_report_format(const char *name);
/* The file name a class's report gets in this format: "txt", "json", "xml", "tap",
 * "results.json". */
const char *grade_report_extension(ReportFormat f);

/* {==== Lines, for the terminal UI and the text report ==== */

typedef enum ReportLine {
	REPORT_LINE_TITLE,  /* the exercise, its file and its score */
	REPORT_LINE_PASS,   /* a check that passed */
	REPORT_LINE_FAIL,   /* a check that failed, with its problem */
	REPORT_LINE_DETAIL, /* what went wrong: first wrong element, expected, got, ... */
	REPORT_LINE_HINT,   /* the hint, and how to see the next one */
	REPORT_LINE_OUTPUT, /* what the learner's code printed (never the grader's words) */
	REPORT_LINE_NOTE,   /* seed, time, sandbox */
} ReportLine;

typedef void (*ReportLineFn)(void *ctx, ReportLine kind, const char *text);

typedef struct ReportOptions {
	const GradeList *list; /* for titles (may be NULL) */
	int lang;              /* the report's language, a Lang (core/lang.h): every word in
				* it (machine formats keep their keys and problem names in
				* English); 0 English */
	int color;             /* text: ANSI colours */
	int verbose;           /* text: seed, sandbox and time lines */
	const char *command;   /* "gradlab grade" as the learner typed it, for the next-hint
				* line; "" leaves that line out */
	int only_check;        /* lines: this check only (1-based), no title or hint; 0: all */
} ReportOptions;

/* The language o asks for (LANG_EN when o is NULL or its lang is out of range). */
int grade_report_lang(const ReportOptions *o);

/* Every line of one result, in order, without colour or trailing newline, each shown by the
 * one escaping rule (grade_report_escape): no control characters, valid UTF-8. */
void grade_report_lines(const GradeResult *r, const ReportOptions *o, ReportLineFn fn,
			void *ctx);
/* "hint 2/4: ..." (or "提示 2/4：...") and a newline: the result's hint on a line of its own. */
void grade_report_hint_line(FILE *out, const GradeResult *r, const ReportOptions *o);

/* }==== */

/* {==== Whole reports of n results ==== */

/* The one rule by which every report, the class summary and the gradebook show text gradlab
 * did not write (a student's folder name, what the learner's code or the compiler printed):
 * core/quote's quote_escape, which says which bytes become which escapes. Newlines stay with
 * REPORT_KEEP_NEWLINE (text of many lines), and become \x0A without it (a name). src is n
 * bytes (n < 0: up to its NUL); the result is cut at a whole unit to fit size. Returns the
 * bytes written. */
#define REPORT_KEEP_NEWLINE QUOTE_KEEP_NEWLINE
size_t grade_report_escape(const char *src, long n, char *dst, size_t size, int flags);
/* The same in a new string (mem_free it); NULL when out of memory. */
char *grade_report_escaped(const char *src, long n, int flags);
/* A file name for name that is safe in any folder and any shell: name shown by the rule
 * above, with every byte but ASCII letters, digits, '_', '.', '-' and UTF-8 text made '_',
 * and a leading '.' or '-' too; never empty, at most max bytes (cut at a whole character). */
void grade_report_file_name(const char *name, size_t max, char *buf, size_t size);
/* Points with at most two decimals and no trailing zeros: "5", "2.67". */
void grade_report_points(double p, char *buf, size_t size);

void grade_report_text(FILE *out, const GradeResult *r, int n, const ReportOptions *o);
void grade_report_json(FILE *out, const GradeResult *r, int n, const ReportOptions *o);
/* suite: the name of the whole run (a student's name in a class; "gradlab" otherwise). */
void grade_report_junit(FILE *out, const GradeResult *r, int n, const char *suite,
			const ReportOptions *o);
void grade_report_tap(FILE *out, const GradeResult *r, int n, const ReportOptions *o);
void grade_report_gradescope(FILE *out, const GradeResult *r, int n, const ReportOptions *o);
/* One of the above by format. */
void grade_report_write(FILE *out, ReportFormat f, const GradeResult *r, int n,
			const char *suite, const ReportOptions *o);

/* The gradebook: a header (student, one column per exercise of ex, total, max) and one row
 * per student, r[i] being the result of ex[i]. Student names are quoted as RFC 4180 says,
 * and one that starts like a spreadsheet formula gets a ' in front. */
void grade_report_csv_header(FILE *out, const GradeExercise *const *ex, int n);
void grade_report_csv_row(FILE *out, const char *student, const GradeExercise *const *ex, int n,
			  const GradeResult *r);

/* }==== */

/* {==== Verdicts in words ==== */

/* The facts verdict_case found in case c of check (v, and the numbers in out->wrong) worded
 * into out->message in every language from grade_msg.c's table, and each wrong element's
 * index into out->wrong[k].index (in English, for the machine-read formats). A check's own
 * explain hook is asked first about each wrong element; the verdict's guess words it when
 * the hook knows nothing. */
void grade_report_verdict(const CkCheck *check, CkCase *c, const Verdict *v, GradeCheck *out);

/* }==== */

#endif
