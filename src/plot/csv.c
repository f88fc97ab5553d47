/* csv: line plots and heatmaps as CSV; see csv.h. In src/plot beside script.c, for the
 * CLI's --csv FILE. Fields are quoted as RFC 4180 says; numbers keep all 17 digits so the
 * export reads back exactly. */
#include "plot/csv.h"

#include "plot/axis.h"

#include <string.h>

/* A field, quoted when it holds a comma, a quote, a line break or edge blanks. */
static void field(FILE *f, const char *s)
{
	if (!s)
		s = "";
	size_t n = strlen(s);
	if (!strpbrk(s, ",\"\r\n") && (n == 0 || (s[0] != ' ' && s[n - 1] != ' '))) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

static Status done(FILE *f)
{
	if (fflush(f) != 0 || ferror(f))
		return status_fail(ST_EIO, "could not write the CSV data");
	return ST_OK;
}

Status plot_csv_line(FILE *f, const PlotLine *p)
{
	fputs("series,x,y\n", f);
	for (int s = 0; s < p->n_series; s++) {
		const PlotSeries *ser = &p->series[s];
		for (int i = 0; i < ser->n; i++) {
			field(f, ser->label);
			fprintf(f, ",%.17g,%.17g\n", plot_series_x(ser, i), ser->y[i]);
		}
	}
	return done(f);
}

Status plot_csv_heat(FILE *f, const PlotHeat *h)
{
	if (h->rows < 1 || h->cols < 1 || !h->v)
		return status_fail(ST_EINVAL, "a heatmap needs values, got %dx%d", h->rows, h->cols);
	char corner[256] = "";
	if ((h->ylabel && h->ylabel[0]) || (h->xlabel && h->xlabel[0]))
		snprintf(corner, sizeof corner, "%s \\ %s", h->ylabel ? h->ylabel : "",
			 h->xlabel ? h->xlabel : "");
	field(f, corner);
	for (int j = 0; j < h->cols; j++) {
		fputc(',', f);
		if (h->col_labels && h->col_labels[j])
			field(f, h->col_labels[j]);
		else
			fprintf(f, "%d", j);
	}
	fputc('\n', f);
	for (int i = 0; i < h->rows; i++) {
		if (h->row_labels && h->row_labels[i])
			field(f, h->row_labels[i]);
		else
			fprintf(f, "%d", i);
		for (int j = 0; j < h->cols; j++)
			fprintf(f, ",%.17g", h->v[(long)i * h->cols + j]);
		fputc('\n', f);
	}
	return done(f);
}
