/* test_recurrent: the RNN, LSTM and GRU against finite differences on random shapes, seeds,
 * batches and nonlinearities, every parameter and input checked; exact values where they can
 * be derived (all-zero weights, one-unit cells written out by hand in PyTorch's gate order);
 * batching equal to one row at a time; PyTorch's initialisation; gradients that accumulate
 * until zeroed and dL/dh_t readable from every step's node; shape errors in words; every
 * out-of-memory path of recurrent_new and the forward. */
#include "test_util.h"

#include "check/gradcheck.h"
#include "check/models.h"
#include "core/mem.h"
#include "nn/recurrent.h"
#include "nn/seqloss.h"

#include <stdlib.h>
#include <string.h>

static double sigmoid(double x)
{
	return 1.0 / (1.0 + exp(-x));
}

/* {==== A recurrent problem for the checker ==== */

typedef struct Fixture {
	Recurrent *r;
	int T, B;
	Mat *x, *h0, *c0, *dx, *dh0, *dc0;
	Mat *R;              /* (T*B, H) upstream gradient */
	AdNode **h, **c;     /* step nodes of the last pass */
	GcTensor tensors[7];
	int n_tensors;
} Fixture;

static Mat *normal(int rows, int cols, Rng *rng, double std)
{
	Mat *m = mat_new(rows, cols);
	assert_non_null(m);
	mat_fill_normal(m, rng, std);
	return m;
}

static Fixture *fixture_new(RecurrentKind kind, Activation act, int I, int H, int T, int B,
			    uint64_t seed)
{
	Fixture *f = calloc(1, sizeof *f);
	Rng rng;
	rng_seed(&rng, seed);
	f->r = recurrent_new(kind, I, H, act, &rng);
	assert_non_null(f->r);
	f->T = T;
	f->B = B;
	f->x = normal(T * B, I, &rng, 1.0);
	f->h0 = normal(B, H, &rng, 0.5);
	f->c0 = normal(B, H, &rng, 0.5);
	f->R = normal(T * B, H, &rng, 1.0);
	f->dx = mat_new(T * B, I);
	f->dh0 = mat_new(B, H);
	f->dc0 = mat_new(B, H);
	f->h = calloc((size_t)T, sizeof *f->h);
	f->c = calloc((size_t)T, sizeof *f->c);
	Mat *p[REC_N_PARAMS], *g[REC_N_PARAMS];
	recurrent_params(f->r, p);
	recurrent_grads(f->r, g);
	for (int k = 0; k < REC_N_PARAMS; k++)
		f->tensors[f->n_tensors++] = (GcTensor){ recurrent_param_name(k), p[k], g[k] };
	f->tensors[f->n_tensors++] = (GcTensor){ "x", f->x, f->dx };
	f->tensors[f->n_tensors++] = (GcTensor){ "h0", f->h0, f->dh0 };
	if (kind == REC_LSTM)
		f->tensors[f->n_tensors++] = (GcTensor){ "c0", f->c0, f->dc0 };
	return f;
}

static void fixture_free(Fixture *f)
{
	recurrent_free(f->r);
	Mat *all[] = { f->x, f->h0, f->c0, f->dx, f->dh0, f->dc0, f->R };
	for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
		mat_free(all[i]);
	free(f->h);
	free(f->c);
	free(f);
}

/* L = sum_t <R_t, h_t>, plus <R_T, c_T> for the LSTM so the cell state's own path is
 * scored too. */
static AdNode *fixture_loss(Tape *t, void *ctx)
{
	Fixture *f = ctx;
	AdNode *x = ad_param(t, f->x, f->dx), *h0 = ad_param(t, f->h0, f->dh0);
	AdNode *c0 = ad_param(t, f->c0, f->dc0);
	if (recurrent_forward(t, f->r, x, f->T, h0, c0, f->h, f->c) != ST_OK)
		return NULL;
	AdNode *L = seqloss_dot(t, f->h, f->R, f->T, SEQ_SUM, NULL);
	if (f->r->kind == REC_LSTM) {
		Mat R_last = { f->B, f->r->hidden, f->R->data };
		L = ad_add(t, L, ad_sum(t, ad_mul(t, f->c[f->T - 1], ad_const(t, &R_last))));
	}
	return L;
}

static GcReport check(Fixture *f)
{
	GcProblem p = { f->tensors, f->n_tensors, fixture_loss, f, 0 };
	GcOptions o = gradcheck_defaults();
	GcReport rep;
	assert_int_equal(gradcheck_run(&p, &o, &rep), ST_OK);
	return rep;
}

static void assert_passes(Fixture *f, const char *what)
{
	GcReport rep = check(f);
	if (!rep.passed)
		for (int k = 0; k < rep.n_tensors; k++) {
			GcTensorReport *tr = &rep.tensors[k];
			if (tr->failed)
				print_error("%s: %s[%d,%d] numeric %.12g analytic %.12g\n", what,
					    tr->name, tr->worst_row, tr->worst_col, tr->worst_numeric,
					    tr->worst_analytic);
		}
	int passed = rep.passed, n = rep.n_tensors;
	gradcheck_report_free(&rep);
	assert_true(passed);
	assert_int_equal(n, f->n_tensors);
}

/* }==== */

/* {==== Finite differences ==== */

static void random_shapes(RecurrentKind kind, Activation act, uint64_t seed0)
{
	for (uint64_t seed = seed0; seed < seed0 + 4; seed++) {
		Rng rng;
		rng_seed(&rng, seed * 7919);
		int I = 1 + rng_below(&rng, 4), H = 1 + rng_below(&rng, 4);
		int T = 1 + rng_below(&rng, 6), B = 1 + rng_below(&rng, 3);
		if (seed == seed0)
			B = 3; /* always a batch > 1 */
		Fixture *f = fixture_new(kind, act, I, H, T, B, seed);
		char what[96];
		snprintf(what, sizeof what, "%s %s I=%d H=%d T=%d B=%d seed=%llu",
			 recurrent_kind_name(kind), activation_name(act), I, H, T, B,
			 (unsigned long long)seed);
		assert_passes(f, what);
		fixture_free(f);
	}
}

static void test_rnn_gradcheck(void **state)
{
	(void)state;
	for (int a = 0; a < ACT_COUNT; a++)
		random_shapes(REC_RNN, (Activation)a, 10 + 10 * (uint64_t)a);
}

static void test_lstm_gradcheck(void **state)
{
	(void)state;
	random_shapes(REC_LSTM, ACT_TANH, 100);
}

static void test_gru_gradcheck(void **state)
{
	(void)state;
	random_shapes(REC_GRU, ACT_TANH, 200);
}

/* A deliberately wrong gradient is caught: the checker can fail on these problems. */
static void test_gradcheck_catches_a_wrong_gradient(void **state)
{
	(void)state;
	Fixture *f = fixture_new(REC_GRU, ACT_TANH, 2, 3, 4, 2, 5);
	/* The layer's backward now adds W_hh's gradient into a decoy, so the gradient the
	 * checker reads stays zero: a backward that forgets a parameter. */
	Mat *orig_grad = f->r->dweight_hh;
	Mat *decoy = mat_new(orig_grad->rows, orig_grad->cols);
	f->r->dweight_hh = decoy;
	GcReport rep = check(f);
	f->r->dweight_hh = orig_grad;
	assert_false(rep.passed);
	assert_string_equal(rep.tensors[REC_WEIGHT_HH].name, "weight_hh");
	assert_true(rep.tensors[REC_WEIGHT_HH].failed > 0);
	assert_int_equal(rep.tensors[REC_WEIGHT_IH].failed, 0);
	gradcheck_report_free(&rep);
	mat_free(decoy);
	fixture_free(f);
}

/* The registry's problems: `gradlab check rnn|lstm|gru`, with a batch and many steps. */
static void test_check_models(void **state)
{
	(void)state;
	const char *names[] = { "rnn", "lstm", "gru", "rnn:relu", "rnn:sigmoid", "rnn:linear" };
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		CheckConfig c = check_config_defaults();
		c.steps = 12;
		c.batch = 2;
		c.seed = 3 + i;
		CheckModel *m = check_model_new(names[i], &c, 0);
		assert_non_null(m);
		GcProblem p = check_model_problem(m);
		int expect = strncmp(names[i], "lstm", 4) == 0 ? 7 : 6;
		assert_int_equal(p.n_tensors, expect);
		GcOptions o = gradcheck_defaults();
		GcReport rep;
		assert_int_equal(gradcheck_run(&p, &o, &rep), ST_OK);
		if (!rep.passed)
			print_error("check %s failed\n", names[i]);
		assert_true(rep.passed);
		gradcheck_report_free(&rep);
		check_model_free(m);
	}
	CheckConfig c = check_config_defaults();
	c.act = "relu";
	CheckModel *m = check_model_new("rnn", &c, 0);
	assert_non_null(m);
	check_model_free(m);
	assert_null(check_model_new("lstm", &c, 0));
	assert_non_null(strstr(status_detail(), "lstm's are fixed"));
	c.act = "swish";
	assert_null(check_model_new("rnn", &c, 0));
	assert_non_null(strstr(status_detail(), "unknown activation 'swish'"));
	c = check_config_defaults();
	c.steps = 4096;
	c.batch = 4096;
	assert_null(check_model_new("gru", &c, 0));
	assert_non_null(strstr(status_detail(), "the limit is"));
	c = check_config_defaults();
	c.steps = 400;
	c.hidden = 100;
	assert_null(check_model_new("lstm", &c, 0));
	assert_non_null(strstr(status_detail(), "multiply-adds"));
	assert_non_null(m = check_model_new("lstm", &c, 5));
	check_model_free(m);
}

/* }==== */

/* {==== Exact values ==== */

static void zero_params(Recurrent *r)
{
	Mat *p[REC_N_PARAMS];
	recurrent_params(r, p);
	for (int k = 0; k < REC_N_PARAMS; k++)
		mat_zero(p[k]);
}

/* Forward over x (T*B, I) from h0 and c0 (NULL for zeros); fills f->h and f->c. */
static Tape *run(Fixture *f, const Mat *h0, const Mat *c0)
{
	Tape *t = ad_tape_new();
	assert_non_null(t);
	AdNode *x = ad_const(t, f->x);
	AdNode *h0n = h0 ? ad_const(t, h0) : NULL, *c0n = c0 ? ad_const(t, c0) : NULL;
	assert_int_equal(recurrent_forward(t, f->r, x, f->T, h0n, c0n, f->h, f->c), ST_OK);
	return t;
}

/* All weights and biases zero: every gate is sigmoid(0) = 1/2 and the candidate g = tanh(0)
 * = 0, so c_t = c_{t-1}/2 and h_t = tanh(c_t)/2; from c0 = 0, h stays exactly 0. */
static void test_lstm_zero_weights(void **state)
{
	(void)state;
	Fixture *f = fixture_new(REC_LSTM, ACT_TANH, 3, 4, 6, 2, 1);
	zero_params(f->r);
	Tape *t = run(f, f->h0, NULL);
	for (int s = 0; s < f->T; s++)
		for (size_t i = 0; i < mat_size(&f->h[s]->value); i++) {
			assert_true(f->h[s]->value.data[i] == 0.0);
			assert_true(f->c[s]->value.data[i] == 0.0);
		}
	ad_tape_free(t);
	t = run(f, f->h0, f->c0);
	for (int s = 0; s < f->T; s++)
		for (size_t i = 0; i < mat_size(f->c0); i++) {
			double c = ldexp(f->c0->data[i], -(s + 1)); /* c0 / 2^(s+1), exact */
			assert_true(f->c[s]->value.data[i] == c);
			assert_close(0.5 * tanh(c), f->h[s]->value.data[i], 0, 1e-15);
		}
	ad_tape_free(t);
	fixture_free(f);
}

/* All zero: r = z = 1/2 and n = tanh(0 + r * 0) = 0, so h_t = h_{t-1}/2 exactly. And since
 * nothing else depends on h, dh_t/dh_{t-1} = z = 1/2: dL/dh_t = sum_{k>=t} R_k / 2^(k-t). */
static void test_gru_zero_weights(void **state)
{
	(void)state;
	Fixture *f = fixture_new(REC_GRU, ACT_TANH, 2, 3, 5, 2, 2);
	zero_params(f->r);
	Tape *t = ad_tape_new();
	AdNode *h0 = ad_param(t, f->h0, f->dh0);
	assert_int_equal(recurrent_forward(t, f->r, ad_const(t, f->x), f->T, h0, NULL, f->h, NULL),
			 ST_OK);
	for (int s = 0; s < f->T; s++)
		for (size_t i = 0; i < mat_size(f->h0); i++)
			assert_true(f->h[s]->value.data[i] == ldexp(f->h0->data[i], -(s + 1)));
	assert_int_equal(ad_backward(t, seqloss_dot(t, f->h, f->R, f->T, SEQ_SUM, NULL)), ST_OK);
	int T = f->T, B = f->B, H = f->r->hidden;
	for (int s = 0; s < T; s++)
		for (int i = 0; i < B * H; i++) {
			double want = 0.0;
			for (int k = T - 1; k >= s; k--)
				want = f->R->data[(size_t)k * B * H + i] + 0.5 * want;
			assert_close(want, f->h[s]->grad.data[i], 1e-15, 1e-14);
		}
	/* and dL/dh0 = dL/dh_1 / 2 */
	for (int i = 0; i < B * H; i++)
		assert_close(0.5 * f->h[0]->grad.data[i], f->dh0->data[i], 1e-15, 1e-14);
	ad_tape_free(t);
	fixture_free(f);
}

/* tanh(0) = 0 with zero weights; with the linear nonlinearity and W_hh = w I, W_ih = 0,
 * no biases: h_t = w^t h0. */
static void test_rnn_exact(void **state)
{
	(void)state;
	Fixture *f = fixture_new(REC_RNN, ACT_TANH, 2, 3, 4, 2, 3);
	zero_params(f->r);
	Tape *t = run(f, f->h0, NULL);
	for (int s = 0; s < f->T; s++)
		for (size_t i = 0; i < mat_size(f->h0); i++)
			assert_true(f->h[s]->value.data[i] == 0.0);
	ad_tape_free(t);
	f->r->act = ACT_LINEAR;
	for (int j = 0; j < 3; j++)
		MAT_AT(f->r->weight_hh, j, j) = -0.5;
	t = run(f, f->h0, NULL);
	for (int s = 0; s < f->T; s++)
		for (size_t i = 0; i < mat_size(f->h0); i++)
			assert_true(f->h[s]->value.data[i] ==
				    f->h0->data[i] * pow(-0.5, s + 1));
	ad_tape_free(t);
	fixture_free(f);
}

static void set(Mat *m, const double *v)
{
	memcpy(m->data, v, mat_size(m) * sizeof(double));
}

/* PyTorch's conventions, on cells small enough to write out: a = x W_ih^T + b_ih + h W_hh^T
 * + b_hh with weight_ih (H, I) read as rows of output units; two steps of a 2-input
 * 1-unit tanh RNN. */
static void test_rnn_by_hand(void **state)
{
	(void)state;
	Fixture *f = fixture_new(REC_RNN, ACT_TANH, 2, 1, 2, 1, 4);
	set(f->r->weight_ih, (double[]){ 0.5, -0.25 });
	set(f->r->weight_hh, (double[]){ -1.0 });
	set(f->r->bias_ih, (double[]){ 0.1 });
	set(f->r->bias_hh, (double[]){ 0.2 });
	set(f->x, (double[]){ 1.0, 1.0, /* step 2 */ -1.0, 0.5 });
	set(f->h0, (double[]){ 0.3 });
	Tape *t = run(f, f->h0, NULL);
	double h1 = tanh(0.5 * 1.0 - 0.25 * 1.0 + 0.1 + 0.2 - 1.0 * 0.3);
	double h2 = tanh(0.5 * -1.0 - 0.25 * 0.5 + 0.1 + 0.2 - 1.0 * h1);
	assert_close(h1, f->h[0]->value.data[0], 1e-16, 1e-14);
	assert_close(h2, f->h[1]->value.data[0], 1e-16, 1e-14);
	ad_tape_free(t);
	fixture_free(f);
}

/* The LSTM's gates are stacked i, f, g, o in rows of weight_ih, each H rows: with H = 2 and
 * zero weights, bias_ih's eight values pick every gate of every unit apart. */
static void test_lstm_by_hand(void **state)
{
	(void)state;
	Fixture *f = fixture_new(REC_LSTM, ACT_TANH, 1, 2, 1, 1, 5);
	zero_params(f->r);
	/*                           i0   i1   f0   f1   g0   g1   o0   o1 */
	set(f->r->bias_ih, (double[]){ 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8 });
	set(f->r->bias_hh, (double[]){ 1.0, 0, 0, 0, 0, 0, 0, -1.0 });
	set(f->r->weight_ih, (double[]){ 0, 0, 0, 0, 0, 2.0, 0, 0 }); /* g1 reads x */
	set(f->x, (double[]){ 0.25 });
	set(f->c0, (double[]){ 1.0, -2.0 });
	Tape *t = run(f, NULL, f->c0);
	double c_0 = sigmoid(0.3) * 1.0 + sigmoid(1.1) * tanh(0.5);
	double c_1 = sigmoid(0.4) * -2.0 + sigmoid(0.2) * tanh(0.6 + 2.0 * 0.25);
	assert_close(c_0, f->c[0]->value.data[0], 0, 1e-14);
	assert_close(c_1, f->c[0]->value.data[1], 0, 1e-14);
	assert_close(sigmoid(0.7) * tanh(c_0), f->h[0]->value.data[0], 0, 1e-14);
	assert_close(sigmoid(-0.2) * tanh(c_1), f->h[0]->value.data[1], 0, 1e-14);
	ad_tape_free(t);
	fixture_free(f);
}

/* The GRU's gates are r, z, n, and b_hn stays inside the reset: n = tanh(W_in x + b_in +
 * r * (W_hn h + b_hn)). A one-unit cell with every gate's bias different. */
static void test_gru_by_hand(void **state)
{
	(void)state;
	Fixture *f = fixture_new(REC_GRU, ACT_TANH, 1, 1, 1, 1, 6);
	set(f->r->weight_ih, (double[]){ 0.5, -0.5, 1.5 });  /* W_ir, W_iz, W_in */
	set(f->r->weight_hh, (double[]){ 0.25, 2.0, -1.0 }); /* W_hr, W_hz, W_hn */
	set(f->r->bias_ih, (double[]){ 1.0, 2.0, 3.0 });
	set(f->r->bias_hh, (double[]){ 0.5, -1.0, 0.25 });
	set(f->x, (double[]){ 0.4 });
	set(f->h0, (double[]){ 0.7 });
	Tape *t = run(f, f->h0, NULL);
	double x = 0.4, h = 0.7;
	double r = sigmoid(0.5 * x + 1.0 + 0.25 * h + 0.5);
	double z = sigmoid(-0.5 * x + 2.0 + 2.0 * h - 1.0);
	double n = tanh(1.5 * x + 3.0 + r * (-1.0 * h + 0.25));
	assert_close((1 - z) * n + z * h, f->h[0]->value.data[0], 0, 1e-14);
	ad_tape_free(t);
	fixture_free(f);
}

/* }==== */

/* {==== Layout, batching, initialisation ==== */

/* A batch of B rows gives, row by row, what B separate sequences give; per-step inputs give
 * what one (T*B, I) matrix gives. */
static void test_batch_rows_are_independent(void **state)
{
	(void)state;
	for (int kind = 0; kind < REC_KIND_COUNT; kind++) {
		enum { I = 3, H = 4, T = 5, B = 3 };
		Fixture *f = fixture_new((RecurrentKind)kind, ACT_TANH, I, H, T, B, 40 + kind);
		Tape *t = run(f, f->h0, f->c0);
		Fixture *g = fixture_new((RecurrentKind)kind, ACT_TANH, I, H, T, 1, 40 + kind);
		for (int b = 0; b < B; b++) {
			for (int s = 0; s < T; s++)
				memcpy(&MAT_AT(g->x, s, 0), &MAT_AT(f->x, s * B + b, 0), I * sizeof(double));
			memcpy(g->h0->data, &MAT_AT(f->h0, b, 0), H * sizeof(double));
			memcpy(g->c0->data, &MAT_AT(f->c0, b, 0), H * sizeof(double));
			Tape *u = run(g, g->h0, g->c0);
			for (int s = 0; s < T; s++)
				for (int j = 0; j < H; j++) {
					assert_close(MAT_AT(&g->h[s]->value, 0, j),
						     MAT_AT(&f->h[s]->value, b, j), 0, 1e-14);
					if (kind == REC_LSTM)
						assert_close(MAT_AT(&g->c[s]->value, 0, j),
							     MAT_AT(&f->c[s]->value, b, j), 0, 1e-14);
				}
			ad_tape_free(u);
		}
		/* One node per step: the same values. */
		Tape *u = ad_tape_new();
		AdNode *xs[T], *h[T], *c[T];
		Mat views[T];
		for (int s = 0; s < T; s++) {
			views[s] = (Mat){ B, I, f->x->data + (size_t)s * B * I };
			xs[s] = ad_const(u, &views[s]);
		}
		assert_int_equal(recurrent_forward_steps(u, f->r, xs, T, ad_const(u, f->h0),
							 ad_const(u, f->c0), h, c),
				 ST_OK);
		for (int s = 0; s < T; s++) {
			assert_mat_close(&f->h[s]->value, &h[s]->value, 0, 1e-14);
			if (kind == REC_LSTM)
				assert_mat_close(&f->c[s]->value, &c[s]->value, 0, 1e-14);
			else
				assert_null(c[s]);
		}
		ad_tape_free(u);
		ad_tape_free(t);
		fixture_free(g);
		fixture_free(f);
	}
}

/* uniform(-1/sqrt(H), 1/sqrt(H)) for all four, drawn in PyTorch's parameter order. */
static void test_init_like_pytorch(void **state)
{
	(void)state;
	int I = 3, H = 4;
	for (int kind = 0; kind < REC_KIND_COUNT; kind++) {
		Rng a, b;
		rng_seed(&a, 77);
		rng_seed(&b, 77);
		Recurrent *r = recurrent_new((RecurrentKind)kind, I, H, ACT_RELU, &a);
		assert_non_null(r);
		int G = recurrent_gates((RecurrentKind)kind);
		assert_int_equal(r->gates, G);
		assert_int_equal(r->weight_ih->rows, G * H);
		assert_int_equal(r->weight_ih->cols, I);
		assert_int_equal(r->weight_hh->rows, G * H);
		assert_int_equal(r->weight_hh->cols, H);
		assert_int_equal(r->bias_ih->rows, 1);
		assert_int_equal(r->bias_hh->cols, G * H);
		assert_int_equal(r->act, kind == REC_RNN ? ACT_RELU : ACT_TANH);
		Mat *p[REC_N_PARAMS], *g[REC_N_PARAMS];
		recurrent_params(r, p);
		recurrent_grads(r, g);
		for (int k = 0; k < REC_N_PARAMS; k++) {
			Mat *want = mat_new(p[k]->rows, p[k]->cols);
			mat_fill_uniform(want, &b, -0.5, 0.5); /* 1/sqrt(4) */
			assert_mat_close(want, p[k], 0, 0);
			for (size_t i = 0; i < mat_size(p[k]); i++) {
				assert_true(fabs(p[k]->data[i]) <= 0.5);
				assert_true(g[k]->data[i] == 0.0);
			}
			mat_free(want);
		}
		recurrent_free(r);
	}
	assert_string_equal(recurrent_param_name(REC_WEIGHT_HH), "weight_hh");
	assert_string_equal(recurrent_kind_name(REC_GRU), "gru");
	RecurrentKind k;
	assert_int_equal(recurrent_kind_parse("lstm", &k), ST_OK);
	assert_int_equal(k, REC_LSTM);
	assert_int_equal(recurrent_kind_parse("transformer", &k), ST_EINVAL);
	recurrent_free(NULL);
}

/* Backward adds into the layer's gradients until recurrent_zero_grad; each step's node
 * holds dL/dh_t after backward, and the last one's is exactly R_T. */
static void test_grads_accumulate_and_steps_are_readable(void **state)
{
	(void)state;
	Fixture *f = fixture_new(REC_LSTM, ACT_TANH, 3, 2, 4, 2, 9);
	Mat *once[REC_N_PARAMS], *g[REC_N_PARAMS];
	recurrent_grads(f->r, g);
	for (int pass = 0; pass < 2; pass++) {
		Tape *t = ad_tape_new();
		AdNode *x = ad_const(t, f->x);
		assert_int_equal(recurrent_forward(t, f->r, x, f->T, NULL, NULL, f->h, NULL), ST_OK);
		AdNode *L = seqloss_dot(t, f->h, f->R, f->T, SEQ_SUM, NULL);
		assert_int_equal(ad_backward(t, L), ST_OK);
		for (int s = 0; s < f->T; s++)
			assert_non_null(f->h[s]->grad.data);
		Mat R_last = { f->B, 2, f->R->data + (size_t)(f->T - 1) * f->B * 2 };
		assert_mat_close(&R_last, &f->h[f->T - 1]->grad, 0, 0);
		/* an earlier step also gets the later steps' gradient through the recurrence */
		Mat R_0 = { f->B, 2, f->R->data };
		assert_true(fabs(f->h[0]->grad.data[0] - R_0.data[0]) > 1e-6);
		for (int k = 0; k < REC_N_PARAMS; k++) {
			if (pass == 0)
				once[k] = mat_clone(g[k]);
			else
				for (size_t i = 0; i < mat_size(g[k]); i++)
					assert_close(2 * once[k]->data[i], g[k]->data[i], 0, 1e-14);
		}
		ad_tape_free(t);
	}
	recurrent_zero_grad(f->r);
	for (int k = 0; k < REC_N_PARAMS; k++) {
		assert_true(mat_norm(g[k]) == 0.0);
		assert_true(mat_norm(once[k]) > 0.0);
		mat_free(once[k]);
	}
	fixture_free(f);
}

/* }==== */

/* {==== Errors ==== */

static Status forward_status(Fixture *f, AdNode *x, AdNode *h0, AdNode *c0, Tape *t)
{
	return recurrent_forward(t, f->r, x, f->T, h0, c0, f->h, f->c);
}

static void test_shape_errors(void **state)
{
	(void)state;
	Fixture *f = fixture_new(REC_LSTM, ACT_TANH, 4, 4, 3, 2, 11);
	Tape *t = ad_tape_new();
	Mat *x3 = mat_new(6, 3), *x7 = mat_new(7, 4), *h_bad = mat_new(2, 5);

	assert_int_equal(forward_status(f, ad_const(t, x3), NULL, NULL, t), ST_ESHAPE);
	assert_string_equal(ad_tape_error(t), "lstm: x must be (T*B)x4 for T = 3 steps, got 6x3");
	assert_null(f->h[0]);
	ad_tape_reset(t);
	assert_int_equal(forward_status(f, ad_const(t, x7), NULL, NULL, t), ST_ESHAPE);
	ad_tape_reset(t);
	assert_int_equal(forward_status(f, ad_const(t, f->x), ad_const(t, h_bad), NULL, t),
			 ST_ESHAPE);
	assert_string_equal(ad_tape_error(t), "lstm: h0 must be 2x4 (B x H), got 2x5");
	ad_tape_reset(t);
	assert_int_equal(forward_status(f, ad_const(t, f->x), NULL, ad_const(t, h_bad), t),
			 ST_ESHAPE);
	assert_string_equal(ad_tape_error(t), "lstm: c0 must be 2x4 (B x H), got 2x5");
	ad_tape_reset(t);
	assert_int_equal(forward_status(f, NULL, NULL, NULL, t), ST_EINVAL);
	ad_tape_reset(t);
	assert_int_equal(recurrent_forward(t, f->r, ad_const(t, f->x), 0, NULL, NULL, f->h, NULL),
			 ST_EINVAL);
	ad_tape_reset(t);
	assert_int_equal(recurrent_forward(t, f->r, ad_const(t, f->x), 3, NULL, NULL, NULL, NULL),
			 ST_EINVAL);
	ad_tape_reset(t);

	/* A learner's hand-built layer with a wrong weight: refused in words. */
	Mat *good = f->r->weight_hh, *bad = mat_new(16, 3);
	f->r->weight_hh = bad;
	assert_int_equal(recurrent_check(f->r), ST_ESHAPE);
	assert_string_equal(status_detail(), "weight_hh must be 16x4 (4H x H), got 16x3");
	assert_int_equal(forward_status(f, ad_const(t, f->x), NULL, NULL, t), ST_ESHAPE);
	assert_string_equal(ad_tape_error(t), "weight_hh must be 16x4 (4H x H), got 16x3");
	f->r->weight_hh = good;
	mat_free(bad);
	ad_tape_reset(t);
	Mat *bad_b = mat_new(1, 15), *good_b = f->r->dbias_ih;
	f->r->dbias_ih = bad_b;
	assert_int_equal(recurrent_check(f->r), ST_ESHAPE);
	assert_string_equal(status_detail(), "dbias_ih must be 1x16 (1 x 4H), got 1x15");
	f->r->dbias_ih = good_b;
	mat_free(bad_b);
	Mat *missing = f->r->weight_ih;
	f->r->weight_ih = NULL;
	assert_int_equal(recurrent_check(f->r), ST_EINVAL);
	f->r->weight_ih = missing;
	assert_int_equal(recurrent_check(f->r), ST_OK);

	/* Per-step inputs that disagree. */
	AdNode *xs[3] = { ad_const(t, &(Mat){ 2, 4, f->x->data }), ad_const(t, &(Mat){ 2, 4, f->x->data }),
			  ad_const(t, &(Mat){ 1, 4, f->x->data }) };
	assert_int_equal(recurrent_forward_steps(t, f->r, xs, 3, NULL, NULL, f->h, f->c), ST_ESHAPE);
	assert_string_equal(ad_tape_error(t), "lstm: x[2] must be 2x4 (B x I), got 1x4");
	ad_tape_reset(t);
	xs[2] = NULL;
	assert_int_equal(recurrent_forward_steps(t, f->r, xs, 3, NULL, NULL, f->h, f->c), ST_EINVAL);
	ad_tape_reset(t);

	/* An earlier failure on the tape passes through. */
	ad_fail(t, ST_ERANGE, "earlier");
	assert_int_equal(forward_status(f, ad_const(t, f->x), NULL, NULL, t), ST_ERANGE);

	/* Constructors. */
	Rng rng;
	rng_seed(&rng, 1);
	assert_null(recurrent_new(REC_GRU, 0, 3, ACT_TANH, &rng));
	assert_int_equal(recurrent_new(REC_RNN, 3, 3, ACT_COUNT, &rng) == NULL, 1);
	assert_null(recurrent_new(REC_KIND_COUNT, 3, 3, ACT_TANH, &rng));

	mat_free(x3);
	mat_free(x7);
	mat_free(h_bad);
	ad_tape_free(t);
	fixture_free(f);
}

/* Every allocation of recurrent_new and of a forward/backward pass can fail: NULL or
 * ST_ENOMEM, never a crash, and nothing leaks (ASan). */
static void test_out_of_memory(void **state)
{
	(void)state;
	Rng rng;
	int failed = 0;
	for (long n = 0; n < 64; n++) {
		rng_seed(&rng, 1);
		mem_fail_after(n);
		Recurrent *r = recurrent_new(REC_LSTM, 3, 4, ACT_TANH, &rng);
		mem_fail_after(-1);
		if (!r) {
			failed++;
			continue;
		}
		recurrent_free(r);
		break;
	}
	assert_true(failed >= 8);

	Fixture *f = fixture_new(REC_GRU, ACT_TANH, 3, 4, 6, 2, 12);
	int ok = 0;
	for (long n = 0; n < 4000 && !ok; n++) {
		Tape *t = ad_tape_new();
		assert_non_null(t);
		mem_fail_after(n);
		Status st = recurrent_forward(t, f->r, ad_const(t, f->x), f->T, NULL, NULL, f->h, NULL);
		AdNode *L = seqloss_dot(t, f->h, f->R, f->T, SEQ_MEAN, NULL);
		Status bst = L ? ad_backward(t, L) : ad_tape_status(t);
		mem_fail_after(-1);
		if (st == ST_OK && bst == ST_OK)
			ok = 1;
		else
			assert_int_equal(st != ST_OK ? st : bst, ST_ENOMEM);
		ad_tape_free(t);
	}
	assert_true(ok);
	fixture_free(f);
}

/* }==== */

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rnn_gradcheck),
		cmocka_unit_test(test_lstm_gradcheck),
		cmocka_unit_test(test_gru_gradcheck),
		cmocka_unit_test(test_gradcheck_catches_a_wrong_gradient),
		cmocka_unit_test(test_check_models),
		cmocka_unit_test(test_lstm_zero_weights),
		cmocka_unit_test(test_gru_zero_weights),
		cmocka_unit_test(test_rnn_exact),
		cmocka_unit_test(test_rnn_by_hand),
		cmocka_unit_test(test_lstm_by_hand),
		cmocka_unit_test(test_gru_by_hand),
		cmocka_unit_test(test_batch_rows_are_independent),
		cmocka_unit_test(test_init_like_pytorch),
		cmocka_unit_test(test_grads_accumulate_and_steps_are_readable),
		cmocka_unit_test(test_shape_errors),
		cmocka_unit_test(test_out_of_memory),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
