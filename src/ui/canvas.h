/* canvas: the surface a screen draws on, and the keys it reads, with two backends. In
 * src/ui, under the screens. The curses backend (canvas_curses.c, the only file that
 * includes <curses.h>) draws on the real terminal; the in-memory one keeps a grid of cells
 * that tests read back row by row and compare with golden screens (tig's way). Screens
 * draw text already passed through tw_display; positions and widths are in columns. */
#ifndef GRADLAB_CANVAS_H
#define GRADLAB_CANVAS_H

#include <stddef.h>
#include <stdint.h>

#include "ui/theme.h"

/* {==== Keys ==== */

/* A key is a Unicode code point (typed text, '\n' for Enter, '\t', 27 for Esc, control
 * characters as they come) or one of these. */
enum {
	UI_KEY_UP = 0x110000, UI_KEY_DOWN, UI_KEY_LEFT, UI_KEY_RIGHT, UI_KEY_PGUP, UI_KEY_PGDN,
	UI_KEY_HOME, UI_KEY_END, UI_KEY_BACKSPACE, UI_KEY_DELETE, UI_KEY_BTAB, UI_KEY_F1,
	UI_KEY_RESIZE,   /* the terminal changed size */
	UI_KEY_EOF,      /* input ended (or failed): quit */
	UI_KEY_NONE      /* a key the book does not use */
};

#define UI_KEY_ESC 27
#define UI_KEY_CTRL(c) ((c) & 0x1f)

/* }==== */

/* {==== Drawing ==== */

typedef struct Canvas Canvas;

typedef struct CanvasOps {
	/* Every cell blank in UI_NORMAL, cursor hidden. */
	void (*clear)(Canvas *c);
	/* One character of width 1 or 2 at (y, x); the caller keeps x + width <= cols. */
	void (*put)(Canvas *c, int y, int x, uint32_t cp, int width, UiStyle st);
	/* Show the cursor at (y, x) after drawing; y < 0 hides it. */
	void (*cursor)(Canvas *c, int y, int x);
	/* Add a combining mark (a zero-width character such as the tilde of h̃) to the
	 * character at (y, x); may be NULL, and then marks are dropped. */
	void (*combine)(Canvas *c, int y, int x, uint32_t mark);
} CanvasOps;

/* Backends embed this first. */
struct Canvas {
	const CanvasOps *ops;
	int rows, cols;
	int amb_wide;     /* measure ambiguous characters as two columns */
};

void canvas_clear(Canvas *c);
/* Draw len bytes of UTF-8 at (y, x), at most max_cols columns and never past the right
 * edge; a wide character that does not fit becomes a blank, a combining mark goes on the
 * character drawn before it, and a control character is drawn as '?'. Returns the columns
 * drawn. */
int canvas_text(Canvas *c, int y, int x, int max_cols, const char *s, size_t len, UiStyle st);
int canvas_str(Canvas *c, int y, int x, int max_cols, const char *s, UiStyle st);
/* n copies of a narrow character from (y, x), clipped at the edge. */
void canvas_fill(Canvas *c, int y, int x, int n, uint32_t cp, UiStyle st);
void canvas_cursor(Canvas *c, int y, int x);

/* }==== */

/* {==== The in-memory backend ==== */

Canvas *canvas_mem_new(int rows, int cols);
void canvas_mem_free(Canvas *c);
/* Resize (contents become blank). 0, or -1 when out of memory (the size is kept). */
int canvas_mem_resize(Canvas *c, int rows, int cols);
/* Row y as UTF-8 without trailing blanks, into buf (truncated to size), each character
 * followed by its combining marks. Returns its length. */
size_t canvas_mem_row(const Canvas *c, int y, char *buf, size_t size);
UiStyle canvas_mem_style(const Canvas *c, int y, int x);
/* The cursor after the last draw; *y < 0 when hidden. */
void canvas_mem_cursor(const Canvas *c, int *y, int *x);

/* }==== */

#endif
