/* text: plots drawn as text, with no gnuplot: line plots in braille dots (2x4 dots per
 * character, U+2800) or ASCII, heatmaps in shades. In src/plot beside script.c; the CLI
 * prints the lines, the curses UI draws them. Widths are terminal columns (wcwidth). */
#ifndef GRADLAB_PLOT_TEXT_H
#define GRADLAB_PLOT_TEXT_H

#include "plot/plot.h"

/* p in cols x rows characters: title, y tick labels (1e-12 ... 1e+00 on a log axis), the
 * plot, x ticks and label, and a legend that names each series by its own letter (a, b, c
 * written on the braille curve) or, in ASCII, its own character ('*', 'o', '#', ...),
 * since colour may be off; where ASCII series overlap their characters take turns along
 * the row ("*#@*#@"), so none is hidden. Clamped values are marked '!'; a line breaks at a
 * gap and the x axis is marked under it, '0' for an exact 0 on a log axis, '?' for a NaN,
 * with the legend's note for each (see PlotLine). In ASCII mode
 * non-ASCII characters become '?', except in a Chinese plot (p->lang), whose captions keep
 * them. *out gets exactly `rows` lines,
 * none wider than `cols` (free with plot_text_free). ST_EINVAL when the size is below 24x8
 * or the data cannot go on the axes (see axis.h), ST_ENOMEM; *out is NULL then. */
Status plot_text_line(const PlotLine *p, int cols, int rows, PlotGlyphs g, PlotText **out);

/* h in at most cols x rows characters: the ylabel above the row labels, column labels, one
 * row per matrix row with its label, cells up to 8 columns wide to use the width there is,
 * values as shades (" ░▒▓█", or " .:-=+*#%@" in ASCII) scaled from the smallest to the
 * largest finite value (or h's fixed range), '?' for non-finite ones, 'x' filling a masked
 * cell, and a scale legend (which names the masked mark). Rows and columns that
 * do not fit are left out and a line says how many are shown. ST_EINVAL when the size is
 * below 24x6 or h is empty, ST_ENOMEM; *out is NULL then. */
Status plot_text_heat(const PlotHeat *h, int cols, int rows, PlotGlyphs g, PlotText **out);

/* Terminal columns of a UTF-8 string (0 for NULL). */
int plot_text_width(const char *s);

#endif
