/* csv: a plot's data as CSV, for a spreadsheet or pandas. In src/plot beside script.c; the
 * CLI writes it for --csv FILE. Values are written exactly as given (%.17g, so inf, -inf and
 * nan too): clamping is only how a log axis draws them, not what they are. */
#ifndef GRADLAB_PLOT_CSV_H
#define GRADLAB_PLOT_CSV_H

#include "plot/plot.h"

#include <stdio.h>

/* "series,x,y", then one row per point of every series in order. ST_EIO when writing
 * fails. */
Status plot_csv_line(FILE *f, const PlotLine *p);

/* The matrix as a table: a header row of the column labels (its first cell "ylabel \
 * xlabel", or empty), then per row its label and its values. ST_EINVAL when h is empty,
 * ST_EIO when writing fails. */
Status plot_csv_heat(FILE *f, const PlotHeat *h);

#endif
