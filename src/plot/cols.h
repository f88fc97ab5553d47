/* cols: text measured in terminal columns, and the line builder text.c and heat.c draw with.
 * Internal to src/plot. Widths are core/utf8's utf8_cp_cols (a Chinese character takes two
 * columns, a non-printable one counts as one, the same under every locale); control
 * characters become '?', and so does every non-ASCII character in ASCII mode. */
#ifndef GRADLAB_PLOT_COLS_H
#define GRADLAB_PLOT_COLS_H

#include "core/utf8.h" /* utf8_next, utf8_cp_cols */
#include "plot/plot.h"

#include <stddef.h>

/* A line being built; all-zero is empty. On out of memory `failed` is set and later
 * calls do nothing, so callers check once at the end. */
typedef struct Line {
	char *s;
	size_t len, cap;
	int cols;
	int failed;
} Line;

/* One character of width 1 (braille, shades, box lines, ASCII). */
void plot_row_cp(Line *l, unsigned cp);
/* s cut to at most max_cols columns, ending in '~' when cut; ASCII mode turns non-ASCII
 * characters into '?'. Returns the columns added. */
int plot_row_str(Line *l, const char *s, int max_cols, int ascii);
/* Spaces until the line is `cols` wide. */
void plot_row_pad(Line *l, int cols);
void plot_row_free(Line *l);

/* Move l (trailing spaces removed) to the end of t and empty l. Nonzero when either is
 * out of memory, or l->failed. */
int plot_text_push(PlotText *t, Line *l);
/* An empty PlotText, or NULL with ST_ENOMEM. */
PlotText *plot_text_new(void);

/* Columns s takes when drawn by plot_row_str (ascii: as it is drawn in ASCII mode). */
int plot_str_cols(const char *s, int ascii);

#endif
