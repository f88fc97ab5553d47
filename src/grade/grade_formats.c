/* grade_formats: the reports for programs: gradlab's JSON, JUnit XML, TAP 14, Gradescope's
 * results.json, and the class gradebook (CSV, RFC 4180). Strings are escaped for each
 * format, learner text included; NaN and infinities become null (JSON) or .nan/.inf (YAML). */
#include "grade/grade_report.h"

#include "core/mem.h"

#include <math.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

/* {==== Escaping ==== */

/* What a format writes for each ASCII character it escapes (NULL: the character itself). */
typedef const char *const EscapeTable[128];

static const EscapeTable json_escapes = {
	['"'] = "\\\"", ['\\'] = "\\\\", ['\n'] = "\\n",
};
static const EscapeTable xml_text_escapes = {
	['&'] = "&amp;", ['<'] = "&lt;", ['>'] = "&gt;", ['"'] = "&quot;",
};
/* In an attribute a newline would be read back as a space: a character reference keeps it. */
static const EscapeTable xml_attribute_escapes = {
	['&'] = "&amp;", ['<'] = "&lt;", ['>'] = "&gt;", ['"'] = "&quot;", ['\n'] = "&#10;",
};

/* s shown by the one escaping rule (grade_report_escape, which leaves no control character
 * but a newline with REPORT_KEEP_NEWLINE, and only valid UTF-8 that XML 1.0, JSON and YAML
 * all allow), then every character the format's table names replaced. */
/* For put_escaped: s is text the rule has shown already (a text report's lines), which
 * passing through it again would change (every backslash before an x doubled). */
#define SHOWN 0x100

static void put_escaped(FILE *out, const char *s, int flags, const EscapeTable *table)
{
	char *shown = flags & SHOWN ? mem_strdup(s ? s : "")
				    : grade_report_escaped(s ? s : "", -1, flags);
	if (!shown) {
		fputs("(out of memory)", out);
		return;
	}
	for (const unsigned char *c = (const unsigned char *)shown; *c; c++) {
		const char *as = *c < 128 ? (*table)[*c] : NULL;
		if (as)
			fputs(as, out);
		else
			fputc(*c, out);
	}
	mem_free(shown);
}

/* A JSON string, which is also a valid YAML double-quoted scalar: the escapes it can hold
 * (\", \\, \n) mean the same in both. flags: REPORT_KEEP_NEWLINE for text of many lines,
 * SHOWN for a text report's lines. */
static void json_text(FILE *out, const char *s, int flags)
{
	fputc('"', out);
	put_escaped(out, s, flags, &json_escapes);
	fputc('"', out);
}

/* A one-line JSON string: a name, a path, a key's value. */
static void json_str(FILE *out, const char *s)
{
	json_text(out, s, 0);
}

static void json_num(FILE *out, double v)
{
	if (isfinite(v))
		fprintf(out, "%.17g", v);
	else
		fputs("null", out);
}

static void yaml_num(FILE *out, double v)
{
	if (isnan(v))
		fputs(".nan", out);
	else if (isinf(v))
		fputs(v > 0 ? ".inf" : "-.inf", out);
	else
		fprintf(out, "%.17g", v);
}

/* Text for an XML attribute (one line) or element (many lines): markup characters as
 * entities, the rest by the one rule. */
static void xml_str(FILE *out, const char *s, int attribute)
{
	if (attribute)
		put_escaped(out, s, 0, &xml_attribute_escapes);
	else
		put_escaped(out, s, REPORT_KEEP_NEWLINE, &xml_text_escapes);
}

/* Lines of a text report (already shown by the rule) as an XML element's text. */
static void xml_lines(FILE *out, const char *lines)
{
	put_escaped(out, lines, SHOWN, &xml_text_escapes);
}

/* ", \"key\": " and a value: a member of a JSON object after its first. */
static void json_member_str(FILE *out, const char *key, const char *s)
{
	fprintf(out, ", \"%s\": ", key);
	json_str(out, s);
}

/* The same for text of many lines: a message, what the code or the compiler printed. */
static void json_member_text(FILE *out, const char *key, const char *s)
{
	fprintf(out, ", \"%s\": ", key);
	json_text(out, s, REPORT_KEEP_NEWLINE);
}

static void json_member_num(FILE *out, const char *key, double v)
{
	fprintf(out, ", \"%s\": ", key);
	json_num(out, v);
}

static void json_member_bool(FILE *out, const char *key, int v)
{
	fprintf(out, ", \"%s\": %s", key, v ? "true" : "false");
}

/* "  key: value" and a newline: a member of a TAP YAML block (strings as JSON's, which YAML
 * reads as double-quoted scalars). */
static void yaml_member_str(FILE *out, const char *key, const char *s, int flags)
{
	fprintf(out, "  %s: ", key);
	json_text(out, s, flags);
	fputc('\n', out);
}

static void yaml_member_num(FILE *out, const char *key, double v)
{
	fprintf(out, "  %s: ", key);
	yaml_num(out, v);
	fputc('\n', out);
}

/* }==== */

/* The text report of one check (or, check 0, of the result's own lines: output and hint)
 * into a string the caller frees; NULL when out of memory. */
typedef struct Str {
	FILE *f;
} Str;

static void str_line(void *ctx, ReportLine kind, const char *text)
{
	(void)kind;
	fprintf(((Str *)ctx)->f, "%s\n", text);
}

static char *check_text(const GradeResult *r, int check, const ReportOptions *o, int with_hint)
{
	char *buf = NULL;
	size_t len = 0;
	Str s = { open_memstream(&buf, &len) };
	if (!s.f)
		return NULL;
	ReportOptions one = o ? *o : (ReportOptions){ 0 };
	one.only_check = check + 1;
	one.color = 0;
	grade_report_lines(r, &one, str_line, &s);
	if (with_hint && !r->checks[check].passed && r->hint_number > 0)
		grade_report_hint_line(s.f, r, &one);
	fclose(s.f);
	return buf;
}

static double total(const GradeResult *r, int n, int max)
{
	double t = 0;
	for (int i = 0; i < n; i++)
		t += max ? r[i].max_score : r[i].score;
	return t;
}

static int all_passed(const GradeResult *r, int n)
{
	for (int i = 0; i < n; i++)
		if (!grade_result_passed(&r[i]))
			return 0;
	return n > 0;
}

/* {==== gradlab's JSON ==== */

static void json_wrong(FILE *out, const GradeWrong *w)
{
	fputs("{\"tensor\": ", out);
	json_str(out, w->tensor);
	json_member_str(out, "index", w->index);
	json_member_num(out, "expected", w->expected);
	json_member_num(out, "got", w->got);
	char g[40];
	snprintf(g, sizeof g, "%.17g", w->got);
	json_member_str(out, "got_text", g);
	json_member_num(out, "rel_err", w->rel_err);
	json_member_num(out, "finite_difference", w->fd);
	json_member_bool(out, "increment", w->increment);
	fputs("}", out);
}

static void json_result(FILE *out, const GradeResult *r)
{
	fputs("    {\"name\": ", out);
	json_str(out, r->exercise);
	json_member_str(out, "file", r->file);
	json_member_str(out, "lesson", r->lesson);
	json_member_bool(out, "passed", grade_result_passed(r));
	json_member_num(out, "score", r->score);
	json_member_num(out, "max_score", r->max_score);
	json_member_bool(out, "compiled", r->compiled);
	json_member_text(out, "compile_output", r->compile_output);
	json_member_text(out, "output", r->output);
	json_member_bool(out, "output_truncated", r->output_truncated);
	fprintf(out, ", \"seed\": \"%llu\"", (unsigned long long)r->seed);
	json_member_num(out, "seconds", r->seconds);
	json_member_str(out, "sandbox", r->sandbox[LANG_EN]);
	fputs(", \"hint\": ", out);
	if (r->hint_number > 0) {
		fprintf(out, "{\"number\": %d, \"count\": %d, \"text\": ", r->hint_number,
			r->hint_count);
		json_text(out, r->hint, REPORT_KEEP_NEWLINE);
		fputs("}", out);
	} else {
		fputs("null", out);
	}
	fputs(",\n     \"checks\": [", out);
	for (int i = 0; i < r->n_checks; i++) {
		const GradeCheck *gc = &r->checks[i];
		fputs(i ? ",\n       {" : "\n       {", out);
		fputs("\"name\": ", out);
		json_str(out, gc->name);
		json_member_bool(out, "passed", gc->passed);
		json_member_str(out, "problem", grade_problem_name(gc->problem));
		json_member_num(out, "points", gc->points);
		json_member_num(out, "max_points", gc->max_points);
		fprintf(out, ", \"failed_case\": %d, \"cases\": %d",
			gc->failed_case >= 0 ? gc->failed_case + 1 : 0, gc->n_cases);
		json_member_str(out, "case", gc->case_note[LANG_EN]);
		json_member_text(out, "message", gc->message[LANG_EN]);
		json_member_num(out, "seconds", gc->seconds);
		fputs(", \"wrong\": [", out);
		for (int k = 0; k < gc->n_wrong; k++) {
			if (k)
				fputs(", ", out);
			json_wrong(out, &gc->wrong[k]);
		}
		fputs("]}", out);
	}
	fputs("]}", out);
}

void grade_report_json(FILE *out, const GradeResult *r, int n, const ReportOptions *o)
{
	(void)o;
	fputs("{\"gradlab\": \"" GRADLAB_VERSION "\", \"score\": ", out);
	json_num(out, total(r, n, 0));
	fputs(", \"max_score\": ", out);
	json_num(out, total(r, n, 1));
	fprintf(out, ", \"passed\": %s, \"seed\": \"%llu\",\n  \"exercises\": [\n",
		all_passed(r, n) ? "true" : "false", n ? (unsigned long long)r[0].seed : 0ULL);
	for (int i = 0; i < n; i++) {
		json_result(out, &r[i]);
		fputs(i + 1 < n ? ",\n" : "\n", out);
	}
	fputs("  ]\n}\n", out);
}

/* }==== */

/* {==== JUnit XML ==== */

void grade_report_junit(FILE *out, const GradeResult *r, int n, const char *suite,
			const ReportOptions *o)
{
	int tests = 0, failures = 0;
	double secs = 0;
	for (int i = 0; i < n; i++) {
		tests += r[i].n_checks;
		secs += r[i].seconds;
		for (int k = 0; k < r[i].n_checks; k++)
			failures += !r[i].checks[k].passed;
	}
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"", out);
	xml_str(out, suite ? suite : "gradlab", 1);
	fprintf(out, "\" tests=\"%d\" failures=\"%d\" errors=\"0\" time=\"%.3f\">\n", tests,
		failures, secs);
	for (int i = 0; i < n; i++) {
		const GradeResult *x = &r[i];
		int f = 0;
		for (int k = 0; k < x->n_checks; k++)
			f += !x->checks[k].passed;
		fputs("  <testsuite name=\"", out);
		xml_str(out, x->exercise, 1);
		fprintf(out, "\" tests=\"%d\" failures=\"%d\" errors=\"0\" skipped=\"0\" time=\"%.3f\">\n",
			x->n_checks, f, x->seconds);
		char pts[32], max[32];
		grade_report_points(x->score, pts, sizeof pts);
		grade_report_points(x->max_score, max, sizeof max);
		fprintf(out, "    <properties>\n      <property name=\"file\" value=\"");
		xml_str(out, x->file, 1);
		fprintf(out, "\"/>\n      <property name=\"score\" value=\"%s\"/>\n"
			     "      <property name=\"max_score\" value=\"%s\"/>\n"
			     "      <property name=\"seed\" value=\"%llu\"/>\n    </properties>\n",
			pts, max, (unsigned long long)x->seed);
		for (int k = 0; k < x->n_checks; k++) {
			const GradeCheck *gc = &x->checks[k];
			fputs("    <testcase classname=\"gradlab.", out);
			xml_str(out, x->exercise, 1);
			fputs("\" name=\"", out);
			xml_str(out, gc->name, 1);
			fprintf(out, "\" time=\"%.3f\"", gc->seconds);
			if (gc->passed) {
				fputs("/>\n", out);
				continue;
			}
			fputs(">\n      <failure type=\"", out);
			xml_str(out, grade_problem_name(gc->problem), 1);
			fputs("\" message=\"", out);
			char first[400];
			const char *message = grade_check_message(gc, grade_report_lang(o));
			const char *nl = strchr(message, '\n');
			snprintf(first, sizeof first, "%.*s",
				 nl ? (int)(nl - message) : (int)strlen(message), message);
			xml_str(out, first, 1);
			fputs("\">", out);
			char *text = check_text(x, k, o, 1);
			if (text)
				xml_lines(out, text);
			else
				xml_str(out, grade_check_message(gc, grade_report_lang(o)), 0);
			free(text);
			fputs("</failure>\n    </testcase>\n", out);
		}
		if (x->output[0]) {
			fputs("    <system-out>", out);
			xml_str(out, x->output, 0);
			fputs("</system-out>\n", out);
		}
		fputs("  </testsuite>\n", out);
	}
	fputs("</testsuites>\n", out);
}

/* }==== */

/* {==== TAP 14 ==== */

void grade_report_tap(FILE *out, const GradeResult *r, int n, const ReportOptions *o)
{
	int tests = 0;
	for (int i = 0; i < n; i++)
		tests += r[i].n_checks;
	fprintf(out, "TAP version 14\n1..%d\n", tests);
	int num = 0;
	for (int i = 0; i < n; i++) {
		const GradeResult *x = &r[i];
		char pts[32], max[32];
		grade_report_points(x->score, pts, sizeof pts);
		grade_report_points(x->max_score, max, sizeof max);
		fprintf(out, "# %s: %s/%s points\n", x->exercise, pts, max);
		for (int k = 0; k < x->n_checks; k++) {
			const GradeCheck *gc = &x->checks[k];
			num++;
			fprintf(out, "%s %d - %s: %s\n", gc->passed ? "ok" : "not ok", num, x->exercise,
				gc->name);
			if (gc->passed)
				continue;
			fputs("  ---\n", out);
			char *text = check_text(x, k, o, 0);
			yaml_member_str(out, "message",
					text ? text : grade_check_message(gc, grade_report_lang(o)),
					text ? SHOWN : REPORT_KEEP_NEWLINE);
			free(text);
			fputs("  severity: \"fail\"\n", out);
			yaml_member_str(out, "problem", grade_problem_name(gc->problem), 0);
			if (gc->n_wrong > 0) {
				const GradeWrong *w = &gc->wrong[0];
				yaml_member_str(out, "tensor", w->tensor, 0);
				yaml_member_str(out, "index", w->index, 0);
				yaml_member_num(out, "got", w->got);
				yaml_member_num(out, "expect", w->expected);
				yaml_member_num(out, "rel_err", w->rel_err);
				yaml_member_num(out, "finite_difference", w->fd);
			}
			if (gc->failed_case >= 0)
				yaml_member_str(out, "case", gc->case_note[LANG_EN], 0);
			grade_report_points(gc->points, pts, sizeof pts);
			grade_report_points(gc->max_points, max, sizeof max);
			fprintf(out, "  points: %s\n  max_points: %s\n", pts, max);
			if (x->hint_number > 0)
				yaml_member_str(out, "hint", x->hint, REPORT_KEEP_NEWLINE);
			fputs("  ...\n", out);
		}
	}
	char s[32], m[32];
	grade_report_points(total(r, n, 0), s, sizeof s);
	grade_report_points(total(r, n, 1), m, sizeof m);
	fprintf(out, "# total: %s/%s points (seed %llu)\n", s, m,
		n ? (unsigned long long)r[0].seed : 0ULL);
}

/* }==== */

/* {==== Gradescope ==== */

void grade_report_gradescope(FILE *out, const GradeResult *r, int n, const ReportOptions *o)
{
	double secs = 0;
	for (int i = 0; i < n; i++)
		secs += r[i].seconds;
	char s[32], m[32];
	grade_report_points(total(r, n, 0), s, sizeof s);
	grade_report_points(total(r, n, 1), m, sizeof m);
	char summary[200];
	snprintf(summary, sizeof summary, grade_msg(grade_report_lang(o), GM_REPORT_SUMMARY), s, m,
		 n ? (unsigned long long)r[0].seed : 0ULL);
	fputs("{\n  \"score\": ", out);
	json_num(out, total(r, n, 0));
	fputs(",\n  \"max_score\": ", out);
	json_num(out, total(r, n, 1));
	fprintf(out, ",\n  \"execution_time\": %.0f,\n  \"output\": ", ceil(secs));
	json_str(out, summary);
	fputs(",\n  \"visibility\": \"visible\",\n  \"stdout_visibility\": \"hidden\",\n"
	      "  \"tests\": [",
	      out);
	int first = 1;
	for (int i = 0; i < n; i++) {
		const GradeResult *x = &r[i];
		for (int k = 0; k < x->n_checks; k++) {
			const GradeCheck *gc = &x->checks[k];
			fputs(first ? "\n    {" : ",\n    {", out);
			first = 0;
			char name[120], number[32];
			snprintf(name, sizeof name, "%s: %s", x->exercise, gc->name);
			snprintf(number, sizeof number, "%d.%d", i + 1, k + 1);
			fputs("\"name\": ", out);
			json_str(out, name);
			json_member_str(out, "number", number);
			json_member_num(out, "score", gc->points);
			json_member_num(out, "max_score", gc->max_points);
			json_member_str(out, "status", gc->passed ? "passed" : "failed");
			json_member_str(out, "visibility", "visible");
			char *text = check_text(x, k, o, 1);
			fputs(", \"output\": ", out);
			json_text(out, text ? text : grade_check_message(gc, grade_report_lang(o)),
				  text ? SHOWN : REPORT_KEEP_NEWLINE);
			free(text);
			fputs("}", out);
		}
	}
	fputs("\n  ]\n}\n", out);
}

/* }==== */

void grade_report_write(FILE *out, ReportFormat f, const GradeResult *r, int n,
			const char *suite, const ReportOptions *o)
{
	switch (f) {
	case REPORT_JSON:
		grade_report_json(out, r, n, o);
		break;
	case REPORT_JUNIT:
		grade_report_junit(out, r, n, suite, o);
		break;
	case REPORT_TAP:
		grade_report_tap(out, r, n, o);
		break;
	case REPORT_GRADESCOPE:
		grade_report_gradescope(out, r, n, o);
		break;
	default:
		grade_report_text(out, r, n, o);
		break;
	}
}

/* {==== Gradebook ==== */

static void csv_field(FILE *out, const char *s)
{
	char clean[1024];
	grade_report_escape(s, -1, clean, sizeof clean, 0);
	if (!strpbrk(clean, ",\"\n\r") && clean[0] != ' ' && clean[0] != '=' && clean[0] != '+' &&
	    clean[0] != '-' && clean[0] != '@') {
		fputs(clean, out);
		return;
	}
	/* Quoted; a leading = + - @ gets a ' so a spreadsheet does not run it as a formula. */
	fputc('"', out);
	if (strchr("=+-@", clean[0]))
		fputc('\'', out);
	for (const char *c = clean; *c; c++) {
		if (*c == '"')
			fputc('"', out);
		fputc(*c, out);
	}
	fputc('"', out);
}

void grade_report_csv_header(FILE *out, const GradeExercise *const *ex, int n)
{
	fputs("student", out);
	for (int i = 0; i < n; i++) {
		fputc(',', out);
		csv_field(out, ex[i]->name);
	}
	fputs(",total,max\r\n", out);
}

void grade_report_csv_row(FILE *out, const char *student, const GradeExercise *const *ex, int n,
			  const GradeResult *r)
{
	csv_field(out, student);
	double sum = 0;
	int max = 0;
	char p[32];
	for (int i = 0; i < n; i++) {
		grade_report_points(r[i].score, p, sizeof p);
		fprintf(out, ",%s", p);
		sum += r[i].score;
		max += ex[i]->points;
	}
	grade_report_points(sum, p, sizeof p);
	fprintf(out, ",%s,%d\r\n", p, max);
}

/* }==== */
