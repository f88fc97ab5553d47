/* plot_options: --plot, --plot-size, --plot-glyphs, --gnuplot-script and --csv, shared by
 * every experiment command. In src/cli: it turns options into a PlotTarget, shows the plot
 * the command built from its lab data, and exports its script and CSV. */
#ifndef GRADLAB_PLOT_OPTIONS_H
#define GRADLAB_PLOT_OPTIONS_H

#include "cli/args.h"
#include "plot/plot.h"

#include <stdio.h>

typedef struct PlotOptions {
	const char *plot;    /* NULL: no plot */
	const char *size;    /* COLSxROWS for text and dumb plots */
	const char *glyphs;  /* ascii|unicode|narrow; NULL: from the locale */
	const char *script;  /* write the gnuplot script here */
	const char *csv;     /* write the plotted data here */
} PlotOptions;

/* The --plot-size a text or dumb plot accepts: smaller has no room for its axes and
 * legend. The command table (cli.c) hands these to the book, which sizes its plots in them. */
#define PLOT_SIZE_MIN_COLS 24
#define PLOT_SIZE_MAX_COLS 1000
#define PLOT_SIZE_MIN_ROWS 8
#define PLOT_SIZE_MAX_ROWS 500

#define PLOT_OPTIONS(p)                                                                          \
	{ "plot", OPT_STRING, &(p)->plot, 0, 0, 0, NULL, "WHERE", "auto|text|window|dumb|png:FILE|svg:FILE" }, \
	{ "plot-size", OPT_STRING, &(p)->size, 0, 0, 0, NULL, "CxR", "columns x rows of a text plot (default: the terminal)" }, \
	{ "plot-glyphs", OPT_STRING, &(p)->glyphs, 0, 0, 0, "ascii|unicode|narrow", "G", "characters of a text plot (default: from the locale)" }, \
	{ "gnuplot-script", OPT_STRING, &(p)->script, 0, 0, 0, NULL, "FILE", "write the gnuplot script that draws the plot" }, \
	{ "csv", OPT_STRING, &(p)->csv, 0, 0, 0, NULL, "FILE", "write the plotted data as CSV" }

/* 1 when any plot output was asked for. */
int plot_options_wanted(const PlotOptions *o);
/* Check the options before any work: 0, or 2 after printing "gradlab CMD: ..." to err. */
int plot_options_check(const char *cmd, const PlotOptions *o, FILE *err);
/* Show and export a line plot or a heatmap as asked. Text goes to out; a fallback note
 * ("gnuplot not found on PATH; ...") to err. A plot in Chinese (p->lang) with its English
 * twin in p->en: the script is the one gnuplot draws here (plot_line_for), the CSV has
 * the English series names. 0, or 2 when a file could not be written. */
int plot_options_line(const char *cmd, const PlotOptions *o, const PlotLine *p, FILE *out,
		      FILE *err);
int plot_options_heat(const char *cmd, const PlotOptions *o, const PlotHeat *h, FILE *out,
		      FILE *err);

#endif
