/* test_grade_formats: whatever bytes a learner's code, its compiler or a student's folder
 * name hold, every report format stays valid. Results are filled by hand with every byte
 * value, invalid and overlong UTF-8, surrogates, U+FFFE/U+FFFF, C1 controls, escape
 * sequences, CR, markup and very long lines; each writer's output is then checked by a
 * strict reader of its format: json-c (strict, UTF-8 validated) for JSON and Gradescope, an
 * XML 1.0 checker (characters, entities, tags) for JUnit, a TAP 14 and YAML double-quoted
 * scalar checker for TAP, and for text, no control character but newline. Also: the one
 * escaping rule round-trips (every input can be told from its escaped form), report file
 * names are safe, and a changed input's message shows digits that differ. */
#include "test_util.h"

#include "grade/checks.h"
#include "grade/grade_report.h"
#include "grade/verdict.h"

#include <json-c/json.h>

/* {==== Strict readers ==== */

/* The code point at s[*i] (strict UTF-8: no overlong form, no surrogate, nothing past
 * U+10FFFF), advancing *i; -1 when the bytes are not UTF-8. */
static long decode(const unsigned char *s, size_t n, size_t *i)
{
	unsigned c = s[*i];
	int len = c < 0x80 ? 1 : c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3
		: c >= 0xf0 && c <= 0xf4 ? 4 : 0;
	if (!len || *i + (size_t)len > n)
		return -1;
	long cp = len == 1 ? (long)c : len == 2 ? c & 0x1f : len == 3 ? c & 0x0f : c & 0x07;
	for (int k = 1; k < len; k++) {
		if ((s[*i + k] & 0xc0) != 0x80)
			return -1;
		cp = cp << 6 | (s[*i + k] & 0x3f);
	}
	static const long least[] = { 0, 0, 0x80, 0x800, 0x10000 };
	if (cp < least[len] || (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return -1;
	*i += (size_t)len;
	return cp;
}

/* Every character of s valid UTF-8 and allowed: no C0 control but newline (and tab and CR
 * when allow_tab_cr), no DEL, no C1 control, no U+FFFE or U+FFFF. 0 or a message. */
static const char *text_ok(const char *s, int allow_tab_cr, size_t *at)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s);
	for (size_t i = 0; i < n;) {
		*at = i;
		long c = decode(p, n, &i);
		if (c < 0)
			return "not UTF-8";
		if (c < 0x20 && c != '\n' && !(allow_tab_cr && (c == '\t' || c == '\r')))
			return "a C0 control";
		if (c >= 0x7f && c <= 0x9f)
			return "DEL or a C1 control";
		if ((c & 0xfffe) == 0xfffe)
			return "a noncharacter U+xFFFE/U+xFFFF";
	}
	return NULL;
}

static void assert_text_ok(const char *what, const char *s)
{
	size_t at = 0;
	const char *bad = text_ok(s, 0, &at);
	if (bad)
		fail_msg("%s: %s at byte %zu: ...%.40s", what, bad, at, s + (at > 20 ? at - 20 : 0));
}

static int is_name_char(int c, int first)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' ||
	       (!first && ((c >= '0' && c <= '9') || c == '-' || c == '.'));
}

/* A strict enough XML 1.0 reader for what gradlab writes: the declaration, elements with
 * quoted attributes, text, the five entities and character references to allowed
 * characters; tags must nest. Character-level validity is text_ok's (tab and CR allowed,
 * as XML allows them). */
static const char *xml_check(const char *s, size_t *at)
{
	const char *bad = text_ok(s, 1, at);
	if (bad)
		return bad;
	if (strncmp(s, "<?xml ", 6) != 0)
		return "no XML declaration";
	const char *decl_end = strstr(s, "?>");
	if (!decl_end)
		return "the declaration is not closed";
	const char *p = decl_end + 2;
	const char *stack[64];
	size_t len[64];
	int depth = 0, root_seen = 0;
	while (*p) {
		*at = (size_t)(p - s);
		if (*p == '<') {
			int closing = p[1] == '/';
			const char *name = p + 1 + closing;
			const char *q = name;
			if (!is_name_char((unsigned char)*q, 1))
				return "a tag without a name";
			while (is_name_char((unsigned char)*q, 0))
				q++;
			size_t nl = (size_t)(q - name);
			if (closing) {
				if (*q != '>' || depth == 0 || len[depth - 1] != nl ||
				    strncmp(stack[depth - 1], name, nl) != 0)
					return "a closing tag that does not match";
				depth--;
				p = q + 1;
				continue;
			}
			if (depth == 0 && root_seen)
				return "a second root element";
			for (;;) {
				while (*q == ' ' || *q == '\n' || *q == '\t')
					q++;
				if (*q == '>' || (q[0] == '/' && q[1] == '>'))
					break;
				if (!is_name_char((unsigned char)*q, 1))
					return "a bad attribute name";
				while (is_name_char((unsigned char)*q, 0))
					q++;
				if (q[0] != '=' || q[1] != '"')
					return "an attribute without a quoted value";
				q += 2;
				while (*q && *q != '"') {
					if (*q == '<')
						return "'<' in an attribute";
					if (*q == '&') {
						const char *semi = strchr(q, ';');
						if (!semi)
							return "an unterminated reference";
						q = semi;
					}
					q++;
				}
				if (*q != '"')
					return "an unterminated attribute";
				q++;
			}
			root_seen = 1;
			if (*q == '>') {
				if (depth == 64)
					return "too deep";
				stack[depth] = name;
				len[depth++] = nl;
				p = q + 1;
			} else {
				p = q + 2;
			}
			continue;
		}
		if (depth == 0 && *p != '\n' && *p != ' ')
			return "text outside the root element";
		if (*p == '>' && p - s >= 2 && p[-1] == ']' && p[-2] == ']')
			return "]]> in text";
		if (*p == '&') {
			static const char *const ent[] = { "&amp;", "&lt;", "&gt;", "&quot;", "&apos;" };
			int known = 0;
			for (int k = 0; k < 5; k++)
				if (strncmp(p, ent[k], strlen(ent[k])) == 0) {
					known = 1;
					p += strlen(ent[k]);
				}
			if (known)
				continue;
			if (p[1] != '#')
				return "an unknown entity";
			char *end;
			long c = p[2] == 'x' ? strtol(p + 3, &end, 16) : strtol(p + 2, &end, 10);
			if (*end != ';')
				return "a bad character reference";
			if (!(c == 9 || c == 10 || c == 13 || (c >= 0x20 && c <= 0xd7ff) ||
			      (c >= 0xe000 && c <= 0xfffd) || (c >= 0x10000 && c <= 0x10ffff)))
				return "a reference to a character XML forbids";
			p = end + 1;
			continue;
		}
		p++;
	}
	return depth ? "an element is never closed" : root_seen ? NULL : "no root element";
}

/* A YAML 1.2 double-quoted scalar that is the whole of v: printable characters only and
 * escapes YAML knows; or a plain number, .nan, .inf, -.inf. */
static const char *yaml_value_check(const char *v)
{
	if (*v != '"') {
		if (!strcmp(v, ".nan") || !strcmp(v, ".inf") || !strcmp(v, "-.inf"))
			return NULL;
		char *end;
		strtod(v, &end);
		return end != v && *end == '\0' && strpbrk(v, "0123456789") ? NULL
									    : "not a scalar";
	}
	const unsigned char *p = (const unsigned char *)v + 1;
	size_t n = strlen((const char *)p);
	for (size_t i = 0; i < n;) {
		if (p[i] == '"')
			return i + 1 == n ? NULL : "text after the closing quote";
		if (p[i] == '\\') {
			if (i + 1 >= n || !strchr("0abt\tnvfre \"/\\N_LPxuU", p[i + 1]))
				return "an escape YAML does not know";
			i += 2;
			continue;
		}
		long c = decode(p, n, &i);
		if (c < 0)
			return "not UTF-8";
		if (!(c == 9 || (c >= 0x20 && c <= 0x7e) || c == 0x85 || (c >= 0xa0 && c <= 0xd7ff) ||
		      (c >= 0xe000 && c <= 0xfffd) || (c >= 0x10000 && c <= 0x10ffff)))
			return "a character YAML does not print";
	}
	return "no closing quote";
}

/* TAP 14 as tests/tap14_check.py reads it, with every YAML value as yaml_value_check. */
static const char *tap_check(const char *s, size_t *at)
{
	const char *bad = text_ok(s, 0, at);
	if (bad)
		return bad;
	if (strncmp(s, "TAP version 14\n", 15) != 0)
		return "no version line";
	const char *p = s + 15;
	int plan = -1, number = 0, after_test = 0, in_yaml = 0;
	while (*p) {
		*at = (size_t)(p - s);
		const char *nl = strchr(p, '\n');
		if (!nl)
			return "the last line has no newline";
		char line[8192];
		size_t l = (size_t)(nl - p);
		if (l >= sizeof line)
			return "a line too long for this checker";
		memcpy(line, p, l);
		line[l] = '\0';
		p = nl + 1;
		if (in_yaml) {
			if (!strcmp(line, "  ...")) {
				in_yaml = 0;
				continue;
			}
			const char *colon = strstr(line, ": ");
			if (strncmp(line, "  ", 2) != 0 || !colon || !is_name_char(line[2], 1))
				return "not a 'key: value' line of a YAML block";
			if ((bad = yaml_value_check(colon + 2)))
				return bad;
			continue;
		}
		int num;
		char rest;
		if (sscanf(line, "1..%d%c", &num, &rest) == 1) {
			if (plan >= 0)
				return "a second plan";
			plan = num;
			after_test = 0;
		} else if (!strncmp(line, "ok ", 3) || !strncmp(line, "not ok ", 7)) {
			const char *q = line + (line[0] == 'n' ? 7 : 3);
			if (atoi(q) != ++number)
				return "a test out of order";
			if (strchr(q, '#'))
				return "a '#' in a test line (a directive?)";
			after_test = 1;
		} else if (!strcmp(line, "  ---")) {
			if (!after_test)
				return "a YAML block not after a test line";
			in_yaml = 1;
			after_test = 0;
		} else if (line[0] != '#' && line[0] != '\0') {
			return "a line that is not TAP";
		}
	}
	if (in_yaml)
		return "a YAML block never closed";
	return plan == number ? NULL : "the plan does not match the tests";
}

static const char *json_check(const char *s, size_t *at)
{
	const char *bad = text_ok(s, 0, at);
	if (bad)
		return bad;
	json_tokener *tok = json_tokener_new();
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8);
	json_object *j = json_tokener_parse_ex(tok, s, (int)strlen(s));
	enum json_tokener_error e = json_tokener_get_error(tok);
	*at = json_tokener_get_parse_end(tok);
	json_tokener_free(tok);
	if (!j)
		return json_tokener_error_desc(e);
	json_object_put(j);
	return NULL;
}

/* }==== */

/* {==== Nasty results ==== */

static size_t add(char *buf, size_t size, size_t at, const char *s, size_t n)
{
	for (size_t i = 0; i < n && at + 1 < size; i++)
		buf[at++] = s[i];
	buf[at] = '\0';
	return at;
}

/* buf filled with every byte value 1..255 (NUL ends a C string), then the nasty sequences,
 * then a long line, cut to fit. */
static void nasty(char *buf, size_t size, int rotate)
{
	static const char *const seqs[] = {
		"\x1b[2J\x1b[H\x1b]0;owned\x07\x1b[31mred\x1b[0m", "\r\n", "\rCR alone",
		"\xef\xbf\xbe\xef\xbf\xbf", /* U+FFFE U+FFFF */
		"\xed\xa0\x80\xed\xbf\xbf", /* surrogates */
		"\xc0\x80\xc1\xbf\xe0\x80\x80", /* overlong */
		"\xf4\x90\x80\x80\xf8\x88\x80\x80\x80", /* past U+10FFFF, 5-byte */
		"\xc2\x85\xc2\x9b\xc2\x80", /* NEL, CSI, PAD (C1) */
		"\xe2\x80\xa8\xe2\x80\xa9\xe2\x80\xae\xef\xbb\xbf", /* LS PS RLO BOM */
		"\xe4\xb8\xad", "\xe4\xb8", "\xf0\x9f\x98\x80", /* 中, a cut one, an emoji */
		"]]>", "</failure></testcase>", "<![CDATA[", "&amp;&#0;&#xFFFE;", "\"'\\\\\\",
		"\\x41\\u0041", "\n---\n...\n  ...\n# TODO\nnot ok 1 - fake\nok 99\n",
		"\t\v\f\b", "%s%n%x",
	};
	size_t at = 0;
	buf[0] = '\0';
	for (int b = 1; b < 256; b++) {
		char c = (char)((b + rotate - 1) % 255 + 1);
		at = add(buf, size, at, &c, 1);
	}
	for (size_t k = 0; k < sizeof seqs / sizeof seqs[0]; k++)
		at = add(buf, size, at, seqs[k], strlen(seqs[k]));
	for (int k = 0; k < 3000 && at + 1 < size; k++)
		at = add(buf, size, at, k % 97 == 96 ? "\x1b" : "y", 1);
}

static void nasty_results(GradeResult r[2])
{
	memset(r, 0, 2 * sizeof *r);
	for (int i = 0; i < 2; i++) {
		GradeResult *x = &r[i];
		snprintf(x->exercise, sizeof x->exercise, i ? "rnn_step" : "activations");
		nasty(x->file, sizeof x->file, 7 * i);
		snprintf(x->lesson, sizeof x->lesson, "lesson\x1b\xff");
		nasty(x->output, sizeof x->output, 3 + i);
		x->output_truncated = 1;
		nasty(x->hint, sizeof x->hint, 11);
		x->hint_number = 1;
		x->hint_count = 3;
		x->seed = 42;
		x->max_score = 8;
		for (int l = 0; l < LANG_COUNT; l++)
			nasty(x->sandbox[l], sizeof x->sandbox[l], 5 + l);
		x->n_checks = GRADE_MAX_CHECKS;
		x->compiled = i;
		if (!i)
			nasty(x->compile_output, sizeof x->compile_output, 1);
		for (int k = 0; k < x->n_checks; k++) {
			GradeCheck *gc = &x->checks[k];
			snprintf(gc->name, sizeof gc->name, "check_%d", k);
			gc->max_points = 2;
			gc->n_cases = 3;
			gc->passed = k == 3;
			gc->points = gc->passed ? 2 : 0;
			x->score += gc->points;
			gc->problem = gc->passed ? GRADE_OK : i ? GRADE_WRONG : GRADE_NOT_COMPILED;
			gc->failed_case = gc->passed ? -1 : 1;
			for (int l = 0; l < LANG_COUNT; l++) {
				nasty(gc->case_note[l], sizeof gc->case_note[l], k + l);
				nasty(gc->message[l], sizeof gc->message[l], (13 + 4 * l) * k);
			}
			gc->n_wrong = i && !gc->passed;
			nasty(gc->wrong[0].tensor, sizeof gc->wrong[0].tensor, k);
			nasty(gc->wrong[0].index, sizeof gc->wrong[0].index, k + 2);
			gc->wrong[0].expected = k == 0 ? NAN : 0.1;
			gc->wrong[0].got = k == 1 ? -INFINITY : 0.1 + 1e-17;
			gc->wrong[0].rel_err = INFINITY;
			gc->wrong[0].fd = NAN;
		}
	}
}

/* Not inlined: GCC 12 then takes the checkers' pointers into the result for pointers to
 * the local that open_memstream fills, and warns of a dangling pointer. */
__attribute__((noinline)) static char *render(ReportFormat f, const GradeResult *r, int n,
					      const ReportOptions *o)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	assert_non_null(m);
	char suite[300];
	nasty(suite, sizeof suite, 9);
	grade_report_write(m, f, r, n, suite, o);
	fclose(m);
	assert_int_equal(strlen(buf), len); /* no NUL byte in the middle */
	return buf;
}

static void test_every_format_stays_valid(void **state)
{
	(void)state;
	GradeResult r[2];
	nasty_results(r);
	static const char *const names[] = { "text", "json", "junit", "tap", "gradescope" };
	for (int zh = 0; zh < 2; zh++)
		for (int verbose = 0; verbose < 2; verbose++)
			for (int f = REPORT_TEXT; f <= REPORT_GRADESCOPE; f++)
				for (int n = 1; n <= 2; n++) {
					ReportOptions o = { .lang = zh, .verbose = verbose,
							    .command = "gradlab grade" };
					char *s = render((ReportFormat)f, r, n, &o);
					size_t at = 0;
					const char *bad = NULL;
					if (f == REPORT_TEXT)
						bad = text_ok(s, 0, &at);
					else if (f == REPORT_JUNIT)
						bad = xml_check(s, &at);
					else if (f == REPORT_TAP)
						bad = tap_check(s, &at);
					else
						bad = json_check(s, &at);
					if (bad)
						fail_msg("%s (zh %d, verbose %d, %d results): %s at byte "
							 "%zu: ...%.60s",
							 names[f], zh, verbose, n, bad, at,
							 s + (at > 30 ? at - 30 : 0));
					free(s);
				}
}

/* A machine format that carries a text report's lines carries them as the text report
 * shows them: escaped once, not twice. */
static void test_escaped_once(void **state)
{
	(void)state;
	GradeResult r[2];
	nasty_results(r);
	ReportOptions o = { .command = "gradlab grade" };
	char *s = render(REPORT_GRADESCOPE, r, 2, &o);
	json_object *j = json_tokener_parse(s), *tests, *out;
	assert_non_null(j);
	assert_true(json_object_object_get_ex(j, "tests", &tests));
	assert_true(json_object_object_get_ex(json_object_array_get_idx(tests, 0), "output", &out));
	const char *text = json_object_get_string(out);
	if (!strstr(text, "\\x1B[2J\\x1B[H") || strstr(text, "\\\\x1B"))
		fail_msg("the output is not escaped exactly once: %.300s", text);
	json_object_put(j);
	free(s);
}

/* The gradebook: one line per student, whatever the name. */
static void test_gradebook_rows(void **state)
{
	(void)state;
	GradeResult r[2];
	nasty_results(r);
	CkExercise dummy = { 0 };
	GradeExercise ex = { .name = "activations", .points = 8, .checks = &dummy };
	(void)ex.line;
	const GradeExercise *exs[1] = { &ex };
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	char name[256];
	nasty(name, sizeof name, 0);
	grade_report_csv_header(m, exs, 1);
	grade_report_csv_row(m, name, exs, 1, r);
	grade_report_csv_row(m, "-1+2", exs, 1, r);
	fclose(m);
	/* RFC 4180 ends each line with CR LF: the only control characters there may be */
	size_t at;
	const char *bad = text_ok(buf, 1, &at);
	if (bad)
		fail_msg("csv: %s at byte %zu", bad, at);
	int lines = 0;
	for (char *p = buf; *p; p++) {
		lines += *p == '\n';
		assert_true(*p != '\t' && (*p != '\r' || p[1] == '\n'));
	}
	assert_int_equal(lines, 3);
	assert_non_null(strstr(buf, "\r\n\"'-1+2\","));
	free(buf);
}

/* }==== */

/* {==== The one escaping rule ==== */

static void append_utf8(char *out, size_t *o, unsigned long c)
{
	if (c < 0x80) {
		out[(*o)++] = (char)c;
	} else if (c < 0x800) {
		out[(*o)++] = (char)(0xc0 | c >> 6);
		out[(*o)++] = (char)(0x80 | (c & 0x3f));
	} else if (c < 0x10000) {
		out[(*o)++] = (char)(0xe0 | c >> 12);
		out[(*o)++] = (char)(0x80 | (c >> 6 & 0x3f));
		out[(*o)++] = (char)(0x80 | (c & 0x3f));
	} else {
		out[(*o)++] = (char)(0xf0 | c >> 18);
		out[(*o)++] = (char)(0x80 | (c >> 12 & 0x3f));
		out[(*o)++] = (char)(0x80 | (c >> 6 & 0x3f));
		out[(*o)++] = (char)(0x80 | (c & 0x3f));
	}
}

/* The bytes an escaped text stands for: \\ a backslash, \xNN a byte, \uXXXX and
 * \UXXXXXXXX a character; any other backslash is itself. Returns the length. */
static size_t unescape(const char *s, char *out)
{
	size_t o = 0;
	for (size_t i = 0; s[i];) {
		if (s[i] == '\\' && s[i + 1] == '\\') {
			out[o++] = '\\';
			i += 2;
		} else if (s[i] == '\\' && (s[i + 1] == 'x' || s[i + 1] == 'u' || s[i + 1] == 'U')) {
			int digits = s[i + 1] == 'x' ? 2 : s[i + 1] == 'u' ? 4 : 8;
			char hex[9] = { 0 };
			memcpy(hex, s + i + 2, (size_t)digits);
			unsigned long c = strtoul(hex, NULL, 16);
			if (s[i + 1] == 'x')
				out[o++] = (char)c;
			else
				append_utf8(out, &o, c);
			i += 2 + (size_t)digits;
		} else {
			out[o++] = s[i++];
		}
	}
	out[o] = '\0';
	return o;
}

static void round_trip(const char *in, size_t n, int flags)
{
	char shown[64], back[64];
	assert_true(n * 4 + 1 <= sizeof shown);
	grade_report_escape(in, (long)n, shown, sizeof shown, flags);
	size_t at;
	const char *bad = text_ok(shown, 0, &at);
	if (bad)
		fail_msg("escaping %02x %02x %02x gave %s", n > 0 ? (unsigned char)in[0] : 0,
			 n > 1 ? (unsigned char)in[1] : 0, n > 2 ? (unsigned char)in[2] : 0, bad);
	size_t m = unescape(shown, back);
	if (m != n || memcmp(in, back, n) != 0)
		fail_msg("escaping %02x %02x %02x gave \"%s\", which reads back otherwise",
			 n > 0 ? (unsigned char)in[0] : 0, n > 1 ? (unsigned char)in[1] : 0,
			 n > 2 ? (unsigned char)in[2] : 0, shown);
}

static void assert_shown(const char *in, int flags, const char *want)
{
	char shown[256];
	grade_report_escape(in, -1, shown, sizeof shown, flags);
	assert_string_equal(shown, want);
}

static void test_escape_rule(void **state)
{
	(void)state;
	assert_shown("ann", 0, "ann");
	assert_shown("\x1b[31mred", 0, "\\x1B[31mred");
	assert_shown("a\nb\r\tc", 0, "a\\x0Ab\\x0D\\x09c");
	assert_shown("a\nb", REPORT_KEEP_NEWLINE, "a\nb");
	assert_shown("bad\xff\xc3", 0, "bad\\xFF\\xC3");
	assert_shown("c1\xc2\x9b", 0, "c1\\u009B");
	assert_shown("\xef\xbf\xbe\xef\xbf\xbf", 0, "\\uFFFE\\uFFFF");
	assert_shown("\xf0\x9f\xbf\xbe", 0, "\\U0001FFFE");
	assert_shown("\xed\xa0\x80", 0, "\\xED\\xA0\\x80");
	assert_shown("\xe2\x80\xae" "abc", 0, "\\u202Eabc");
	assert_shown("张三 \xf0\x9f\x98\x80", 0, "张三 \xf0\x9f\x98\x80");
	/* a backslash doubles only where it could start an escape */
	assert_shown("printf(\"%d\\n\")", 0, "printf(\"%d\\n\")");
	assert_shown("\\x41", 0, "\\\\x41");
	assert_shown("\\\x01", 0, "\\\\\\x01");
	/* cut at a whole unit */
	char small[6];
	assert_int_equal(grade_report_escape("ab\x01", -1, small, sizeof small, 0), 2);
	assert_string_equal(small, "ab");
	/* every input of up to two bytes, and the nasty ones, read back exactly */
	char in[3];
	for (int a = 0; a < 256; a++) {
		in[0] = (char)a;
		round_trip(in, 1, 0);
		for (int b = 0; b < 256; b++) {
			in[1] = (char)b;
			round_trip(in, 2, 0);
			round_trip(in, 2, REPORT_KEEP_NEWLINE);
		}
	}
	static const char *const three[] = { "\\\\x", "\\\xc2\x85", "x\\u", "\xe4\xb8\\",
					    "\\\xef\xbf", "\\\\\\" };
	for (size_t k = 0; k < sizeof three / sizeof three[0]; k++)
		round_trip(three[k], 3, 0);
}

static void test_report_file_names(void **state)
{
	(void)state;
	char buf[300];
	static const char *const names[] = {
		"ann", "-rf", ".hidden", "..", "a/b", "new\nline", "esc\x1b[31m", "bad\xff", "with space",
		"c1\xc2\x9b", "\xe2\x80\xae" "cod.exe", "*?<>|\"'`$(x)", "gradebook.csv", "",
	};
	for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
		grade_report_file_name(names[k], 200, buf, sizeof buf);
		assert_true(buf[0] != '\0' && buf[0] != '.' && buf[0] != '-');
		for (const unsigned char *p = (const unsigned char *)buf; *p; p++)
			if (!(*p >= 0x80 || (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
			      (*p >= '0' && *p <= '9') || *p == '_' || *p == '.' || *p == '-'))
				fail_msg("'%s' gave the file name '%s'", names[k], buf);
		assert_text_ok("file name", buf);
	}
	grade_report_file_name("ann", 200, buf, sizeof buf);
	assert_string_equal(buf, "ann");
	grade_report_file_name("Ann Lee", 200, buf, sizeof buf);
	assert_string_equal(buf, "Ann_Lee");
	/* a long name is cut at a whole character to the length asked for */
	char longname[600] = "";
	for (int k = 0; k < 150; k++)
		strcat(longname, "张");
	grade_report_file_name(longname, 100, buf, sizeof buf);
	assert_true(strlen(buf) <= 100 && strlen(buf) >= 97);
	assert_text_ok("a cut name", buf);
}

/* }==== */

/* {==== Verdicts are facts, worded by the report ==== */

/* Case 0 of exercise ex_name's check k judged with every output's right values negated
 * (tensor `outside`, when >= 0, also written just before its start when where has 1, just
 * past its end when where has 2): verdict_case must
 * return the facts, which output, which element, what kind of mistake, and write no
 * sentence; grade_report_verdict words them in every language. */
static void judge_negated(const char *ex_name, int k, int outside, int where, Verdict *v,
			  GradeCheck *gc, CkCase *c)
{
	const CkExercise *ex = checks_find(ex_name);
	assert_non_null(ex);
	const CkCheck *check = &ex->checks[k];
	assert_int_equal(checks_case_make(check, 7, 0, c), ST_OK);
	double *want[CK_MAX_TENSORS];
	assert_int_equal(checks_want(check, c, want), ST_OK);
	const double *got[CK_MAX_TENSORS] = { 0 };
	double *copies[CK_MAX_TENSORS] = { 0 };
	for (int i = 0; i < c->n; i++) {
		const CkTensor *t = &c->t[i];
		if (t->role == CK_AUX)
			continue;
		size_t n = (size_t)t->rows * (size_t)t->cols;
		copies[i] = malloc((n + 2 * CK_GUARD) * sizeof(double));
		memcpy(copies[i], t->mem, (n + 2 * CK_GUARD) * sizeof(double));
		got[i] = copies[i];
		if (t->role != CK_IN && want[i])
			for (size_t e = 0; e < n; e++)
				copies[i][CK_GUARD + e] =
					t->role == CK_GRAD ? t->start[e] - want[i][e] : -want[i][e];
		if (i == outside && (where & 1))
			copies[i][CK_GUARD - 1] = 1.0;
		if (i == outside && (where & 2))
			copies[i][CK_GUARD + n] = 1.0;
	}
	memset(gc, 0, sizeof *gc);
	assert_int_equal(verdict_case(check, c, got, want, v, gc), 0);
	for (int l = 0; l < LANG_COUNT; l++)
		assert_string_equal(gc->message[l], "");
	grade_report_verdict(check, c, v, gc);
	for (int i = 0; i < c->n; i++)
		free(copies[i]);
	checks_want_free(want);
}

static void test_verdict_facts(void **state)
{
	(void)state;
	Verdict v;
	GradeCheck gc;
	CkCase c;
	/* activations' check 0: every output negated is a flipped sign, told as a fact */
	judge_negated("activations", 0, -1, 0, &v, &gc, &c);
	assert_int_equal(v.problem, GRADE_WRONG);
	assert_int_equal(gc.problem, GRADE_WRONG);
	assert_true(v.n_wrong >= 1);
	assert_int_equal(v.n_wrong, gc.n_wrong);
	const CkTensor *t = &c.t[v.wrong[0].tensor];
	assert_true(t->role != CK_IN && t->role != CK_AUX);
	assert_string_equal(gc.wrong[0].tensor, t->name);
	assert_int_equal(v.wrong[0].guess, VERDICT_GUESS_SIGN);
	assert_true(v.wrong[0].index < (size_t)t->rows * (size_t)t->cols);
	assert_true(gc.wrong[0].index[0] == '[');
	for (int l = 0; l < LANG_COUNT; l++)
		if (!strstr(gc.message[l], grade_msg(l, GM_GUESS_SIGN)))
			fail_msg("language %d: the sign is not worded in '%s'", l, gc.message[l]);
	checks_case_free(&c);
	/* the same with a write before or past the first output: that fact comes first, and
	 * where is one whole phrase in each language */
	int out = v.wrong[0].tensor;
	static const struct {
		int where;
		const char *en, *zh;
	} places[] = {
		{ 1, "but the code wrote before the start of it: ", "但代码写到了它的开头之前：" },
		{ 2, "but the code wrote past the end of it: ", "但代码写到了它的末尾之后：" },
		{ 3, "but the code wrote before the start of and past the end of it: ",
		  "但代码写到了它的开头之前和末尾之后：" },
	};
	for (size_t p = 0; p < sizeof places / sizeof places[0]; p++) {
		judge_negated("activations", 0, out, places[p].where, &v, &gc, &c);
		assert_int_equal(v.problem, GRADE_SHAPE);
		assert_int_equal(v.n_outside, 1);
		assert_int_equal(v.outside[0].tensor, out);
		assert_int_equal(v.outside[0].before, (places[p].where & 1) != 0);
		assert_int_equal(v.outside[0].after, (places[p].where & 2) != 0);
		assert_int_equal(v.n_wrong, 0);
		for (int l = 0; l < LANG_COUNT; l++)
			assert_non_null(strstr(gc.message[l], c.t[out].name));
		if (!strstr(gc.message[LANG_EN], places[p].en) ||
		    !strstr(gc.message[LANG_ZH], places[p].zh))
			fail_msg("where %d: '%s' / '%s'", places[p].where, gc.message[LANG_EN],
				 gc.message[LANG_ZH]);
		checks_case_free(&c);
	}
}

/* }==== */

/* {==== A changed input shows digits that differ ==== */

/* The verdict on case 0 of exercise ex's check k when the learner's code changed element 1
 * (0 of a single value) of input `name` (the first input when NULL) to the next double up;
 * the input's values before and after in *was and *now. */
static void changed_input(const char *ex_name, int k, const char *name, GradeCheck *gc,
			  double *was, double *now)
{
	const CkExercise *ex = checks_find(ex_name);
	assert_non_null(ex);
	const CkCheck *check = &ex->checks[k];
	CkCase c;
	assert_int_equal(checks_case_make(check, 7, 0, &c), ST_OK);
	int in = -1;
	for (int i = 0; i < c.n && in < 0; i++)
		if (c.t[i].role == CK_IN && (!name || strcmp(c.t[i].name, name) == 0))
			in = i;
	assert_true(in >= 0);
	double *want[CK_MAX_TENSORS];
	assert_int_equal(checks_want(check, &c, want), ST_OK);
	const double *got[CK_MAX_TENSORS] = { 0 };
	double *copies[CK_MAX_TENSORS] = { 0 };
	for (int i = 0; i < c.n; i++) {
		if (c.t[i].role == CK_AUX)
			continue;
		size_t n = (size_t)c.t[i].rows * (size_t)c.t[i].cols + 2 * CK_GUARD;
		copies[i] = malloc(n * sizeof(double));
		memcpy(copies[i], c.t[i].mem, n * sizeof(double));
		got[i] = copies[i];
	}
	/* the smallest change there is: the next double up */
	int at = c.t[in].rows * c.t[in].cols > 1; /* element 1, or 0 of a single value */
	*was = c.t[in].start[at];
	*now = nextafter(*was, INFINITY);
	copies[in][CK_GUARD + at] = *now;
	memset(gc, 0, sizeof *gc);
	Verdict v;
	assert_int_equal(verdict_case(check, &c, got, want, &v, gc), 0);
	grade_report_verdict(check, &c, &v, gc);
	assert_int_equal(gc->problem, GRADE_INPUT_CHANGED);
	for (int i = 0; i < c.n; i++)
		free(copies[i]);
	checks_want_free(want);
	checks_case_free(&c);
}

static void test_changed_input_digits(void **state)
{
	(void)state;
	GradeCheck gc;
	double was, now;
	changed_input("activations", 0, NULL, &gc, &was, &now);
	for (int zh = 0; zh < 2; zh++) {
		const char *m = gc.message[zh ? LANG_ZH : LANG_EN];
		const char *a = strstr(m, zh ? "原来是 " : " was ");
		const char *b = strstr(m, zh ? "现在是 " : "is now ");
		assert_non_null(a);
		assert_non_null(b);
		a += strlen(zh ? "原来是 " : " was ");
		b += strlen(zh ? "现在是 " : "is now ");
		char *end;
		double shown_was = strtod(a, &end), shown_now = strtod(b, NULL);
		if (shown_was != was || shown_now != now)
			fail_msg("the message shows %.17g and %.17g for %.17g and %.17g: %s", shown_was,
				 shown_now, was, now, m);
	}
}

/* numeric_gradient's own hook adds its advice when x changed, in every language; the
 * advice is that check's, and no other check (nor another input) gives it. */
static void test_changed_input_advice(void **state)
{
	(void)state;
	GradeCheck gc;
	double was, now;
	changed_input("gradcheck", 0, "x", &gc, &was, &now);
	for (int l = 0; l < LANG_COUNT; l++)
		if (!strstr(gc.message[l], grade_msg(l, GM_RESTORE_X)))
			fail_msg("language %d: no advice in '%s'", l, gc.message[l]);
	changed_input("gradcheck", 1, "analytic", &gc, &was, &now);
	for (int l = 0; l < LANG_COUNT; l++)
		assert_null(strstr(gc.message[l], grade_msg(l, GM_RESTORE_X)));
	changed_input("activations", 2, "x", &gc, &was, &now); /* relu_backward: an x too */
	for (int l = 0; l < LANG_COUNT; l++)
		assert_null(strstr(gc.message[l], grade_msg(l, GM_RESTORE_X)));
}

/* }==== */

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escape_rule),
		cmocka_unit_test(test_every_format_stays_valid),
		cmocka_unit_test(test_escaped_once),
		cmocka_unit_test(test_gradebook_rows),
		cmocka_unit_test(test_report_file_names),
		cmocka_unit_test(test_changed_input_digits),
		cmocka_unit_test(test_verdict_facts),
		cmocka_unit_test(test_changed_input_advice),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
