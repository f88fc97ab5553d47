/* plot: the data a plot takes, where it can go, and the one call that shows it there.
 * Top of src/plot, which draws data and computes nothing: src/lab fills these plain structs
 * with borrowed arrays; src/cli and src/ui pick a target. script.c writes the gnuplot
 * commands, gnuplot.c runs gnuplot, text.c and heat.c draw without it, csv.c exports.
 * A missing or dying gnuplot is expected: the show calls fall back to the text plot. */
#ifndef GRADLAB_PLOT_H
#define GRADLAB_PLOT_H

#include "core/status.h"

#include <stddef.h>

/* {==== Data ==== */

typedef struct PlotSeries {
	const char *label;     /* legend text, UTF-8 */
	const double *x;       /* n values, or NULL for 0, 1, ..., n-1 */
	const double *y;       /* n values; values a y axis cannot show are clamped and marked */
	int n;
} PlotSeries;

#define PLOT_MAX_PANELS 4

/* Several labelled lines on one pair of axes. On a log y axis the range comes from the data
 * in whole decades; negative, inf and -inf values (which gnuplot would silently drop) are
 * drawn at the bottom (negative, -inf) or top (inf) of the range and marked as a separate
 * "clamped (...)" series. An exact 0 on a log axis and a NaN on any axis are no value to
 * draw at all: the line has a gap there, the gap is shaded (a mark on the x axis in text)
 * and the legend says what it means (zero_note, nan_note), so that a vanished gradient is
 * neither dropped silently nor drawn as if it were 1e-1.
 * With panels > 1 the series are split into that many plots stacked above one another,
 * sharing the x axis, each with its own y range and ylabel (a function above, its
 * derivative below), under the one title. The text plot draws them on one pair of axes. */
typedef struct PlotLine {
	const char *title, *xlabel, *ylabel;   /* NULL or "" for none; UTF-8 */
	const char *subtitle;  /* a second title line: the parameters behind the picture */
	int logx, logy;
	int yrange;            /* nonzero: draw ymin..ymax instead of the data's range */
	double ymin, ymax;
	const PlotSeries *series;
	int n_series;
	int lang;              /* the captions' language, a Lang (core/lang.h), 0 English;
				* the words the plot adds itself (the clamped values' legend,
				* notes) are in it too */
	const struct PlotLine *en; /* with lang: the same plot captioned in English, drawn
				    * instead where lang cannot be (see plot_line_for); or NULL */
	const char *zero_note; /* legend of the gaps where a log y axis meets an exact 0, saying
				* why it is 0 here ("0: cut by truncated BPTT"); NULL: a
				* general note ("exactly 0: no point on a log axis") */
	const char *nan_note;  /* legend of the gaps at NaN values ("no step: x + h rounds to
				* x"); NULL: "NaN: no value" */
	int panels;            /* 0 or 1: one plot; 2 to PLOT_MAX_PANELS: see above */
	const int *panel_of;   /* with panels > 1: n_series panel numbers, from 0 */
	const char *panel_ylabels[PLOT_MAX_PANELS]; /* with panels > 1: each panel's ylabel */
} PlotLine;

/* A matrix of values drawn as colours (attention weights: rows = queries, cols = keys).
 * Row 0 is drawn at the top, as the matrix is written. The colour scale spans the finite
 * values, or vmin..vmax when fixed_range is set (0..1 for weights: two heatmaps then
 * compare); a grid of at most PLOT_HEAT_LABELLED x PLOT_HEAT_LABELLED cells has each value
 * written in its cell. Masked cells (padding keys) are hatched and labelled "masked". */
typedef struct PlotHeat {
	const char *title, *xlabel, *ylabel;
	const char *subtitle;             /* as in PlotLine */
	int rows, cols;
	const double *v;                  /* (rows, cols), row-major */
	const char *const *row_labels;    /* rows strings, or NULL for 0, 1, ... */
	const char *const *col_labels;    /* cols strings, or NULL for 0, 1, ... */
	int lang;                         /* as in PlotLine */
	const struct PlotHeat *en;
	int fixed_range;                  /* nonzero: the colour scale is vmin..vmax */
	double vmin, vmax;
	const unsigned char *masked;      /* (rows, cols): nonzero for a masked cell; or NULL */
} PlotHeat;

#define PLOT_HEAT_LABELLED 12

/* }==== */

/* {==== Targets ==== */

typedef enum PlotKind {
	PLOT_AUTO,     /* a window when one can open, else PLOT_TEXT */
	PLOT_TEXT,     /* the built-in text plot; never starts gnuplot */
	PLOT_WINDOW,   /* gnuplot's qt, wxt or x11 terminal; needs DISPLAY or WAYLAND_DISPLAY */
	PLOT_DUMB,     /* gnuplot's dumb terminal, read back as text */
	PLOT_PNG,      /* a file, pngcairo (png when gnuplot lacks cairo) */
	PLOT_SVG       /* a file */
} PlotKind;

/* How text is drawn: ASCII only; Unicode braille and shades with box-drawing axes; or
 * braille with ASCII axes and a braille shade ramp, for terminals that draw "ambiguous"
 * characters (box lines, blocks) two columns wide. Braille is narrow everywhere. */
typedef enum PlotGlyphs { PLOT_GLYPHS_ASCII, PLOT_GLYPHS_UNICODE, PLOT_GLYPHS_NARROW } PlotGlyphs;

typedef struct PlotTarget {
	PlotKind kind;
	const char *file;      /* PLOT_PNG, PLOT_SVG: the output file (borrowed) */
	int width, height;     /* text and dumb: columns x rows; png, svg: pixels; 0 = default */
	PlotGlyphs glyphs;     /* for text plots; 0 is ASCII, see plot_glyphs_from_locale */
	int timeout_ms;        /* longest wait for one answer from gnuplot; 0 = 10 s */
} PlotTarget;

#define PLOT_TEXT_COLS 80
#define PLOT_TEXT_ROWS 24
#define PLOT_IMAGE_WIDTH 1000
#define PLOT_IMAGE_HEIGHT 600

/* "auto", "text", "window", "dumb", "png:FILE" or "svg:FILE" into t->kind and t->file
 * (pointing into spec); other fields are left alone. ST_EINVAL naming the spec when it is
 * none of those or the file name is one gnuplot cannot take safely (see plot_quote_file). */
Status plot_target_parse(const char *spec, PlotTarget *t);

/* ASCII unless the locale's codeset (LC_CTYPE) is UTF-8; call setlocale first. */
PlotGlyphs plot_glyphs_from_locale(void);

/* }==== */

/* {==== Chinese captions ==== */

/* 1 when a font for lang (a Lang) is installed, or lang needs none (core/lang.h names the
 * fontconfig language of those that do): gnuplot's PNG (pngcairo) and window terminals find
 * their glyphs through fontconfig and draw boxes without one. Asked once per process and
 * language (`fc-list :lang=FONT file`, run without a shell); where fc-list is missing, the
 * font files of Debian's fonts-noto-cjk, fonts-wqy-zenhei and fonts-wqy-microhei are looked
 * for. */
int plot_lang_font(int lang);

/* The plot that goes to t: p itself, or p->en when p's language needs a font, t is a PNG or
 * a window and plot_lang_font(p->lang) is 0. Then note (when not NULL) gets one line, in p's language, saying so
 * and which package to install; else it gets "". */
const PlotLine *plot_line_for(const PlotLine *p, const PlotTarget *t, char *note, size_t size);
const PlotHeat *plot_heat_for(const PlotHeat *h, const PlotTarget *t, char *note, size_t size);

/* }==== */

/* {==== Showing a plot ==== */

/* Lines of UTF-8 text (no newlines), each at most the asked number of terminal columns. */
typedef struct PlotText {
	int n;
	char **lines;
} PlotText;

void plot_text_free(PlotText *t);

/* What a show call produced. */
typedef struct PlotShown {
	PlotKind drawn;        /* PLOT_TEXT, PLOT_DUMB, PLOT_WINDOW, PLOT_PNG or PLOT_SVG */
	PlotText *text;        /* PLOT_TEXT, PLOT_DUMB: the lines to print or draw; else NULL */
	char note[320];        /* why it fell back, one line ("gnuplot not found on PATH; ..."),
				* or that a Chinese plot went to a PNG or window in English for
				* want of a font, for the caller to print once; "" when neither */
} PlotShown;

/* Draw p on t. Window and dumb fall back to the built-in text plot when gnuplot is missing,
 * dies, hangs past the timeout or has no window terminal: ST_OK, drawn = PLOT_TEXT and a
 * note saying why (in p's language). A Chinese plot goes to gnuplot's dumb terminal,
 * which counts a Chinese character as one column, as the built-in text plot instead, and
 * to a PNG or window as plot_line_for says, with its note. PNG and SVG do not fall back: ST_EIO naming the file when gnuplot is
 * missing or fails or the file is not there and non-empty afterwards (a file this call
 * created is removed again). ST_EINVAL for bad data (x <= 0 on a log x axis, a log y
 * range that is not positive) and ST_ENOMEM, with *out left empty. Clear out with
 * plot_shown_clear. Assumes SIGPIPE is ignored, but survives if it is not. */
Status plot_line_show(const PlotLine *p, const PlotTarget *t, PlotShown *out);

/* The same for a heatmap; PLOT_DUMB draws the built-in text heatmap (gnuplot's dumb
 * terminal draws nothing for images) and says so in the note. */
Status plot_heat_show(const PlotHeat *h, const PlotTarget *t, PlotShown *out);

void plot_shown_clear(PlotShown *out);

/* }==== */

#endif
