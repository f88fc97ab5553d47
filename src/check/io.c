/* io: reading documents with positions in their errors, JSON <-> Mat with paths in theirs,
 * and a writer that keeps a matrix row on one line. */
#include "check/io.h"

#include "core/mem.h"
#include "core/quote.h"
#include "core/utf8.h"

#include <errno.h>
#include <inttypes.h>
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
	char name[256]; /* a file name may hold a newline too: quoted like the input */
	io_quote(name, sizeof name, use_stdin ? "<stdin>" : path, 240);
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

/* A refusal at byte off of text: "NAME:LINE:COLUMN: what" in status_detail(), and the line,
 * column and what as values in *err (when not NULL). */
static Status fail_at(IoParseError *err, Status code, const char *name, const char *text,
		      size_t off, const char *what)
{
	int line, col;
	position(text, off, &line, &col);
	if (err) {
		err->line = line;
		err->col = col;
		snprintf(err->what, sizeof err->what, "%s", what);
	}
	return status_fail(code, "%s:%d:%d: %s", name, line, col, what);
}

static Status parse_error(IoParseError *err, const char *name, const char *text, size_t off,
			  const char *what)
{
	return fail_at(err, ST_EPARSE, name, text, off, what);
}

/* {==== What json-c lets through ====
 * json-c (0.16, even with JSON_TOKENER_STRICT) keeps the last of two equal keys, cuts a key
 * at an escaped NUL (\u0000), reads "5." and "-01" as numbers, saturates an integer beyond
 * 64 bits to the nearest end of the range, turns an escaped lone surrogate into U+FFFD and
 * takes raw control characters and malformed UTF-8 (overlong forms, encoded surrogates)
 * inside strings. None of that leaves a trace in the tree it builds, so after json-c has
 * accepted the text (its structure is then known to be sound) one walk over the tokens
 * checks just those things, keeping the JSON path of where it is for the message. */

typedef struct Frame {
	int object;         /* an object (else an array) */
	int expect_key;     /* in an object: the next string is a key */
	size_t index;       /* in an array: the element being read */
	size_t key, key_len; /* in an object: the current key, in Scan.keys */
	unsigned id;        /* in an object: its number, for the duplicate table */
} Frame;

/* 20 bytes a key, beside json-c's own hundred or so: offsets fit 32 bits, as a document is
 * at most IO_MAX_BYTES. */
typedef struct KeySlot {
	uint32_t id;        /* the object; 0 marks an empty slot */
	uint32_t hash;
	uint32_t key, key_len; /* in Scan.keys */
	uint32_t pos;       /* the key's offset in the text, for "first at" */
} KeySlot;

typedef struct Scan {
	const char *name, *text;
	IoParseError *err;  /* where a refusal is told as values, or NULL */
	size_t end;         /* where the value ends: the text need not have a NUL after it */
	Frame frames[IO_MAX_DEPTH + 1];
	int depth;
	unsigned objects;
	char *keys;         /* every decoded key, each followed by a NUL */
	size_t keys_len, keys_cap;
	KeySlot *slots;
	size_t n_slots, used_slots;
} Scan;

/* s (NUL-terminated) quoted for a message; see io.h. The pieces are cut one byte earlier
 * than the buffer strictly allows, as they always were, so the cut falls where it did. */
const char *io_quote(char *buf, size_t size, const char *s, size_t max_chars)
{
	if (size < 5) { /* no room for a unit and "..." */
		if (size)
			buf[0] = '\0';
		return buf;
	}
	int cut = 0;
	size_t n = quote_escape(s, strlen(s), buf, size - 4, 0, max_chars, &cut);
	if (cut)
		memcpy(buf + n, "...", 4);
	return buf;
}

/* The JSON path of where the scan is, as vjp names it: "inputs.x[2][1]"; key_too adds the
 * key being read in the innermost object. */
static const char *scan_path(const Scan *sc, char *buf, size_t size, int key_too)
{
	size_t n = 0;
	buf[0] = '\0';
	for (int k = 0; k < sc->depth && n + 1 < size; k++) {
		const Frame *f = &sc->frames[k];
		char part[96];
		if (!f->object) {
			snprintf(part, sizeof part, "[%zu]", f->index);
		} else {
			if (f->expect_key && !(key_too && k == sc->depth - 1))
				break;
			char q[80];
			snprintf(part, sizeof part, "%s%s", n ? "." : "", io_quote(q, sizeof q, sc->keys + f->key, 24));
		}
		n += (size_t)snprintf(buf + n, size - n, "%s", part);
	}
	if (n >= size - 1)
		memcpy(buf + size - 4, "...", 4);
	if (!buf[0])
		snprintf(buf, size, "the top level");
	return buf;
}

static Status scan_fail(const Scan *sc, Status code, size_t off, int key_too, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
static Status scan_fail(const Scan *sc, Status code, size_t off, int key_too, const char *fmt, ...)
{
	char path[200], what[300], both[sizeof path + sizeof what + 2];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	snprintf(both, sizeof both, "%s: %s", scan_path(sc, path, sizeof path, key_too), what);
	return fail_at(sc->err, code, sc->name, sc->text, off, both);
}

static int hexval(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c - 'A' + 10;
}

static unsigned hex4(const char *p)
{
	return (unsigned)(hexval(p[0]) << 12 | hexval(p[1]) << 8 | hexval(p[2]) << 4 | hexval(p[3]));
}

static int keys_put(Scan *sc, const char *bytes, size_t n)
{
	if (sc->keys_len + n + 1 > sc->keys_cap) {
		size_t cap = sc->keys_cap ? sc->keys_cap : 256;
		while (cap < sc->keys_len + n + 1)
			cap *= 2;
		char *bigger = mem_realloc(sc->keys, cap);
		if (!bigger)
			return -1;
		sc->keys = bigger;
		sc->keys_cap = cap;
	}
	memcpy(sc->keys + sc->keys_len, bytes, n);
	sc->keys_len += n;
	sc->keys[sc->keys_len] = '\0';
	return 0;
}

/* The string at *i (its opening quote): refuse what json-c let through and, for a key, decode
 * it into sc->keys (the start in *key, the length in *key_len). *i ends after the quote. */
static Status scan_string(Scan *sc, size_t *i, int is_key, size_t *key, size_t *key_len)
{
	const char *t = sc->text, *what = is_key ? "a key" : "a string";
	size_t p = *i + 1;
	*key = sc->keys_len;
	while (t[p] != '"') {
		unsigned char c = (unsigned char)t[p];
		char utf8[4];
		size_t n = 0;
		if (c < 0x20)
			return scan_fail(sc, ST_EPARSE, p, 0,
					 "a control character (U+%04X) written raw in %s; JSON needs it escaped as \\u%04X",
					 c, what, c);
		if (c == '\\') {
			char e = t[p + 1];
			if (e != 'u') {
				const char *from = "\"\\/bfnrt", *to = "\"\\/\b\f\n\r\t";
				utf8[n++] = to[strchr(from, e) - from];
				p += 2;
			} else {
				unsigned cp = hex4(t + p + 2);
				size_t esc = p;
				p += 6;
				if (cp == 0)
					return scan_fail(sc, ST_EINVAL, esc, 0,
							 "%s holds \\u0000 (a NUL character), which gradlab does not take",
							 what);
				if (cp >= 0xdc00 && cp <= 0xdfff)
					return scan_fail(sc, ST_EPARSE, esc, 0,
							 "\\u%04X in %s is a lone low surrogate, not a character", cp, what);
				if (cp >= 0xd800 && cp <= 0xdbff) {
					unsigned lo = t[p] == '\\' && t[p + 1] == 'u' ? hex4(t + p + 2) : 0;
					if (lo < 0xdc00 || lo > 0xdfff)
						return scan_fail(sc, ST_EPARSE, esc, 0,
								 "\\u%04X in %s is a high surrogate not followed by a low one (\\uDC00..\\uDFFF)",
								 cp, what);
					cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
					p += 6;
				}
				if (cp < 0x80) {
					utf8[n++] = (char)cp;
				} else if (cp < 0x800) {
					utf8[n++] = (char)(0xc0 | cp >> 6);
					utf8[n++] = (char)(0x80 | (cp & 0x3f));
				} else if (cp < 0x10000) {
					utf8[n++] = (char)(0xe0 | cp >> 12);
					utf8[n++] = (char)(0x80 | (cp >> 6 & 0x3f));
					utf8[n++] = (char)(0x80 | (cp & 0x3f));
				} else {
					utf8[n++] = (char)(0xf0 | cp >> 18);
					utf8[n++] = (char)(0x80 | (cp >> 12 & 0x3f));
					utf8[n++] = (char)(0x80 | (cp >> 6 & 0x3f));
					utf8[n++] = (char)(0x80 | (cp & 0x3f));
				}
			}
		} else if (c < 0x80) {
			utf8[n++] = (char)c;
			p++;
		} else {
			size_t at = p;
			unsigned cp = utf8_next(t, &p);
			if (cp == 0xfffd && !(p - at == 3 && memcmp(t + at, "\xEF\xBF\xBD", 3) == 0))
				return scan_fail(sc, ST_EPARSE, at, 0,
						 "byte \\x%02X in %s is not UTF-8 (JSON text must be UTF-8)", c, what);
			n = p - at;
			memcpy(utf8, t + at, n);
		}
		if (is_key && keys_put(sc, utf8, n) != 0)
			return status_fail(ST_ENOMEM, "out of memory reading %s", sc->name);
	}
	*key_len = sc->keys_len - *key;
	if (is_key && keys_put(sc, "", 1) != 0) /* keep the NUL after the key */
		return status_fail(ST_ENOMEM, "out of memory reading %s", sc->name);
	*i = p + 1;
	return ST_OK;
}

static unsigned hash_key(unsigned id, const char *s, size_t n)
{
	unsigned h = 2166136261u ^ id;
	for (size_t k = 0; k < n; k++)
		h = (h ^ (unsigned char)s[k]) * 16777619u;
	return h;
}

/* Note the key just read into the innermost object; refuse it when the object has it. */
static Status scan_key(Scan *sc, size_t pos)
{
	Frame *f = &sc->frames[sc->depth - 1];
	if (2 * (sc->used_slots + 1) > sc->n_slots) {
		size_t n = sc->n_slots ? 2 * sc->n_slots : 64;
		KeySlot *slots = mem_calloc(n, sizeof *slots);
		if (!slots)
			return status_fail(ST_ENOMEM, "out of memory reading %s", sc->name);
		for (size_t k = 0; k < sc->n_slots; k++) {
			if (!sc->slots[k].id)
				continue;
			size_t at = sc->slots[k].hash & (n - 1);
			while (slots[at].id)
				at = (at + 1) & (n - 1);
			slots[at] = sc->slots[k];
		}
		mem_free(sc->slots);
		sc->slots = slots;
		sc->n_slots = n;
	}
	const char *key = sc->keys + f->key;
	unsigned h = hash_key(f->id, key, f->key_len);
	size_t at = h & (sc->n_slots - 1);
	for (; sc->slots[at].id; at = (at + 1) & (sc->n_slots - 1)) {
		const KeySlot *s = &sc->slots[at];
		if (s->id == f->id && s->hash == h && s->key_len == f->key_len &&
		    memcmp(sc->keys + s->key, key, f->key_len) == 0) {
			int line, col;
			position(sc->text, s->pos, &line, &col);
			return scan_fail(sc, ST_EINVAL, pos, 1,
					 "a duplicate key (first at line %d, column %d); a key may appear only once in an object",
					 line, col);
		}
	}
	sc->slots[at] = (KeySlot){ f->id, h, (uint32_t)f->key, (uint32_t)f->key_len, (uint32_t)pos };
	sc->used_slots++;
	return ST_OK;
}

/* The number at *i: RFC 8259's grammar (json-c takes "5." and "-01"), and an integer within
 * the 64 bits json-c holds exactly. NaN and Infinity, which json-c also takes, pass: the
 * readers of values refuse them by path. */
static Status scan_number(Scan *sc, size_t *i)
{
	const char *t = sc->text, *p = t + *i, *start = p;
	const char *end = t + sc->end;
	while (p < end && strchr("+-.0123456789eE", *p) && *p)
		p++;
	size_t n = (size_t)(p - start);
	char text[48];
	snprintf(text, sizeof text, "%.*s%s", n > 40 ? 40 : (int)n, start, n > 40 ? "..." : "");
	/* Read the token only up to p: the text need not end in a NUL. */
#define DIGIT(x) ((x) < p && *(x) >= '0' && *(x) <= '9')
	const char *q = start, *why = NULL;
	int integer = 1;
	if (q < p && *q == '-')
		q++;
	if (q < p && *q == '0' && DIGIT(q + 1))
		why = "a leading zero";
	while (DIGIT(q))
		q++;
	size_t digits = (size_t)(q - start) - (*start == '-');
	if (!why && q < p && *q == '.') {
		integer = 0;
		if (!DIGIT(q + 1))
			why = "a digit must follow the decimal point";
		for (q++; DIGIT(q); q++)
			;
	}
	if (!why && q < p && (*q == 'e' || *q == 'E')) {
		integer = 0;
		q++;
		if (q < p && (*q == '+' || *q == '-'))
			q++;
		if (!DIGIT(q))
			why = "a digit must follow the exponent's e";
		while (DIGIT(q))
			q++;
	}
#undef DIGIT
	if (!why && digits == 0)
		why = "no digits";
	if (!why && q != p)
		why = "it does not follow JSON's grammar";
	if (why)
		return scan_fail(sc, ST_EPARSE, *i, 0, "%s is not a JSON number: %s", text, why);
	if (integer) {
		const char *lim = *start == '-' ? "9223372036854775808" : "9223372036854775807";
		const char *d = start + (*start == '-');
		if (digits > 19 || (digits == 19 && memcmp(d, lim, 19) > 0))
			return scan_fail(sc, ST_ERANGE, *i, 0,
					 "the integer %s is outside the 64-bit range -9223372036854775808..9223372036854775807 (write a larger number with an exponent, e.g. 1e20)",
					 text);
	}
	*i = (size_t)(p - t);
	return ST_OK;
}

/* text[start, stop) is one value json-c has accepted. */
static Status scan_text(Scan *sc, size_t start, size_t stop)
{
	const char *t = sc->text;
	Status st = ST_OK;
	for (size_t i = start; i < stop && st == ST_OK;) {
		char c = t[i];
		Frame *top = sc->depth ? &sc->frames[sc->depth - 1] : NULL;
		if (c == '{' || c == '[') {
			if (sc->depth == IO_MAX_DEPTH + 1) /* json-c stops sooner */
				return scan_fail(sc, ST_ELIMIT, i, 0, "nested too deep");
			sc->frames[sc->depth++] = (Frame){ c == '{', c == '{', 0, 0, 0, ++sc->objects };
			i++;
		} else if (c == '}' || c == ']') {
			sc->depth -= sc->depth > 0;
			i++;
		} else if (c == ',' && top) {
			if (top->object)
				top->expect_key = 1;
			else
				top->index++;
			i++;
		} else if (c == '"') {
			size_t key = 0, key_len = 0, at = i;
			int is_key = top && top->object && top->expect_key;
			st = scan_string(sc, &i, is_key, &key, &key_len);
			if (st == ST_OK && is_key) {
				top->key = key;
				top->key_len = key_len;
				top->expect_key = 0;
				st = scan_key(sc, at);
			}
		} else if (c == '-' && i + 1 < stop && t[i + 1] == 'I') {
			i++; /* -Infinity: its letters are skipped next */
		} else if (c == '-' || (c >= '0' && c <= '9')) {
			st = scan_number(sc, &i);
		} else if (c == '\'') {
			/* json-c, strict or not, takes a key in single quotes; outside a string a
			 * quote is nothing else, and the walk would lose its place in the strings */
			return scan_fail(sc, ST_EPARSE, i, 0,
					 "a key in single quotes; JSON needs double quotes");
		} else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
			while (i < stop && ((t[i] >= 'a' && t[i] <= 'z') || (t[i] >= 'A' && t[i] <= 'Z')))
				i++; /* true, false, null, NaN, Infinity */
		} else {
			i++; /* white space and ':' */
		}
	}
	return st;
}

/* }==== */

const char *io_parse_words(const IoParseError *err, char *buf, size_t size)
{
	if (err->line > 0)
		snprintf(buf, size, "line %d, column %d: %s", err->line, err->col, err->what);
	else
		snprintf(buf, size, "%s", err->what);
	return buf;
}

static Status parse_json(const char *name, const char *text, size_t len, json_object **out,
			 IoParseError *err);

Status io_parse_json(const char *name, const char *text, size_t len, json_object **out)
{
	return parse_json(name, text, len, out, NULL);
}

Status io_parse_json_at(const char *name, const char *text, size_t len, json_object **out,
			IoParseError *err)
{
	err->line = err->col = 0;
	err->what[0] = '\0';
	Status st = parse_json(name, text, len, out, err);
	if (st != ST_OK && err->line == 0)
		snprintf(err->what, sizeof err->what, "%s", status_detail());
	return st;
}

static Status parse_json(const char *name, const char *text, size_t len, json_object **out,
			 IoParseError *err)
{
	*out = NULL;
	size_t start = 0;
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		start = 3; /* a byte-order mark some editors write (RFC 8259 lets a reader skip it) */
	size_t end = start;
	while (end < len && strchr(" \t\r\n", text[end]) && text[end])
		end++;
	if (end == len)
		return parse_error(err, name, text, end, "no JSON here: the input is empty");
	/* json-c reads a NUL byte as the end of the text; refuse it by name instead. */
	const char *nul = memchr(text, '\0', len);
	if (nul)
		return parse_error(err, name, text, (size_t)(nul - text), "a NUL byte, which JSON text cannot contain");
	/* Values are separated by commas outside strings: count them before json-c builds an
	 * object for each. */
	size_t values = 1;
	for (size_t i = start, in_string = 0; i < len; i++) {
		if (in_string && text[i] == '\\')
			i++;
		else if (text[i] == '"')
			in_string = !in_string;
		else if (!in_string && text[i] == ',' && ++values > IO_MAX_DOC_VALUES) {
			char what[80];
			snprintf(what, sizeof what, "more than %d values in one document, the limit",
				 IO_MAX_DOC_VALUES);
			return fail_at(err, ST_ELIMIT, name, text, i, what);
		}
	}
	json_tokener *tok = json_tokener_new_ex(IO_MAX_DEPTH);
	if (!tok)
		return status_fail(ST_ENOMEM, "out of memory parsing %s", name);
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
	json_object *j = json_tokener_parse_ex(tok, text + start, (int)(len - start));
	enum json_tokener_error e = json_tokener_get_error(tok);
	size_t stop = start + json_tokener_get_parse_end(tok);
	if (e == json_tokener_continue) {
		/* A bare number or literal may go on in the next chunk: a space tells the tokener
		 * it ended. */
		j = json_tokener_parse_ex(tok, " ", 1);
		e = json_tokener_get_error(tok);
		stop = len;
	}
	json_tokener_free(tok);
	if (e == json_tokener_continue) {
		json_object_put(j);
		return parse_error(err, name, text, len, "unexpected end of input: an object, array or string is not closed");
	}
	/* A document of just null is a null value, which json-c gives as NULL. */
	if (e != json_tokener_success) {
		char what[160];
		unsigned char c = stop < len ? (unsigned char)text[stop] : 0;
		const char *desc = json_tokener_error_desc(e);
		if (e == json_tokener_error_depth)
			snprintf(what, sizeof what, "arrays and objects nest more than %d deep, the limit", IO_MAX_DEPTH);
		else if (c >= 0x20 && c < 0x7F)
			snprintf(what, sizeof what, "%s, found '%c'", desc, c);
		else if (c)
			snprintf(what, sizeof what, "%s, found byte \\x%02X", desc, c);
		else
			snprintf(what, sizeof what, "%s", desc);
		return parse_error(err, name, text, stop, what);
	}
	for (size_t i = stop; i < len; i++)
		if (!strchr(" \t\r\n", text[i])) {
			json_object_put(j);
			return parse_error(err, name, text, i, "more text after the end of the JSON value");
		}
	Scan sc = { .name = name, .text = text, .err = err, .end = stop };
	Status st = scan_text(&sc, start, stop);
	mem_free(sc.keys);
	mem_free(sc.slots);
	if (st != ST_OK) {
		json_object_put(j);
		return st;
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
		char q[160];
		io_quote(q, sizeof q, key, 32);
		if (!known[0])
			return status_fail(ST_EINVAL, "%s: unknown key '%s' (none are taken here)", path, q);
		return status_fail(ST_EINVAL, "%s: unknown key '%s' (known: %s)", path, q, list);
	}
	return ST_OK;
}

Status io_number_from_json(json_object *j, const char *path, double *out)
{
	json_type type = json_object_get_type(j);
	if (type != json_type_double && type != json_type_int)
		return status_fail(ST_EINVAL, "%s: expected a number, got %s", path, io_type_name(j));
	double x = json_object_get_double(j);
	if (!isfinite(x)) {
		char q[64];
		return status_fail(ST_ENONFINITE, "%s: %s is not a finite number", path,
				   io_quote(q, sizeof q, json_object_to_json_string_ext(j, JSON_C_TO_STRING_PLAIN), 24));
	}
	*out = x;
	return ST_OK;
}

Status io_int_from_json(json_object *j, const char *path, int lo, int hi, int *out)
{
	double x;
	Status st = io_number_from_json(j, path, &x);
	if (st != ST_OK)
		return st;
	/* An integer literal is read in 64 bits (io_parse_json refuses any beyond) and compared
	 * exactly: a double would round -9223372036854775807 and its neighbours together. */
	if (json_object_is_type(j, json_type_int)) {
		int64_t v = json_object_get_int64(j);
		if (v < lo || v > hi)
			return status_fail(ST_ERANGE, "%s: %" PRId64 " is outside %d..%d", path, v, lo, hi);
		*out = (int)v;
		return ST_OK;
	}
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
	char q[64];
	return status_fail(ST_EINVAL, "%s: expected true, false, 0 or 1, got %s", path,
			   json_object_is_type(j, json_type_int) || json_object_is_type(j, json_type_double)
				   ? io_quote(q, sizeof q, json_object_to_json_string_ext(j, JSON_C_TO_STRING_PLAIN), 24)
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
	if (s->ndim == 0) {
		snprintf(buf, size, "a number");
	} else if (s->ndim == 1) {
		snprintf(buf, size, "a vector of %d", s->dim[0]);
	} else {
		size_t len = 0;
		for (int k = 0; k < s->ndim && len < size; k++)
			len += (size_t)snprintf(buf + len, size - len, "%s%d", k ? "x" : "", s->dim[k]);
	}
	return buf;
}

void io_element_path(char *buf, size_t size, const char *path, const IoShape *s, size_t k)
{
	int len = snprintf(buf, size, "%s", path);
	size_t stride = io_shape_size(s);
	for (int d = 0; d < s->ndim && len > 0 && (size_t)len < size; d++) {
		stride /= (size_t)s->dim[d];
		len += snprintf(buf + len, size - (size_t)len, "[%zu]", k / stride);
		k %= stride;
	}
}

void io_shape_mat(const IoShape *s, int *rows, int *cols)
{
	if (s->ndim == 0) {
		*rows = 1;
		*cols = 1;
		return;
	}
	/* A vector is one row; from a matrix up, every dim but the last counts rows. */
	*rows = 1;
	for (int k = 0; k + 1 < s->ndim; k++)
		*rows *= s->dim[k];
	*cols = s->dim[s->ndim - 1];
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
