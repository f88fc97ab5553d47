/* report: table and JSON writers for checks and sweeps. JSON goes through json-c, with
 * doubles printed to 17 significant digits so they read back exactly; a non-finite number,
 * which JSON cannot hold, is written as null beside a message that says where it was. */
#include "check/report.h"

#include "check/io.h"
#include "core/plural.h"

#include "core/utf8.h"

#include <json-c/json.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* {==== Non-finite values, in words ==== */
/* One text per GcNonfiniteKind and language: their arguments come in the order of the
 * comments, the same in both (a language that does not show one consumes it with %.0s). */
static const char *const nonfinite_words[][2] = {
	[GC_NONFINITE_NONE] = { "", "" },
	/* %g value, %d node, %s op, %ld row, %ld col */
	[GC_NONFINITE_FORWARD] = { "the forward pass produced %g at node %d (%s), element [%ld,%ld]",
				   "前向传播在第 %2$d 个节点（%3$s）的元素 [%4$ld,%5$ld] 处得到 %1$g" },
	[GC_NONFINITE_LOSS] = { "the loss is not finite", "损失不是有限值" },
	/* %g value, %s tensor, %ld row, %ld col, %+g step */
	[GC_NONFINITE_STEP] = { "the loss is %g at %s[%ld,%ld]%+g",
				"%2$s[%3$ld,%4$ld] 挪动 %5$+g 后，损失为 %1$g" },
	/* %s tensor, %ld row, %ld col, %g value */
	[GC_NONFINITE_ANALYTIC] = { "the analytic gradient of %s[%ld,%ld] is %g",
				    "%s[%ld,%ld] 的解析梯度为 %g" },
};

void report_nonfinite(const GcNonfinite *nf, int zh, char *buf, size_t size)
{
	const char *const *w = nonfinite_words[nf->kind <= GC_NONFINITE_ANALYTIC ? nf->kind : 0];
	const char *fmt = w[zh ? 1 : 0];
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

/* {==== The table in Chinese ==== */

#define MAX_COLS 8

/* Cell (row, col) of a table into buf, row -1 being the header; 0 when the row is left out. */
typedef int (*CellFn)(const void *ctx, int row, int col, char *buf, size_t size);

/* A table whose columns are as wide as their widest cell, in terminal columns, two spaces
 * apart; align has one letter per column, 'l' or 'r'. */
static void print_table(FILE *out, int rows, const char *align, CellFn cell, const void *ctx)
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
static int tensor_cell(const void *ctx, int row, int col, char *buf, size_t size)
{
	static const char *const head[] = { "张量", "形状", "检查", "不合格", "折点",
					    "最大绝对误差", "最大相对误差" };
	const GcReport *r = ctx;
	if (row < 0) {
		snprintf(buf, size, "%s", head[col]);
		return 1;
	}
	const GcTensorReport *t = &r->tensors[row];
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
static int worst_cell(const void *ctx, int row, int col, char *buf, size_t size)
{
	static const char *const head[] = { "误差最大的元素", "数值（有限差分）", "解析（自动微分）" };
	const GcReport *r = ctx;
	if (row < 0) {
		snprintf(buf, size, "%s", head[col]);
		return 1;
	}
	const GcTensorReport *t = &r->tensors[row];
	if (t->checked <= t->kinks)
		return 0;
	if (col == 0)
		snprintf(buf, size, "%s[%d,%d]", t->name, t->worst_row, t->worst_col);
	else
		snprintf(buf, size, "%.10g", col == 1 ? t->worst_numeric : t->worst_analytic);
	return 1;
}

static int direction_cell(const void *ctx, int row, int col, char *buf, size_t size)
{
	static const char *const head[] = { "随机方向", "数值（有限差分）", "解析（自动微分）",
					    "相对误差", "结果" };
	const GcReport *r = ctx;
	if (row < 0) {
		snprintf(buf, size, "%s", head[col]);
		return 1;
	}
	const GcDirection *d = &r->directions[row];
	switch (col) {
	case 0: snprintf(buf, size, "%d", row + 1); break;
	case 1: snprintf(buf, size, "%.12g", d->numeric); break;
	case 2: snprintf(buf, size, "%.12g", d->analytic); break;
	case 3: snprintf(buf, size, "%.3g", d->rel_err); break;
	default: snprintf(buf, size, "%s", d->pass ? "一致" : "不一致"); break;
	}
	return 1;
}

/* Two tables that fit in 80 columns: the errors of each tensor, then its worst element
 * with both values (English puts them on one line of 120 columns). */
static void tables_zh(FILE *out, const GcReport *r)
{
	print_table(out, r->n_tensors, "llrrrrr", tensor_cell, r);
	int worst = 0;
	for (int k = 0; k < r->n_tensors; k++)
		worst += r->tensors[k].checked > r->tensors[k].kinks;
	if (worst) {
		fputc('\n', out);
		print_table(out, r->n_tensors, "lrr", worst_cell, r);
	}
	if (r->n_directions) {
		fputc('\n', out);
		print_table(out, r->n_directions, "rrrrl", direction_cell, r);
	}
}

/* }==== */

static void tables_en(FILE *out, const GcReport *r)
{
	fprintf(out, "%-12s %-9s %7s %6s %5s %11s %11s  %s\n", "tensor", "shape", "checked",
		"failed", "kinks", "max abs err", "max rel err", "worst element");
	for (int k = 0; k < r->n_tensors; k++) {
		const GcTensorReport *t = &r->tensors[k];
		char shape[24], worst[160] = "";
		snprintf(shape, sizeof shape, "%dx%d", t->rows, t->cols);
		if (t->checked > t->kinks)
			snprintf(worst, sizeof worst, "%s[%d,%d] numeric %.10g analytic %.10g",
				 t->name, t->worst_row, t->worst_col, t->worst_numeric,
				 t->worst_analytic);
		fprintf(out, "%-12s %-9s %7d %6d %5d %11.3g %11.3g  %s\n", t->name, shape,
			t->checked, t->failed, t->kinks, t->max_abs_err, t->max_rel_err, worst);
	}
	for (int j = 0; j < r->n_directions; j++) {
		const GcDirection *d = &r->directions[j];
		fprintf(out, "direction %-3d numeric %.12g analytic %.12g rel err %.3g  %s\n", j + 1,
			d->numeric, d->analytic, d->rel_err, d->pass ? "ok" : "MISMATCH");
	}
}

void report_check_table(FILE *out, const char *model, const GcOptions *o, const GcReport *r,
			int zh)
{
	fprintf(out, zh ? "梯度检验：%s（eps %g，atol %g，rtol %g%s）\n"
			: "gradient check of %s  (eps %g, atol %g, rtol %g%s)\n",
		model, o->eps, o->atol, o->rtol,
		!o->fast ? "" : zh ? "，随机方向" : ", random directions");
	fprintf(out, zh ? "损失 = %.17g\n\n" : "loss = %.17g\n\n", r->loss);
	if (zh)
		tables_zh(out, r);
	else
		tables_en(out, r);
	int values = 0, failed = 0, kinks = 0;
	for (int k = 0; k < r->n_tensors; k++) {
		values += r->tensors[k].rows * r->tensors[k].cols;
		failed += r->tensors[k].failed;
		kinks += r->tensors[k].kinks;
	}
	fputc('\n', out);
	char words[400];
	if (r->nonfinite.kind) {
		report_nonfinite(&r->nonfinite, zh, words, sizeof words);
		fprintf(out, zh ? "失败：%s\n" : "FAIL: %s\n", words);
	}
	for (int k = 0; k < r->n_tensors; k++) {
		const GcTensorReport *t = &r->tensors[k];
		if (t->nonfinite.kind) {
			report_nonfinite(&t->nonfinite, zh, words, sizeof words);
			fprintf(out, zh ? "失败：%s\n" : "FAIL: %s\n", words);
		}
		else if (t->failed && zh)
			fprintf(out, "失败：%s 的 %d 个值中有 %d 个不一致；误差最大的是 %s[%d,%d]：\n"
				     "      数值 %.10g，解析 %.10g，相对误差 %.3g\n",
				t->name, t->checked, t->failed, t->name, t->worst_row, t->worst_col,
				t->worst_numeric, t->worst_analytic, t->worst_rel_err);
		else if (t->failed)
			/* "1 of 12 values disagree": the verb goes with the values, as in "10 of 10
			 * exercises pass"; only "1 of 1 value disagrees" is singular. */
			fprintf(out, "FAIL: %s: %d of %d %s %s; worst %s[%d,%d]: numeric %.10g, analytic %.10g, relative error %.3g\n",
				t->name, t->failed, t->checked,
				plural_en(t->checked, "value", "values"),
				plural_en(t->checked, "disagrees", "disagree"), t->name,
				t->worst_row, t->worst_col, t->worst_numeric, t->worst_analytic, t->worst_rel_err);
	}
	if (kinks && zh)
		fprintf(out, "注意：有 %d 个值落在折点上（有限差分的两个采样点分处 relu 折点的两侧），\n"
			     "      不算作不一致\n", kinks);
	else if (kinks)
		fprintf(out, "note: %d %s on a kink (the two steps straddled relu's corner); not counted as mismatches\n",
			kinks, plural_en(kinks, "value sat", "values sat"));
	if (r->passed && r->n_directions && zh)
		fprintf(out, "通过：%d 个随机方向全部一致（计算损失 %ld 次）\n", r->n_directions,
			r->evaluations);
	else if (r->passed && r->n_directions)
		fprintf(out, "PASS: %d %s (%ld loss evaluations)\n", r->n_directions,
			plural_en(r->n_directions, "random direction agrees", "random directions agree"),
			r->evaluations);
	else if (r->passed && zh)
		fprintf(out, "通过：%d 个值全部一致（%d 个张量，计算损失 %ld 次）\n", values - kinks,
			r->n_tensors, r->evaluations);
	else if (r->passed)
		fprintf(out, "PASS: %d %s in %d %s %s (%ld loss evaluations)\n", values - kinks,
			plural_en(values - kinks, "value", "values"), r->n_tensors,
			plural_en(r->n_tensors, "tensor", "tensors"),
			plural_en(values - kinks, "agrees", "agree"), r->evaluations);
	else if (!failed && !r->nonfinite.kind && r->n_directions)
		fprintf(out, zh ? "失败：有一个随机方向不一致\n" : "FAIL: a random direction disagrees\n");
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
	report_nonfinite(&r->nonfinite, 0, words, sizeof words);
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
		report_nonfinite(&t->nonfinite, 0, words, sizeof words);
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

void report_sweep_table(FILE *out, const char *model, const GcSweep *s, int zh)
{
	if (zh)
		fprintf(out, "%s 的步长扫描，在 %s[%d,%d] 处（解析导数 %.17g）\n\n", model, s->tensor,
			s->row, s->col, s->analytic);
	else
		fprintf(out, "step-size sweep of %s at %s[%d,%d] (analytic %.17g)\n\n", model,
			s->tensor, s->row, s->col, s->analytic);
	put_right(out, zh ? "步长" : "step", 8);
	fputs("  ", out);
	put_right(out, zh ? "中心差分误差" : "central error", 14);
	fputs("  ", out);
	put_right(out, zh ? "单侧差分误差" : "forward error", 14);
	fputc('\n', out);
	for (int i = 0; i < GC_SWEEP_STEPS; i++)
		fprintf(out, "%8.0e  %14.3e  %14.3e\n", s->eps[i], s->central_err[i],
			s->forward_err[i]);
	int best = 0;
	for (int i = 1; i < GC_SWEEP_STEPS; i++)
		if (s->central_err[i] < s->central_err[best])
			best = i;
	fprintf(out, zh ? "\n中心差分误差在步长 %.0e 处最小：\n"
			  "步长更大，截断误差增大；步长更小，舍入误差增大。\n"
			: "\nsmallest central error at step %.0e: larger steps suffer truncation error, smaller ones round-off.\n",
		s->eps[best]);
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
