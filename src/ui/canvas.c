/* canvas: the drawing helpers every backend shares; see canvas.h. */
#include "ui/canvas.h"

#include "ui/textwidth.h"

#include <string.h>

void canvas_clear(Canvas *c)
{
	c->ops->clear(c);
}

int canvas_text(Canvas *c, int y, int x, int max_cols, const char *s, size_t len, UiStyle st)
{
	if (y < 0 || y >= c->rows || x < 0 || x >= c->cols)
		return 0;
	if (max_cols > c->cols - x)
		max_cols = c->cols - x;
	int used = 0, base = -1;   /* base: the column of the last character drawn */
	size_t i = 0;
	while (i < len) {
		uint32_t cp = utf8_next_n(s, len, &i);
		if (utf8_is_control(cp))
			cp = '?';   /* a control is one '?', as utf8_cp_cols counts it */
		int w = utf8_cp_cols(cp, c->amb_wide);
		if (w == 0) {
			/* A combining mark belongs to the character before it: h + U+0303 is h̃. */
			if (base >= 0 && c->ops->combine)
				c->ops->combine(c, y, x + base, cp);
			continue;
		}
		if (used >= max_cols)
			break;
		if (used + w > max_cols) {
			c->ops->put(c, y, x + used, ' ', 1, st);
			used++;
			break;
		}
		c->ops->put(c, y, x + used, cp, w, st);
		base = used;
		used += w;
	}
	return used;
}

int canvas_str(Canvas *c, int y, int x, int max_cols, const char *s, UiStyle st)
{
	return canvas_text(c, y, x, max_cols, s, strlen(s), st);
}

void canvas_fill(Canvas *c, int y, int x, int n, uint32_t cp, UiStyle st)
{
	if (y < 0 || y >= c->rows)
		return;
	for (int i = 0; i < n && x + i < c->cols; i++)
		if (x + i >= 0)
			c->ops->put(c, y, x + i, cp, 1, st);
}

void canvas_cursor(Canvas *c, int y, int x)
{
	c->ops->cursor(c, y, x);
}
