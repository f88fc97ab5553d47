/* io: reading documents with positions in their errors, JSON <-> Mat with paths in theirs,
 * and a writer that keeps a matrix row on one line. */
#include "check/io.h"

#include "core/mem.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <string.h>

/* {==== Documents ==== */

/* The whole stream, at most IO_MAX_BYTES; *text is NUL-terminated (mem_free). */
static Status read_all(FILE *f, const char *name, char **text, size_t *len)
{
	size_t cap = 1 << 16, n = 0;
	char *buf = mem_alloc(cap);
	if (!buf)
		return status_fail(ST_ENOMEM, "out of memory reading %s", name);
	for (;;) {
		if (n > IO_MAX_BYTES) {
			mem_free(buf);
			return status_fail(ST_ELIMIT, "%s is larger than %u MiB, the limit for one document",
					   name, IO_MAX_BYTES >> 20);
		}
		if (n + 1 >= cap) {
			char *bigger = mem_realloc(buf, 2 * cap);
			if (!bigger) {
				mem_free(buf);
				return status_fail(ST_ENOMEM, "out of memory reading %s", name);
			}
			buf = bigger;
			cap *= 2;
		}
		size_t got = fread(buf + n, 1, cap - 1 - n, f);
		n += got;
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		int e = errno;
		mem_free(buf);
		return status_fail(ST_EIO, "cannot read %s: %s", name, e ? strerror(e) : "read error");
	}
	buf[n] = '\0';
	*text = buf;
	*len = n;
	return ST_OK;
}

Status io_read_json(const char *path, FILE *in, json_object **out)
{
	*out = NULL;
	int use_stdin = strcmp(path, "-") == 0;
	const char *name = use_stdin ? "<stdin>" : path;
	FILE *f = use_stdin ? in : fopen(path, "rb");
	if (!f)
		return status_fail(ST_EIO, "cannot open %s: %s", name, strerror(errno));
	char *text = NULL;
	size_t len = 0;
	errno = 0;
	Status st = read_all(f, name, &text, &len);
	if (!use_stdin)
		fclose(f);
	if (st == ST_OK)
		st = io_parse_json(name, text, len, out);
	mem_free(text);
	return st;
}

/* Line and column (from 1; columns count UTF-8 characters) of byte offset off. */
static void position(const char *text, size_t off, int *line, int *col)
{
	*line = 1;
	*col = 1;
	for (size_t i = 0; i < off; i++) {
		unsigned char c = (unsigned char)text[i];
		if (c == '\n') {
			++*line;
			*col = 1;
		} else if ((c & 0xC0) != 0x80) {
			++*col;
		}
	}
}

static Status parse_error(const char *name, const char *text, size_t off, const char *what)
{
	int line, col;
	position(text, off, &line, &col);
	return status_fail(ST_EPARSE, "%s:%d:%d: %s", name, line, col, what);
}

Status io_parse_json(const char *name, const char *text, size_t len, json_object **out)
{
	*out = NULL;
	size_t start = 0;
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		start = 3; /* a byte-order mark some editors write */
	size_t end = start;
	while (end < len && strchr(" \t\r\n", text[end]) && text[end])
		end++;
	if (end == len)
		return parse_error(name, text, end, "no JSON here: the input is empty");
	/* json-c reads a NUL byte as the end of the text; refuse it by name instead. */
	const char *nul = memchr(text, '\0', len);
	if (nul)
		return parse_error(name, text, (size_t)(nul - text), "a NUL byte, which JSON text cannot contain");
	/* Values are separated by commas outside strings: count them before json-c builds an
	 * object for each. */
	size_t values = 1;
	for (size_t i = start, in_string = 0; i < len; i++) {
		if (in_string && text[i] == '\\')
			i++;
		else if (text[i] == '"')
			in_string = !in_string;
		else if (!in_string && text[i] == ',' && ++values > IO_MAX_DOC_VALUES) {
			int line, col;
			position(text, i, &line, &col);
			return status_fail(ST_ELIMIT, "%s:%d:%d: more than %d values in one document, the limit",
					   name, line, col, IO_MAX_DOC_VALUES);
		}
	}
	json_tokener *tok = json_tokener_new();
	if (!tok)
		return status_fail(ST_ENOMEM, "out of memory parsing %s", name);
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
	json_object *j = json_tokener_parse_ex(tok, text + start, (int)(len - start));
	enum json_tokener_error e = json_tokener_get_error(tok);
	size_t stop = start + json_tokener_get_parse_end(tok);
	if (e == json_tokener_continue) {
		/* A bare number may go on in the next chunk: a space tells the tokener it ended. */
		j = json_tokener_parse_ex(tok, " ", 1);
		e = json_tokener_get_error(tok);
		stop = len;
	}
	json_tokener_free(tok);
	if (e == json_tokener_continue || (!j && e == json_tokener_success)) {
		json_object_put(j);
		return parse_error(name, text, len, "unexpected end of input: an object, array or string is not closed");
	}
	if (e != json_tokener_success) {
		char what[128];
		unsigned char c = stop < len ? (unsigned char)text[stop] : 0;
		if (c >= 0x20 && c < 0x7F)
			snprintf(what, sizeof what, "%s, found '%c'", json_tokener_error_desc(e), c);
		else
			snprintf(what, sizeof what, "%s", json_tokener_error_desc(e));
		return parse_error(name, text, stop, what);
	}
	for (size_t i = stop; i < len; i++)
		if (!strchr(" \t\r\n", text[i])) {
			json_object_put(j);
			return parse_error(name, text, i, "more text after the end of the JSON value");
		}
	*out = j;
	return ST_OK;
}

/* }==== */

/* {==== Reading values ==== */

const char *io_type_name(json_object *j)
{
	switch (json_object_get_type(j)) {
	case json_type_null: return "null";
	case json_type_boolean: return json_object_get_boolean(j) ? "true" : "false";
	case json_type_double:
	case json_type_int: return "a number";
	case json_type_object: return "an object";
	case json_type_array: return "an array";
	case json_type_string: return "a string";
	default: return "something else";
	}
}

Status io_check_object(json_object *j, const char *path, const char *const *known)
{
	if (!json_object_is_type(j, json_type_object))
		return status_fail(ST_EINVAL, "%s must be an object {...}, got %s", path, io_type_name(j));
	json_object_object_foreach(j, key, val) {
		(void)val;
		int ok = 0;
		for (int i = 0; known[i]; i++)
			ok |= strcmp(key, known[i]) == 0;
		if (ok)
			continue;
		char list[256] = "";
		for (int i = 0; known[i]; i++) {
			size_t n = strlen(list);
			snprintf(list + n, sizeof list - n, "%s%s", i ? ", " : "", known[i]);
		}
		if (!known[0])
			return status_fail(ST_EINVAL, "%s: unknown key '%s' (none are taken here)", path, key);
		return status_fail(ST_EINVAL, "%s: unknown key '%s' (known: %s)", path, key, list);
	}
	return ST_OK;
}

Status io_number_from_json(json_object *j, const char *path, double *out)
{
	json_type type = json_object_get_type(j);
	if (type != json_type_double && type != json_type_int)
		return status_fail(ST_EINVAL, "%s: expected a number, got %s", path, io_type_name(j));
	double x = json_object_get_double(j);
	if (!isfinite(x))
		return status_fail(ST_ENONFINITE, "%s: %s is not a finite number", path,
				   json_object_to_json_string_ext(j, JSON_C_TO_STRING_PLAIN));
	/* json-c saturates integer literals it cannot hold to these two values. */
	if (type == json_type_int && (json_object_get_int64(j) == INT64_MIN || x >= 18446744073709551615.0))
		return status_fail(ST_ERANGE, "%s: the integer is out of range (write it as a decimal, e.g. 1e20)", path);
	*out = x;
	return ST_OK;
}

Status io_int_from_json(json_object *j, const char *path, int lo, int hi, int *out)
{
	double x;
	Status st = io_number_from_json(j, path, &x);
	if (st != ST_OK)
		return st;
	if (x != floor(x))
		return status_fail(ST_EINVAL, "%s: expected a whole number, got %.17g", path, x);
	if (x < lo || x > hi)
		return status_fail(ST_ERANGE, "%s: %.17g is outside %d..%d", path, x, lo, hi);
	*out = (int)x;
	return ST_OK;
}

Status io_flag_from_json(json_object *j, const char *path, int *out)
{
	if (json_object_is_type(j, json_type_boolean)) {
		*out = json_object_get_boolean(j) != 0;
		return ST_OK;
	}
	json_type type = json_object_get_type(j);
	if (type == json_type_int || type == json_type_double) {
		double x = json_object_get_double(j);
		if (x == 0 || x == 1) {
			*out = x == 1;
			return ST_OK;
		}
	}
	return status_fail(ST_EINVAL, "%s: expected true, false, 0 or 1, got %s", path,
			   json_object_is_type(j, json_type_int) || json_object_is_type(j, json_type_double)
				   ? json_object_to_json_string_ext(j, JSON_C_TO_STRING_PLAIN)
				   : io_type_name(j));
}

/* path followed by [i] for each of the n indices, into buf. */
static const char *element(char *buf, size_t size, const char *path, const int *idx, int n)
{
	size_t len = (size_t)snprintf(buf, size, "%s", path);
	for (int k = 0; k < n && len < size; k++)
		len += (size_t)snprintf(buf + len, size - len, "[%d]", idx[k]);
	return buf;
}

/* The shape the first elements nest to; every other element is checked by fill. */
static Status shape_of(json_object *j, const char *path, IoShape *s)
{
	char where[256];
	int zeros[IO_MAX_NDIM + 1] = { 0 };
	s->ndim = 0;
	for (json_object *cur = j; json_object_is_type(cur, json_type_array);
	     cur = json_object_array_get_idx(cur, 0)) {
		size_t n = json_object_array_length(cur);
		if (s->ndim == IO_MAX_NDIM)
			return status_fail(ST_EINVAL, "%s: arrays nest deeper than %d levels",
					   element(where, sizeof where, path, zeros, s->ndim), IO_MAX_NDIM);
		if (n == 0)
			return status_fail(ST_ESHAPE, "%s: an empty array; a tensor needs at least one number",
					   element(where, sizeof where, path, zeros, s->ndim));
		if (n > IO_MAX_VALUES)
			return status_fail(ST_ELIMIT, "%s: %zu entries; the limit is %d numbers in one tensor",
					   element(where, sizeof where, path, zeros, s->ndim), n, IO_MAX_VALUES);
		s->dim[s->ndim++] = (int)n;
	}
	for (int k = s->ndim; k < IO_MAX_NDIM; k++)
		s->dim[k] = 0;
	double total = 1;
	for (int k = 0; k < s->ndim; k++)
		total *= s->dim[k];
	if (total > IO_MAX_VALUES) {
		char shape[48];
		return status_fail(ST_ELIMIT, "%s: %s is %.0f numbers; the limit is %d in one tensor",
				   path, io_shape_str(s, shape, sizeof shape), total, IO_MAX_VALUES);
	}
	return ST_OK;
}

/* Check that j nests exactly like s from depth on and copy its numbers to *out, in order. */
static Status fill(json_object *j, const char *path, const IoShape *s, int depth, int *idx,
		   double **out)
{
	char where[256];
	if (depth == s->ndim) {
		if (json_object_is_type(j, json_type_array))
			return status_fail(ST_ESHAPE, "%s: expected a number, got an array (the rows nest unevenly)",
					   element(where, sizeof where, path, idx, depth));
		Status st = io_number_from_json(j, element(where, sizeof where, path, idx, depth), *out);
		if (st == ST_OK)
			++*out;
		return st;
	}
	if (!json_object_is_type(j, json_type_array)) {
		char first[256];
		int zeros[IO_MAX_NDIM] = { 0 };
		return status_fail(ST_ESHAPE, "%s: expected an array of %d, as %s is, got %s",
				   element(where, sizeof where, path, idx, depth), s->dim[depth],
				   element(first, sizeof first, path, zeros, depth), io_type_name(j));
	}
	int n = (int)json_object_array_length(j);
	if (n != s->dim[depth]) {
		char first[256];
		int zeros[IO_MAX_NDIM] = { 0 };
		return status_fail(ST_ESHAPE, "%s has %d %s, but %s has %d: every row must be as long as the first",
				   element(where, sizeof where, path, idx, depth), n,
				   n == 1 ? "entry" : "entries", element(first, sizeof first, path, zeros, depth),
				   s->dim[depth]);
	}
	for (int i = 0; i < n; i++) {
		idx[depth] = i;
		Status st = fill(json_object_array_get_idx(j, (size_t)i), path, s, depth + 1, idx, out);
		if (st != ST_OK)
			return st;
	}
	return ST_OK;
}

Status io_tensor_from_json(json_object *j, const char *path, IoShape *shape, Mat **out)
{
	*out = NULL;
	IoShape s;
	Status st = shape_of(j, path, &s);
	if (st != ST_OK)
		return st;
	int rows, cols;
	io_shape_mat(&s, &rows, &cols);
	Mat *m = mat_new(rows, cols);
	if (!m)
		return status_fail(ST_ENOMEM, "out of memory for %s", path);
	int idx[IO_MAX_NDIM] = { 0 };
	double *p = m->data;
	st = fill(j, path, &s, 0, idx, &p);
	if (st != ST_OK) {
		mat_free(m);
		return st;
	}
	*shape = s;
	*out = m;
	return ST_OK;
}

Status io_ints_from_json(json_object *j, const char *path, int flags, int lo, int hi,
			 IoShape *shape, int **out)
{
	*out = NULL;
	IoShape s;
	Status st = shape_of(j, path, &s);
	if (st != ST_OK)
		return st;
	if (s.ndim > 1)
		return status_fail(ST_ESHAPE, "%s must be a number or a flat array, got %s%s", path,
				   s.ndim == 2 ? "an array of rows " : "", io_shape_str(&s, (char[48]){ 0 }, 48));
	size_t n = io_shape_size(&s);
	int *v = mem_alloc(n * sizeof *v);
	if (!v)
		return status_fail(ST_ENOMEM, "out of memory for %s", path);
	for (size_t i = 0; i < n; i++) {
		char where[256];
		json_object *e = s.ndim ? json_object_array_get_idx(j, i) : j;
		int idx = (int)i;
		element(where, sizeof where, path, &idx, s.ndim);
		if (json_object_is_type(e, json_type_array))
			st = status_fail(ST_ESHAPE, "%s: expected %s, got an array", where,
					 flags ? "true, false, 0 or 1" : "a whole number");
		else
			st = flags ? io_flag_from_json(e, where, &v[i])
				   : io_int_from_json(e, where, lo, hi, &v[i]);
		if (st != ST_OK) {
			mem_free(v);
			return st;
		}
	}
	*shape = s;
	*out = v;
	return ST_OK;
}

/* }==== */

/* {==== Shapes ==== */

size_t io_shape_size(const IoShape *s)
{
	size_t n = 1;
	for (int k = 0; k < s->ndim; k++)
		n *= (size_t)s->dim[k];
	return n;
}

int io_shape_equal(const IoShape *a, const IoShape *b)
{
	if (a->ndim != b->ndim)
		return 0;
	for (int k = 0; k < a->ndim; k++)
		if (a->dim[k] != b->dim[k])
			return 0;
	return 1;
}

const char *io_shape_str(const IoShape *s, char *buf, size_t size)
{
	if (s->ndim == 0)
		snprintf(buf, size, "a number");
	else if (s->ndim == 1)
		snprintf(buf, size, "a vector of %d", s->dim[0]);
	else if (s->ndim == 2)
		snprintf(buf, size, "%dx%d", s->dim[0], s->dim[1]);
	else
		snprintf(buf, size, "%dx%dx%d", s->dim[0], s->dim[1], s->dim[2]);
	return buf;
}

void io_shape_mat(const IoShape *s, int *rows, int *cols)
{
	switch (s->ndim) {
	case 0: *rows = 1; *cols = 1; break;
	case 1: *rows = 1; *cols = s->dim[0]; break;
	case 2: *rows = s->dim[0]; *cols = s->dim[1]; break;
	default: *rows = s->dim[0] * s->dim[1]; *cols = s->dim[2]; break;
	}
}

/* }==== */

/* {==== Writing values ==== */

json_object *io_number(double x)
{
	if (!isfinite(x))
		return NULL;
	char buf[32];
	for (int digits = 15; digits <= 17; digits++) {
		snprintf(buf, sizeof buf, "%.*g", digits, x);
		if (strtod(buf, NULL) == x)
			break;
	}
	return json_object_new_double_s(x, buf);
}

/* The block of m under index prefix idx[0..depth-1], as nested arrays. */
static json_object *nest(const double *data, const IoShape *s, int depth, int *ok)
{
	if (depth == s->ndim) {
		json_object *x = io_number(*data);
		*ok &= x != NULL;
		return x;
	}
	json_object *arr = json_object_new_array_ext(s->dim[depth]);
	if (!arr) {
		*ok = 0;
		return NULL;
	}
	size_t stride = 1; /* numbers under one entry at this depth */
	for (int k = depth + 1; k < s->ndim; k++)
		stride *= (size_t)s->dim[k];
	for (int i = 0; i < s->dim[depth] && *ok; i++)
		if (json_object_array_add(arr, nest(data + (size_t)i * stride, s, depth + 1, ok)) != 0)
			*ok = 0;
	return arr;
}

json_object *io_tensor_to_json(const Mat *m, const IoShape *shape)
{
	if (io_shape_size(shape) != mat_size(m))
		return NULL;
	int ok = 1;
	json_object *j = nest(m->data, shape, 0, &ok);
	if (!ok) {
		json_object_put(j);
		return NULL;
	}
	return j;
}

static int is_container(json_object *j)
{
	return json_object_is_type(j, json_type_object) || json_object_is_type(j, json_type_array);
}

static void indent(FILE *out, int n)
{
	fprintf(out, "%*s", n, "");
}

static void write_value(FILE *out, json_object *j, int depth)
{
	const int flat = JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE;
	if (json_object_is_type(j, json_type_object)) {
		if (json_object_object_length(j) == 0) {
			fputs("{}", out);
			return;
		}
		fputs("{\n", out);
		int first = 1;
		json_object_object_foreach(j, key, val) {
			json_object *k = json_object_new_string(key);
			fputs(first ? "" : ",\n", out);
			indent(out, 2 * (depth + 1));
			fprintf(out, "%s: ", k ? json_object_to_json_string_ext(k, flat) : "\"\"");
			json_object_put(k);
			write_value(out, val, depth + 1);
			first = 0;
		}
		fputc('\n', out);
		indent(out, 2 * depth);
		fputc('}', out);
	} else if (json_object_is_type(j, json_type_array)) {
		size_t n = json_object_array_length(j);
		int leaves = 1;
		for (size_t i = 0; i < n; i++)
			leaves &= !is_container(json_object_array_get_idx(j, i));
		if (leaves) {
			/* A vector, or a row of a matrix: on one line. */
			fputc('[', out);
			for (size_t i = 0; i < n; i++)
				fprintf(out, "%s%s", i ? ", " : "",
					json_object_to_json_string_ext(json_object_array_get_idx(j, i), flat));
			fputc(']', out);
			return;
		}
		fputs("[\n", out);
		for (size_t i = 0; i < n; i++) {
			indent(out, 2 * (depth + 1));
			write_value(out, json_object_array_get_idx(j, i), depth + 1);
			fputs(i + 1 < n ? ",\n" : "\n", out);
		}
		indent(out, 2 * depth);
		fputc(']', out);
	} else {
		fputs(json_object_to_json_string_ext(j, flat), out);
	}
}

Status io_write_json(FILE *out, json_object *j)
{
	write_value(out, j, 0);
	fputc('\n', out);
	if (ferror(out))
		return status_fail(ST_EIO, "cannot write the output: %s", strerror(errno));
	return ST_OK;
}

/* }==== */
