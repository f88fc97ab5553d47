/* checks: cases from a seed, the right answers on the tape, and finite differences. The
 * per-exercise tables live in checks_*.c; this file is what they share. */
#include "grade/checks.h"

#include "core/mem.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static const CkExercise *const exercises[] = {
	&ck_activations, &ck_softmax_xent, &ck_linear,    &ck_rnn_step, &ck_bptt,
	&ck_gradcheck,   &ck_clip,         &ck_lstm_step, &ck_gru_step, &ck_attention,
	&ck_dropout, &ck_batchnorm, &ck_layernorm, &ck_conv2d,
};

#define N_EXERCISES ((int)(sizeof exercises / sizeof exercises[0]))

const CkExercise *checks_find(const char *name)
{
	for (int i = 0; i < N_EXERCISES; i++)
		if (strcmp(exercises[i]->name, name) == 0)
			return exercises[i];
	return NULL;
}

int checks_count(void)
{
	return N_EXERCISES;
}

const CkExercise *checks_at(int i)
{
	return i >= 0 && i < N_EXERCISES ? exercises[i] : NULL;
}

/* {==== Cases ==== */

/* A quiet NaN with a payload no arithmetic produces: arithmetic on NaNs keeps or drops the
 * payload but a fresh NaN (0/0, sqrt(-1)) has none. */
#define GUARD_BITS 0x7ff8dead0badf00dULL

static double guard_value(void)
{
	uint64_t bits = GUARD_BITS;
	double v;
	memcpy(&v, &bits, sizeof v);
	return v;
}

int ck_is_guard(double v)
{
	uint64_t bits;
	memcpy(&bits, &v, sizeof bits);
	return bits == GUARD_BITS;
}

int ck_between(Rng *r, int lo, int hi)
{
	return lo + rng_below(r, hi - lo + 1);
}

int ck_between_except(Rng *r, int lo, int hi, int not)
{
	int v;
	do
		v = ck_between(r, lo, hi);
	while (v == not);
	return v;
}

double *ck_tensor(CkCase *c, Rng *r, const char *name, CkRole role, int rows, int cols)
{
	if (c->n >= CK_MAX_TENSORS || rows < 1 || cols < 1)
		return NULL;
	size_t n = (size_t)rows * (size_t)cols;
	CkTensor *t = &c->t[c->n];
	memset(t, 0, sizeof *t);
	t->mem = mem_alloc((n + 2 * CK_GUARD) * sizeof(double));
	t->start = mem_alloc(n * sizeof(double));
	if (!t->mem || !t->start) {
		mem_free(t->mem);
		mem_free(t->start);
		t->mem = t->start = NULL;
		return NULL;
	}
	snprintf(t->name, sizeof t->name, "%s", name);
	t->role = role;
	t->rows = rows;
	t->cols = cols;
	t->v = t->mem + CK_GUARD;
	for (int g = 0; g < CK_GUARD; g++)
		t->mem[g] = t->v[n + (size_t)g] = guard_value();
	for (size_t i = 0; i < n; i++)
		t->v[i] = rng_range(r, -1.0, 1.0);
	c->n++;
	return t->v;
}

CkTensor *ck_find(CkCase *c, const char *name)
{
	for (int i = 0; i < c->n; i++)
		if (strcmp(c->t[i].name, name) == 0)
			return &c->t[i];
	return NULL;
}

void ck_snapshot(CkCase *c)
{
	for (int i = 0; i < c->n; i++)
		memcpy(c->t[i].start, c->t[i].v,
		       (size_t)c->t[i].rows * (size_t)c->t[i].cols * sizeof(double));
}

static uint64_t name_hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL; /* FNV-1a */
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

Status checks_case_make(const CkCheck *check, uint64_t seed, int k, CkCase *c)
{
	memset(c, 0, sizeof *c);
	Rng r;
	rng_seed(&r, seed ^ name_hash(check->name) ^ ((uint64_t)(k + 1) * 0x9e3779b97f4a7c15ULL));
	Status st = check->make(c, &r, k);
	if (st != ST_OK) {
		checks_case_free(c);
		return st;
	}
	ck_snapshot(c);
	return ST_OK;
}

void checks_case_free(CkCase *c)
{
	if (!c)
		return;
	for (int i = 0; i < c->n; i++) {
		mem_free(c->t[i].mem);
		mem_free(c->t[i].start);
	}
	mem_free(c->target);
	memset(c, 0, sizeof *c);
}

/* }==== */

/* {==== The right answers on the tape ==== */

struct CkTape {
	Tape *t;
	CkCase *c;
	double **want;             /* NULL: only the loss is wanted (finite differences) */
	Mat value[CK_MAX_TENSORS]; /* views of the case's arrays */
	Mat grad[CK_MAX_TENSORS];  /* gradients of the inputs, zeroed before the pass */
	Status st;
};

static int find_index(const CkCase *c, const char *name)
{
	for (int i = 0; i < c->n; i++)
		if (strcmp(c->t[i].name, name) == 0)
			return i;
	return -1;
}

/* The input behind gradient tensor g ("dW_hh" -> "W_hh"), or -1. */
static int input_of(const CkCase *c, int g)
{
	if (c->t[g].role != CK_GRAD || c->t[g].name[0] != 'd')
		return -1;
	int k = find_index(c, c->t[g].name + 1);
	return k >= 0 && (c->t[k].role == CK_IN || c->t[k].role == CK_AUX) ? k : -1;
}

static int wants_gradient(const CkCase *c, int k)
{
	for (int g = 0; g < c->n; g++)
		if (input_of(c, g) == k)
			return 1;
	return 0;
}

Tape *ck_tape(CkTape *ct)
{
	return ct->t;
}

CkCase *ck_case(CkTape *ct)
{
	return ct->c;
}

static int tape_index(CkTape *ct, const char *name)
{
	int k = find_index(ct->c, name);
	if (k < 0) {
		if (ct->st == ST_OK)
			ct->st = status_fail(ST_EINVAL, "grader: a check asks for a tensor '%s' its case lacks", name);
		return -1;
	}
	return k;
}

Mat *ck_value(CkTape *ct, const char *name)
{
	int k = tape_index(ct, name);
	return k < 0 ? NULL : &ct->value[k];
}

Mat *ck_gradient(CkTape *ct, const char *name)
{
	int k = tape_index(ct, name);
	return k < 0 ? NULL : &ct->grad[k];
}

AdNode *ck_in(CkTape *ct, const char *name)
{
	int k = tape_index(ct, name);
	if (k < 0)
		return NULL;
	if (wants_gradient(ct->c, k))
		return ad_param(ct->t, &ct->value[k], &ct->grad[k]);
	return ad_const(ct->t, &ct->value[k]);
}

void ck_output(CkTape *ct, const char *name, AdNode *node)
{
	int k = tape_index(ct, name);
	if (k < 0 || !node || !ct->want)
		return;
	const CkTensor *t = &ct->c->t[k];
	if (node->value.rows * node->value.cols != t->rows * t->cols) {
		if (ct->st == ST_OK)
			ct->st = status_fail(ST_ESHAPE, "grader: %s is %dx%d on the tape, %dx%d in the case",
					     name, node->value.rows, node->value.cols, t->rows,
					     t->cols);
		return;
	}
	memcpy(ct->want[k], node->value.data, mat_size(&node->value) * sizeof(double));
}

AdNode *ck_dot(CkTape *ct, AdNode *node, const char *upstream)
{
	int k = tape_index(ct, upstream);
	if (k < 0 || !node)
		return NULL;
	Mat *R = &ct->value[k];
	AdNode *y = node;
	if (node->value.rows != R->rows || node->value.cols != R->cols)
		y = ad_reshape(ct->t, node, R->rows, R->cols);
	return ad_sum(ct->t, ad_mul(ct->t, y, ad_const(ct->t, R)));
}

static void tape_release(CkTape *ct)
{
	for (int i = 0; i < CK_MAX_TENSORS; i++)
		mem_free(ct->grad[i].data);
	ad_tape_free(ct->t);
}

static Status tape_setup(CkTape *ct, CkCase *c, double **want)
{
	memset(ct, 0, sizeof *ct);
	ct->c = c;
	ct->want = want;
	ct->t = ad_tape_new();
	if (!ct->t)
		return status_fail(ST_ENOMEM, "grader: out of memory for the tape");
	for (int i = 0; i < c->n; i++) {
		const CkTensor *t = &c->t[i];
		ct->value[i] = (Mat){ t->rows, t->cols, t->v };
		ct->grad[i] = (Mat){ t->rows, t->cols, mem_calloc(mat_size(&ct->value[i]), sizeof(double)) };
		if (!ct->grad[i].data) {
			tape_release(ct);
			return status_fail(ST_ENOMEM, "grader: out of memory for the gradients");
		}
	}
	return ST_OK;
}

void checks_want_free(double **want)
{
	if (!want)
		return;
	for (int i = 0; i < CK_MAX_TENSORS; i++) {
		mem_free(want[i]);
		want[i] = NULL;
	}
}

Status checks_want(const CkCheck *check, CkCase *c, double **want)
{
	for (int i = 0; i < CK_MAX_TENSORS; i++)
		want[i] = NULL;
	for (int i = 0; i < c->n; i++) {
		if (c->t[i].role == CK_IN || c->t[i].role == CK_AUX)
			continue;
		want[i] = mem_calloc((size_t)c->t[i].rows * (size_t)c->t[i].cols, sizeof(double));
		if (!want[i]) {
			checks_want_free(want);
			return status_fail(ST_ENOMEM, "grader: out of memory for the answers");
		}
	}
	if (check->expect) {
		Status st = check->expect(c, want);
		if (st != ST_OK)
			checks_want_free(want);
		return st;
	}
	CkTape ct;
	Status st = tape_setup(&ct, c, want);
	if (st != ST_OK) {
		checks_want_free(want);
		return st;
	}
	AdNode *L = check->build(&ct);
	if (ct.st == ST_OK && ad_tape_status(ct.t) != ST_OK)
		ct.st = status_fail(ad_tape_status(ct.t), "grader: %s: %s", check->name,
				    ad_tape_error(ct.t));
	if (ct.st == ST_OK && L)
		ct.st = ad_backward(ct.t, L);
	for (int g = 0; ct.st == ST_OK && g < c->n; g++) {
		int k = input_of(c, g);
		if (k >= 0)
			memcpy(want[g], ct.grad[k].data, mat_size(&ct.grad[k]) * sizeof(double));
	}
	st = ct.st;
	tape_release(&ct);
	if (st != ST_OK)
		checks_want_free(want);
	return st;
}

static double loss_at(const CkCheck *check, CkCase *c, int *ok)
{
	CkTape ct;
	if (tape_setup(&ct, c, NULL) != ST_OK) {
		*ok = 0;
		return NAN;
	}
	AdNode *L = check->build(&ct);
	double v = NAN;
	if (L && ct.st == ST_OK && ad_tape_status(ct.t) == ST_OK)
		v = L->value.data[0];
	else
		*ok = 0;
	tape_release(&ct);
	return v;
}

double checks_finite_difference(const CkCheck *check, CkCase *c, int grad, size_t i)
{
	if (!check->build || grad < 0 || grad >= c->n)
		return NAN;
	int k = input_of(c, grad);
	if (k < 0 || i >= (size_t)c->t[k].rows * (size_t)c->t[k].cols)
		return NAN;
	double *x = &c->t[k].v[i], old = *x;
	double h = 1e-6 * fmax(1.0, fabs(old));
	int ok = 1;
	*x = old + h;
	double up = loss_at(check, c, &ok);
	*x = old - h;
	double down = loss_at(check, c, &ok);
	*x = old;
	return ok ? (up - down) / (2 * h) : NAN;
}

/* }==== */

/* {==== Recurrent cells ==== */

void ck_stacked(CkCase *c, const char *name, const char *gates, int H)
{
	CkTensor *t = ck_find(c, name);
	if (!t)
		return;
	t->gates = gates;
	t->block = H;
}

Status ck_cell_gradients(CkCase *c, Rng *r, int G, const char *gates, int with_cell)
{
	int B = c->dim[CK_DIM_B], I = c->dim[CK_DIM_I], H = c->dim[CK_DIM_H];
	CK_TRY(ck_tensor(c, r, "dx", CK_GRAD, B, I));
	CK_TRY(ck_tensor(c, r, "dh_prev", CK_GRAD, B, H));
	if (with_cell)
		CK_TRY(ck_tensor(c, r, "dc_prev", CK_GRAD, B, H));
	CK_TRY(ck_tensor(c, r, "dW_ih", CK_GRAD, G * H, I));
	CK_TRY(ck_tensor(c, r, "dW_hh", CK_GRAD, G * H, H));
	CK_TRY(ck_tensor(c, r, "db_ih", CK_GRAD, 1, G * H));
	CK_TRY(ck_tensor(c, r, "db_hh", CK_GRAD, 1, G * H));
	if (gates) {
		const char *blocked[] = { "gates", "dW_ih", "dW_hh", "db_ih", "db_hh" };
		for (size_t i = 0; i < sizeof blocked / sizeof blocked[0]; i++)
			ck_stacked(c, blocked[i], gates, H);
	}
	return ST_OK;
}

Recurrent ck_layer(CkTape *ct, RecurrentKind kind)
{
	CkCase *c = ck_case(ct);
	Recurrent r = { .kind = kind, .input = c->dim[CK_DIM_I], .hidden = c->dim[CK_DIM_H],
			.gates = recurrent_gates(kind), .act = ACT_TANH };
	r.weight_ih = ck_value(ct, "W_ih");
	r.weight_hh = ck_value(ct, "W_hh");
	r.bias_ih = ck_value(ct, "b_ih");
	r.bias_hh = ck_value(ct, "b_hh");
	r.dweight_ih = ck_gradient(ct, "W_ih");
	r.dweight_hh = ck_gradient(ct, "W_hh");
	r.dbias_ih = ck_gradient(ct, "b_ih");
	r.dbias_hh = ck_gradient(ct, "b_hh");
	return r;
}

/* }==== */

/* {==== Softmax rows ==== */

const char *ck_explain_softmax_row(const double *row, int n, double got, int scores, int lang,
				   char *buf, size_t size)
{
	if (isfinite(got) && got != 0.0)
		return NULL;
	double mx = row[0], mn = row[0];
	for (int j = 1; j < n; j++) {
		mx = fmax(mx, row[j]);
		mn = fmin(mn, row[j]);
	}
	const char *what = scores ? "score" : "logit";
	if (mx > 709 && !scores)
		return grade_msg(lang, GM_EXPLAIN_LOGITS_HIGH);
	if (mx > 709)
		snprintf(buf, size, grade_msg(lang, GM_EXPLAIN_SCORES_HIGH), mx);
	else if (mx < -708)
		snprintf(buf, size, grade_msg(lang, GM_EXPLAIN_ROW_LOW), what, mx, what);
	else if (mx - mn > 709)
		snprintf(buf, size, grade_msg(lang, GM_EXPLAIN_ROW_SPAN), what, mx - mn, mn, mx);
	else
		return NULL;
	return buf;
}

/* }==== */
