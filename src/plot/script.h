/* script: a plot as the exact gnuplot commands and inline data (datablocks) that draw it.
 * In src/plot, under plot.c: the same text goes down the pipe to gnuplot (gnuplot.c) and to
 * a file the user keeps (--gnuplot-script FILE) and re-runs with `gnuplot FILE`. Every user
 * string goes in single quotes with noenhanced, so nothing in a label is run or reformatted. */
#ifndef GRADLAB_PLOT_SCRIPT_H
#define GRADLAB_PLOT_SCRIPT_H

#include "plot/plot.h"

#include <stddef.h>
#include <stdio.h>

/* The commands for p on t: PLOT_PNG (pngcairo, or png when gnuplot lacks it, chosen by the
 * script itself), PLOT_SVG, PLOT_WINDOW (qt, wxt or x11, whichever gnuplot has, with
 * persist), and PLOT_DUMB, PLOT_TEXT or PLOT_AUTO as gnuplot's dumb terminal. A log y axis
 * gets a range in whole decades from the data, ticks like 10^{-20}, and clamped values in
 * a series of their own titled "clamped (...)"; gaps (an exact 0 on a log axis, NaN) break
 * the line and are shaded bands with p's note in the key (marks on the x axis in dumb).
 * Lines differ in dash and point type as well as colour. With panels, one multiplot. The
 * subtitle is a second title line. File targets end with `unset output`.
 * ST_EINVAL for data the axes cannot take or an unsafe file name; ST_EIO when writing to
 * f fails. */
Status plot_script_line(FILE *f, const PlotLine *p, const PlotTarget *t);

/* The commands for h: `matrix with image pixels`, row 0 at the top, rows and columns
 * labelled as ticks, a colour box (h's fixed range, if it has one); on a grid of at most
 * PLOT_HEAT_LABELLED x PLOT_HEAT_LABELLED, each value written in its cell; masked cells
 * hatched and labelled "masked". ST_EINVAL for an empty h or a fixed range that is not. */
Status plot_script_heat(FILE *f, const PlotHeat *h, const PlotTarget *t);

/* name as a gnuplot string: in single quotes (no backquote or macro runs in them), with
 * every ' doubled. Refuses (ST_EINVAL, naming the file) an empty name, one starting with
 * '|' or '<' after blanks (gnuplot would run it as a command) and one holding a newline or
 * another control character. ST_ELIMIT when buf is too small. */
Status plot_quote_file(const char *name, char *buf, size_t size);

#endif
