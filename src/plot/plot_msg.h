/* plot_msg: every word the plot layer adds to a plot itself (legends of clamped values and
 * gaps, the heatmap's scale, "masked", notes on why a plot fell back to text), in English and
 * Simplified Chinese, from one table (plot_msg.c), as src/ui/strings.c does for the book. In
 * src/plot. Titles, axis labels and series labels are the caller's words, not these. The
 * language is PlotLine's and PlotHeat's lang, an index into core/lang.h's list. Most texts
 * are printf formats: the comment beside each id says which arguments it takes, the same in
 * every language. Words that change with a count are two ids, one and many, chosen by the
 * count (a language without plurals gives both the same text). A third language
 * is one more column in the table. */
#ifndef GRADLAB_PLOT_MSG_H
#define GRADLAB_PLOT_MSG_H

#include <stddef.h>

#include "core/lang.h"

typedef enum PlotMsg {
	PM_NONE,                /* "" */
	/* {---- Legends of a line plot ---- */
	PM_UNNAMED,             /* a series without a label */
	PM_GAP_ZERO,            /* the gaps where a log axis meets an exact 0 */
	PM_GAP_NAN,             /* the gaps at NaN values */
	PM_CLAMPED_OPEN,        /* before the list of what was clamped */
	PM_CLAMPED_CLOSE,       /* after it */
	PM_LIST_COMMA,          /* between two of that list */
	PM_LIST_OR,             /* before its last */
	PM_CLAMP_ZERO,          /* the kinds of clamped values, in that list */
	PM_CLAMP_NEG,
	PM_CLAMP_TINY,
	PM_CLAMP_INF,
	PM_CLAMP_NINF,
	PM_CLAMP_NAN,
	PM_CLAMP_HUGE,
	/* {---- Heatmaps ---- */
	PM_MASKED,              /* in a masked cell */
	PM_HATCHED,             /* what the hatched cells are, under a grid too big to label */
	PM_NOT_FINITE_ONE,      /* %ld cells: what the red x marks */
	PM_NOT_FINITE_MANY,     /* %ld cells */
	PM_SCALE_NONE,          /* the text heatmap's colour scale when no value is finite */
	PM_SCALE_ONE,           /* %.4g the one value */
	PM_SCALE,               /* %.4g the lowest value, before the ramp */
	PM_SCALE_NOT_FINITE,    /* after the scale: what '?' means */
	PM_SCALE_MASKED,        /* after the scale: what 'x' means */
	PM_SHOWING,             /* %d rows shown, %d rows, %d columns shown, %d columns */
	/* {---- Why a plot is drawn as text, or in English ---- */
	PM_WHY_NO_GNUPLOT,      /* the English text is also the failure's detail, matched */
	PM_WHY_NO_WINDOW_TERMINAL,
	PM_WHY_NO_DISPLAY,
	PM_WHY_DUMB_HEAT,
	PM_WHY_DUMB_WIDE,
	PM_WHY_GNUPLOT_SAID,    /* %s gnuplot's own words, or another failure's */
	PM_TEXT_INSTEAD,        /* %s why, %s PM_KIND_PLOT or PM_KIND_HEATMAP */
	PM_KIND_PLOT,
	PM_KIND_HEATMAP,
	PM_NO_CJK_FONT,         /* %s PM_TARGET_PNG or PM_TARGET_WINDOW */
	PM_TARGET_PNG,
	PM_TARGET_WINDOW,
	PM_COUNT
} PlotMsg;

/* The text of id in lang (English where lang is out of range, "" where id is, or where the
 * table has no text: a gap the table test fails on, never filled in from another language).
 * Never NULL. */
const char *plot_msg(int lang, PlotMsg id);
/* Message id in lang, formatted with the arguments its comment names, into buf (cut to fit,
 * always terminated when size > 0). */
void plot_format(char *buf, size_t size, int lang, PlotMsg id, ...);

#endif
