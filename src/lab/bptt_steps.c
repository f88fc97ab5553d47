/* bptt_steps: one tiny RNN, differentiated by hand (nn/bptt), by the tape (twice: the
 * layer as it is, and with one copy of every parameter per step) and by central
 * differences; then the paths from each use of W_hh to the loss, walked recursively. */
#include "lab/bptt_steps.h"

#include "core/mem.h"
#include "nn/bptt.h"

#include <math.h>
#include <string.h>

BpttStepsConfig bptt_steps_defaults(void)
{
	return (BpttStepsConfig){ .steps = 3, .hidden = 2, .input = 1, .act = ACT_TANH,
				  .loss_all = 1, .seed = 1 };
}

static int scored(int loss_all, int steps, int t /* from 1 */)
{
	return loss_all || t == steps;
}

int bptt_steps_path_count(int steps, int loss_all)
{
	/* N(t) = s_t + N(t+1), N(T+1) = 0; a weight used at every step has sum_k N(k) */
	int total = 0, n = 0;
	for (int t = steps; t >= 1; t--) {
		n += scored(loss_all, steps, t);
		total += n;
	}
	return total;
}

double bptt_steps_max_diff(const Mat *a, const Mat *b)
{
	double m = 0;
	for (size_t i = 0; i < mat_size(a); i++)
		m = fmax(m, fabs(a->data[i] - b->data[i]));
	return m;
}

/* Row t of m as a 1 x cols view. */
static Mat row(const Mat *m, int t)
{
	return (Mat){ 1, m->cols, m->data + (size_t)t * m->cols };
}

/* {==== What every pass shares ==== */

typedef struct Work {
	const BpttStepsConfig *c;
	Recurrent *r;
	Mat *h0;                          /* (1, H) */
	Mat *scratch[REC_N_PARAMS];       /* a parameter with one entry nudged */
	Mat *h_prev, *h_next, *a_next;    /* (1, H) each, for the plain forward */
	Mat *jac;                         /* (T*H, H): block t-1 is dh_t/da_k on the current path */
	BpttSteps *out;
} Work;

/* L = sum over scored t of <r_t, h_t>, on the tape, from the step nodes h[0..T-1]. */
static AdNode *tape_loss(Tape *t, AdNode **h, const Work *w, Mat *views)
{
	int T = w->c->steps;
	AdNode *L = NULL;
	for (int s = 0; s < T; s++) {
		if (!scored(w->c->loss_all, T, s + 1))
			continue;
		views[s] = row(w->out->r, s);
		AdNode *term = ad_sum(t, ad_mul(t, h[s], ad_const(t, &views[s])));
		L = L ? ad_add(t, L, term) : term;
	}
	return L;
}

/* }==== */

/* {==== The formula: nn/bptt ==== */

static Status by_formula(Work *w)
{
	BpttSteps *o = w->out;
	int T = o->steps, H = o->hidden;
	Recurrent *r = w->r;
	recurrent_zero_grad(r);
	Bptt *b = bptt_new(r, T, 1, 1);
	if (!b)
		return ST_ENOMEM;
	Status st = bptt_forward(b, r, o->x, w->h0);
	if (st == ST_OK)
		st = bptt_backward(b, r, o->direct);
	if (st != ST_OK) {
		bptt_free(b);
		return st;
	}
	mat_copy(o->a, b->a);
	mat_copy(o->h, b->h);
	for (size_t i = 0; i < mat_size(o->a); i++)
		o->fprime->data[i] = activation_derivative(r->act, r->act_param, o->a->data[i]);
	Mat *g[REC_N_PARAMS];
	recurrent_grads(r, g);
	for (int p = 0; p < REC_N_PARAMS; p++)
		mat_copy(o->grad[BS_FORMULA][p], g[p]);
	Mat dh_rest = { T, H, o->dh[BS_FORMULA]->data + H };
	memcpy(o->dh[BS_FORMULA]->data, b->dh0->data, (size_t)H * sizeof(double));
	mat_copy(&dh_rest, b->dh);
	mat_copy(o->delta[BS_FORMULA], b->delta);
	mat_copy(o->term[BS_FORMULA][REC_WEIGHT_HH], b->term_dW_hh);
	mat_copy(o->term[BS_FORMULA][REC_WEIGHT_IH], b->term_dW_ih);
	mat_copy(o->term[BS_FORMULA][REC_BIAS_IH], b->term_db);
	mat_copy(o->term[BS_FORMULA][REC_BIAS_HH], b->term_db);
	bptt_free(b);
	/* The second half of dL/dh_t on its own: W_hh^T delta_{t+1}, i.e.
	 * recur[t][j] = sum_i W_hh[i][j] delta_{t+1}[i]; nothing comes from after step T. */
	mat_zero(o->recur);
	for (int t = 0; t < T; t++)
		for (int j = 0; j < H; j++) {
			double s = 0;
			for (int i = 0; i < H; i++)
				s += MAT_AT(r->weight_hh, i, j) * MAT_AT(o->delta[BS_FORMULA], t, i);
			MAT_AT(o->recur, t, j) = s;
		}
	return ST_OK;
}

/* }==== */

/* {==== Autodiff: the layer as it is, and one copy of each parameter per step ==== */

static Status tape_status(Tape *t, AdNode *L)
{
	if (L && ad_tape_status(t) == ST_OK)
		return ad_backward(t, L);
	return status_fail(ad_tape_status(t) ? ad_tape_status(t) : ST_EINVAL, "bptt: %s",
			   ad_tape_error(t));
}

/* The node's gradient into row of dst, zeros when none reached it. */
static void read_grad(Mat *dst, int t, const AdNode *n)
{
	Mat d = row(dst, t);
	if (n && n->grad.data)
		mat_copy(&d, &n->grad);
	else
		mat_zero(&d);
}

static Status by_tape(Work *w)
{
	BpttSteps *o = w->out;
	int T = o->steps, H = o->hidden;
	Recurrent *r = w->r;
	recurrent_zero_grad(r);
	Tape *t = ad_tape_new();
	AdNode **h = mem_calloc((size_t)T, sizeof *h);
	RecurrentTrace tr = { mem_calloc((size_t)T, sizeof(AdNode *)),
			      mem_calloc((size_t)T, sizeof(AdNode *)) };
	Mat *views = mem_calloc((size_t)T, sizeof *views), *dh0 = mat_new(1, H);
	Status st = ST_ENOMEM;
	if (!t || !h || !tr.hh || !tr.gate || !views || !dh0) {
		status_fail(st, "bptt: out of memory");
		goto done;
	}
	AdNode *h0 = ad_param(t, w->h0, dh0);
	st = recurrent_forward_traced(t, r, ad_const(t, o->x), T, h0, NULL, h, NULL, &tr);
	AdNode *L = st == ST_OK ? tape_loss(t, h, w, views) : NULL;
	if ((st = tape_status(t, L)) != ST_OK)
		goto done;
	o->loss = L->value.data[0];
	read_grad(o->dh[BS_AUTODIFF], 0, h0);
	for (int s = 0; s < T; s++) {
		read_grad(o->dh[BS_AUTODIFF], s + 1, h[s]);
		read_grad(o->delta[BS_AUTODIFF], s, tr.gate[s]); /* the RNN's gate node is a_t */
	}
	Mat *g[REC_N_PARAMS];
	recurrent_grads(r, g);
	for (int p = 0; p < REC_N_PARAMS; p++)
		mat_copy(o->grad[BS_AUTODIFF][p], g[p]);
done:
	mat_free(dh0);
	mem_free(views);
	mem_free(tr.hh);
	mem_free(tr.gate);
	mem_free(h);
	ad_tape_free(t);
	return st;
}

/* Lesson 03's untying: step t reads its own copy W^(t) of every parameter (the same value,
 * a gradient of its own), so the tape hands back dL/dW^(t), each step's term, directly.
 *   a_t = x_t W_ih^(t)T + b_ih^(t) + h_{t-1} W_hh^(t)T + b_hh^(t);  h_t = f(a_t) */
static Status by_tape_untied(Work *w)
{
	BpttSteps *o = w->out;
	int T = o->steps;
	Recurrent *r = w->r;
	Mat *value[REC_N_PARAMS];
	recurrent_params(r, value);
	Tape *t = ad_tape_new();
	AdNode **h = mem_calloc((size_t)T, sizeof *h);
	Mat *views = mem_calloc((size_t)T * (REC_N_PARAMS + 2), sizeof *views);
	Status st = ST_ENOMEM;
	if (!t || !h || !views) {
		status_fail(st, "bptt: out of memory");
		goto done;
	}
	Mat *grad_view = views, *x_view = views + (size_t)T * REC_N_PARAMS,
	    *r_view = x_view + T;
	AdNode *prev = ad_const(t, w->h0);
	for (int s = 0; s < T; s++) {
		AdNode *leaf[REC_N_PARAMS];
		for (int p = 0; p < REC_N_PARAMS; p++) {
			Mat *term = o->term[BS_AUTODIFF][p];
			int rows = value[p]->rows;
			Mat *g = &grad_view[s * REC_N_PARAMS + p];
			*g = (Mat){ rows, term->cols, term->data + (size_t)s * rows * term->cols };
			mat_zero(g);
			leaf[p] = ad_param(t, value[p], g);
		}
		x_view[s] = row(o->x, s);
		AdNode *x = ad_const(t, &x_view[s]);
		AdNode *gi = ad_add_bias(t, ad_matmul(t, x, 0, leaf[REC_WEIGHT_IH], 1), leaf[REC_BIAS_IH]);
		AdNode *gh = ad_add_bias(t, ad_matmul(t, prev, 0, leaf[REC_WEIGHT_HH], 1),
					 leaf[REC_BIAS_HH]);
		prev = h[s] = activation_apply(t, r->act, r->act_param, ad_add(t, gi, gh));
	}
	st = tape_status(t, tape_loss(t, h, w, r_view));
done:
	mem_free(views);
	mem_free(h);
	ad_tape_free(t);
	return st;
}

/* }==== */

/* {==== Finite differences ==== */

enum { NUDGE_NONE, NUDGE_PARAM, NUDGE_A, NUDGE_H };

typedef struct Nudge {
	int kind;
	int param;   /* NUDGE_PARAM: which parameter */
	int step;    /* NUDGE_PARAM: 0 for the shared parameter, t for step t's copy only;
		      * NUDGE_A: a_t; NUDGE_H: h_t (0 for h_0) */
	int index;   /* the entry */
	double by;
} Nudge;

/* The forward pass in plain loops with one value moved by n->by: L. */
static double loss_at(Work *w, const Nudge *n)
{
	const BpttStepsConfig *c = w->c;
	Recurrent *r = w->r;
	Mat *value[REC_N_PARAMS];
	recurrent_params(r, value);
	if (n->kind == NUDGE_PARAM) {
		mat_copy(w->scratch[n->param], value[n->param]);
		w->scratch[n->param]->data[n->index] += n->by;
	}
	mat_copy(w->h_prev, w->h0);
	if (n->kind == NUDGE_H && n->step == 0)
		w->h_prev->data[n->index] += n->by;
	double L = 0;
	for (int s = 0; s < c->steps; s++) {
		const Mat *use[REC_N_PARAMS];
		for (int p = 0; p < REC_N_PARAMS; p++)
			use[p] = n->kind == NUDGE_PARAM && n->param == p &&
						 (n->step == 0 || n->step == s + 1)
					 ? w->scratch[p]
					 : value[p];
		Mat x = row(w->out->x, s);
		bptt_step_forward(w->h_next, w->a_next, &x, w->h_prev, use[REC_WEIGHT_IH],
				  use[REC_WEIGHT_HH], use[REC_BIAS_IH], use[REC_BIAS_HH], r->act,
				  r->act_param);
		if (n->kind == NUDGE_A && n->step == s + 1) {
			double *a = &w->a_next->data[n->index];
			*a += n->by;
			w->h_next->data[n->index] = activation_value(r->act, r->act_param, *a);
		}
		if (n->kind == NUDGE_H && n->step == s + 1)
			w->h_next->data[n->index] += n->by;
		if (scored(c->loss_all, c->steps, s + 1)) {
			Mat r_s = row(w->out->r, s);
			L += mat_dot(&r_s, w->h_next);
		}
		mat_copy(w->h_prev, w->h_next);
	}
	return L;
}

/* (L(v + e) - L(v - e)) / 2e */
static double central(Work *w, Nudge n)
{
	n.by = BPTT_STEPS_EPS;
	double up = loss_at(w, &n);
	n.by = -BPTT_STEPS_EPS;
	double down = loss_at(w, &n);
	return (up - down) / (2 * BPTT_STEPS_EPS);
}

static void by_finite_differences(Work *w)
{
	BpttSteps *o = w->out;
	int T = o->steps, H = o->hidden;
	for (int t = 0; t <= T; t++)
		for (int j = 0; j < H; j++) {
			MAT_AT(o->dh[BS_FINITE], t, j) = central(w, (Nudge){ NUDGE_H, 0, t, j, 0 });
			if (t > 0)
				MAT_AT(o->delta[BS_FINITE], t - 1, j) =
					central(w, (Nudge){ NUDGE_A, 0, t, j, 0 });
		}
	for (int p = 0; p < REC_N_PARAMS; p++) {
		Mat *g = o->grad[BS_FINITE][p], *term = o->term[BS_FINITE][p];
		int n = (int)mat_size(g);
		for (int i = 0; i < n; i++) {
			g->data[i] = central(w, (Nudge){ NUDGE_PARAM, p, 0, i, 0 });
			for (int t = 1; t <= T; t++)
				term->data[(size_t)(t - 1) * n + i] =
					central(w, (Nudge){ NUDGE_PARAM, p, t, i, 0 });
		}
	}
}

/* }==== */

/* {==== The paths ==== */

/* paths(h_t) of the lesson, for the use of the weights at step k: J is dh_t/da_k, the
 * product of the local derivatives from a_k to h_t. A path that ends in L_t contributes
 * e h_{k-1}^T to dL/dW_hh and e x_k^T to dL/dW_ih, where e = J^T dL_t/dh_t. */
static void walk(Work *w, int k, int t, const Mat *J)
{
	BpttSteps *o = w->out;
	int T = o->steps, H = o->hidden, I = o->input;
	if (scored(o->loss_all, T, t)) {
		int p = o->n_paths++;
		o->path_use[p] = k;
		o->path_end[p] = t;
		for (int i = 0; i < H; i++) {
			double e = 0;
			for (int m = 0; m < H; m++)
				e += MAT_AT(J, m, i) * MAT_AT(o->direct, t - 1, m);
			for (int j = 0; j < H; j++)
				MAT_AT(o->path_W_hh, p * H + i, j) = e * MAT_AT(o->h, k - 1, j);
			for (int j = 0; j < I; j++)
				MAT_AT(o->path_W_ih, p * H + i, j) = e * MAT_AT(o->x, k - 1, j);
		}
	}
	if (t == T)
		return;
	/* one step on: h_t -> a_{t+1} -> h_{t+1}, J' = diag(f'(a_{t+1})) W_hh J */
	Mat next = { H, H, w->jac->data + (size_t)t * H * H };
	for (int i = 0; i < H; i++)
		for (int j = 0; j < H; j++) {
			double s = 0;
			for (int m = 0; m < H; m++)
				s += MAT_AT(w->r->weight_hh, i, m) * MAT_AT(J, m, j);
			MAT_AT(&next, i, j) = MAT_AT(o->fprime, t, i) * s;
		}
	walk(w, k, t + 1, &next);
}

static void enumerate_paths(Work *w)
{
	BpttSteps *o = w->out;
	int T = o->steps, H = o->hidden;
	o->n_paths = 0;
	for (int k = 1; k <= T; k++) {
		/* W -> a_k -> h_k: J = dh_k/da_k = diag(f'(a_k)) */
		Mat J = { H, H, w->jac->data + (size_t)(k - 1) * H * H };
		mat_zero(&J);
		for (int i = 0; i < H; i++)
			MAT_AT(&J, i, i) = MAT_AT(o->fprime, k - 1, i);
		walk(w, k, k, &J);
	}
}

/* }==== */

static Status alloc_result(BpttSteps *o, Recurrent *r, int n_paths)
{
	int T = o->steps, H = o->hidden, I = o->input;
	Mat *value[REC_N_PARAMS];
	recurrent_params(r, value);
	for (int p = 0; p < REC_N_PARAMS; p++)
		if (!(o->param[p] = mat_clone(value[p])))
			return ST_ENOMEM;
	o->x = mat_new(T, I);
	o->a = mat_new(T, H);
	o->h = mat_new(T + 1, H);
	o->fprime = mat_new(T, H);
	o->r = mat_new(T, H);
	o->direct = mat_new(T, H);
	o->recur = mat_new(T + 1, H);
	o->path_W_hh = mat_new(n_paths * H, H);
	o->path_W_ih = mat_new(n_paths * H, I);
	o->path_use = mem_calloc((size_t)n_paths, sizeof(int));
	o->path_end = mem_calloc((size_t)n_paths, sizeof(int));
	if (!o->x || !o->a || !o->h || !o->fprime || !o->r || !o->direct || !o->recur ||
	    !o->path_W_hh || !o->path_W_ih || !o->path_use || !o->path_end)
		return ST_ENOMEM;
	for (int k = 0; k < BS_WAYS; k++) {
		if (!(o->dh[k] = mat_new(T + 1, H)) || !(o->delta[k] = mat_new(T, H)))
			return ST_ENOMEM;
		for (int p = 0; p < REC_N_PARAMS; p++) {
			int rows = value[p]->rows, cols = value[p]->cols;
			if (!(o->grad[k][p] = mat_new(rows, cols)) ||
			    !(o->term[k][p] = mat_new(T * rows, cols)))
				return ST_ENOMEM;
		}
	}
	return ST_OK;
}

Status bptt_steps_run(const BpttStepsConfig *c, BpttSteps *out)
{
	memset(out, 0, sizeof *out);
	Status st = tiny_rnn_check_run(c->steps, c->hidden, c->input, c->act, c->given);
	if (st != ST_OK)
		return st;
	int T = c->steps, H = c->hidden, I = c->input;
	out->steps = T;
	out->hidden = H;
	out->input = I;
	out->loss_all = c->loss_all;
	out->act = c->act;
	Work w = { .c = c, .out = out };
	Rng rng;
	rng_seed(&rng, c->seed);
	/* `gradlab check rnn`'s order: the layer, x, h0, then the loss's weights */
	w.r = recurrent_new(REC_RNN, I, H, c->act, &rng);
	if (!w.r) {
		st = status_fail(ST_ENOMEM, "bptt: out of memory");
		goto done;
	}
	tiny_rnn_give_params(w.r, c->given);
	w.h0 = mat_new(1, H);
	w.h_prev = mat_new(1, H);
	w.h_next = mat_new(1, H);
	w.a_next = mat_new(1, H);
	w.jac = mat_new(T * H, H);
	Mat *value[REC_N_PARAMS];
	recurrent_params(w.r, value);
	for (int p = 0; p < REC_N_PARAMS; p++)
		w.scratch[p] = mat_new(value[p]->rows, value[p]->cols);
	if (!w.h0 || !w.h_prev || !w.h_next || !w.a_next || !w.jac || !w.scratch[0] ||
	    !w.scratch[1] || !w.scratch[2] || !w.scratch[3] ||
	    alloc_result(out, w.r, bptt_steps_path_count(T, c->loss_all)) != ST_OK) {
		st = status_fail(ST_ENOMEM, "bptt: out of memory");
		goto done;
	}
	mat_fill_normal(out->x, &rng, 1.0);
	mat_fill_normal(w.h0, &rng, 0.5);
	mat_fill_normal(out->r, &rng, 1.0);
	const TinyRnnValues *g = c->given;
	if (g && g->x)
		memcpy(out->x->data, g->x, (size_t)T * I * sizeof(double));
	if (g && g->h0)
		memcpy(w.h0->data, g->h0, (size_t)H * sizeof(double));
	if (g && g->r)
		memcpy(out->r->data, g->r, (size_t)T * H * sizeof(double));
	for (int t = 1; t <= T; t++)
		if (scored(c->loss_all, T, t))
			for (int j = 0; j < H; j++)
				MAT_AT(out->direct, t - 1, j) = MAT_AT(out->r, t - 1, j);
	if ((st = by_formula(&w)) != ST_OK || (st = by_tape(&w)) != ST_OK ||
	    (st = by_tape_untied(&w)) != ST_OK)
		goto done;
	by_finite_differences(&w);
	enumerate_paths(&w);
done:
	recurrent_free(w.r);
	mat_free(w.h0);
	mat_free(w.h_prev);
	mat_free(w.h_next);
	mat_free(w.a_next);
	mat_free(w.jac);
	for (int p = 0; p < REC_N_PARAMS; p++)
		mat_free(w.scratch[p]);
	if (st != ST_OK)
		bptt_steps_free(out);
	return st;
}

void bptt_steps_free(BpttSteps *b)
{
	if (!b)
		return;
	Mat *m[] = { b->x, b->a, b->h, b->fprime, b->r, b->direct, b->recur, b->path_W_hh,
		     b->path_W_ih };
	for (size_t k = 0; k < sizeof m / sizeof m[0]; k++)
		mat_free(m[k]);
	for (int p = 0; p < REC_N_PARAMS; p++)
		mat_free(b->param[p]);
	for (int k = 0; k < BS_WAYS; k++) {
		mat_free(b->dh[k]);
		mat_free(b->delta[k]);
		for (int p = 0; p < REC_N_PARAMS; p++) {
			mat_free(b->grad[k][p]);
			mat_free(b->term[k][p]);
		}
	}
	mem_free(b->path_use);
	mem_free(b->path_end);
	memset(b, 0, sizeof *b);
}
