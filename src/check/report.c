/* report: table and JSON writers for checks and sweeps. JSON goes through json-c, with
 * doubles printed to 17 significant digits so they read back exactly; a non-finite number,
 * which JSON cannot hold, is written as null beside a message that says where it was. */
#include "check/report.h"

#include "check/check_msg.h"
#include "check/io.h"
#include "core/utf8.h"

#include <json-c/json.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* {==== Non-finite values, in words ==== */

void report_nonfinite(const GcNonfinite *nf, int lang, char *buf, size_t size)
{
	/* check_msg.h lists the ids in GcNonfiniteKind's order, from FORWARD */
	CheckMsg id = nf->kind >= GC_NONFINITE_FORWARD && nf->kind <= GC_NONFINITE_ANALYTIC
			      ? (CheckMsg)(CKM_NONFINITE_FORWARD + (nf->kind - GC_NONFINITE_FORWARD))
			      : CKM_NONE;
	const char *fmt = check_msg(lang, id);
	switch (nf->kind) {
	case GC_NONFINITE_FORWARD:
		snprintf(buf, size, fmt, nf->value, nf->node, nf->op, nf->row, nf->col);
		break;
	case GC_NONFINITE_STEP:
		snprintf(buf, size, fmt, nf->value, nf->tensor, nf->row, nf->col, nf->step);
		break;
	case GC_NONFINITE_ANALYTIC:
		snprintf(buf, size, fmt, nf->tensor, nf->row, nf->col, nf->value);
		break;
	default:
		snprintf(buf, size, "%s", fmt);
		break;
	}
}

/* }==== */

static json_object *pair(int a, int b)
{
	json_object *arr = json_object_new_array();
	json_object_array_add(arr, json_object_new_int(a));
	json_object_array_add(arr, json_object_new_int(b));
	return arr;
}

static void print_json(FILE *out, json_object *root)
{
	fprintf(out, "%s\n",
		json_object_to_json_string_ext(root, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
							     JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(root);
}

/* {==== Narrow tables (CKM_TABLE_LAYOUT "narrow") ==== */

#define MAX_COLS 8

/* What a cell is read from: the report and the language of its words. */
typedef struct Cells {
	const GcReport *r;
	int lang;
} Cells;

/* Cell (row, col) of a table into buf, row -1 being the header; 0 when the row is left out. */
typedef int (*CellFn)(const Cells *ctx, int row, int col, char *buf, size_t size);

/* A table whose columns are as wide as their widest cell, in terminal columns, two spaces
 * apart; align has one letter per column, 'l' or 'r'. */
static void print_table(FILE *out, int rows, const char *align, CellFn cell, const Cells *ctx)
{
	int n = (int)strlen(align), width[MAX_COLS] = { 0 };
	char buf[128];
	for (int r = -1; r < rows; r++)
		for (int c = 0; c < n; c++)
			if (cell(ctx, r, c, buf, sizeof buf) && utf8_cols(buf) > width[c])
				width[c] = utf8_cols(buf);
	for (int r = -1; r < rows; r++) {
		if (!cell(ctx, r, 0, buf, sizeof buf))
			continue;
		for (int c = 0; c < n; c++) {
			cell(ctx, r, c, buf, sizeof buf);
			int pad = width[c] - utf8_cols(buf);
			if (align[c] == 'r')
				fprintf(out, "%*s", pad, "");
			fputs(buf, out);
			if (c < n - 1)
				fprintf(out, "%*s", (align[c] == 'l' ? pad : 0) + 2, "");
		}
		fputc('\n', out);
	}
}

/* tensor, shape, checked, failed, kinks, largest errors */
static int tensor_cell(const Cells *ctx, int row, int col, char *buf, size_t size)
{
	static const CheckMsg head[] = { CKM_HEAD_TENSOR, CKM_HEAD_SHAPE, CKM_HEAD_CHECKED,
					 CKM_HEAD_FAILED, CKM_HEAD_KINKS, CKM_HEAD_MAX_ABS_ERR,
					 CKM_HEAD_MAX_REL_ERR };
	if (row < 0) {
		snprintf(buf, size, "%s", check_msg(ctx->lang, head[col]));
		return 1;
	}
	const GcTensorReport *t = &ctx->r->tensors[row];
	switch (col) {
	case 0: snprintf(buf, size, "%s", t->name); break;
	case 1: snprintf(buf, size, "%dx%d", t->rows, t->cols); break;
	case 2: snprintf(buf, size, "%d", t->checked); break;
	case 3: snprintf(buf, size, "%d", t->failed); break;
	case 4: snprintf(buf, size, "%d", t->kinks); break;
	case 5: snprintf(buf, size, "%.3g", t->max_abs_err); break;
	default: snprintf(buf, size, "%.3g", t->max_rel_err); break;
	}
	return 1;
}

/* the worst element of every tensor that has one that is not a kink */
static int worst_cell(const Cells *ctx, int row, int col, char *buf, size_t size)
{
	static const CheckMsg head[] = { CKM_HEAD_WORST, CKM_HEAD_NUMERIC, CKM_HEAD_ANALYTIC };
	if (row < 0) {
		snprintf(buf, size, "%s", check_msg(ctx->lang, head[col]));
		return 1;
	}
	const GcTensorReport *t = &ctx->r->tensors[row];
	if (t->checked <= t->kinks)
		return 0;
	if (col == 0)
		snprintf(buf, size, "%s[%d,%d]", t->name, t->worst_row, t->worst_col);
	else
		snprintf(buf, size, "%.10g", col == 1 ? t->worst_numeric : t->worst_analytic);
	return 1;
}

static int direction_cell(const Cells *ctx, int row, int col, char *buf, size_t size)
{
	static const CheckMsg head[] = { CKM_HEAD_DIRECTION, CKM_HEAD_NUMERIC, CKM_HEAD_ANALYTIC,
					 CKM_HEAD_REL_ERR, CKM_HEAD_RESULT };
	if (row < 0) {
		snprintf(buf, size, "%s", check_msg(ctx->lang, head[col]));
		return 1;
	}
	const GcDirection *d = &ctx->r->directions[row];
	switch (col) {
	case 0: snprintf(buf, size, "%d", row + 1); break;
	case 1: snprintf(buf, size, "%.12g", d->numeric); break;
	case 2: snprintf(buf, size, "%.12g", d->analytic); break;
	case 3: snprintf(buf, size, "%.3g", d->rel_err); break;
	default:
		snprintf(buf, size, "%s",
			 check_msg(ctx->lang, d->pass ? CKM_DIRECTION_AGREES : CKM_DIRECTION_DISAGREES));
		break;
	}
	return 1;
}

/* Two tables that fit in 80 columns: the errors of each tensor, then its worst element
 * with both values (the wide layout puts them on one line of 120 columns). */
static void tables_narrow(FILE *out, const GcReport *r, int lang)
{
	Cells ctx = { r, lang };
	print_table(out, r->n_tensors, "llrrrrr", tensor_cell, &ctx);
	int worst = 0;
	for (int k = 0; k < r->n_tensors; k++)
		worst += r->tensors[k].checked > r->tensors[k].kinks;
	if (worst) {
		fputc('\n', out);
		print_table(out, r->n_tensors, "lrr", worst_cell, &ctx);
	}
	if (r->n_directions) {
		fputc('\n', out);
		print_table(out, r->n_directions, "rrrrl", direction_cell, &ctx);
	}
}

/* }==== */

/* One line per tensor, in fixed columns. */
static void tables_wide(FILE *out, const GcReport *r, int lang)
{
	fprintf(out, "%-12s %-9s %7s %6s %5s %11s %11s  %s\n", check_msg(lang, CKM_HEAD_TENSOR),
		check_msg(lang, CKM_HEAD_SHAPE), check_msg(lang, CKM_HEAD_CHECKED),
		check_msg(lang, CKM_HEAD_FAILED), check_msg(lang, CKM_HEAD_KINKS),
		check_msg(lang, CKM_HEAD_MAX_ABS_ERR), check_msg(lang, CKM_HEAD_MAX_REL_ERR),
		check_msg(lang, CKM_HEAD_WORST));
	for (int k = 0; k < r->n_tensors; k++) {
		const GcTensorReport *t = &r->tensors[k];
		char shape[24], worst[160] = "";
		snprintf(shape, sizeof shape, "%dx%d", t->rows, t->cols);
		if (t->checked > t->kinks)
			snprintf(worst, sizeof worst, check_msg(lang, CKM_WORST_WIDE), t->name,
				 t->worst_row, t->worst_col, t->worst_numeric, t->worst_analytic);
		fprintf(out, "%-12s %-9s %7d %6d %5d %11.3g %11.3g  %s\n", t->name, shape,
			t->checked, t->failed, t->kinks, t->max_abs_err, t->max_rel_err, worst);
	}
	for (int j = 0; j < r->n_directions; j++) {
		const GcDirection *d = &r->directions[j];
		fprintf(out, check_msg(lang, CKM_DIRECTION_WIDE), j + 1, d->numeric, d->analytic,
			d->rel_err,
			check_msg(lang, d->pass ? CKM_DIRECTION_AGREES : CKM_DIRECTION_DISAGREES));
	}
}

void report_check_table(FILE *out, const char *model, const GcOptions *o, const GcReport *r,
			int lang)
{
	fprintf(out, check_msg(lang, CKM_CHECK_TITLE), model, o->eps, o->atol, o->rtol,
		o->fast ? check_msg(lang, CKM_RANDOM_DIRECTIONS) : "");
	fprintf(out, check_msg(lang, CKM_LOSS), r->loss);
	if (strstr(check_msg(lang, CKM_TABLE_LAYOUT), "narrow"))
		tables_narrow(out, r, lang);
	else
		tables_wide(out, r, lang);
	int values = 0, failed = 0, kinks = 0;
	for (int k = 0; k < r->n_tensors; k++) {
		values += r->tensors[k].rows * r->tensors[k].cols;
		failed += r->tensors[k].failed;
		kinks += r->tensors[k].kinks;
	}
	fputc('\n', out);
	char words[400];
	if (r->nonfinite.kind) {
		report_nonfinite(&r->nonfinite, lang, words, sizeof words);
		fprintf(out, check_msg(lang, CKM_FAIL), words);
	}
	for (int k = 0; k < r->n_tensors; k++) {
		const GcTensorReport *t = &r->tensors[k];
		if (t->nonfinite.kind) {
			report_nonfinite(&t->nonfinite, lang, words, sizeof words);
			fprintf(out, check_msg(lang, CKM_FAIL), words);
		} else if (t->failed) {
			fprintf(out, check_msg_n(lang, CKM_TENSOR_FAILS, t->checked), t->name,
				t->failed, t->checked, t->worst_row, t->worst_col, t->worst_numeric,
				t->worst_analytic, t->worst_rel_err);
		}
	}
	if (kinks)
		fprintf(out, check_msg_n(lang, CKM_KINKS, kinks), kinks);
	if (r->passed && r->n_directions) {
		fprintf(out, check_msg_n(lang, CKM_PASS_DIRECTIONS, r->n_directions), r->n_directions,
			r->evaluations);
	} else if (r->passed) {
		char tensors[64];
		snprintf(tensors, sizeof tensors, check_msg_n(lang, CKM_N_TENSORS, r->n_tensors),
			 r->n_tensors);
		fprintf(out, check_msg_n(lang, CKM_PASS_VALUES, values - kinks), values - kinks,
			tensors, r->evaluations);
	} else if (!failed && !r->nonfinite.kind && r->n_directions) {
		fputs(check_msg(lang, CKM_FAIL_DIRECTION), out);
	}
}

void report_check_json(FILE *out, const char *model, const GcOptions *o, const GcReport *r)
{
	json_object *root = json_object_new_object();
	json_object_object_add(root, "model", json_object_new_string(model));
	json_object_object_add(root, "passed", json_object_new_boolean(r->passed));
	json_object_object_add(root, "loss", io_number(r->loss));
	json_object *opts = json_object_new_object();
	json_object_object_add(opts, "eps", io_number(o->eps));
	json_object_object_add(opts, "atol", io_number(o->atol));
	json_object_object_add(opts, "rtol", io_number(o->rtol));
	json_object_object_add(opts, "fast", json_object_new_int(o->fast));
	json_object_object_add(root, "options", opts);
	json_object_object_add(root, "evaluations", json_object_new_int64(r->evaluations));
	char words[400];
	report_nonfinite(&r->nonfinite, LANG_EN, words, sizeof words);
	json_object_object_add(root, "nonfinite",
			       r->nonfinite.kind ? json_object_new_string(words) : NULL);
	json_object *tensors = json_object_new_array();
	for (int k = 0; k < r->n_tensors; k++) {
		const GcTensorReport *t = &r->tensors[k];
		json_object *jt = json_object_new_object();
		json_object_object_add(jt, "name", json_object_new_string(t->name));
		json_object_object_add(jt, "shape", pair(t->rows, t->cols));
		json_object_object_add(jt, "checked", json_object_new_int(t->checked));
		json_object_object_add(jt, "failed", json_object_new_int(t->failed));
		json_object_object_add(jt, "kinks", json_object_new_int(t->kinks));
		json_object_object_add(jt, "max_abs_err", io_number(t->max_abs_err));
		json_object_object_add(jt, "max_rel_err", io_number(t->max_rel_err));
		if (t->checked > t->kinks) {
			json_object *w = json_object_new_object();
			json_object_object_add(w, "index", pair(t->worst_row, t->worst_col));
			json_object_object_add(w, "numeric", io_number(t->worst_numeric));
			json_object_object_add(w, "analytic", io_number(t->worst_analytic));
			json_object_object_add(w, "rel_err", io_number(t->worst_rel_err));
			json_object_object_add(jt, "worst", w);
		}
		report_nonfinite(&t->nonfinite, LANG_EN, words, sizeof words);
		json_object_object_add(jt, "nonfinite",
				       t->nonfinite.kind ? json_object_new_string(words) : NULL);
		json_object_array_add(tensors, jt);
	}
	json_object_object_add(root, "tensors", tensors);
	if (r->n_directions) {
		json_object *dirs = json_object_new_array();
		for (int j = 0; j < r->n_directions; j++) {
			const GcDirection *d = &r->directions[j];
			json_object *jd = json_object_new_object();
			json_object_object_add(jd, "numeric", io_number(d->numeric));
			json_object_object_add(jd, "analytic", io_number(d->analytic));
			json_object_object_add(jd, "rel_err", io_number(d->rel_err));
			json_object_object_add(jd, "pass", json_object_new_boolean(d->pass));
			json_object_array_add(dirs, jd);
		}
		json_object_object_add(root, "directions", dirs);
	}
	print_json(out, root);
}

/* s right-aligned in cols terminal columns */
static void put_right(FILE *out, const char *s, int cols)
{
	fprintf(out, "%*s%s", cols - utf8_cols(s) > 0 ? cols - utf8_cols(s) : 0, "", s);
}

void report_sweep_table(FILE *out, const char *model, const GcSweep *s, int lang)
{
	fprintf(out, check_msg(lang, CKM_SWEEP_TITLE), model, s->tensor, s->row, s->col,
		s->analytic);
	put_right(out, check_msg(lang, CKM_SWEEP_HEAD_STEP), 8);
	fputs("  ", out);
	put_right(out, check_msg(lang, CKM_SWEEP_HEAD_CENTRAL), 14);
	fputs("  ", out);
	put_right(out, check_msg(lang, CKM_SWEEP_HEAD_FORWARD), 14);
	fputc('\n', out);
	for (int i = 0; i < GC_SWEEP_STEPS; i++)
		fprintf(out, "%8.0e  %14.3e  %14.3e\n", s->eps[i], s->central_err[i],
			s->forward_err[i]);
	int best = 0;
	for (int i = 1; i < GC_SWEEP_STEPS; i++)
		if (s->central_err[i] < s->central_err[best])
			best = i;
	fprintf(out, check_msg(lang, CKM_SWEEP_BEST), s->eps[best]);
}

void report_sweep_csv(FILE *out, const char *model, const GcSweep *s)
{
	fprintf(out, "model,tensor,row,col,eps,central_err,forward_err\n");
	for (int i = 0; i < GC_SWEEP_STEPS; i++)
		fprintf(out, "%s,%s,%d,%d,%.17g,%.17g,%.17g\n", model, s->tensor, s->row, s->col,
			s->eps[i], s->central_err[i], s->forward_err[i]);
}

void report_sweep_json(FILE *out, const char *model, const GcSweep *s)
{
	json_object *root = json_object_new_object();
	json_object_object_add(root, "model", json_object_new_string(model));
	json_object_object_add(root, "tensor", json_object_new_string(s->tensor));
	json_object_object_add(root, "index", pair(s->row, s->col));
	json_object_object_add(root, "analytic", io_number(s->analytic));
	json_object *rows = json_object_new_array();
	for (int i = 0; i < GC_SWEEP_STEPS; i++) {
		json_object *jr = json_object_new_object();
		json_object_object_add(jr, "eps", io_number(s->eps[i]));
		json_object_object_add(jr, "central_err", io_number(s->central_err[i]));
		json_object_object_add(jr, "forward_err", io_number(s->forward_err[i]));
		json_object_array_add(rows, jr);
	}
	json_object_object_add(root, "steps", rows);
	print_json(out, root);
}
