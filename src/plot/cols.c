/* cols: widths in terminal columns and the line builder; see cols.h. (Decoding is core/utf8.)
 * In src/plot, under text.c and heat.c. Decoding by hand keeps widths right whatever the
 * locale's codeset; only wcwidth itself needs a UTF-8 LC_CTYPE to know wide characters. */
#include "plot/cols.h"

#include "core/mem.h"
#include "plot/text.h"

#include <string.h>
#include <wchar.h>

static int is_control(unsigned cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp < 0xa0);
}

int cp_cols(unsigned cp)
{
	if (is_control(cp))
		return 1; /* drawn as '?' */
	int w = wcwidth((wchar_t)cp);
	return w < 0 ? 1 : w;
}

/* The character actually drawn for cp. */
static unsigned shown(unsigned cp, int ascii)
{
	if (is_control(cp) || (ascii && cp >= 0x80))
		return '?';
	return cp;
}

int str_cols(const char *s, int ascii)
{
	int cols = 0;
	for (size_t i = 0; s[i];)
		cols += cp_cols(shown(utf8_next(s, &i), ascii));
	return cols;
}

int plot_text_width(const char *s)
{
	return s ? str_cols(s, 0) : 0;
}

static void put_bytes(Line *l, const char *b, size_t n)
{
	if (l->failed)
		return;
	if (l->len + n + 1 > l->cap) {
		size_t cap = l->cap ? l->cap : 64;
		while (cap < l->len + n + 1)
			cap *= 2;
		char *s = mem_realloc(l->s, cap);
		if (!s) {
			l->failed = 1;
			return;
		}
		l->s = s;
		l->cap = cap;
	}
	memcpy(l->s + l->len, b, n);
	l->len += n;
	l->s[l->len] = '\0';
}

static void put_cp(Line *l, unsigned cp)
{
	char b[4];
	size_t n;
	if (cp < 0x80) {
		b[0] = (char)cp, n = 1;
	} else if (cp < 0x800) {
		b[0] = (char)(0xc0 | cp >> 6), b[1] = (char)(0x80 | (cp & 0x3f)), n = 2;
	} else if (cp < 0x10000) {
		b[0] = (char)(0xe0 | cp >> 12), b[1] = (char)(0x80 | (cp >> 6 & 0x3f));
		b[2] = (char)(0x80 | (cp & 0x3f)), n = 3;
	} else {
		b[0] = (char)(0xf0 | cp >> 18), b[1] = (char)(0x80 | (cp >> 12 & 0x3f));
		b[2] = (char)(0x80 | (cp >> 6 & 0x3f)), b[3] = (char)(0x80 | (cp & 0x3f)), n = 4;
	}
	put_bytes(l, b, n);
}

void line_cp(Line *l, unsigned cp)
{
	put_cp(l, cp);
	l->cols++;
}

int line_str(Line *l, const char *s, int max_cols, int ascii)
{
	if (!s || max_cols <= 0)
		return 0;
	int budget = str_cols(s, ascii) > max_cols ? max_cols - 1 : max_cols, used = 0;
	for (size_t i = 0; s[i];) {
		unsigned cp = shown(utf8_next(s, &i), ascii);
		int w = cp_cols(cp);
		if (used + w > budget)
			break;
		put_cp(l, cp);
		used += w;
	}
	if (budget < max_cols) {
		put_cp(l, '~');
		used++;
	}
	l->cols += used;
	return used;
}

void line_pad(Line *l, int cols)
{
	while (l->cols < cols && !l->failed)
		line_cp(l, ' ');
}

void line_free(Line *l)
{
	mem_free(l->s);
	memset(l, 0, sizeof *l);
}

PlotText *text_new(void)
{
	PlotText *t = mem_calloc(1, sizeof *t);
	if (!t)
		status_fail(ST_ENOMEM, "out of memory drawing a text plot");
	return t;
}

int text_push(PlotText *t, Line *l)
{
	if (!l->s && !l->failed)
		put_bytes(l, "", 0);
	char **lines = l->failed ? NULL : mem_realloc(t->lines, (size_t)(t->n + 1) * sizeof *lines);
	if (!lines) {
		line_free(l);
		return status_fail(ST_ENOMEM, "out of memory drawing a text plot");
	}
	t->lines = lines;
	while (l->len > 0 && l->s[l->len - 1] == ' ')
		l->s[--l->len] = '\0';
	t->lines[t->n++] = l->s;
	memset(l, 0, sizeof *l);
	return 0;
}

void plot_text_free(PlotText *t)
{
	if (!t)
		return;
	for (int i = 0; i < t->n; i++)
		mem_free(t->lines[i]);
	mem_free(t->lines);
	mem_free(t);
}
