/* canvas_mem: the in-memory canvas the tests draw into; see canvas.h. A wide character
 * fills its cell and marks the next one as its continuation; overwriting either half
 * blanks the other, as a terminal does. A cell keeps up to two combining marks. */
#include "ui/canvas.h"

#include "core/mem.h"
#include "ui/textwidth.h"

#include <string.h>

#define MEM_MARKS 2

typedef struct Cell {
	uint32_t cp;
	unsigned char style;
	unsigned char cont;   /* the right half of the wide character to the left */
	uint32_t mark[MEM_MARKS];   /* combining marks drawn on cp, 0 when none */
} Cell;

typedef struct MemCanvas {
	Canvas base;
	Cell *cells;
	int cur_y, cur_x;
} MemCanvas;

static void mem_clear(Canvas *c)
{
	MemCanvas *m = (MemCanvas *)c;
	for (int i = 0; i < c->rows * c->cols; i++)
		m->cells[i] = (Cell){ ' ', UI_NORMAL, 0, { 0 } };
	m->cur_y = -1;
	m->cur_x = 0;
}

static void mem_put(Canvas *c, int y, int x, uint32_t cp, int width, UiStyle st)
{
	MemCanvas *m = (MemCanvas *)c;
	if (y < 0 || y >= c->rows || x < 0 || x + width > c->cols)
		return;
	Cell *row = m->cells + (size_t)y * (size_t)c->cols;
	if (row[x].cont && x > 0)
		row[x - 1] = (Cell){ ' ', row[x - 1].style, 0, { 0 } };
	int last = x + width - 1;
	if (last + 1 < c->cols && row[last + 1].cont)
		row[last + 1] = (Cell){ ' ', row[last + 1].style, 0, { 0 } };
	row[x] = (Cell){ cp, (unsigned char)st, 0, { 0 } };
	if (width == 2)
		row[x + 1] = (Cell){ 0, (unsigned char)st, 1, { 0 } };
}

static void mem_combine(Canvas *c, int y, int x, uint32_t mark)
{
	MemCanvas *m = (MemCanvas *)c;
	if (y < 0 || y >= c->rows || x < 0 || x >= c->cols)
		return;
	Cell *cell = m->cells + (size_t)y * (size_t)c->cols + (size_t)x;
	for (int i = 0; i < MEM_MARKS; i++)
		if (!cell->mark[i]) {
			cell->mark[i] = mark;
			return;
		}
}

static void mem_cursor(Canvas *c, int y, int x)
{
	MemCanvas *m = (MemCanvas *)c;
	m->cur_y = y;
	m->cur_x = x;
}

static const CanvasOps mem_ops = { mem_clear, mem_put, mem_cursor, mem_combine };

Canvas *canvas_mem_new(int rows, int cols)
{
	MemCanvas *m = mem_calloc(1, sizeof *m);
	if (!m)
		return NULL;
	m->base.ops = &mem_ops;
	if (canvas_mem_resize(&m->base, rows, cols) < 0) {
		mem_free(m);
		return NULL;
	}
	return &m->base;
}

void canvas_mem_free(Canvas *c)
{
	if (!c)
		return;
	MemCanvas *m = (MemCanvas *)c;
	mem_free(m->cells);
	mem_free(m);
}

int canvas_mem_resize(Canvas *c, int rows, int cols)
{
	MemCanvas *m = (MemCanvas *)c;
	if (rows < 1 || cols < 1)
		return -1;
	Cell *cells = mem_calloc((size_t)rows * (size_t)cols, sizeof *cells);
	if (!cells)
		return -1;
	mem_free(m->cells);
	m->cells = cells;
	c->rows = rows;
	c->cols = cols;
	mem_clear(c);
	return 0;
}

size_t canvas_mem_row(const Canvas *c, int y, char *buf, size_t size)
{
	const MemCanvas *m = (const MemCanvas *)c;
	size_t n = 0, keep = 0;
	if (size == 0)
		return 0;
	if (y >= 0 && y < c->rows) {
		const Cell *row = m->cells + (size_t)y * (size_t)c->cols;
		for (int x = 0; x < c->cols; x++) {
			if (row[x].cont)
				continue;
			char u[4 * (1 + MEM_MARKS)];
			int k = utf8_encode(row[x].cp, u);
			for (int i = 0; i < MEM_MARKS && row[x].mark[i]; i++)
				k += utf8_encode(row[x].mark[i], u + k);
			if (n + (size_t)k + 1 > size)
				break;
			memcpy(buf + n, u, (size_t)k);
			n += (size_t)k;
			if (row[x].cp != ' ' || row[x].mark[0])
				keep = n;
		}
	}
	buf[keep] = '\0';
	return keep;
}

UiStyle canvas_mem_style(const Canvas *c, int y, int x)
{
	const MemCanvas *m = (const MemCanvas *)c;
	if (y < 0 || y >= c->rows || x < 0 || x >= c->cols)
		return UI_NORMAL;
	return (UiStyle)m->cells[(size_t)y * (size_t)c->cols + (size_t)x].style;
}

void canvas_mem_cursor(const Canvas *c, int *y, int *x)
{
	const MemCanvas *m = (const MemCanvas *)c;
	*y = m->cur_y;
	*x = m->cur_x;
}
