/* exercises_doc: rows of display text for the exercises screen, the task pane and the
 * report alike. In src/ui, under exercises_list.c and exercises_report.c, over textwidth:
 * prepare lays text out into a Doc (wrapped by columns, in the app's mode), draw copies
 * its rows onto the canvas. */
#include "ui/exercises_internal.h"

#include "core/mem.h"

#include <string.h>

void ex_doc_reset(Doc *d, int width, TwMode mode)
{
	d->n = 0;
	d->len = 0;
	d->failed = 0;
	d->width = width < 8 ? 8 : width;
	d->mode = mode;
}

void ex_doc_free(Doc *d)
{
	if (!d)
		return;
	mem_free(d->rows);
	mem_free(d->text);
	memset(d, 0, sizeof *d);
}

/* One row of display text (already through tw_display). */
static void doc_row(Doc *d, UiStyle st, int indent, const char *s, size_t n)
{
	if (d->failed)
		return;
	if (d->n == d->cap) {
		int cap = d->cap ? 2 * d->cap : 64;
		DocRow *rows = mem_realloc(d->rows, (size_t)cap * sizeof *rows);
		if (!rows) {
			d->failed = 1;
			return;
		}
		d->rows = rows;
		d->cap = cap;
	}
	size_t at = d->len;
	if (mem_append(&d->text, &d->len, &d->cap_text, s, n, 1024) != 0) {
		d->failed = 1;
		return;
	}
	d->rows[d->n++] = (DocRow){ (unsigned char)st, (short)indent, at, (int)n };
}

void ex_doc_blank(Doc *d)
{
	doc_row(d, UI_NORMAL, 0, "", 0);
}

/* Raw text, one line of it (no newlines), wrapped to the width: a line's own leading spaces
 * are kept, and its continuation rows are indented as far plus hang. */
void ex_doc_line(Doc *d, UiStyle st, const char *raw, size_t n, int hang)
{
	int amb = d->mode == TW_AMBIGUOUS_WIDE;
	char *s = tw_display(raw, n, d->mode, NULL);
	TwLines lines = { 0 };
	if (!s || tw_wrap(s, strlen(s), d->width, TW_WRAP_PRE, amb, &lines) < 0) {
		d->failed = 1;
	} else {
		int lead = 0;
		while (s[lead] == ' ')
			lead++;
		int indent = lead + hang < d->width / 2 ? lead + hang : 0;
		if (lines.n > 0)
			doc_row(d, st, 0, s + lines.items[0].start, lines.items[0].len);
		if (lines.n > 1) {
			/* The rest, wrapped again to the room left after the indent. */
			const char *p = s + lines.items[1].start;
			TwLines more = { 0 };
			if (tw_wrap(p, strlen(p), d->width - indent, TW_WRAP_WORDS, amb, &more) < 0)
				d->failed = 1;
			for (int j = 0; j < more.n; j++)
				doc_row(d, st, indent, p + more.items[j].start, more.items[j].len);
			tw_lines_free(&more);
		}
	}
	tw_lines_free(&lines);
	mem_free(s);
}

/* Text with newlines: each line wrapped on its own. */
void ex_doc_text(Doc *d, UiStyle st, const char *raw, int hang)
{
	for (const char *p = raw;;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		ex_doc_line(d, st, p, n, hang);
		if (!nl)
			break;
		p = nl + 1;
	}
}

void ex_doc_draw(Canvas *c, const Doc *d, int top, int y0, int rows, int x0)
{
	for (int i = 0; i < rows && top + i < d->n; i++) {
		const DocRow *r = &d->rows[top + i];
		canvas_text(c, y0 + i, x0 + r->indent, d->width - r->indent, d->text + r->off,
			    (size_t)r->len, (UiStyle)r->style);
	}
}
