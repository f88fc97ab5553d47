/* gradcheck: central differences against the tape's backward, coordinate by coordinate or
 * along random directions, and the step-size sweep. */
#include "check/gradcheck.h"

#include "core/mem.h"
#include "core/rng.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

GcOptions gradcheck_defaults(void)
{
	return (GcOptions){ .eps = 1e-6, .atol = 1e-8, .rtol = 1e-6, .fast = 0, .seed = 0 };
}

/* {==== Evaluating the problem ==== */

/* Where the forward pass first produced a non-finite value. */
static void find_nonfinite(const Tape *t, GcReport *r)
{
	GcNonfinite *nf = &r->nonfinite;
	for (int i = 0; i < ad_tape_size(t); i++) {
		AdNode *n = ad_tape_node(t, i);
		size_t k;
		if (!mat_all_finite(&n->value, &k)) {
			*nf = (GcNonfinite){ .kind = GC_NONFINITE_FORWARD, .value = n->value.data[k],
					     .node = i, .op = n->op->name,
					     .row = (long)(k / (size_t)n->value.cols),
					     .col = (long)(k % (size_t)n->value.cols) };
			return;
		}
	}
	*nf = (GcNonfinite){ .kind = GC_NONFINITE_LOSS };
}

static Status eval_loss(const GcProblem *p, Tape *t, double *loss, uint64_t *kinks)
{
	if (p->static_graph && ad_tape_size(t) > 0) {
		/* The graph of the analytic pass, recomputed: its last node is the loss. */
		Status st = ad_tape_replay(t);
		if (st != ST_OK)
			return st;
		*loss = ad_tape_node(t, ad_tape_size(t) - 1)->value.data[0];
		if (kinks)
			*kinks = ad_tape_kinks(t);
		return ST_OK;
	}
	ad_tape_reset(t);
	AdNode *L = p->loss(t, p->ctx);
	if (!L)
		return status_fail(ad_tape_status(t) ? ad_tape_status(t) : ST_EINVAL, "%s",
				   ad_tape_error(t)[0] ? ad_tape_error(t) : "the loss function built no loss");
	if (L->value.rows != 1 || L->value.cols != 1)
		return status_fail(ST_ESHAPE, "the loss must be 1x1, got %dx%d", L->value.rows,
				   L->value.cols);
	*loss = L->value.data[0];
	if (kinks)
		*kinks = ad_tape_kinks(t);
	return ST_OK;
}

/* Zero the gradients, then one forward and backward: the analytic gradient. */
static Status eval_analytic(const GcProblem *p, Tape *t, double *loss)
{
	for (int k = 0; k < p->n_tensors; k++)
		mat_zero(p->tensors[k].grad);
	Status st = eval_loss(p, t, loss, NULL);
	if (st != ST_OK)
		return st;
	return ad_backward(t, ad_tape_node(t, ad_tape_size(t) - 1));
}

/* }==== */

static int within(double numeric, double analytic, const GcOptions *o, double *abs_err,
		  double *rel_err, double *excess)
{
	double big = fmax(fabs(numeric), fabs(analytic));
	double tol = o->atol + o->rtol * big;
	*abs_err = fabs(numeric - analytic);
	*rel_err = big > 0 ? *abs_err / big : 0.0;
	*excess = *abs_err / tol;
	return *abs_err <= tol;
}

static void check_coordinate(const GcProblem *p, Tape *t, const GcOptions *o, int k,
			     size_t i, GcTensorReport *tr, double *best_excess, GcReport *r)
{
	Mat *v = p->tensors[k].value;
	double analytic = p->tensors[k].grad->data[i];
	double orig = v->data[i], fp, fm;
	uint64_t kp, km;
	int row = (int)(i / (size_t)v->cols), col = (int)(i % (size_t)v->cols);

	v->data[i] = orig + o->eps;
	double hi = v->data[i];
	Status s1 = eval_loss(p, t, &fp, &kp);
	v->data[i] = orig - o->eps;
	double lo = v->data[i];
	Status s2 = eval_loss(p, t, &fm, &km);
	v->data[i] = orig;
	r->evaluations += 2;
	tr->checked++;

	if (s1 != ST_OK || s2 != ST_OK || !isfinite(fp) || !isfinite(fm)) {
		tr->failed++;
		if (!tr->nonfinite.kind) {
			double bad = isfinite(fp) ? fm : fp, step = isfinite(fp) ? -o->eps : o->eps;
			tr->nonfinite = (GcNonfinite){ .kind = GC_NONFINITE_STEP, .value = bad,
						       .tensor = tr->name, .row = row, .col = col,
						       .step = step };
		}
		return;
	}
	/* Divide by the step actually taken: orig +- eps rounds to nearby doubles. */
	double numeric = (fp - fm) / (hi - lo);
	double abs_err, rel_err, excess;
	int ok = within(numeric, analytic, o, &abs_err, &rel_err, &excess);
	if (!ok && kp != km) {
		/* The two steps fell on different sides of a kink: not a fair comparison. */
		tr->kinks++;
		return;
	}
	if (!ok)
		tr->failed++;
	tr->max_abs_err = fmax(tr->max_abs_err, abs_err);
	tr->max_rel_err = fmax(tr->max_rel_err, rel_err);
	if (excess > *best_excess) {
		*best_excess = excess;
		tr->worst_row = row;
		tr->worst_col = col;
		tr->worst_numeric = numeric;
		tr->worst_analytic = analytic;
		tr->worst_rel_err = rel_err;
	}
}

/* Move every tensor by step * d, where d is laid out tensor after tensor. */
static void move_along(const GcProblem *p, const double *d, double step)
{
	size_t off = 0;
	for (int k = 0; k < p->n_tensors; k++) {
		Mat *v = p->tensors[k].value;
		for (size_t i = 0; i < mat_size(v); i++)
			v->data[i] += step * d[off + i];
		off += mat_size(v);
	}
}

static void restore(const GcProblem *p, const double *saved)
{
	size_t off = 0;
	for (int k = 0; k < p->n_tensors; k++) {
		Mat *v = p->tensors[k].value;
		memcpy(v->data, saved + off, mat_size(v) * sizeof(double));
		off += mat_size(v);
	}
}

static Status check_directions(const GcProblem *p, Tape *t, const GcOptions *o, size_t total,
			       GcReport *r)
{
	Status st = ST_OK;
	double *d = mem_alloc(total * sizeof *d);
	double *saved = mem_alloc(total * sizeof *saved);
	r->directions = mem_calloc((size_t)o->fast, sizeof *r->directions);
	if (!d || !saved || !r->directions) {
		st = status_fail(ST_ENOMEM, "out of memory for %zu coordinates", total);
		goto done;
	}
	size_t off = 0;
	for (int k = 0; k < p->n_tensors; k++) {
		memcpy(saved + off, p->tensors[k].value->data,
		       mat_size(p->tensors[k].value) * sizeof(double));
		off += mat_size(p->tensors[k].value);
	}
	Rng rng;
	rng_seed(&rng, o->seed ^ 0x6772616463686b); /* not the problem's own stream */
	for (int j = 0; j < o->fast; j++) {
		GcDirection *dir = &r->directions[j];
		double norm = 0.0;
		for (size_t i = 0; i < total; i++) {
			d[i] = rng_normal(&rng);
			norm += d[i] * d[i];
		}
		norm = sqrt(norm);
		double analytic = 0.0;
		off = 0;
		for (int k = 0; k < p->n_tensors; k++) {
			const Mat *g = p->tensors[k].grad;
			for (size_t i = 0; i < mat_size(g); i++) {
				d[off + i] /= norm;
				analytic += g->data[i] * d[off + i];
			}
			off += mat_size(g);
		}
		double fp, fm;
		uint64_t kp, km;
		move_along(p, d, o->eps);
		Status s1 = eval_loss(p, t, &fp, &kp);
		restore(p, saved);
		move_along(p, d, -o->eps);
		Status s2 = eval_loss(p, t, &fm, &km);
		restore(p, saved);
		r->evaluations += 2;
		if (s1 != ST_OK || s2 != ST_OK) {
			st = s1 != ST_OK ? s1 : s2;
			goto done;
		}
		dir->analytic = analytic;
		dir->numeric = (fp - fm) / (2 * o->eps);
		double excess;
		dir->pass = isfinite(dir->numeric) &&
			    within(dir->numeric, analytic, o, &dir->abs_err, &dir->rel_err, &excess);
		if (!dir->pass && kp != km)
			dir->pass = 1; /* crossed a kink: not evidence either way */
		r->n_directions++;
	}
done:
	mem_free(d);
	mem_free(saved);
	return st;
}

Status gradcheck_run(const GcProblem *p, const GcOptions *o, GcReport *r)
{
	memset(r, 0, sizeof *r);
	if (!(o->eps > 0) || !isfinite(o->eps))
		return status_fail(ST_EINVAL, "the step must be a positive number, got %g", o->eps);
	if (!(o->atol >= 0) || !(o->rtol >= 0))
		return status_fail(ST_EINVAL, "tolerances must be non-negative");
	Tape *t = ad_tape_new();
	r->tensors = mem_calloc((size_t)p->n_tensors, sizeof *r->tensors);
	if (!t || !r->tensors) {
		ad_tape_free(t);
		gradcheck_report_free(r);
		return status_fail(ST_ENOMEM, "out of memory starting the check");
	}
	r->n_tensors = p->n_tensors;
	Status st = eval_analytic(p, t, &r->loss);
	r->evaluations = 1;
	if (st != ST_OK)
		goto done;
	if (!isfinite(r->loss))
		find_nonfinite(t, r);

	size_t total = 0;
	for (int k = 0; k < p->n_tensors; k++) {
		GcTensorReport *tr = &r->tensors[k];
		const Mat *g = p->tensors[k].grad;
		size_t bad;
		tr->name = p->tensors[k].name;
		tr->rows = g->rows;
		tr->cols = g->cols;
		total += mat_size(g);
		if (!mat_all_finite(g, &bad)) {
			tr->nonfinite = (GcNonfinite){ .kind = GC_NONFINITE_ANALYTIC,
						       .value = g->data[bad], .tensor = tr->name,
						       .row = (long)(bad / (size_t)g->cols),
						       .col = (long)(bad % (size_t)g->cols) };
		}
	}
	if (r->nonfinite.kind)
		goto verdict; /* differences of a non-finite loss mean nothing */

	if (o->fast > 0) {
		st = check_directions(p, t, o, total, r);
		if (st != ST_OK)
			goto done;
	} else {
		for (int k = 0; k < p->n_tensors; k++) {
			double best = -1.0;
			for (size_t i = 0; i < mat_size(p->tensors[k].value); i++)
				check_coordinate(p, t, o, k, i, &r->tensors[k], &best, r);
		}
	}
verdict:
	r->passed = !r->nonfinite.kind;
	for (int k = 0; k < r->n_tensors; k++)
		if (r->tensors[k].failed || r->tensors[k].nonfinite.kind)
			r->passed = 0;
	for (int j = 0; j < r->n_directions; j++)
		if (!r->directions[j].pass)
			r->passed = 0;
done:
	ad_tape_free(t);
	if (st != ST_OK) {
		gradcheck_report_free(r);
		return st;
	}
	return ST_OK;
}

void gradcheck_report_free(GcReport *r)
{
	if (!r)
		return;
	mem_free(r->tensors);
	mem_free(r->directions);
	r->tensors = NULL;
	r->directions = NULL;
	r->n_tensors = r->n_directions = 0;
}

/* {==== Step-size sweep ==== */

Status gradcheck_sweep(const GcProblem *p, int tensor, int row, int col, GcSweep *out)
{
	memset(out, 0, sizeof *out);
	Tape *t = ad_tape_new();
	if (!t)
		return status_fail(ST_ENOMEM, "out of memory starting the sweep");
	double base;
	Status st = eval_analytic(p, t, &base);
	if (st != ST_OK)
		goto done;
	if (tensor < 0 || row < 0) {
		double best = -1.0;
		for (int k = 0; k < p->n_tensors; k++) {
			const Mat *g = p->tensors[k].grad;
			for (size_t i = 0; i < mat_size(g); i++)
				if (fabs(g->data[i]) > best) {
					best = fabs(g->data[i]);
					tensor = k;
					row = (int)(i / (size_t)g->cols);
					col = (int)(i % (size_t)g->cols);
				}
		}
	}
	if (tensor >= p->n_tensors || row >= p->tensors[tensor].value->rows || col < 0 ||
	    col >= p->tensors[tensor].value->cols) {
		st = status_fail(ST_ERANGE, "no coordinate [%d,%d] in tensor %d", row, col, tensor);
		goto done;
	}
	Mat *v = p->tensors[tensor].value;
	double *x = &MAT_AT(v, row, col), orig = *x;
	out->tensor = p->tensors[tensor].name;
	out->row = row;
	out->col = col;
	out->analytic = MAT_AT(p->tensors[tensor].grad, row, col);
	double eps = 1e-1;
	for (int s = 0; s < GC_SWEEP_STEPS; s++, eps /= 10) {
		double fp, fm;
		*x = orig + eps;
		double hi = *x;
		st = eval_loss(p, t, &fp, NULL);
		*x = orig - eps;
		double lo = *x;
		if (st == ST_OK)
			st = eval_loss(p, t, &fm, NULL);
		*x = orig;
		if (st != ST_OK)
			goto done;
		out->eps[s] = eps;
		out->central_err[s] = fabs((fp - fm) / (hi - lo) - out->analytic);
		out->forward_err[s] = fabs((fp - base) / (hi - orig) - out->analytic);
	}
done:
	ad_tape_free(t);
	return st;
}

/* }==== */
