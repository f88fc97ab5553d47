/* test_ad: every op of the tape (src/core/ad.h) against central finite differences through
 * gradcheck_run, on random shapes and several seeds, with L = sum(op(...) .* R) for a fixed
 * random R so that the whole Jacobian is exercised; exact forward values and derivatives at
 * kinks; errors reported as data (shape, range, a failed op poisons the rest of the pass);
 * parameter gradients that accumulate across passes; a user-defined op through ad_custom. */
#include "test_util.h"

#include "check/gradcheck.h"
#include "check/report.h"
#include "core/ad.h"

#include <string.h>

/* {==== Checking one op against finite differences ==== */

typedef enum Init {
	INIT_NORMAL,   /* N(0, 1) */
	INIT_POSITIVE, /* uniform in [0.5, 2], for log */
	INIT_AWAY,     /* +-[0.2, 1.5]: far from the kink at 0 relative to the step */
} Init;

typedef struct OpCase OpCase;
typedef AdNode *(*BuildFn)(Tape *t, AdNode *const *in, const OpCase *c);

struct OpCase {
	const char *name;
	BuildFn build;
	Init init;
	int n_in;
	int rows[3], cols[3];     /* the inputs' shapes */
	int out_rows, out_cols;   /* the shape the op must produce */
	double s;                 /* scale, slope, alpha, fill */
	int ta, tb, axis, start, len;
	int keep[8], target[8];
	uint64_t seed;
	/* Set by case_run. */
	Mat *x[3], *dx[3], *R;
};

#define MAX_DIM 5

static int dim(Rng *r, int lo, int hi)
{
	return lo + rng_below(r, hi - lo + 1);
}

static void fill_input(Mat *m, Rng *r, Init init)
{
	for (size_t i = 0; i < mat_size(m); i++) {
		switch (init) {
		case INIT_NORMAL:
			m->data[i] = rng_normal(r);
			break;
		case INIT_POSITIVE:
			m->data[i] = rng_range(r, 0.5, 2.0);
			break;
		case INIT_AWAY:
			m->data[i] = (rng_uniform(r) < 0.5 ? -1 : 1) * rng_range(r, 0.2, 1.5);
			break;
		}
	}
}

/* L = sum(op(in) .* R), built twice over the same leaves and added: a backward that
 * overwrites its inputs' gradients (= instead of +=) loses the later copy's share. */
static AdNode *case_loss(Tape *t, void *ctx)
{
	OpCase *c = ctx;
	AdNode *in[3] = { NULL, NULL, NULL };
	for (int k = 0; k < c->n_in; k++)
		in[k] = ad_param(t, c->x[k], c->dx[k]);
	AdNode *R = ad_const(t, c->R);
	AdNode *y1 = c->build(t, in, c);
	AdNode *y2 = c->build(t, in, c);
	return ad_add(t, ad_sum(t, ad_mul(t, y1, R)), ad_sum(t, ad_mul(t, y2, R)));
}

static void case_free(OpCase *c)
{
	for (int k = 0; k < 3; k++) {
		mat_free(c->x[k]);
		mat_free(c->dx[k]);
		c->x[k] = c->dx[k] = NULL;
	}
	mat_free(c->R);
	c->R = NULL;
}

/* Run the check; 1 when every coordinate of every input passed. Why it did not, in *why. */
static int case_run(OpCase *c, char *why, size_t why_size)
{
	static const char *const names[] = { "in0", "in1", "in2" };
	Rng rng;
	rng_seed(&rng, c->seed * 7919 + 17);
	GcTensor tensors[3];
	for (int k = 0; k < c->n_in; k++) {
		c->x[k] = mat_new(c->rows[k], c->cols[k]);
		c->dx[k] = mat_new(c->rows[k], c->cols[k]);
		assert_non_null(c->x[k]);
		assert_non_null(c->dx[k]);
		fill_input(c->x[k], &rng, c->init);
		tensors[k] = (GcTensor){ names[k], c->x[k], c->dx[k] };
	}

	/* One plain forward pass: the op must give the expected shape. */
	Tape *t = ad_tape_new();
	assert_non_null(t);
	AdNode *in[3] = { NULL, NULL, NULL };
	for (int k = 0; k < c->n_in; k++)
		in[k] = ad_param(t, c->x[k], c->dx[k]);
	AdNode *y = c->build(t, in, c);
	if (!y)
		fail_msg("%s (seed %llu): the op failed: %s", c->name, (unsigned long long)c->seed,
			 ad_tape_error(t));
	if (y->value.rows != c->out_rows || y->value.cols != c->out_cols)
		fail_msg("%s (seed %llu): result is %dx%d, expected %dx%d", c->name,
			 (unsigned long long)c->seed, y->value.rows, y->value.cols, c->out_rows,
			 c->out_cols);
	c->R = mat_new(c->out_rows, c->out_cols);
	assert_non_null(c->R);
	mat_fill_normal(c->R, &rng, 1.0);
	ad_tape_free(t);

	GcProblem p = { tensors, c->n_in, case_loss, c, 0 };
	GcOptions o = gradcheck_defaults();
	GcReport r;
	assert_int_equal(gradcheck_run(&p, &o, &r), ST_OK);
	int ok = r.passed;
	char words[400];
	report_nonfinite(&r.nonfinite, 0, words, sizeof words);
	snprintf(why, why_size, "%s (seed %llu)%s%s", c->name, (unsigned long long)c->seed,
		 words[0] ? ": " : "", words);
	for (int k = 0; k < c->n_in; k++) {
		const GcTensorReport *tr = &r.tensors[k];
		if (tr->checked != (int)mat_size(c->x[k]) || tr->checked == 0 || tr->failed ||
		    tr->kinks || tr->nonfinite.kind) {
			ok = 0;
			report_nonfinite(&tr->nonfinite, 0, words, sizeof words);
			size_t used = strlen(why);
			snprintf(why + used, why_size - used,
				 "; %s (%dx%d): checked %d, failed %d, kinks %d, "
				 "worst [%d,%d] numeric %.10g analytic %.10g %s",
				 tr->name, tr->rows, tr->cols, tr->checked, tr->failed, tr->kinks,
				 tr->worst_row, tr->worst_col, tr->worst_numeric,
				 tr->worst_analytic, words);
		}
	}
	gradcheck_report_free(&r);
	case_free(c);
	return ok;
}

static void case_check(OpCase *c)
{
	char why[1024];
	if (!case_run(c, why, sizeof why))
		fail_msg("gradient check failed: %s", why);
}

static const uint64_t SEEDS[] = { 1, 2, 3, 4 };
#define N_SEEDS ((int)(sizeof SEEDS / sizeof SEEDS[0]))

/* An op with one input of a random shape whose result has the same shape. */
static void check_unary_same_shape(const char *name, BuildFn build, Init init, double s)
{
	for (int i = 0; i < N_SEEDS; i++) {
		Rng r;
		rng_seed(&r, SEEDS[i]);
		OpCase c = { .name = name, .build = build, .init = init, .n_in = 1, .s = s,
			     .seed = SEEDS[i] };
		c.rows[0] = c.out_rows = dim(&r, 1, MAX_DIM);
		c.cols[0] = c.out_cols = dim(&r, 1, MAX_DIM);
		case_check(&c);
	}
}

/* An op with two inputs of the same random shape; scalar_out: the result is 1x1. */
static void check_binary_same_shape(const char *name, BuildFn build, int scalar_out)
{
	for (int i = 0; i < N_SEEDS; i++) {
		Rng r;
		rng_seed(&r, SEEDS[i]);
		OpCase c = { .name = name, .build = build, .n_in = 2, .seed = SEEDS[i] };
		c.rows[0] = c.rows[1] = dim(&r, 1, MAX_DIM);
		c.cols[0] = c.cols[1] = dim(&r, 1, MAX_DIM);
		c.out_rows = scalar_out ? 1 : c.rows[0];
		c.out_cols = scalar_out ? 1 : c.cols[0];
		case_check(&c);
	}
}

/* }==== */

/* {==== Builders ==== */

/* b_op(t, in, c): one use of op on the leaves in[], with its arguments taken from c. */
#define BUILDER(op, expr)                                                                      \
	static AdNode *b_##op(Tape *t, AdNode *const *in, const OpCase *c)                     \
	{                                                                                      \
		(void)c;                                                                       \
		return (expr);                                                                 \
	}

BUILDER(add, ad_add(t, in[0], in[1]))
BUILDER(sub, ad_sub(t, in[0], in[1]))
BUILDER(mul, ad_mul(t, in[0], in[1]))
BUILDER(scale, ad_scale(t, in[0], c->s))
BUILDER(one_minus, ad_one_minus(t, in[0]))
BUILDER(sum, ad_sum(t, in[0]))
BUILDER(mean, ad_mean(t, in[0]))
BUILDER(sigmoid, ad_sigmoid(t, in[0]))
BUILDER(tanh, ad_tanh(t, in[0]))
BUILDER(relu, ad_relu(t, in[0]))
BUILDER(leaky_relu, ad_leaky_relu(t, in[0], c->s))
BUILDER(elu, ad_elu(t, in[0], c->s))
BUILDER(exp, ad_exp(t, in[0]))
BUILDER(log, ad_log(t, in[0]))
BUILDER(softmax, ad_softmax(t, in[0]))
BUILDER(log_softmax, ad_log_softmax(t, in[0]))
BUILDER(matmul, ad_matmul(t, in[0], c->ta, in[1], c->tb))
BUILDER(add_bias, ad_add_bias(t, in[0], in[1]))
BUILDER(concat, ad_concat(t, in, 3, c->axis))
BUILDER(slice, ad_slice(t, in[0], c->axis, c->start, c->len))
BUILDER(reshape, ad_reshape(t, in[0], c->out_rows, c->out_cols))
BUILDER(pair_add, ad_pair_add(t, in[0], in[1]))
BUILDER(mask_columns, ad_mask_columns(t, in[0], c->keep, c->s))
BUILDER(mse, ad_mse(t, in[0], in[1]))
BUILDER(cross_entropy, ad_cross_entropy(t, in[0], c->target))

/* }==== */

/* {==== Finite-difference checks, one test per op ==== */

/* test_grad_op: op on two inputs of one random shape; scalar_out when op gives 1x1. */
#define BINARY_TEST(op, scalar_out)                                                            \
	static void test_grad_##op(void **state)                                               \
	{                                                                                      \
		(void)state;                                                                   \
		check_binary_same_shape(#op, b_##op, scalar_out);                              \
	}

/* test_grad_op: op on one input of a random shape, drawn as init says; s its argument. */
#define UNARY_TEST(op, init, s)                                                                \
	static void test_grad_##op(void **state)                                               \
	{                                                                                      \
		(void)state;                                                                   \
		check_unary_same_shape(#op, b_##op, init, s);                                  \
	}

BINARY_TEST(add, 0)
BINARY_TEST(sub, 0)
BINARY_TEST(mul, 0)
BINARY_TEST(mse, 1)
UNARY_TEST(scale, INIT_NORMAL, -1.7)
UNARY_TEST(one_minus, INIT_NORMAL, 0)
UNARY_TEST(sigmoid, INIT_NORMAL, 0)
UNARY_TEST(tanh, INIT_NORMAL, 0)
UNARY_TEST(relu, INIT_AWAY, 0)
UNARY_TEST(leaky_relu, INIT_AWAY, 0.1)
UNARY_TEST(elu, INIT_AWAY, 1.3)
UNARY_TEST(exp, INIT_NORMAL, 0)
UNARY_TEST(log, INIT_POSITIVE, 0)
UNARY_TEST(softmax, INIT_NORMAL, 0)
UNARY_TEST(log_softmax, INIT_NORMAL, 0)

static void check_reduction(const char *name, BuildFn build)
{
	for (int i = 0; i < N_SEEDS; i++) {
		Rng r;
		rng_seed(&r, SEEDS[i]);
		OpCase c = { .name = name, .build = build, .n_in = 1, .seed = SEEDS[i],
			     .out_rows = 1, .out_cols = 1 };
		c.rows[0] = dim(&r, 1, MAX_DIM);
		c.cols[0] = dim(&r, 1, MAX_DIM);
		case_check(&c);
	}
}

static void test_grad_sum(void **state) { (void)state; check_reduction("sum", b_sum); }
static void test_grad_mean(void **state) { (void)state; check_reduction("mean", b_mean); }

static void test_grad_matmul(void **state)
{
	(void)state;
	static const char *const names[2][2] = { { "matmul A B", "matmul A B^T" },
						 { "matmul A^T B", "matmul A^T B^T" } };
	for (int ta = 0; ta < 2; ta++)
		for (int tb = 0; tb < 2; tb++)
			for (int i = 0; i < N_SEEDS; i++) {
				Rng r;
				rng_seed(&r, SEEDS[i] + 100);
				int M = dim(&r, 1, MAX_DIM), K = dim(&r, 1, MAX_DIM),
				    N = dim(&r, 1, MAX_DIM);
				OpCase c = { .name = names[ta][tb], .build = b_matmul, .n_in = 2,
					     .ta = ta, .tb = tb, .seed = SEEDS[i],
					     .out_rows = M, .out_cols = N };
				c.rows[0] = ta ? K : M;
				c.cols[0] = ta ? M : K;
				c.rows[1] = tb ? N : K;
				c.cols[1] = tb ? K : N;
				case_check(&c);
			}
}

static void test_grad_add_bias(void **state)
{
	(void)state;
	for (int i = 0; i < N_SEEDS; i++) {
		Rng r;
		rng_seed(&r, SEEDS[i]);
		OpCase c = { .name = "add_bias", .build = b_add_bias, .n_in = 2, .seed = SEEDS[i] };
		c.rows[0] = c.out_rows = dim(&r, 1, MAX_DIM);
		c.cols[0] = c.cols[1] = c.out_cols = dim(&r, 1, MAX_DIM);
		c.rows[1] = 1;
		case_check(&c);
	}
}

static void test_grad_concat(void **state)
{
	(void)state;
	for (int axis = 0; axis < 2; axis++)
		for (int i = 0; i < N_SEEDS; i++) {
			Rng r;
			rng_seed(&r, SEEDS[i] + 200);
			OpCase c = { .name = axis ? "concat axis 1" : "concat axis 0",
				     .build = b_concat, .n_in = 3, .axis = axis, .seed = SEEDS[i] };
			int across = dim(&r, 1, MAX_DIM), total = 0;
			for (int k = 0; k < 3; k++) {
				int along = dim(&r, 1, MAX_DIM);
				total += along;
				c.rows[k] = axis == 0 ? along : across;
				c.cols[k] = axis == 0 ? across : along;
			}
			c.out_rows = axis == 0 ? total : across;
			c.out_cols = axis == 0 ? across : total;
			case_check(&c);
		}
}

static void test_grad_slice(void **state)
{
	(void)state;
	for (int axis = 0; axis < 2; axis++)
		for (int i = 0; i < N_SEEDS; i++) {
			Rng r;
			rng_seed(&r, SEEDS[i] + 300);
			OpCase c = { .name = axis ? "slice axis 1" : "slice axis 0",
				     .build = b_slice, .n_in = 1, .axis = axis, .seed = SEEDS[i] };
			int size = dim(&r, 2, 6), across = dim(&r, 1, MAX_DIM);
			c.len = dim(&r, 1, size - 1); /* never the whole input */
			c.start = rng_below(&r, size - c.len + 1);
			c.rows[0] = axis == 0 ? size : across;
			c.cols[0] = axis == 0 ? across : size;
			c.out_rows = axis == 0 ? c.len : across;
			c.out_cols = axis == 0 ? across : c.len;
			case_check(&c);
		}
}

static void test_grad_reshape(void **state)
{
	(void)state;
	for (int i = 0; i < N_SEEDS; i++) {
		Rng r;
		rng_seed(&r, SEEDS[i] + 400);
		OpCase c = { .name = "reshape", .build = b_reshape, .n_in = 1, .seed = SEEDS[i] };
		c.rows[0] = dim(&r, 1, MAX_DIM);
		c.cols[0] = dim(&r, 2, MAX_DIM);
		/* Alternate between the transposed shape and one long row. */
		c.out_rows = i % 2 ? 1 : c.cols[0];
		c.out_cols = i % 2 ? c.rows[0] * c.cols[0] : c.rows[0];
		case_check(&c);
	}
}

static void test_grad_pair_add(void **state)
{
	(void)state;
	for (int i = 0; i < N_SEEDS; i++) {
		Rng r;
		rng_seed(&r, SEEDS[i] + 500);
		OpCase c = { .name = "pair_add", .build = b_pair_add, .n_in = 2, .seed = SEEDS[i] };
		c.rows[0] = dim(&r, 1, MAX_DIM);
		c.rows[1] = dim(&r, 1, MAX_DIM);
		c.cols[0] = c.cols[1] = c.out_cols = dim(&r, 1, MAX_DIM);
		c.out_rows = c.rows[0] * c.rows[1];
		case_check(&c);
	}
}

static void test_grad_mask_columns(void **state)
{
	(void)state;
	for (int i = 0; i < N_SEEDS; i++) {
		Rng r;
		rng_seed(&r, SEEDS[i] + 600);
		OpCase c = { .name = "mask_columns", .build = b_mask_columns, .n_in = 1, .s = -2.5,
			     .seed = SEEDS[i] };
		c.rows[0] = c.out_rows = dim(&r, 1, MAX_DIM);
		c.cols[0] = c.out_cols = dim(&r, 2, MAX_DIM);
		for (int j = 0; j < c.cols[0]; j++)
			c.keep[j] = rng_below(&r, 2);
		c.keep[0] = 1; /* at least one column kept and one masked */
		c.keep[c.cols[0] - 1] = 0;
		case_check(&c);
	}
}

static void test_grad_cross_entropy(void **state)
{
	(void)state;
	for (int i = 0; i < N_SEEDS; i++) {
		Rng r;
		rng_seed(&r, SEEDS[i] + 700);
		OpCase c = { .name = "cross_entropy", .build = b_cross_entropy, .n_in = 1,
			     .seed = SEEDS[i], .out_rows = 1, .out_cols = 1 };
		c.rows[0] = dim(&r, 1, MAX_DIM);
		c.cols[0] = dim(&r, 2, MAX_DIM);
		for (int k = 0; k < c.rows[0]; k++)
			c.target[k] = rng_below(&r, c.cols[0]);
		case_check(&c);
	}
}

/* }==== */

/* {==== A user-defined op ==== */

/* forward: y = a .* b + alpha * sin(a); so da += dy * (b + alpha cos a), db += dy * a */
static void custom_forward(AdNode *n)
{
	const double alpha = *(const double *)n->ctx;
	for (size_t i = 0; i < mat_size(&n->value); i++) {
		double a = n->in[0]->value.data[i], b = n->in[1]->value.data[i];
		n->value.data[i] = a * b + alpha * sin(a);
	}
}

static void custom_backward(AdNode *n)
{
	const double alpha = *(const double *)n->ctx;
	for (size_t i = 0; i < mat_size(&n->value); i++) {
		double a = n->in[0]->value.data[i], b = n->in[1]->value.data[i];
		double dy = n->grad.data[i];
		if (n->in[0]->grad.data)
			n->in[0]->grad.data[i] += dy * (b + alpha * cos(a));
		if (n->in[1]->grad.data)
			n->in[1]->grad.data[i] += dy * a;
	}
}

/* The same op with the cos term forgotten: the check must catch it. */
static void custom_backward_wrong(AdNode *n)
{
	for (size_t i = 0; i < mat_size(&n->value); i++) {
		double a = n->in[0]->value.data[i], b = n->in[1]->value.data[i];
		double dy = n->grad.data[i];
		if (n->in[0]->grad.data)
			n->in[0]->grad.data[i] += dy * b;
		if (n->in[1]->grad.data)
			n->in[1]->grad.data[i] += dy * a;
	}
}

static const AdOp OP_CUSTOM = { "custom", custom_forward, custom_backward };
static const AdOp OP_CUSTOM_WRONG = { "custom_wrong", custom_forward, custom_backward_wrong };

static double custom_alpha = 0.75;

static AdNode *b_custom(Tape *t, AdNode *const *in, const OpCase *c)
{
	(void)c;
	return ad_custom(t, &OP_CUSTOM, in, 2, in[0]->value.rows, in[0]->value.cols, &custom_alpha);
}

static AdNode *b_custom_wrong(Tape *t, AdNode *const *in, const OpCase *c)
{
	(void)c;
	return ad_custom(t, &OP_CUSTOM_WRONG, in, 2, in[0]->value.rows, in[0]->value.cols,
			 &custom_alpha);
}

static void test_grad_custom(void **state)
{
	(void)state;
	check_binary_same_shape("custom", b_custom, 0);
}

/* The harness itself must be able to fail: a backward that is wrong for one input only is
 * caught, on that input and not the other. */
static void test_harness_rejects_wrong_backward(void **state)
{
	(void)state;
	OpCase c = { .name = "custom_wrong", .build = b_custom_wrong, .n_in = 2, .seed = 9,
		     .rows = { 3, 3 }, .cols = { 4, 4 }, .out_rows = 3, .out_cols = 4 };
	char why[1024];
	assert_false(case_run(&c, why, sizeof why));
	assert_non_null(strstr(why, "in0"));
	assert_null(strstr(why, "in1"));
}

/* }==== */

/* {==== Exact values ==== */

typedef struct Graph {
	Tape *t;
	Mat *x, *dx;
	AdNode *in;
} Graph;

static Graph graph_new(int rows, int cols, const double *values)
{
	Graph g = { ad_tape_new(), mat_new(rows, cols), mat_new(rows, cols), NULL };
	assert_non_null(g.t);
	assert_non_null(g.x);
	assert_non_null(g.dx);
	memcpy(g.x->data, values, mat_size(g.x) * sizeof(double));
	g.in = ad_param(g.t, g.x, g.dx);
	assert_non_null(g.in);
	return g;
}

static void graph_free(Graph *g)
{
	ad_tape_free(g->t);
	mat_free(g->x);
	mat_free(g->dx);
}

/* got (any shape) holds the values listed in expected, row after row. */
#define assert_values(expected, got, atol, rtol)                                               \
	do {                                                                                   \
		Mat ev_ = { (got)->rows, (got)->cols, (double *)(expected) };                  \
		assert_mat_close(&ev_, (got), (atol), (rtol));                                 \
	} while (0)

static void test_softmax_of_1_2_3(void **state)
{
	(void)state;
	static const double x[] = { 1, 2, 3, 1000, 1001, 1002 };
	/* softmax([1, 2, 3]) and its log, to 17 digits */
	static const double sm[] = { 0.090030573170380462, 0.24472847105479767,
				     0.66524095577481771,  0.090030573170380462,
				     0.24472847105479767,  0.66524095577481771 };
	static const double lsm[] = { -2.4076059644443806, -1.4076059644443806,
				      -0.40760596444438035, -2.4076059644443806,
				      -1.4076059644443806, -0.40760596444438035 };
	Graph g = graph_new(2, 3, x);
	AdNode *y = ad_softmax(g.t, g.in);
	AdNode *ly = ad_log_softmax(g.t, g.in);
	assert_non_null(y);
	assert_non_null(ly);
	/* The second row's logits would overflow exp without the max shift. */
	assert_values(sm, &y->value, 1e-15, 1e-14);
	assert_values(lsm, &ly->value, 1e-13, 1e-14);
	graph_free(&g);
}

static void test_softmax_of_huge_logits_is_finite(void **state)
{
	(void)state;
	static const double x[] = { 1e308, -1e308, 0, -1e300, 7e307, 7e307 };
	Graph g = graph_new(2, 3, x);
	AdNode *y = ad_softmax(g.t, g.in);
	AdNode *ly = ad_log_softmax(g.t, g.in);
	AdNode *L = ad_sum(g.t, ad_mul(g.t, y, y));
	assert_non_null(L);
	assert_true(mat_all_finite(&y->value, NULL));
	assert_close(1.0, MAT_AT(&y->value, 0, 0), 0, 1e-15);
	assert_close(0.0, MAT_AT(&y->value, 0, 1), 0, 0);
	assert_close(0.0, MAT_AT(&y->value, 1, 0), 0, 0);
	assert_close(0.5, MAT_AT(&y->value, 1, 1), 0, 1e-15);
	assert_close(0.5, MAT_AT(&y->value, 1, 2), 0, 1e-15);
	assert_close(-log(2.0), MAT_AT(&ly->value, 1, 2), 0, 1e-15);
	assert_int_equal(ad_backward(g.t, L), ST_OK);
	assert_true(mat_all_finite(g.dx, NULL));
	graph_free(&g);
}

static void test_sigmoid_values_and_no_overflow(void **state)
{
	(void)state;
	static const double x[] = { -1000, -50, 0, 2, 50, 1000 };
	Graph g = graph_new(1, 6, x);
	AdNode *y = ad_sigmoid(g.t, g.in);
	AdNode *L = ad_sum(g.t, y);
	assert_non_null(L);
	assert_true(mat_all_finite(&y->value, NULL));
	assert_close(0.0, y->value.data[0], 1e-300, 0);
	assert_close(1.9287498479639178e-22, y->value.data[1], 0, 1e-13);
	assert_true(y->value.data[2] == 0.5);
	assert_close(0.88079707797788231, y->value.data[3], 0, 1e-15);
	assert_close(1.0, y->value.data[4], 0, 1e-15);
	assert_true(y->value.data[5] == 1.0);
	assert_int_equal(ad_backward(g.t, L), ST_OK);
	assert_true(mat_all_finite(g.dx, NULL));
	assert_true(g.dx->data[2] == 0.25);
	assert_close(0.10499358540350652, g.dx->data[3], 0, 1e-14);
	graph_free(&g);
}

static void test_tanh_exp_log_values(void **state)
{
	(void)state;
	static const double x[] = { 0.5, 1.0, 2.0 };
	Graph g = graph_new(1, 3, x);
	AdNode *th = ad_tanh(g.t, g.in);
	AdNode *ex = ad_exp(g.t, g.in);
	AdNode *lg = ad_log(g.t, g.in);
	assert_non_null(lg);
	static const double eth[] = { 0.46211715726000974, 0.76159415595576489,
				      0.96402758007581690 };
	static const double eex[] = { 1.6487212707001282, 2.7182818284590452, 7.3890560989306502 };
	static const double elg[] = { -0.69314718055994531, 0.0, 0.69314718055994531 };
	assert_values(eth, &th->value, 0, 1e-15);
	assert_values(eex, &ex->value, 0, 1e-15);
	assert_values(elg, &lg->value, 0, 1e-15);
	graph_free(&g);
}

/* At exactly 0: relu'(0) = 0, leaky_relu'(0) = slope, elu'(0) = alpha, as in PyTorch. */
static void test_derivatives_at_the_kink(void **state)
{
	(void)state;
	static const double x[] = { 0.0, -1.0, 2.0, -0.0 };

	Graph g = graph_new(1, 4, x);
	AdNode *y = ad_relu(g.t, g.in);
	assert_int_equal(ad_backward(g.t, ad_sum(g.t, y)), ST_OK);
	static const double relu_y[] = { 0, 0, 2, 0 }, relu_d[] = { 0, 0, 1, 0 };
	assert_values(relu_y, &y->value, 0, 0);
	assert_values(relu_d, g.dx, 0, 0);
	graph_free(&g);

	g = graph_new(1, 4, x);
	y = ad_leaky_relu(g.t, g.in, 0.1);
	assert_int_equal(ad_backward(g.t, ad_sum(g.t, y)), ST_OK);
	static const double leaky_y[] = { 0, -0.1, 2, 0 }, leaky_d[] = { 0.1, 0.1, 1, 0.1 };
	assert_values(leaky_y, &y->value, 0, 1e-15);
	assert_values(leaky_d, g.dx, 0, 1e-15);
	graph_free(&g);

	g = graph_new(1, 4, x);
	y = ad_elu(g.t, g.in, 1.5);
	assert_int_equal(ad_backward(g.t, ad_sum(g.t, y)), ST_OK);
	const double elu_y[] = { 0, 1.5 * (exp(-1.0) - 1), 2, 0 };
	const double elu_d[] = { 1.5, 1.5 * exp(-1.0), 1, 1.5 };
	assert_values(elu_y, &y->value, 0, 1e-15);
	assert_values(elu_d, g.dx, 0, 1e-15);
	graph_free(&g);
}

static void test_small_ops_forward(void **state)
{
	(void)state;
	static const double x[] = { 1, 2, 3, 4, 5, 6 };
	Graph g = graph_new(2, 3, x);
	Mat bm = { 1, 3, (double[]){ 10, 20, 30 } };
	Mat w = { 3, 2, (double[]){ 1, 0, 0, 1, 1, -1 } };
	AdNode *b = ad_const(g.t, &bm);
	AdNode *bias = ad_add_bias(g.t, g.in, b);
	AdNode *mm = ad_matmul(g.t, g.in, 0, ad_const(g.t, &w), 0);
	AdNode *mmt = ad_matmul(g.t, g.in, 1, g.in, 0); /* x^T x, 3x3 */
	AdNode *cat0 = ad_concat(g.t, (AdNode *[]){ g.in, b, b }, 3, 0);
	AdNode *cat1 = ad_concat(g.t, (AdNode *[]){ g.in, mm, g.in }, 3, 1);
	AdNode *sl0 = ad_slice(g.t, g.in, 0, 1, 1);
	AdNode *sl1 = ad_slice(g.t, g.in, 1, 1, 2);
	AdNode *rs = ad_reshape(g.t, g.in, 3, 2);
	AdNode *pa = ad_pair_add(g.t, g.in, b);
	AdNode *mk = ad_mask_columns(g.t, g.in, (const int[]){ 1, 0, 1 }, -7);
	AdNode *sum = ad_sum(g.t, g.in), *mean = ad_mean(g.t, g.in);
	AdNode *sc = ad_scale(g.t, g.in, -0.5), *om = ad_one_minus(g.t, g.in);
	AdNode *mse = ad_mse(g.t, g.in, ad_scale(g.t, g.in, 0.5));
	assert_int_equal(ad_tape_status(g.t), ST_OK);

	static const double e_bias[] = { 11, 22, 33, 14, 25, 36 };
	static const double e_mm[] = { 4, -1, 10, -1 };
	static const double e_mmt[] = { 17, 22, 27, 22, 29, 36, 27, 36, 45 };
	static const double e_cat0[] = { 1, 2, 3, 4, 5, 6, 10, 20, 30, 10, 20, 30 };
	static const double e_cat1[] = { 1, 2, 3, 4, -1, 1, 2, 3, 4, 5, 6, 10, -1, 4, 5, 6 };
	static const double e_sl0[] = { 4, 5, 6 }, e_sl1[] = { 2, 3, 5, 6 };
	static const double e_rs[] = { 1, 2, 3, 4, 5, 6 };
	static const double e_pa[] = { 11, 22, 33, 14, 25, 36 };
	static const double e_mk[] = { 1, -7, 3, 4, -7, 6 };
	static const double e_sc[] = { -0.5, -1, -1.5, -2, -2.5, -3 };
	static const double e_om[] = { 0, -1, -2, -3, -4, -5 };
	assert_values(e_bias, &bias->value, 0, 0);
	assert_values(e_mm, &mm->value, 0, 0);
	assert_values(e_mmt, &mmt->value, 0, 0);
	assert_int_equal(cat0->value.rows, 4);
	assert_values(e_cat0, &cat0->value, 0, 0);
	assert_int_equal(cat1->value.cols, 8);
	assert_values(e_cat1, &cat1->value, 0, 0);
	assert_values(e_sl0, &sl0->value, 0, 0);
	assert_int_equal(sl1->value.cols, 2);
	assert_values(e_sl1, &sl1->value, 0, 0);
	assert_int_equal(rs->value.rows, 3);
	assert_values(e_rs, &rs->value, 0, 0);
	assert_int_equal(pa->value.rows, 2);
	assert_values(e_pa, &pa->value, 0, 0);
	assert_values(e_mk, &mk->value, 0, 0);
	assert_close(21.0, sum->value.data[0], 0, 0);
	assert_close(3.5, mean->value.data[0], 0, 1e-15);
	assert_values(e_sc, &sc->value, 0, 0);
	assert_values(e_om, &om->value, 0, 0);
	assert_close(91.0 / 4.0 / 6.0, mse->value.data[0], 0, 1e-15); /* sum((x/2)^2) / 6 */
	graph_free(&g);
}

static void test_cross_entropy_value_and_gradient(void **state)
{
	(void)state;
	static const double x[] = { 1, 2, 3, 1, 2, 3 };
	static const int target[] = { 2, 0 };
	Graph g = graph_new(2, 3, x);
	AdNode *L = ad_cross_entropy(g.t, g.in, target);
	assert_non_null(L);
	assert_close((0.40760596444438035 + 2.4076059644443806) / 2, L->value.data[0], 0, 1e-14);
	assert_int_equal(ad_backward(g.t, L), ST_OK);
	/* (softmax - onehot) / N */
	const double p0 = 0.090030573170380462, p1 = 0.24472847105479767, p2 = 0.66524095577481771;
	const double e[] = { p0 / 2, p1 / 2, (p2 - 1) / 2, (p0 - 1) / 2, p1 / 2, p2 / 2 };
	assert_values(e, g.dx, 1e-15, 1e-13);
	graph_free(&g);
}

/* A masked key gets exactly zero weight and passes no gradient. */
static void test_mask_with_minus_infinity_before_softmax(void **state)
{
	(void)state;
	static const double x[] = { 0.3, 5.0, -0.2, 1.0, 9.0, 2.0 };
	static const int keep[] = { 1, 0, 1 };
	Graph g = graph_new(2, 3, x);
	Mat Rm = { 2, 3, (double[]){ 1, 2, 3, -1, 4, 0.5 } };
	AdNode *y = ad_softmax(g.t, ad_mask_columns(g.t, g.in, keep, -INFINITY));
	AdNode *L = ad_sum(g.t, ad_mul(g.t, y, ad_const(g.t, &Rm)));
	assert_non_null(L);
	assert_true(MAT_AT(&y->value, 0, 1) == 0.0);
	assert_true(MAT_AT(&y->value, 1, 1) == 0.0);
	assert_close(1.0 / (1.0 + exp(-0.5)), MAT_AT(&y->value, 0, 0), 0, 1e-15);
	assert_int_equal(ad_backward(g.t, L), ST_OK);
	assert_true(mat_all_finite(g.dx, NULL));
	assert_true(MAT_AT(g.dx, 0, 1) == 0.0);
	assert_true(MAT_AT(g.dx, 1, 1) == 0.0);
	assert_true(MAT_AT(g.dx, 0, 0) != 0.0);
	graph_free(&g);
}

/* }==== */

/* {==== Vector-Jacobian products ==== */

static void test_backward_vjp_matches_hand_computation(void **state)
{
	(void)state;
	Tape *t = ad_tape_new();
	Mat *x = mat_new(2, 2), *dx = mat_new(2, 2), *W = mat_new(2, 3), *dW = mat_new(2, 3);
	Mat *dout = mat_new(2, 3);
	assert_non_null(t);
	assert_non_null(dout);
	memcpy(x->data, (double[]){ 1, 2, 3, 4 }, 4 * sizeof(double));
	memcpy(W->data, (double[]){ 1, 0, 2, 0, 1, -1 }, 6 * sizeof(double));
	memcpy(dout->data, (double[]){ 1, 1, 1, 0, 2, -1 }, 6 * sizeof(double));
	/* y = x W; dx = dout W^T, dW = x^T dout */
	AdNode *y = ad_matmul(t, ad_param(t, x, dx), 0, ad_param(t, W, dW), 0);
	assert_non_null(y);
	assert_int_equal(ad_backward_vjp(t, y, dout), ST_OK);
	static const double e_dx[] = { 3, 0, -2, 3 };
	static const double e_dW[] = { 1, 7, -2, 2, 10, -2 };
	assert_values(e_dx, dx, 0, 0);
	assert_values(e_dW, dW, 0, 0);

	/* y = x .* x through tanh: dx = dout .* (1 - tanh(x^2)^2) .* 2x */
	ad_tape_reset(t);
	mat_zero(dx);
	Mat d2 = { 2, 2, (double[]){ 0.5, -1, 2, 0.25 } };
	AdNode *xn = ad_param(t, x, dx);
	AdNode *z = ad_tanh(t, ad_mul(t, xn, xn));
	assert_int_equal(ad_backward_vjp(t, z, &d2), ST_OK);
	for (int i = 0; i < 4; i++) {
		double xi = x->data[i], th = tanh(xi * xi);
		assert_close(d2.data[i] * (1 - th * th) * 2 * xi, dx->data[i], 1e-300, 1e-12);
	}

	/* The upstream gradient must have the root's shape. */
	assert_int_equal(ad_backward_vjp(t, z, dout), ST_ESHAPE);
	assert_non_null(strstr(status_detail(), "2x3"));
	assert_int_equal(ad_backward_vjp(t, z, NULL), ST_EINVAL);

	ad_tape_free(t);
	mat_free(x);
	mat_free(dx);
	mat_free(W);
	mat_free(dW);
	mat_free(dout);
}

/* }==== */

/* {==== Errors are data ==== */

typedef struct ErrFixture {
	Tape *t;
	Mat *a23, *a32, *b12;
	AdNode *A23, *A32, *B12;
} ErrFixture;

static int err_setup(void **state)
{
	ErrFixture *f = calloc(1, sizeof *f);
	f->t = ad_tape_new();
	f->a23 = mat_new(2, 3);
	f->a32 = mat_new(3, 2);
	f->b12 = mat_new(1, 2);
	f->A23 = ad_const(f->t, f->a23);
	f->A32 = ad_const(f->t, f->a32);
	f->B12 = ad_const(f->t, f->b12);
	*state = f;
	return f->B12 ? 0 : -1;
}

static int err_teardown(void **state)
{
	ErrFixture *f = *state;
	ad_tape_free(f->t);
	mat_free(f->a23);
	mat_free(f->a32);
	mat_free(f->b12);
	free(f);
	return 0;
}

/* The op failed with s, and both the tape's error and status_detail() name every word. */
static void assert_failed(ErrFixture *f, AdNode *n, Status s, const char *const *words)
{
	assert_null(n);
	assert_int_equal(ad_tape_status(f->t), s);
	for (int i = 0; words[i]; i++) {
		if (!strstr(ad_tape_error(f->t), words[i]))
			fail_msg("error '%s' does not name '%s'", ad_tape_error(f->t), words[i]);
		if (!strstr(status_detail(), words[i]))
			fail_msg("status detail '%s' does not name '%s'", status_detail(),
				 words[i]);
	}
}

static void test_add_shape_mismatch(void **state)
{
	ErrFixture *f = *state;
	assert_int_equal(ad_tape_status(f->t), ST_OK);
	assert_failed(f, ad_add(f->t, f->A23, f->A32), ST_ESHAPE,
		      (const char *[]){ "add", "2x3", "3x2", NULL });
}

static void test_matmul_shape_mismatch(void **state)
{
	ErrFixture *f = *state;
	/* 2x3 times 2x3 fails; 2x3 times (2x3)^T would be fine. */
	assert_non_null(ad_matmul(f->t, f->A23, 0, f->A23, 1));
	assert_failed(f, ad_matmul(f->t, f->A23, 0, f->A23, 0), ST_ESHAPE,
		      (const char *[]){ "matmul", "2x3", NULL });
}

static void test_add_bias_shape_mismatch(void **state)
{
	ErrFixture *f = *state;
	assert_failed(f, ad_add_bias(f->t, f->A23, f->B12), ST_ESHAPE,
		      (const char *[]){ "add_bias", "1x2", "2x3", NULL });
}

static void test_concat_shape_mismatch(void **state)
{
	ErrFixture *f = *state;
	/* Side by side needs equal row counts: 2x3 and 3x2 do not fit. */
	assert_failed(f, ad_concat(f->t, (AdNode *[]){ f->A23, f->A23, f->A32 }, 3, 1),
		      ST_ESHAPE, (const char *[]){ "concat", "3x2", "2x3", NULL });
}

static void test_op_after_failure_returns_null(void **state)
{
	ErrFixture *f = *state;
	AdNode *s = ad_sum(f->t, f->A23); /* a 1x1 root from before the failure */
	assert_non_null(s);
	int size = ad_tape_size(f->t);
	assert_null(ad_add(f->t, f->A23, f->A32));
	char first[512];
	snprintf(first, sizeof first, "%s", ad_tape_error(f->t));
	/* Valid ops now return NULL, and the first error is kept. */
	assert_null(ad_tanh(f->t, f->A23));
	assert_null(ad_matmul(f->t, f->A23, 0, f->A32, 0));
	assert_null(ad_slice(f->t, f->A23, 0, 5, 1)); /* would be ST_ERANGE on its own */
	assert_null(ad_const(f->t, f->a23));
	assert_int_equal(ad_tape_status(f->t), ST_ESHAPE);
	assert_string_equal(first, ad_tape_error(f->t));
	assert_int_equal(ad_tape_size(f->t), size);
	/* backward reports the tape's failure rather than running (on a healthy tape this
	 * constant root would simply give ST_OK) */
	assert_int_equal(ad_backward(f->t, s), ST_ESHAPE);
	assert_non_null(strstr(status_detail(), "3x2"));
	/* A NULL input, as from a failed op, is a failure too, not a crash. */
	ad_tape_reset(f->t);
	assert_int_equal(ad_tape_status(f->t), ST_OK);
	assert_string_equal(ad_tape_error(f->t), "");
	assert_null(ad_sigmoid(f->t, NULL));
	assert_int_equal(ad_tape_status(f->t), ST_EINVAL);
	ad_tape_reset(f->t);
	AdNode *a = ad_const(f->t, f->a23);
	assert_null(ad_add(f->t, a, NULL));
	assert_null(ad_matmul(f->t, NULL, 0, a, 0));
	assert_null(ad_sum(f->t, NULL));
	assert_int_equal(ad_tape_status(f->t), ST_EINVAL);
	/* After a reset the tape works again. */
	ad_tape_reset(f->t);
	assert_non_null(ad_tanh(f->t, ad_const(f->t, f->a23)));
}

static void test_slice_out_of_range(void **state)
{
	ErrFixture *f = *state;
	assert_non_null(ad_slice(f->t, f->A23, 1, 1, 2)); /* the last two columns: fine */
	assert_failed(f, ad_slice(f->t, f->A23, 1, 2, 2), ST_ERANGE,
		      (const char *[]){ "slice", "2x3", NULL });
	ad_tape_reset(f->t);
	AdNode *a = ad_const(f->t, f->a23);
	assert_null(ad_slice(f->t, a, 0, -1, 1));
	assert_int_equal(ad_tape_status(f->t), ST_ERANGE);
	ad_tape_reset(f->t);
	a = ad_const(f->t, f->a23);
	assert_null(ad_slice(f->t, a, 0, 0, 0));
	assert_int_equal(ad_tape_status(f->t), ST_ERANGE);
	ad_tape_reset(f->t);
	a = ad_const(f->t, f->a23);
	assert_null(ad_slice(f->t, a, 0, 2, 1));
	assert_int_equal(ad_tape_status(f->t), ST_ERANGE);
}

static void test_cross_entropy_class_out_of_range(void **state)
{
	ErrFixture *f = *state;
	assert_non_null(ad_cross_entropy(f->t, f->A23, (const int[]){ 2, 0 }));
	assert_failed(f, ad_cross_entropy(f->t, f->A23, (const int[]){ 0, 3 }), ST_ERANGE,
		      (const char *[]){ "cross_entropy", "target[1] = 3", NULL });
	ad_tape_reset(f->t);
	AdNode *a = ad_const(f->t, f->a23);
	assert_null(ad_cross_entropy(f->t, a, (const int[]){ -1, 0 }));
	assert_int_equal(ad_tape_status(f->t), ST_ERANGE);
}

static void test_backward_needs_a_scalar_root(void **state)
{
	ErrFixture *f = *state;
	Mat *dx = mat_new(2, 3);
	AdNode *x = ad_param(f->t, f->a23, dx);
	AdNode *y = ad_tanh(f->t, x);
	assert_int_equal(ad_backward(f->t, y), ST_ESHAPE);
	assert_non_null(strstr(status_detail(), "2x3"));
	/* ...and touched no gradient. */
	for (int i = 0; i < 6; i++)
		assert_true(dx->data[i] == 0.0);
	/* The 1x1 sum of it is fine. */
	assert_int_equal(ad_backward(f->t, ad_sum(f->t, y)), ST_OK);
	assert_true(dx->data[0] == 1.0); /* tanh'(0) */
	mat_free(dx);
}

/* }==== */

/* {==== Gradient accumulation ==== */

static void test_parameter_gradients_accumulate(void **state)
{
	(void)state;
	Tape *t = ad_tape_new();
	Mat *x = mat_new(2, 3), *dx = mat_new(2, 3), *R = mat_new(2, 3);
	Rng rng;
	rng_seed(&rng, 5);
	mat_fill_normal(x, &rng, 1.0);
	mat_fill_normal(R, &rng, 1.0);

	/* L = sum(tanh(x) .* R): dx = R .* (1 - tanh(x)^2) */
	AdNode *y = ad_tanh(t, ad_param(t, x, dx));
	AdNode *m = ad_mul(t, y, ad_const(t, R));
	AdNode *L = ad_sum(t, m);
	assert_int_equal(ad_backward(t, L), ST_OK);
	double once[6];
	for (int i = 0; i < 6; i++) {
		double th = tanh(x->data[i]);
		once[i] = R->data[i] * (1 - th * th);
		assert_close(once[i], dx->data[i], 1e-300, 1e-14);
	}

	/* A second backward over the same tape: the parameter gradient doubles, but the
	 * interior nodes start from zero again (otherwise dx would triple). */
	assert_int_equal(ad_backward(t, L), ST_OK);
	for (int i = 0; i < 6; i++) {
		assert_close(2 * once[i], dx->data[i], 1e-300, 1e-14);
		assert_close(R->data[i], m->in[0]->grad.data[i], 0, 0);
		assert_close(1.0, m->grad.data[i], 0, 0);
	}

	/* A fresh pass on a reset tape keeps accumulating ... */
	ad_tape_reset(t);
	L = ad_sum(t, ad_mul(t, ad_tanh(t, ad_param(t, x, dx)), ad_const(t, R)));
	assert_int_equal(ad_backward(t, L), ST_OK);
	for (int i = 0; i < 6; i++)
		assert_close(3 * once[i], dx->data[i], 1e-300, 1e-14);

	/* ... until the gradient is zeroed explicitly. */
	mat_zero(dx);
	assert_int_equal(ad_backward(t, L), ST_OK);
	for (int i = 0; i < 6; i++)
		assert_close(once[i], dx->data[i], 1e-300, 1e-14);

	/* A parameter used twice collects both paths: L = sum(x .* x) -> dx = 2x. */
	ad_tape_reset(t);
	mat_zero(dx);
	AdNode *p = ad_param(t, x, dx);
	assert_int_equal(ad_backward(t, ad_sum(t, ad_mul(t, p, p))), ST_OK);
	for (int i = 0; i < 6; i++)
		assert_close(2 * x->data[i], dx->data[i], 0, 1e-15);

	ad_tape_free(t);
	mat_free(x);
	mat_free(dx);
	mat_free(R);
}

/* }==== */

#define ERR_TEST(f) cmocka_unit_test_setup_teardown(f, err_setup, err_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_grad_add),
		cmocka_unit_test(test_grad_sub),
		cmocka_unit_test(test_grad_mul),
		cmocka_unit_test(test_grad_scale),
		cmocka_unit_test(test_grad_one_minus),
		cmocka_unit_test(test_grad_matmul),
		cmocka_unit_test(test_grad_add_bias),
		cmocka_unit_test(test_grad_sum),
		cmocka_unit_test(test_grad_mean),
		cmocka_unit_test(test_grad_sigmoid),
		cmocka_unit_test(test_grad_tanh),
		cmocka_unit_test(test_grad_relu),
		cmocka_unit_test(test_grad_leaky_relu),
		cmocka_unit_test(test_grad_elu),
		cmocka_unit_test(test_grad_exp),
		cmocka_unit_test(test_grad_log),
		cmocka_unit_test(test_grad_softmax),
		cmocka_unit_test(test_grad_log_softmax),
		cmocka_unit_test(test_grad_concat),
		cmocka_unit_test(test_grad_slice),
		cmocka_unit_test(test_grad_reshape),
		cmocka_unit_test(test_grad_pair_add),
		cmocka_unit_test(test_grad_mask_columns),
		cmocka_unit_test(test_grad_mse),
		cmocka_unit_test(test_grad_cross_entropy),
		cmocka_unit_test(test_grad_custom),
		cmocka_unit_test(test_harness_rejects_wrong_backward),
		cmocka_unit_test(test_softmax_of_1_2_3),
		cmocka_unit_test(test_softmax_of_huge_logits_is_finite),
		cmocka_unit_test(test_sigmoid_values_and_no_overflow),
		cmocka_unit_test(test_tanh_exp_log_values),
		cmocka_unit_test(test_derivatives_at_the_kink),
		cmocka_unit_test(test_small_ops_forward),
		cmocka_unit_test(test_cross_entropy_value_and_gradient),
		cmocka_unit_test(test_mask_with_minus_infinity_before_softmax),
		cmocka_unit_test(test_backward_vjp_matches_hand_computation),
		ERR_TEST(test_add_shape_mismatch),
		ERR_TEST(test_matmul_shape_mismatch),
		ERR_TEST(test_add_bias_shape_mismatch),
		ERR_TEST(test_concat_shape_mismatch),
		ERR_TEST(test_op_after_failure_returns_null),
		ERR_TEST(test_slice_out_of_range),
		ERR_TEST(test_cross_entropy_class_out_of_range),
		ERR_TEST(test_backward_needs_a_scalar_root),
		cmocka_unit_test(test_parameter_gradients_accumulate),
	};
	return cmocka_run_group_tests_name("ad", tests, NULL, NULL);
}
