/* report: table and JSON writers for checks and sweeps. JSON goes through json-c, with
 * doubles printed to 17 significant digits so they read back exactly; a non-finite number,
 * which JSON cannot hold, is written as null beside a message that says where it was. */
#include "check/report.h"

#include <json-c/json.h>
#include <math.h>
#include <stdlib.h>

/* The shortest digits that read back as the same double (1e-06, not 9.9999999999999995e-07);
 * JSON has no NaN or infinity, so those become null. */
static json_object *number(double x)
{
	if (!isfinite(x))
		return NULL;
	char buf[32];
	for (int digits = 15; digits <= 17; digits++) {
		snprintf(buf, sizeof buf, "%.*g", digits, x);
		if (strtod(buf, NULL) == x)
			break;
	}
	return json_object_new_double_s(x, buf);
}

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

void report_check_table(FILE *out, const char *model, const GcOptions *o, const GcReport *r)
{
	fprintf(out, "gradient check of %s  (eps %g, atol %g, rtol %g%s)\n", model, o->eps,
		o->atol, o->rtol, o->fast ? ", random directions" : "");
	fprintf(out, "loss = %.17g\n\n", r->loss);
	fprintf(out, "%-12s %-9s %7s %6s %5s %11s %11s  %s\n", "tensor", "shape", "checked",
		"failed", "kinks", "max abs err", "max rel err", "worst element");
	int values = 0, failed = 0, kinks = 0;
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
		values += t->rows * t->cols;
		failed += t->failed;
		kinks += t->kinks;
	}
	for (int j = 0; j < r->n_directions; j++) {
		const GcDirection *d = &r->directions[j];
		fprintf(out, "direction %-3d numeric %.12g analytic %.12g rel err %.3g  %s\n", j + 1,
			d->numeric, d->analytic, d->rel_err, d->pass ? "ok" : "MISMATCH");
	}
	fputc('\n', out);
	if (r->nonfinite[0])
		fprintf(out, "FAIL: %s\n", r->nonfinite);
	for (int k = 0; k < r->n_tensors; k++) {
		const GcTensorReport *t = &r->tensors[k];
		if (t->nonfinite[0])
			fprintf(out, "FAIL: %s\n", t->nonfinite);
		else if (t->failed)
			fprintf(out, "FAIL: %s: %d of %d values disagree; worst %s[%d,%d]: numeric %.10g, analytic %.10g, relative error %.3g\n",
				t->name, t->failed, t->checked, t->name, t->worst_row, t->worst_col,
				t->worst_numeric, t->worst_analytic, t->worst_rel_err);
	}
	if (kinks)
		fprintf(out, "note: %d value(s) sat on a kink (the two steps straddled relu's corner); not counted as mismatches\n",
			kinks);
	if (r->passed && r->n_directions)
		fprintf(out, "PASS: %d random directions agree (%ld loss evaluations)\n",
			r->n_directions, r->evaluations);
	else if (r->passed)
		fprintf(out, "PASS: %d values in %d tensors agree (%ld loss evaluations)\n",
			values - kinks, r->n_tensors, r->evaluations);
	else if (!failed && !r->nonfinite[0] && r->n_directions)
		fprintf(out, "FAIL: a random direction disagrees\n");
}

void report_check_json(FILE *out, const char *model, const GcOptions *o, const GcReport *r)
{
	json_object *root = json_object_new_object();
	json_object_object_add(root, "model", json_object_new_string(model));
	json_object_object_add(root, "passed", json_object_new_boolean(r->passed));
	json_object_object_add(root, "loss", number(r->loss));
	json_object *opts = json_object_new_object();
	json_object_object_add(opts, "eps", number(o->eps));
	json_object_object_add(opts, "atol", number(o->atol));
	json_object_object_add(opts, "rtol", number(o->rtol));
	json_object_object_add(opts, "fast", json_object_new_int(o->fast));
	json_object_object_add(root, "options", opts);
	json_object_object_add(root, "evaluations", json_object_new_int64(r->evaluations));
	json_object_object_add(root, "nonfinite",
			       r->nonfinite[0] ? json_object_new_string(r->nonfinite) : NULL);
	json_object *tensors = json_object_new_array();
	for (int k = 0; k < r->n_tensors; k++) {
		const GcTensorReport *t = &r->tensors[k];
		json_object *jt = json_object_new_object();
		json_object_object_add(jt, "name", json_object_new_string(t->name));
		json_object_object_add(jt, "shape", pair(t->rows, t->cols));
		json_object_object_add(jt, "checked", json_object_new_int(t->checked));
		json_object_object_add(jt, "failed", json_object_new_int(t->failed));
		json_object_object_add(jt, "kinks", json_object_new_int(t->kinks));
		json_object_object_add(jt, "max_abs_err", number(t->max_abs_err));
		json_object_object_add(jt, "max_rel_err", number(t->max_rel_err));
		if (t->checked > t->kinks) {
			json_object *w = json_object_new_object();
			json_object_object_add(w, "index", pair(t->worst_row, t->worst_col));
			json_object_object_add(w, "numeric", number(t->worst_numeric));
			json_object_object_add(w, "analytic", number(t->worst_analytic));
			json_object_object_add(w, "rel_err", number(t->worst_rel_err));
			json_object_object_add(jt, "worst", w);
		}
		json_object_object_add(jt, "nonfinite",
				       t->nonfinite[0] ? json_object_new_string(t->nonfinite) : NULL);
		json_object_array_add(tensors, jt);
	}
	json_object_object_add(root, "tensors", tensors);
	if (r->n_directions) {
		json_object *dirs = json_object_new_array();
		for (int j = 0; j < r->n_directions; j++) {
			const GcDirection *d = &r->directions[j];
			json_object *jd = json_object_new_object();
			json_object_object_add(jd, "numeric", number(d->numeric));
			json_object_object_add(jd, "analytic", number(d->analytic));
			json_object_object_add(jd, "rel_err", number(d->rel_err));
			json_object_object_add(jd, "pass", json_object_new_boolean(d->pass));
			json_object_array_add(dirs, jd);
		}
		json_object_object_add(root, "directions", dirs);
	}
	print_json(out, root);
}

void report_sweep_table(FILE *out, const char *model, const GcSweep *s)
{
	fprintf(out, "step-size sweep of %s at %s[%d,%d] (analytic %.17g)\n\n", model, s->tensor,
		s->row, s->col, s->analytic);
	fprintf(out, "%8s  %14s  %14s\n", "step", "central error", "forward error");
	for (int i = 0; i < GC_SWEEP_STEPS; i++)
		fprintf(out, "%8.0e  %14.3e  %14.3e\n", s->eps[i], s->central_err[i],
			s->forward_err[i]);
	int best = 0;
	for (int i = 1; i < GC_SWEEP_STEPS; i++)
		if (s->central_err[i] < s->central_err[best])
			best = i;
	fprintf(out, "\nsmallest central error at step %.0e: larger steps suffer truncation error, smaller ones round-off.\n",
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
	json_object_object_add(root, "analytic", number(s->analytic));
	json_object *rows = json_object_new_array();
	for (int i = 0; i < GC_SWEEP_STEPS; i++) {
		json_object *jr = json_object_new_object();
		json_object_object_add(jr, "eps", number(s->eps[i]));
		json_object_object_add(jr, "central_err", number(s->central_err[i]));
		json_object_object_add(jr, "forward_err", number(s->forward_err[i]));
		json_object_array_add(rows, jr);
	}
	json_object_object_add(root, "steps", rows);
	print_json(out, root);
}
