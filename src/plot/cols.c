/* cols: widths in terminal columns and the line builder; see cols.h. Decoding, encoding and
 * counting are core/utf8's, which measure the same under every locale: a plot written to a
 * file under LANG=C is read in a UTF-8 terminal. */
#include "plot/cols.h"

#include "core/mem.h"
#include "plot/text.h"

#include <string.h>

/* The character actually drawn for cp. */
static unsigned shown(unsigned cp, int ascii)
{
	if (utf8_is_control(cp) || (ascii && cp >= 0x80))
		return '?';
	return cp;
}

int plot_str_cols(const char *s, int ascii)
{
	int cols = 0;
	for (size_t i = 0; s[i];)
		cols += utf8_cp_cols(shown(utf8_next(s, &i), ascii), 0);
	return cols;
}

int plot_text_width(const char *s)
{
	return s ? plot_str_cols(s, 0) : 0;
}

static void put_bytes(Line *l, const char *b, size_t n)
{
	if (!l->failed && mem_append(&l->s, &l->len, &l->cap, b, n, 64) != 0)
		l->failed = 1;
}

static void put_cp(Line *l, unsigned cp)
{
	char b[4];
	put_bytes(l, b, (size_t)utf8_encode(cp, b));
}

void plot_row_cp(Line *l, unsigned cp)
{
	put_cp(l, cp);
	l->cols++;
}

int plot_row_str(Line *l, const char *s, int max_cols, int ascii)
{
	if (!s || max_cols <= 0)
		return 0;
	int budget = plot_str_cols(s, ascii) > max_cols ? max_cols - 1 : max_cols, used = 0;
	for (size_t i = 0; s[i];) {
		unsigned cp = shown(utf8_next(s, &i), ascii);
		int w = utf8_cp_cols(cp, 0);
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

void plot_row_pad(Line *l, int cols)
{
	while (l->cols < cols && !l->failed)
		plot_row_cp(l, ' ');
}

void plot_row_free(Line *l)
{
	if (!l)
		return;
	mem_free(l->s);
	memset(l, 0, sizeof *l);
}

PlotText *plot_text_new(void)
{
	PlotText *t = mem_calloc(1, sizeof *t);
	if (!t)
		status_fail(ST_ENOMEM, "out of memory drawing a text plot");
	return t;
}

int plot_text_push(PlotText *t, Line *l)
{
	if (!l->s && !l->failed)
		put_bytes(l, "", 0);
	char **lines = l->failed ? NULL : mem_realloc(t->lines, (size_t)(t->n + 1) * sizeof *lines);
	if (!lines) {
		plot_row_free(l);
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
