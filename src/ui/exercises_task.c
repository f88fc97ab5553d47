/* exercises_task: the task of an exercise, read from the header comment of the learner's own
 * file. In src/ui, under exercises_list.c (the task pane); plain text in, plain text out.
 * The comment marks come off, prose lines join into paragraphs (tables and formulas stay as
 * they are), and the English or the Chinese half is kept. */
#include "ui/exercises_internal.h"

#include "core/mem.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#define MAX_SOURCE (64 * 1024)   /* of a learner's file, read for its comment */
#define FULL_LINE 70             /* columns: a comment line this long was wrapped */

/* Chinese, Japanese and Korean characters and their punctuation: where the Chinese half of
 * a comment starts, and where two joined lines need no space between them. */
static int is_cjk(uint32_t cp)
{
	return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
	       (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
	       (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
	       (cp >= 0xFFE0 && cp <= 0xFFE6);
}

/* Chinese punctuation and brackets: 、。「」 and the fullwidth ，：；（）！？. */
static int is_cjk_punct(uint32_t cp)
{
	return (cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xFF01 && cp <= 0xFF0F) ||
	       (cp >= 0xFF1A && cp <= 0xFF20) || (cp >= 0xFF3B && cp <= 0xFF40) ||
	       (cp >= 0xFF5B && cp <= 0xFF65);
}

static int has_cjk(const char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		if (is_cjk(utf8_next_n(s, n, &i)))
			return 1;
	}
	return 0;
}

static uint32_t last_cp(const char *s, size_t n)
{
	size_t i = n;
	while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80)
		i--;
	if (i > 0)
		i--;
	return n ? utf8_next_n(s, n, &i) : 0;
}

typedef struct Span {
	const char *s;
	size_t n;
} Span;

static int lead(Span l)
{
	int n = 0;
	while ((size_t)n < l.n && l.s[n] == ' ')
		n++;
	return n;
}

/* A line that may go on from the one before: one that is not indented (its columns, as
 * in "Lesson 03-bptt.      Grade it: ...", are read as one space), or an indented one with
 * no columns in it. A table's rows and a formula's lines are indented and in columns. */
static int flowing(Span l)
{
	if (l.n == 0)
		return 0;
	int from = lead(l);
	if (from == 0)
		return 1;
	for (size_t i = (size_t)from; i + 2 < l.n; i++)
		if (l.s[i] == ' ' && l.s[i + 1] == ' ' && l.s[i + 2] == ' ')
			return 0;
	return 1;
}

/* Line i (indented li) is deeper than an item above it in its paragraph. */
static int in_item(const Span *lines, int from, int i, int li)
{
	for (int j = i - 1; j >= from && lines[j].n > 0; j--) {
		int lj = lead(lines[j]);
		if (lj == 0)
			return 0;
		if (lj < li)
			return 1;
	}
	return 0;
}

/* Joined lines keep a space between them, as the lessons write it, but not between two
 * Chinese characters nor beside Chinese punctuation. */
static int needs_space(uint32_t before, uint32_t after)
{
	if (!is_cjk(before) && !is_cjk(after))
		return 1;
	if (is_cjk_punct(before) || is_cjk_punct(after))
		return 0;
	return !(is_cjk(before) && is_cjk(after));
}

/* The task of the file's first comment in the language asked for, as lines: the comment
 * marks taken off, lines of prose joined into paragraphs (tables and formulas, which are
 * indented, kept as they are). The exercises write the English first and
 * then the Chinese, from the first paragraph with Chinese in its first line; lang (a Lang)
 * picks its part when there are two, and a language with no part of its own reads the
 * English. NULL when there is no comment (*no_comment set) or no memory. */
char *ex_task_of(const char *src, int lang, int *no_comment)
{
	*no_comment = 0;
	const char *open = strstr(src, "/*");
	if (!open) {
		*no_comment = 1;
		return NULL;
	}
	const char *body = open + 2, *end = strstr(body, "*/");
	if (!end)
		end = body + strlen(body);
	int cap = 16, n = 0;
	Span *lines = mem_alloc((size_t)cap * sizeof *lines);
	if (!lines)
		return NULL;
	for (const char *p = body; p <= end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *e = nl ? nl : end;
		const char *s = p;
		if (p != body) {
			while (s < e && (*s == ' ' || *s == '\t'))
				s++;
			if (s < e && *s == '*')
				s++;
		} else {
			while (s < e && *s == '*')
				s++;
		}
		if (s < e && *s == ' ')
			s++;
		size_t len = (size_t)(e - s);
		while (len && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\r'))
			len--;
		if (n == cap) {
			Span *more = mem_realloc(lines, (size_t)(cap *= 2) * sizeof *lines);
			if (!more) {
				mem_free(lines);
				return NULL;
			}
			lines = more;
		}
		lines[n++] = (Span){ s, len };
		if (!nl)
			break;
		p = nl + 1;
	}
	int from = 0, to = n, half = -1;
	for (int i = 0; i < n && half < 0; i++)
		if ((i == 0 || lines[i - 1].n == 0) && has_cjk(lines[i].s, lines[i].n))
			half = i;
	/* the parts in the table's language order: English from the top, Chinese from half */
	int part[] = { 0, half, n };
	if (half > 0 && lang >= 0 && lang + 1 < (int)(sizeof part / sizeof part[0])) {
		from = part[lang];
		to = part[lang + 1];
	}
	while (from < to && lines[from].n == 0)
		from++;
	while (to > from && lines[to - 1].n == 0)
		to--;
	if (from == to) {
		mem_free(lines);
		*no_comment = 1;
		return NULL;
	}
	size_t size = 1;
	for (int i = from; i < to; i++)
		size += lines[i].n + 1;
	char *out = mem_alloc(size), *o = out;
	if (out) {
		int group = 0;   /* the indent of the line being joined to */
		for (int i = from; i < to; i++) {
			Span l = lines[i];
			int li = lead(l);
			/* Prose goes on from an unindented line to the next; an indented item
			 * goes on in its deeper-indented lines when it filled its line (the
			 * lines of a formula are indented as deep, and shorter). */
			Span prev = i > from ? lines[i - 1] : (Span){ "", 0 };
			int join = prev.n > 0 && flowing(l) &&
				   (li == 0 ? group == 0
					    : in_item(lines, from, i, li) && flowing(prev) &&
						      utf8_width(prev.s, prev.n, 0) >= FULL_LINE);
			if (join) {
				size_t at = (size_t)li;
				uint32_t first = utf8_next_n(l.s, l.n, &at);
				if (needs_space(last_cp(prev.s, prev.n), first))
					*o++ = ' ';
			} else {
				if (i > from)
					*o++ = '\n';
				group = li;
			}
			for (size_t j = join ? (size_t)li : 0; j < l.n; j++) {
				if (li == 0 && j + 2 < l.n && l.s[j] == ' ' && l.s[j + 1] == ' ' &&
				    l.s[j + 2] == ' ')
					while (j + 1 < l.n && l.s[j + 1] == ' ')
						j++;
				*o++ = l.s[j];
			}
		}
		*o = '\0';
	}
	mem_free(lines);
	return out;
}

/* The file's text, NULL with errno when it cannot be read. */
char *ex_read_source(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *s = mem_alloc(MAX_SOURCE + 1);
	size_t n = s ? fread(s, 1, MAX_SOURCE, f) : 0;
	int e = ferror(f) ? errno : 0;
	fclose(f);
	if (s && e) {
		mem_free(s);
		errno = e;
		return NULL;
	}
	if (s)
		s[n] = '\0';
	else
		errno = ENOMEM;
	return s;
}

