/* test_io: documents (line and column of syntax errors, the size limit, empty input, NUL
 * bytes, text after the value), tensors (every nesting, ragged rows, non-numbers, non-finite
 * and out-of-range numbers, empty arrays, the value limit), flags and class indices, and the
 * writer (round-trip digits, shapes, one row per line); every out-of-memory path. */
#include "test_util.h"

#include "check/io.h"
#include "core/mem.h"

#include <stdlib.h>
#include <string.h>

/* {==== Documents ==== */

static Status parse(const char *text, json_object **out)
{
	return io_parse_json("req.json", text, strlen(text), out);
}

static void expect_parse_error(const char *text, const char *message)
{
	json_object *j = (json_object *)1;
	assert_int_equal(parse(text, &j), ST_EPARSE);
	assert_null(j);
	if (!strstr(status_detail(), message))
		fail_msg("expected '%s' in '%s'", message, status_detail());
}

static void test_syntax_errors_have_line_and_column(void **state)
{
	(void)state;
	expect_parse_error("{\n  \"a\": 1,\n}", "req.json:3:1: unexpected character, found '}'");
	expect_parse_error("{\"a\": [1, 2,, 3]}", "req.json:1:13: unexpected character, found ','");
	expect_parse_error("{\"a\":\n\t\"é\" x}", "req.json:2:6: object value separator ',' expected, found 'x'"); /* é is one column */
	expect_parse_error("{\"a\": [1, 2", "req.json:1:12: unexpected end of input");
	expect_parse_error("", "req.json:1:1: no JSON here: the input is empty");
	expect_parse_error(" \n\t ", "req.json:2:3: no JSON here");
	expect_parse_error("{\"a\": 1} {\"b\": 2}", "req.json:1:10:");
	expect_parse_error("{\"a\": 01}", "req.json:1:");
	/* A NUL byte is refused where it is, not read as the end of the text. */
	json_object *j;
	assert_int_equal(io_parse_json("req.json", "{\"a\":\0 1}", 9, &j), ST_EPARSE);
	assert_non_null(strstr(status_detail(), "req.json:1:6: a NUL byte"));
}

/* Where and why as values, for a state file that names itself in its own words: the line,
 * the column and what is wrong, whole even when the name fills status_detail(). */
static void test_parse_error_values(void **state)
{
	(void)state;
	json_object *j = NULL;
	IoParseError err;
	char buf[700], name[481];
	memset(name, 'n', sizeof name - 1);
	name[sizeof name - 1] = '\0';
	assert_int_equal(io_parse_json_at(name, "{\"a\": 1,\n  \"a\": 2}", 18, &j, &err), ST_EINVAL);
	assert_null(j);
	assert_int_equal(err.line, 2);
	assert_int_equal(err.col, 3);
	assert_string_equal(err.what, "a: a duplicate key (first at line 1, column 2); a key may "
				      "appear only once in an object");
	assert_string_equal(io_parse_words(&err, buf, sizeof buf),
			    "line 2, column 3: a: a duplicate key (first at line 1, column 2); a key "
			    "may appear only once in an object");
	/* the same place as the message gives, for every kind of refusal */
	static const char *const bad[] = { "  ", "[1,\n 2", "{\"a\": tru}", "[1] 2",
					   "{\"x\": \"\\ud800\"}" };
	for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
		assert_int_not_equal(io_parse_json_at("f.json", bad[k], strlen(bad[k]), &j, &err), ST_OK);
		char want[600];
		snprintf(want, sizeof want, "f.json:%d:%d: %s", err.line, err.col, err.what);
		assert_true(err.line > 0 && err.col > 0);
		assert_string_equal(status_detail(), want);
	}
	/* a refusal with no place in the text: its whole message */
	mem_fail_after(0);
	Status st = io_parse_json_at("f.json", "{\"a\": 1}", 8, &j, &err);
	mem_fail_after(-1);
	assert_int_equal(st, ST_ENOMEM);
	assert_int_equal(err.line, 0);
	assert_string_equal(err.what, status_detail());
	assert_string_equal(io_parse_words(&err, buf, sizeof buf), status_detail());
	/* a text that parses leaves no error */
	assert_int_equal(io_parse_json_at("f.json", "[1]", 3, &j, &err), ST_OK);
	json_object_put(j);
}

static void test_good_documents(void **state)
{
	(void)state;
	json_object *j;
	assert_int_equal(parse("\xEF\xBB\xBF{\"a\": [1, 2.5]}\n\n", &j), ST_OK);
	assert_true(json_object_is_type(j, json_type_object));
	json_object_put(j);
	assert_int_equal(parse("[1]", &j), ST_OK); /* any value; the caller wants an object */
	json_object_put(j);
}

static void test_read_files(void **state)
{
	(void)state;
	json_object *j = (json_object *)1;
	assert_int_equal(io_read_json("/nonexistent/req.json", stdin, &j), ST_EIO);
	assert_null(j);
	assert_string_equal(status_detail(), "cannot open /nonexistent/req.json: No such file or directory");

	char text[] = "{\"x\": [1,\n 2]}";
	FILE *f = fmemopen(text, strlen(text), "r");
	assert_int_equal(io_read_json("-", f, &j), ST_OK);
	fclose(f);
	json_object_put(j);

	char bad[] = "{\"x\": [1,\n 2}";
	f = fmemopen(bad, strlen(bad), "r");
	assert_int_equal(io_read_json("-", f, &j), ST_EPARSE);
	fclose(f);
	assert_string_equal(status_detail(), "<stdin>:2:3: array value separator ',' expected, found '}'");
}

/* One byte over the limit is refused, without parsing a thing. */
static void test_size_limit(void **state)
{
	(void)state;
	size_t n = IO_MAX_BYTES + 1;
	char *big = malloc(n);
	memset(big, ' ', n);
	big[0] = '1';
	FILE *f = fmemopen(big, n, "r");
	json_object *j;
	assert_int_equal(io_read_json("-", f, &j), ST_ELIMIT);
	fclose(f);
	assert_non_null(strstr(status_detail(), "<stdin> is larger than 16 MiB"));
	/* exactly at the limit is read */
	f = fmemopen(big, n - 1, "r");
	assert_int_equal(io_read_json("-", f, &j), ST_OK);
	fclose(f);
	json_object_put(j);
	free(big);
}

/* Commas outside strings count values before json-c makes an object of each. */
static void test_document_value_limit(void **state)
{
	(void)state;
	size_t n = 2 * (size_t)IO_MAX_DOC_VALUES + 64;
	char *text = malloc(n + 1);
	size_t len = 0;
	len += (size_t)sprintf(text, "{\"s\": \",,,\", \"x\": [0");
	for (int i = 1; i < IO_MAX_DOC_VALUES - 1; i++) {
		text[len++] = ',';
		text[len++] = '0';
	}
	strcpy(text + len, "]}");
	len += 2;
	json_object *j;
	assert_int_equal(io_parse_json("big.json", text, len, &j), ST_OK); /* at the limit */
	json_object_put(j);
	memcpy(text + len - 2, ",0]}", 5);
	len += 2;
	assert_int_equal(io_parse_json("big.json", text, len, &j), ST_ELIMIT);
	assert_non_null(strstr(status_detail(), "big.json:1:"));
	assert_non_null(strstr(status_detail(), "more than 1100000 values in one document"));
	free(text);
}

/* }==== */

/* {==== What json-c lets through ==== */

/* text is refused by io_parse_json with code, and the message is exactly message. */
static void expect_refused(const char *text, size_t len, Status code, const char *message)
{
	json_object *j = (json_object *)1;
	Status st = io_parse_json("req.json", text, len, &j);
	if (st != code)
		fail_msg("'%s': expected status %d, got %d (%s)", text, code, st, status_detail());
	assert_null(j);
	if (strcmp(status_detail(), message) != 0)
		fail_msg("expected '%s', got '%s'", message, status_detail());
	for (const char *d = status_detail(); *d; d++)
		if ((unsigned char)*d < 0x20 || *d == 0x7f)
			fail_msg("a raw control byte 0x%02x in '%s'", *d, status_detail());
}

#define REFUSED(text, code, message) expect_refused(text, sizeof text - 1, code, message)

static void test_refuses_what_json_c_lets_through(void **state)
{
	(void)state;
	/* json-c keeps the last of two keys; "x" and "\u0078" are the same key. */
	REFUSED("{\"a\": 1, \"a\": 2}", ST_EINVAL,
		"req.json:1:10: a: a duplicate key (first at line 1, column 2); a key may appear only once in an object");
	REFUSED("{\"in\": {\"x\": [1],\n \"\\u0078\": [2]}}", ST_EINVAL,
		"req.json:2:2: in.x: a duplicate key (first at line 1, column 9); a key may appear only once in an object");
	/* json-c cuts a key at \u0000 and would read "tanh\u0000x" as tanh. */
	REFUSED("{\"m\": \"tanh\\u0000x\"}", ST_EINVAL,
		"req.json:1:12: m: a string holds \\u0000 (a NUL character), which gradlab does not take");
	REFUSED("{\"a\": {\"x\\u0000y\": 1}}", ST_EINVAL,
		"req.json:1:10: a: a key holds \\u0000 (a NUL character), which gradlab does not take");
	/* Numbers outside RFC 8259's grammar that json-c takes. */
	REFUSED("{\"x\": [1, [2, 5.]]}", ST_EPARSE,
		"req.json:1:15: x[1][1]: 5. is not a JSON number: a digit must follow the decimal point");
	REFUSED("[5.e3]", ST_EPARSE, "req.json:1:2: [0]: 5.e3 is not a JSON number: a digit must follow the decimal point");
	REFUSED("-01", ST_EPARSE, "req.json:1:1: the top level: -01 is not a JSON number: a leading zero");
	/* Integers json-c would saturate. */
	REFUSED("{\"t\": [0, -9223372036854775809]}", ST_ERANGE,
		"req.json:1:11: t[1]: the integer -9223372036854775809 is outside the 64-bit range -9223372036854775808..9223372036854775807 (write a larger number with an exponent, e.g. 1e20)");
	REFUSED("[9223372036854775808]", ST_ERANGE,
		"req.json:1:2: [0]: the integer 9223372036854775808 is outside the 64-bit range -9223372036854775808..9223372036854775807 (write a larger number with an exponent, e.g. 1e20)");
	REFUSED("[123456789012345678901234567890123456789012345678901234567890]", ST_ERANGE,
		"req.json:1:2: [0]: the integer 1234567890123456789012345678901234567890... is outside the 64-bit range -9223372036854775808..9223372036854775807 (write a larger number with an exponent, e.g. 1e20)");
	/* Raw control characters and bytes that are not UTF-8, quoted escaped. */
	REFUSED("{\"m\": \"a\nb\"}", ST_EPARSE,
		"req.json:1:9: m: a control character (U+000A) written raw in a string; JSON needs it escaped as \\u000A");
	REFUSED("{\"m\": \"\x1b[2J\"}", ST_EPARSE,
		"req.json:1:8: m: a control character (U+001B) written raw in a string; JSON needs it escaped as \\u001B");
	REFUSED("{\"m\": \"ta\xffnh\"}", ST_EPARSE, "req.json:1:10: m: byte \\xFF in a string is not UTF-8 (JSON text must be UTF-8)");
	REFUSED("{\"m\": \"\xc0\x80\"}", ST_EPARSE, "req.json:1:8: m: byte \\xC0 in a string is not UTF-8 (JSON text must be UTF-8)");
	REFUSED("{\"m\": \"\xed\xa0\x80\"}", ST_EPARSE, "req.json:1:8: m: byte \\xED in a string is not UTF-8 (JSON text must be UTF-8)");
	REFUSED("{\"a\": 1, \"\xf4\x90\x80\x80\": 1}", ST_EPARSE,
		"req.json:1:11: the top level: byte \\xF4 in a key is not UTF-8 (JSON text must be UTF-8)");
	REFUSED("[\"\\ud800\"]", ST_EPARSE,
		"req.json:1:3: [0]: \\uD800 in a string is a high surrogate not followed by a low one (\\uDC00..\\uDFFF)");
	REFUSED("[\"\\udc00\"]", ST_EPARSE, "req.json:1:3: [0]: \\uDC00 in a string is a lone low surrogate, not a character");
	/* A key in the path is quoted escaped too. */
	REFUSED("{\"a\\u001b[31m\\n\": [1.]}", ST_EPARSE,
		"req.json:1:20: a\\x1B[31m\\x0A[0]: 1. is not a JSON number: a digit must follow the decimal point");
	/* Nesting: json-c's depth limit, named. */
	char deep[80];
	memset(deep, '[', 40);
	memset(deep + 40, ']', 40);
	expect_refused(deep, sizeof deep, ST_EPARSE, "req.json:1:33: arrays and objects nest more than 32 deep, the limit");
}

static void test_accepts_what_json_is(void **state)
{
	(void)state;
	json_object *j = (json_object *)1;
	/* A whole document of null is a null value, not a syntax error. */
	assert_int_equal(parse(" null ", &j), ST_OK);
	assert_null(j);
	assert_int_equal(parse("[-9223372036854775808, 9223372036854775807, -0, 0.5e-3, 1E+2, \"\\ud83d\\ude00\", \"é\\u00e9\"]", &j), ST_OK);
	assert_true(json_object_get_int64(json_object_array_get_idx(j, 0)) == INT64_MIN);
	assert_true(json_object_get_int64(json_object_array_get_idx(j, 1)) == INT64_MAX);
	assert_string_equal(json_object_get_string(json_object_array_get_idx(j, 5)), "\xF0\x9F\x98\x80");
	json_object_put(j);
	/* The same key in two objects is no duplicate; equal-looking keys that differ are not. */
	assert_int_equal(parse("{\"a\": {\"a\": 1, \"b\": {\"a\": 2}}, \"b\": [{\"a\": 1}, {\"a\": 2}], \"\\u00e9\": 1, \"e\": 2}", &j), ST_OK);
	json_object_put(j);
	/* 31 levels and a value inside: within json-c's depth. */
	char deep[64];
	memset(deep, '[', 31);
	deep[31] = '1';
	memset(deep + 32, ']', 31);
	assert_int_equal(io_parse_json("req.json", deep, 63, &j), ST_OK);
	json_object_put(j);
	/* A bare number at the very end of a buffer with no NUL after it. */
	char five[2] = { '5', '0' };
	assert_int_equal(io_parse_json("req.json", five, 1, &j), ST_OK);
	assert_int_equal(json_object_get_int(j), 5);
	json_object_put(j);
}

/* Many keys in one object: the duplicate is found by hashing, at the second occurrence. */
static void test_duplicate_among_many_keys(void **state)
{
	(void)state;
	size_t cap = 2000000, n = 0;
	char *text = malloc(cap);
	n += (size_t)sprintf(text + n, "{");
	for (int k = 0; k < 100000; k++)
		n += (size_t)sprintf(text + n, "\"k%d\": %d, ", k, k);
	json_object *j;
	strcpy(text + n, "\"end\": 0}");
	assert_int_equal(io_parse_json("keys.json", text, strlen(text), &j), ST_OK);
	json_object_put(j);
	strcpy(text + n, "\"k77777\": 0}");
	assert_int_equal(io_parse_json("keys.json", text, strlen(text), &j), ST_EINVAL);
	assert_non_null(strstr(status_detail(), ": k77777: a duplicate key (first at line 1, column "));
	free(text);
}

static void test_quote(void **state)
{
	(void)state;
	char buf[64];
	assert_string_equal(io_quote(buf, sizeof buf, "tanh", 32), "tanh");
	assert_string_equal(io_quote(buf, sizeof buf, "a\nb\x1b[1m\x7f\\", 32), "a\\x0Ab\\x1B[1m\\x7F\\");
	assert_string_equal(io_quote(buf, sizeof buf, "\xc2\x9b" "x\xff" "\xe2\x80\xa8", 32), "\\u009Bx\\xFF\\u2028");
	assert_string_equal(io_quote(buf, sizeof buf, "\xe4\xb8\xad\xe6\x96\x87\xef\xbf\xbd", 32), "\xe4\xb8\xad\xe6\x96\x87\xef\xbf\xbd");
	assert_string_equal(io_quote(buf, sizeof buf, "abcdefgh", 3), "abc...");
	/* Cut when the buffer is full, never in the middle of an escape. */
	char small[12];
	assert_string_equal(io_quote(small, sizeof small, "\x01\x02\x03", 32), "\\x01...");
}

/* }==== */

/* {==== Tensors ==== */

static Status tensor(const char *text, IoShape *s, Mat **m)
{
	json_object *j;
	assert_int_equal(parse(text, &j), ST_OK);
	Status st = io_tensor_from_json(j, "inputs.x", s, m);
	json_object_put(j);
	return st;
}

static void expect_tensor_error(const char *text, Status code, const char *message)
{
	IoShape s;
	Mat *m = (Mat *)1;
	assert_int_equal(tensor(text, &s, &m), code);
	assert_null(m);
	if (strcmp(status_detail(), message) != 0)
		fail_msg("expected '%s', got '%s'", message, status_detail());
}

static void test_tensor_shapes(void **state)
{
	(void)state;
	IoShape s;
	Mat *m;
	assert_int_equal(tensor("2.5", &s, &m), ST_OK);
	assert_int_equal(s.ndim, 0);
	assert_int_equal(m->rows, 1);
	assert_true(m->data[0] == 2.5);
	mat_free(m);

	assert_int_equal(tensor("[1, 2, 3]", &s, &m), ST_OK);
	assert_int_equal(s.ndim, 1);
	assert_int_equal(s.dim[0], 3);
	assert_int_equal(m->rows, 1);
	assert_int_equal(m->cols, 3);
	mat_free(m);

	assert_int_equal(tensor("[[1, 2, 3], [4, 5, 6]]", &s, &m), ST_OK);
	assert_int_equal(s.ndim, 2);
	assert_int_equal(m->rows, 2);
	assert_int_equal(m->cols, 3);
	assert_true(MAT_AT(m, 1, 0) == 4);
	mat_free(m);

	/* T x B x I: row t*B + b */
	assert_int_equal(tensor("[[[1, 2], [3, 4], [5, 6]], [[7, 8], [9, 10], [11, 12]]]", &s, &m), ST_OK);
	assert_int_equal(s.ndim, 3);
	assert_int_equal(s.dim[0], 2);
	assert_int_equal(s.dim[1], 3);
	assert_int_equal(s.dim[2], 2);
	assert_int_equal(m->rows, 6);
	assert_int_equal(m->cols, 2);
	for (int i = 0; i < 12; i++)
		assert_true(m->data[i] == i + 1);
	mat_free(m);

	/* N x C x H x W = 2x1x2x3: rows n*C*H + c*H + h, the JSON order */
	assert_int_equal(tensor("[[[[1, 2, 3], [4, 5, 6]]], [[[7, 8, 9], [10, 11, 12]]]]", &s, &m), ST_OK);
	assert_int_equal(s.ndim, 4);
	assert_int_equal(s.dim[3], 3);
	assert_int_equal(m->rows, 4);
	assert_int_equal(m->cols, 3);
	for (int i = 0; i < 12; i++)
		assert_true(m->data[i] == i + 1);
	json_object *back = io_tensor_to_json(m, &s);
	assert_string_equal(json_object_to_json_string_ext(back, JSON_C_TO_STRING_PLAIN),
			    "[[[[1,2,3],[4,5,6]]],[[[7,8,9],[10,11,12]]]]");
	json_object_put(back);
	mat_free(m);

	/* rank 6, the deepest */
	assert_int_equal(tensor("[[[[[[1, 2]]], [[[3, 4]]]]]]", &s, &m), ST_OK);
	assert_int_equal(s.ndim, 6);
	assert_int_equal(m->rows, 2);
	assert_int_equal(m->cols, 2);
	assert_true(m->data[3] == 4);
	mat_free(m);

	/* exactly what was written: 0.1 is the double nearest 0.1, -0 keeps its sign */
	assert_int_equal(tensor("[0.1, -0.0, 1e-300, 123456789012345678]", &s, &m), ST_OK);
	assert_true(m->data[0] == 0.1);
	assert_true(m->data[1] == 0.0 && signbit(m->data[1]));
	assert_true(m->data[2] == 1e-300);
	assert_true(m->data[3] == 123456789012345678.0);
	mat_free(m);
}

static void test_tensor_errors_name_the_element(void **state)
{
	(void)state;
	expect_tensor_error("[[1, 2], [3]]", ST_ESHAPE,
			    "inputs.x[1] has 1 entry, but inputs.x[0] has 2: every row must be as long as the first");
	expect_tensor_error("[[1, 2], 3]", ST_ESHAPE,
			    "inputs.x[1]: expected an array of 2, as inputs.x[0] is, got a number");
	expect_tensor_error("[[1, [2]], [3, 4]]", ST_ESHAPE,
			    "inputs.x[0][1]: expected a number, got an array (the rows nest unevenly)");
	expect_tensor_error("[[1, 2], [3, \"4\"]]", ST_EINVAL, "inputs.x[1][1]: expected a number, got a string");
	expect_tensor_error("[[1, 2], [3, null]]", ST_EINVAL, "inputs.x[1][1]: expected a number, got null");
	expect_tensor_error("[true]", ST_EINVAL, "inputs.x[0]: expected a number, got true");
	expect_tensor_error("{\"a\": 1}", ST_EINVAL, "inputs.x: expected a number, got an object");
	expect_tensor_error("[1, NaN]", ST_ENONFINITE, "inputs.x[1]: NaN is not a finite number");
	expect_tensor_error("[1, -Infinity]", ST_ENONFINITE, "inputs.x[1]: -Infinity is not a finite number");
	expect_tensor_error("[[1e999]]", ST_ENONFINITE, "inputs.x[0][0]: 1e999 is not a finite number");
	/* The two ends of the 64-bit range are numbers like any other. */
	IoShape s;
	Mat *m;
	assert_int_equal(tensor("[-9223372036854775808, 9223372036854775807]", &s, &m), ST_OK);
	assert_true(m->data[0] == -9223372036854775808.0 && m->data[1] == 9223372036854775807.0);
	mat_free(m);
	expect_tensor_error("[]", ST_ESHAPE, "inputs.x: an empty array; a tensor needs at least one number");
	expect_tensor_error("[[], []]", ST_ESHAPE, "inputs.x[0]: an empty array; a tensor needs at least one number");
	expect_tensor_error("[[[[[[[1]]]]]]]", ST_EINVAL,
			    "inputs.x[0][0][0][0][0][0]: arrays nest deeper than 6 levels");
	expect_tensor_error("[[[[1, 2]], [[3]]]]", ST_ESHAPE,
			    "inputs.x[0][1][0] has 1 entry, but inputs.x[0][0][0] has 2: every row must be as long as the first");
}

static void test_value_limit(void **state)
{
	(void)state;
	/* 501 x 1000 numbers: one row over the limit */
	json_object *row = json_object_new_array();
	for (int i = 0; i < 1000; i++)
		json_object_array_add(row, json_object_new_int(i));
	json_object *big = json_object_new_array();
	for (int i = 0; i < 501; i++)
		json_object_array_add(big, json_object_get(row));
	IoShape s;
	Mat *m;
	assert_int_equal(io_tensor_from_json(big, "inputs.x", &s, &m), ST_ELIMIT);
	assert_string_equal(status_detail(), "inputs.x: 501x1000 is 501000 numbers; the limit is 500000 in one tensor");
	json_object_array_del_idx(big, 0, 1);
	assert_int_equal(io_tensor_from_json(big, "inputs.x", &s, &m), ST_OK);
	assert_int_equal(m->rows, 500);
	assert_true(MAT_AT(m, 499, 999) == 999);
	mat_free(m);
	json_object_put(big);
	json_object_put(row);
}

static void test_ints_and_flags(void **state)
{
	(void)state;
	json_object *j;
	IoShape s;
	int *v;
	assert_int_equal(parse("[0, 2, 1.0, 4]", &j), ST_OK);
	assert_int_equal(io_ints_from_json(j, "inputs.target", 0, 0, 4, &s, &v), ST_OK);
	assert_int_equal(s.ndim, 1);
	assert_int_equal(v[1], 2);
	assert_int_equal(v[2], 1);
	mem_free(v);
	assert_int_equal(io_ints_from_json(j, "inputs.target", 0, 0, 3, &s, &v), ST_ERANGE);
	assert_string_equal(status_detail(), "inputs.target[3]: 4 is outside 0..3");
	json_object_put(j);

	assert_int_equal(parse("[0, 2.5]", &j), ST_OK);
	assert_int_equal(io_ints_from_json(j, "inputs.target", 0, 0, 4, &s, &v), ST_EINVAL);
	assert_string_equal(status_detail(), "inputs.target[1]: expected a whole number, got 2.5");
	json_object_put(j);

	assert_int_equal(parse("[[0, 1]]", &j), ST_OK);
	assert_int_equal(io_ints_from_json(j, "inputs.target", 0, 0, 4, &s, &v), ST_ESHAPE);
	assert_string_equal(status_detail(), "inputs.target must be a number or a flat array, got an array of rows 1x2");
	json_object_put(j);

	assert_int_equal(parse("[1, true, 0, false]", &j), ST_OK);
	assert_int_equal(io_ints_from_json(j, "inputs.mask", 1, 0, 1, &s, &v), ST_OK);
	assert_true(v[0] == 1 && v[1] == 1 && v[2] == 0 && v[3] == 0);
	mem_free(v);
	json_object_put(j);

	assert_int_equal(parse("[1, 2]", &j), ST_OK);
	assert_int_equal(io_ints_from_json(j, "inputs.mask", 1, 0, 1, &s, &v), ST_EINVAL);
	assert_string_equal(status_detail(), "inputs.mask[1]: expected true, false, 0 or 1, got 2");
	json_object_put(j);

	assert_int_equal(parse("3", &j), ST_OK);
	assert_int_equal(io_ints_from_json(j, "inputs.target", 0, 0, 4, &s, &v), ST_OK);
	assert_int_equal(s.ndim, 0);
	assert_int_equal(v[0], 3);
	mem_free(v);
	json_object_put(j);
}

static void test_check_object(void **state)
{
	(void)state;
	static const char *const known[] = { "x", "h0", NULL };
	static const char *const none[] = { NULL };
	json_object *j;
	assert_int_equal(parse("{\"x\": 1, \"h0\": 2}", &j), ST_OK);
	assert_int_equal(io_check_object(j, "inputs", known), ST_OK);
	json_object_put(j);
	assert_int_equal(parse("{\"x\": 1, \"h_0\": 2}", &j), ST_OK);
	assert_int_equal(io_check_object(j, "inputs", known), ST_EINVAL);
	assert_string_equal(status_detail(), "inputs: unknown key 'h_0' (known: x, h0)");
	assert_int_equal(io_check_object(j, "params", none), ST_EINVAL);
	assert_string_equal(status_detail(), "params: unknown key 'x' (none are taken here)");
	json_object_put(j);
	assert_int_equal(parse("[1]", &j), ST_OK);
	assert_int_equal(io_check_object(j, "inputs", known), ST_EINVAL);
	assert_string_equal(status_detail(), "inputs must be an object {...}, got an array");
	json_object_put(j);
}

/* }==== */

/* {==== Writing ==== */

static void test_numbers_round_trip(void **state)
{
	(void)state;
	const double xs[] = { 0.1, 1.0 / 3.0, 0.25, -2.0, 1e-300, 4.9e-324, 1.7976931348623157e308,
			      0.30000000000000004, 123456789.0, -0.0 };
	for (size_t i = 0; i < sizeof xs / sizeof xs[0]; i++) {
		json_object *j = io_number(xs[i]);
		const char *text = json_object_to_json_string_ext(j, JSON_C_TO_STRING_PLAIN);
		double back = strtod(text, NULL);
		if (memcmp(&back, &xs[i], sizeof back) != 0)
			fail_msg("%.17g was written as %s", xs[i], text);
		json_object_put(j);
	}
	json_object *j = io_number(0.1);
	assert_string_equal(json_object_to_json_string_ext(j, JSON_C_TO_STRING_PLAIN), "0.1");
	json_object_put(j);
	assert_null(io_number(NAN));
	assert_null(io_number(INFINITY));
}

static char *written(json_object *j)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_int_equal(io_write_json(f, j), ST_OK);
	fclose(f);
	return buf;
}

static void test_write_layout(void **state)
{
	(void)state;
	Mat *m = mat_new(2, 3);
	for (int i = 0; i < 6; i++)
		m->data[i] = i * 0.5;
	json_object *root = json_object_new_object();
	json_object_object_add(root, "w", io_tensor_to_json(m, &(IoShape){ 2, { 2, 3, 0 } }));
	json_object_object_add(root, "v", io_tensor_to_json(m, &(IoShape){ 1, { 6, 0, 0 } }));
	json_object_object_add(root, "t", io_tensor_to_json(m, &(IoShape){ 3, { 3, 1, 2 } }));
	json_object_object_add(root, "e", json_object_new_object());
	char *text = written(root);
	assert_string_equal(text, "{\n"
				  "  \"w\": [\n"
				  "    [0, 0.5, 1],\n"
				  "    [1.5, 2, 2.5]\n"
				  "  ],\n"
				  "  \"v\": [0, 0.5, 1, 1.5, 2, 2.5],\n"
				  "  \"t\": [\n"
				  "    [\n"
				  "      [0, 0.5]\n"
				  "    ],\n"
				  "    [\n"
				  "      [1, 1.5]\n"
				  "    ],\n"
				  "    [\n"
				  "      [2, 2.5]\n"
				  "    ]\n"
				  "  ],\n"
				  "  \"e\": {}\n"
				  "}\n");
	free(text);
	/* and it reads back as the same numbers */
	json_object *back;
	text = written(root);
	assert_int_equal(parse(text, &back), ST_OK);
	IoShape s;
	Mat *m2;
	assert_int_equal(io_tensor_from_json(json_object_object_get(back, "t"), "t", &s, &m2), ST_OK);
	for (int i = 0; i < 6; i++)
		assert_true(m2->data[i] == m->data[i]);
	mat_free(m2);
	json_object_put(back);
	free(text);
	json_object_put(root);

	assert_null(io_tensor_to_json(m, &(IoShape){ 1, { 5, 0, 0 } })); /* size disagrees */
	m->data[4] = NAN;
	assert_null(io_tensor_to_json(m, &(IoShape){ 1, { 6, 0, 0 } }));
	mat_free(m);
}

static void test_shape_strings(void **state)
{
	(void)state;
	char buf[48];
	assert_string_equal(io_shape_str(&(IoShape){ 0, { 0 } }, buf, sizeof buf), "a number");
	assert_string_equal(io_shape_str(&(IoShape){ 1, { 16, 0, 0 } }, buf, sizeof buf), "a vector of 16");
	assert_string_equal(io_shape_str(&(IoShape){ 2, { 16, 4, 0 } }, buf, sizeof buf), "16x4");
	assert_string_equal(io_shape_str(&(IoShape){ 3, { 5, 2, 3 } }, buf, sizeof buf), "5x2x3");
	assert_string_equal(io_shape_str(&(IoShape){ 4, { 2, 3, 4, 5 } }, buf, sizeof buf), "2x3x4x5");
	/* the longest a tensor within the limits can write fits the 48 bytes callers give */
	char small[48];
	assert_string_equal(io_shape_str(&(IoShape){ 6, { 1, 1, 1, 1, 1, 500000 } }, small, sizeof small),
			    "1x1x1x1x1x500000");
	int rows, cols;
	io_shape_mat(&(IoShape){ 4, { 2, 3, 4, 5 } }, &rows, &cols);
	assert_int_equal(rows, 24);
	assert_int_equal(cols, 5);
	io_shape_mat(&(IoShape){ 1, { 7 } }, &rows, &cols);
	assert_int_equal(rows, 1);
	assert_int_equal(cols, 7);
}

/* }==== */

/* Every heap allocation io makes can fail: each failure is ST_ENOMEM, never a crash. */
static void test_out_of_memory(void **state)
{
	(void)state;
	char text[] = "{\"x\": [[1, 2], [3, 4]]}";
	for (long n = 0;; n++) {
		FILE *f = fmemopen(text, strlen(text), "r");
		json_object *j;
		mem_fail_after(n);
		Status st = io_read_json("-", f, &j);
		mem_fail_after(-1);
		fclose(f);
		if (st == ST_OK) {
			IoShape s;
			Mat *m = NULL;
			for (long k = 0;; k++) {
				mem_fail_after(k);
				Status st2 = io_tensor_from_json(json_object_object_get(j, "x"), "x", &s, &m);
				mem_fail_after(-1);
				if (st2 == ST_OK)
					break;
				assert_int_equal(st2, ST_ENOMEM);
			}
			mat_free(m);
			json_object_put(j);
			break;
		}
		assert_int_equal(st, ST_ENOMEM);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_syntax_errors_have_line_and_column),
		cmocka_unit_test(test_parse_error_values),
		cmocka_unit_test(test_good_documents),
		cmocka_unit_test(test_read_files),
		cmocka_unit_test(test_size_limit),
		cmocka_unit_test(test_document_value_limit),
		cmocka_unit_test(test_refuses_what_json_c_lets_through),
		cmocka_unit_test(test_accepts_what_json_is),
		cmocka_unit_test(test_duplicate_among_many_keys),
		cmocka_unit_test(test_quote),
		cmocka_unit_test(test_tensor_shapes),
		cmocka_unit_test(test_tensor_errors_name_the_element),
		cmocka_unit_test(test_value_limit),
		cmocka_unit_test(test_ints_and_flags),
		cmocka_unit_test(test_check_object),
		cmocka_unit_test(test_numbers_round_trip),
		cmocka_unit_test(test_write_layout),
		cmocka_unit_test(test_shape_strings),
		cmocka_unit_test(test_out_of_memory),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
