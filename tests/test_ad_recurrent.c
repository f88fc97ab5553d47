/* test_ad_recurrent: the fused recurrent steps of core/ad_recurrent.c. Each step op against
 * finite differences on its own (every input a tensor, odd sizes, batches, a gi that wants no
 * gradient, replayed graphs); nn/recurrent's fused layers equal to the per-op graph they
 * replace (values and every gradient, each cell kind, whole-sequence and per-step inputs,
 * and what the lab reads through a trace); one node and a few doubles per step on the tape. */
#include "test_util.h"

#include "check/gradcheck.h"
#include "core/arena.h"
#include "core/mem.h"
#include "nn/recurrent.h"
#include "nn/seqloss.h"

#include <stdlib.h>
#include <string.h>

static Mat *normal(int rows, int cols, Rng *rng, double std)
{
	Mat *m = mat_new(rows, cols);
	assert_non_null(m);
	mat_fill_normal(m, rng, std);
	return m;
}

/* {==== One op, every input a tensor ==== */

enum { X, W_IH, B_IH, H0, C0, W_HH, B_HH, N_T };

typedef struct Op {
	RecurrentKind kind;
	int T, B, H, G;
	int gi_grad;         /* 0: x, W_ih and b_ih are constants (gi wants no gradient) */
	Mat *v[N_T], *d[N_T];
	Mat *R;              /* (T*B, H) weights of the loss */
	GcTensor tensors[N_T];
	int n;
} Op;

static void op_init(Op *o, RecurrentKind kind, int I, int H, int T, int B, int gi_grad,
		    uint64_t seed)
{
	Rng rng;
	rng_seed(&rng, seed);
	int G = recurrent_gates(kind);
	*o = (Op){ .kind = kind, .T = T, .B = B, .H = H, .G = G, .gi_grad = gi_grad };
	int shape[N_T][2] = { { T * B, I }, { G * H, I }, { 1, G * H }, { B, H },
			      { B, H },     { G * H, H }, { 1, G * H } };
	const char *names[N_T] = { "x", "W_ih", "b_ih", "h0", "c0", "W_hh", "b_hh" };
	for (int k = 0; k < N_T; k++) {
		o->v[k] = normal(shape[k][0], shape[k][1], &rng, 0.6);
		o->d[k] = mat_new(shape[k][0], shape[k][1]);
		int is_gi = k == X || k == W_IH || k == B_IH;
		if ((is_gi && !gi_grad) || (k == C0 && kind != REC_LSTM))
			continue;
		o->tensors[o->n++] = (GcTensor){ names[k], o->v[k], o->d[k] };
	}
	o->R = normal(T * B, H, &rng, 1.0);
}

static void op_free(Op *o)
{
	for (int k = 0; k < N_T; k++) {
		mat_free(o->v[k]);
		mat_free(o->d[k]);
	}
	mat_free(o->R);
}

/* T steps of the op by hand, L = sum_t <R_t, h_t> (+ <R_1, c_T> for the LSTM). */
static AdNode *op_loss(Tape *t, void *ctx)
{
	Op *o = ctx;
	AdNode *in[N_T];
	for (int k = 0; k < N_T; k++) {
		int is_gi = k == X || k == W_IH || k == B_IH;
		in[k] = is_gi && !o->gi_grad ? ad_const(t, o->v[k]) : ad_param(t, o->v[k], o->d[k]);
	}
	AdNode *gi = ad_gate_input(t, in[X], in[W_IH], in[B_IH]);
	AdNode *h = in[H0], *c = in[C0], *L = NULL;
	for (int s = 0; s < o->T; s++) {
		switch (o->kind) {
		case REC_RNN:
			h = ad_tanh(t, ad_rnn_preact(t, gi, s * o->B, h, in[W_HH], in[B_HH]));
			break;
		case REC_LSTM: h = ad_lstm_step(t, gi, s * o->B, h, c, in[W_HH], in[B_HH], &c); break;
		default: h = ad_gru_step(t, gi, s * o->B, h, in[W_HH], in[B_HH]); break;
		}
		Mat Rs = { o->B, o->H, o->R->data + (size_t)s * o->B * o->H };
		AdNode *term = ad_sum(t, ad_mul(t, h, ad_const(t, &Rs)));
		L = L ? ad_add(t, L, term) : term;
	}
	if (o->kind == REC_LSTM) {
		Mat R1 = { o->B, o->H, o->R->data };
		L = ad_add(t, L, ad_sum(t, ad_mul(t, c, ad_const(t, &R1))));
	}
	return L;
}

static void op_check(RecurrentKind kind, int I, int H, int T, int B, int gi_grad, int replay,
		     uint64_t seed)
{
	Op o;
	op_init(&o, kind, I, H, T, B, gi_grad, seed);
	GcProblem p = { o.tensors, o.n, op_loss, &o, replay };
	GcOptions opt = gradcheck_defaults();
	GcReport rep;
	assert_int_equal(gradcheck_run(&p, &opt, &rep), ST_OK);
	if (!rep.passed)
		for (int k = 0; k < rep.n_tensors; k++)
			if (rep.tensors[k].failed)
				print_error("%s I=%d H=%d T=%d B=%d gi_grad=%d replay=%d: %s[%d,%d] numeric %.12g analytic %.12g\n",
					    recurrent_kind_name(kind), I, H, T, B, gi_grad, replay,
					    rep.tensors[k].name, rep.tensors[k].worst_row,
					    rep.tensors[k].worst_col, rep.tensors[k].worst_numeric,
					    rep.tensors[k].worst_analytic);
	int passed = rep.passed;
	assert_int_equal(rep.n_tensors, o.n);
	gradcheck_report_free(&rep);
	op_free(&o);
	assert_true(passed);
}

static void test_ops_gradcheck(void **state)
{
	(void)state;
	/* odd sizes, batches of 1 and more (B >= 4 is a product per step in the old rule),
	 * a gi without gradient (the LSTM's dG then lives in the scratch), and replays */
	const struct {
		int I, H, T, B, gi_grad, replay;
	} cases[] = { { 3, 5, 4, 1, 1, 0 }, { 2, 3, 3, 5, 1, 0 }, { 1, 1, 6, 2, 1, 1 },
		      { 4, 2, 3, 3, 0, 0 }, { 3, 7, 2, 1, 0, 1 } };
	for (int k = 0; k < REC_KIND_COUNT; k++)
		for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
			op_check((RecurrentKind)k, cases[i].I, cases[i].H, cases[i].T, cases[i].B,
				 cases[i].gi_grad, cases[i].replay, 100 + 10 * (uint64_t)k + i);
}

static void test_op_shape_errors(void **state)
{
	(void)state;
	Tape *t = ad_tape_new();
	Mat *x = mat_new(6, 3), *W = mat_new(8, 3), *b = mat_new(1, 8), *h = mat_new(2, 2);
	Mat *Whh = mat_new(8, 2), *bad = mat_new(8, 3);
	AdNode *gi = ad_gate_input(t, ad_const(t, x), ad_const(t, W), ad_const(t, b));
	AdNode *c = NULL;
	assert_non_null(gi);
	/* rows 6..7 do not exist */
	assert_null(ad_lstm_step(t, gi, 6, ad_const(t, h), ad_const(t, h), ad_const(t, Whh),
				 ad_const(t, b), &c));
	assert_int_equal(ad_tape_status(t), ST_ESHAPE);
	assert_non_null(strstr(ad_tape_error(t), "lstm_step: gi 6x8 has no rows 6..7"));
	ad_tape_reset(t);
	gi = ad_gate_input(t, ad_const(t, x), ad_const(t, W), ad_const(t, b));
	assert_null(ad_gru_step(t, gi, 0, ad_const(t, h), ad_const(t, bad), ad_const(t, b)));
	assert_non_null(strstr(ad_tape_error(t), "gru_step: W_hh 8x3 and b_hh 1x8 do not fit h 2x2"));
	ad_tape_reset(t);
	assert_null(ad_gate_input(t, ad_const(t, x), ad_const(t, Whh), ad_const(t, b)));
	assert_non_null(strstr(ad_tape_error(t), "gate_input: x 6x3, W 8x2 and b 1x8"));
	Mat *all[] = { x, W, b, h, Whh, bad };
	for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
		mat_free(all[i]);
	ad_tape_free(t);
}

/* }==== */

/* {==== The fused layers against the per-op graph ==== */

typedef struct Run {
	Mat *grads[REC_N_PARAMS];
	Mat *h, *dx, *dh0, *dc0; /* h: every step's h_t stacked, (T*B, H) */
	Mat *dG, *gate;          /* the trace (B = 1): every step's dG and gate, stacked */
	int nodes;
} Run;

static void run_free(Run *r)
{
	for (int k = 0; k < REC_N_PARAMS; k++)
		mat_free(r->grads[k]);
	Mat *all[] = { r->h, r->dx, r->dh0, r->dc0, r->dG, r->gate };
	for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
		mat_free(all[i]);
}

/* One forward and backward of layer r (per_op as given) on x, h0, c0 with L = sum_t
 * <R_t, h_t> + <R_1, c_T>; steps: one input node per step (recurrent_forward_steps);
 * traced: through recurrent_forward_traced, keeping what the lab reads (B = 1). */
static Run run(Recurrent *r, int per_op, int steps, int traced, const Mat *x0, const Mat *h00,
	       const Mat *c00, const Mat *R, int T)
{
	int B = h00->rows, H = r->hidden, G = r->gates;
	Run out = { 0 };
	Mat *x = mat_clone(x0), *h0 = mat_clone(h00), *c0 = mat_clone(c00);
	out.dx = mat_new(x->rows, x->cols);
	out.dh0 = mat_new(B, H);
	out.dc0 = mat_new(B, H);
	out.h = mat_new(T * B, H);
	r->per_op = per_op;
	recurrent_zero_grad(r);
	Tape *t = ad_tape_new();
	AdNode **h = calloc((size_t)T, sizeof *h), **c = calloc((size_t)T, sizeof *c);
	AdNode **xs = calloc((size_t)T, sizeof *xs);
	RecurrentTrace tr = { calloc((size_t)T, sizeof(AdNode *)), calloc((size_t)T, sizeof(AdNode *)) };
	AdNode *xn = ad_param(t, x, out.dx), *h0n = ad_param(t, h0, out.dh0);
	AdNode *c0n = ad_param(t, c0, out.dc0);
	Status st;
	Mat *views = calloc((size_t)T, sizeof *views);
	if (steps) {
		for (int s = 0; s < T; s++) {
			views[s] = (Mat){ B, x->cols, x->data + (size_t)s * B * x->cols };
			xs[s] = ad_const(t, &views[s]);
		}
		st = recurrent_forward_steps(t, r, xs, T, h0n, c0n, h, c);
	} else if (traced) {
		st = recurrent_forward_traced(t, r, xn, T, h0n, c0n, h, c, &tr);
	} else {
		st = recurrent_forward(t, r, xn, T, h0n, c0n, h, c);
	}
	assert_int_equal(st, ST_OK);
	out.nodes = ad_tape_size(t);
	AdNode *L = seqloss_dot(t, h, R, T, SEQ_SUM, NULL);
	if (r->kind == REC_LSTM) {
		Mat R1 = { B, H, R->data };
		L = ad_add(t, L, ad_sum(t, ad_mul(t, c[T - 1], ad_const(t, &R1))));
	}
	assert_int_equal(ad_backward(t, L), ST_OK);
	for (int s = 0; s < T; s++)
		memcpy(out.h->data + (size_t)s * B * H, h[s]->value.data, (size_t)B * H * sizeof(double));
	Mat *g[REC_N_PARAMS];
	recurrent_grads(r, g);
	for (int k = 0; k < REC_N_PARAMS; k++)
		out.grads[k] = mat_clone(g[k]);
	if (traced) {
		int gw = r->kind == REC_RNN ? H : G * H;
		out.dG = mat_new(T, gw);
		out.gate = mat_new(T, H);
		for (int s = 0; s < T; s++) {
			assert_non_null(tr.hh[s]->grad.data);
			assert_int_equal(mat_size(&tr.hh[s]->grad), (size_t)gw);
			memcpy(out.dG->data + (size_t)s * gw, tr.hh[s]->grad.data, (size_t)gw * sizeof(double));
			memcpy(out.gate->data + (size_t)s * H, tr.gate[s]->value.data, (size_t)H * sizeof(double));
		}
	}
	free(views);
	free(tr.hh);
	free(tr.gate);
	free(xs);
	free(h);
	free(c);
	ad_tape_free(t);
	mat_free(x);
	mat_free(h0);
	mat_free(c0);
	return out;
}

static void assert_mats_close(const Mat *a, const Mat *b, const char *what)
{
	assert_int_equal(a->rows, b->rows);
	assert_int_equal(a->cols, b->cols);
	for (size_t i = 0; i < mat_size(a); i++) {
		double tol = 1e-12 + 1e-10 * fabs(a->data[i]);
		if (fabs(a->data[i] - b->data[i]) > tol)
			fail_msg("%s[%zu]: per-op %.17g, fused %.17g", what, i, a->data[i], b->data[i]);
	}
}

static void compare_paths(RecurrentKind kind, Activation act, int I, int H, int T, int B,
			  int steps, int traced, uint64_t seed)
{
	Rng rng;
	rng_seed(&rng, seed);
	Recurrent *r = recurrent_new(kind, I, H, act, &rng);
	assert_non_null(r);
	Mat *x = normal(T * B, I, &rng, 1.0), *h0 = normal(B, H, &rng, 0.5);
	Mat *c0 = normal(B, H, &rng, 0.5), *R = normal(T * B, H, &rng, 1.0);
	Run a = run(r, 1, steps, traced, x, h0, c0, R, T);
	Run f = run(r, 0, steps, traced, x, h0, c0, R, T);
	/* the fused graph: one node per step and its state views, not one per gate operation */
	int per_step = kind == REC_LSTM ? 3 : 2;
	assert_true(f.nodes <= 8 + (traced ? per_step + 2 : per_step + (steps ? 3 : 0)) * T);
	assert_true(a.nodes > f.nodes);
	assert_mats_close(a.h, f.h, "h");
	for (int k = 0; k < REC_N_PARAMS; k++)
		assert_mats_close(a.grads[k], f.grads[k], recurrent_param_name(k));
	if (!steps)
		assert_mats_close(a.dx, f.dx, "dx");
	assert_mats_close(a.dh0, f.dh0, "dh0");
	assert_mats_close(a.dc0, f.dc0, "dc0");
	if (traced) {
		assert_mats_close(a.dG, f.dG, "trace dG");
		assert_mats_close(a.gate, f.gate, "trace gate");
	}
	run_free(&a);
	run_free(&f);
	Mat *all[] = { x, h0, c0, R };
	for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
		mat_free(all[i]);
	recurrent_free(r);
}

static void test_fused_equals_per_op(void **state)
{
	(void)state;
	for (int k = 0; k < REC_KIND_COUNT; k++) {
		RecurrentKind kind = (RecurrentKind)k;
		compare_paths(kind, ACT_TANH, 3, 5, 7, 1, 0, 0, 1 + k);
		compare_paths(kind, ACT_TANH, 2, 3, 4, 6, 0, 0, 11 + k); /* B >= 4 */
		compare_paths(kind, ACT_TANH, 4, 2, 5, 3, 1, 0, 21 + k); /* one input per step */
		compare_paths(kind, ACT_TANH, 3, 4, 6, 1, 0, 1, 31 + k); /* the lab's trace */
	}
	compare_paths(REC_RNN, ACT_RELU, 3, 4, 6, 1, 0, 1, 41);
	compare_paths(REC_RNN, ACT_ELU, 2, 3, 5, 2, 0, 0, 42);
}

/* }==== */

/* {==== The tape's cost per step ==== */

/* Bytes of the pass's arena per step for an LSTM with H = 1, B = 1: the per-op graph took
 * about 5 KB (issue 15); the fused one keeps a step node, two state views, a row of gi and the
 * gradients, a few hundred bytes. */
static void test_bytes_per_step(void **state)
{
	(void)state;
	for (int k = 0; k < REC_KIND_COUNT; k++) {
		Rng rng;
		rng_seed(&rng, 5);
		int T = 2000;
		Recurrent *r = recurrent_new((RecurrentKind)k, 1, 1, ACT_TANH, &rng);
		Mat *x = normal(T, 1, &rng, 1.0);
		Tape *t = ad_tape_new();
		AdNode **h = calloc((size_t)T, sizeof *h);
		AdNode *xn = ad_const(t, x);
		assert_int_equal(recurrent_forward(t, r, xn, T, NULL, NULL, h, NULL), ST_OK);
		AdNode *L = ad_sum(t, h[T - 1]);
		assert_int_equal(ad_backward(t, L), ST_OK);
		size_t per_step = ad_tape_bytes(t) / (size_t)T;
		if (per_step > 1024)
			fail_msg("%s: %zu bytes per step", recurrent_kind_name((RecurrentKind)k), per_step);
		free(h);
		ad_tape_free(t);
		mat_free(x);
		recurrent_free(r);
	}
}

/* }==== */

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ops_gradcheck),
		cmocka_unit_test(test_op_shape_errors),
		cmocka_unit_test(test_fused_equals_per_op),
		cmocka_unit_test(test_bytes_per_step),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
