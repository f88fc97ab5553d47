/* test_pool: nn/pool. Max and average pooling worked out by hand: the gradient goes to each
 * window's winner (the first maximum when tied, as PyTorch), padding is -infinity for max
 * and counts in the divisor for avg (count_include_pad), overlapping windows add up; the
 * winners as kinks of the tape; random cases against finite differences; the sizes the op
 * refuses, and the pool models of `gradlab grad` under failing allocations. */
#include "test_util.h"

#include "check/gradcheck.h"
#include "check/vjp.h"
#include "core/mem.h"
#include "core/rng.h"
#include "nn/pool.h"

/* {==== Running the op ==== */

static PoolGeom geom(PoolKind kind, int N, int C, int H, int W, int k, int stride, int padding)
{
	PoolGeom g = { kind, N, C, H, W, { k, k }, { stride, stride }, { padding, padding }, 1, 0, 0 };
	assert_int_equal(pool_geom_fit(&g), POOL_FITS);
	return g;
}

/* y = pool(x) and dx of <dy, y>; y and dx are new. */
static void run_pool(const PoolGeom *g, const double *x, const double *dy, Mat **y, Mat **dx)
{
	size_t nx = (size_t)g->batch * g->channels * g->in_h * g->in_w;
	Mat *X = mat_new(1, (int)nx), *DY = mat_new(g->batch * g->channels * g->out_h, g->out_w);
	memcpy(X->data, x, nx * sizeof *x);
	memcpy(DY->data, dy, mat_size(DY) * sizeof *dy);
	*dx = mat_new(1, (int)nx);
	Tape *t = ad_tape_new();
	AdNode *out = pool2d_apply(t, ad_param(t, X, *dx), g);
	if (!out)
		fail_msg("pool: %s", ad_tape_error(t));
	assert_int_equal(out->value.rows, g->batch * g->channels * g->out_h);
	assert_int_equal(out->value.cols, g->out_w);
	assert_int_equal(ad_backward_vjp(t, out, DY), ST_OK);
	*y = mat_clone(&out->value);
	ad_tape_free(t);
	mat_free(X);
	mat_free(DY);
}

static void expect_values(const Mat *m, const double *want, size_t n)
{
	assert_int_equal(mat_size(m), n);
	for (size_t i = 0; i < n; i++)
		if (!close_enough(want[i], m->data[i], 1e-15, 1e-15))
			fail_msg("[%zu]: expected %.17g, got %.17g", i, want[i], m->data[i]);
}

/* pool x once and compare y and dx with what was worked out. */
static void expect_pool(const PoolGeom *g, const double *x, const double *dy, const double *y_want,
			const double *dx_want)
{
	Mat *y, *dx;
	run_pool(g, x, dy, &y, &dx);
	expect_values(y, y_want, (size_t)g->batch * g->channels * g->out_h * g->out_w);
	expect_values(dx, dx_want, (size_t)g->batch * g->channels * g->in_h * g->in_w);
	mat_free(y);
	mat_free(dx);
}

/* }==== */

/* {==== Max pooling by hand ==== */

/* Four 2x2 windows side by side: each dy goes to its window's largest x, nothing else. */
static void test_max_routes_to_winner(void **state)
{
	(void)state;
	PoolGeom g = geom(POOL_MAX, 1, 1, 4, 4, 2, 2, 0);
	expect_pool(&g,
		    (double[]){ 1, 5, 2, 0,
				3, 4, 8, 1,
				0, 2, 7, 6,
				9, 1, 3, 2 },
		    (double[]){ 1, 2, 3, 4 }, (double[]){ 5, 8, 9, 7 },
		    (double[]){ 0, 1, 0, 0,
				0, 0, 2, 0,
				0, 0, 4, 0,
				3, 0, 0, 0 });
}

/* Stride 1: the four overlapping windows all have 9 as winner, which collects every dy. */
static void test_max_overlapping_windows_add(void **state)
{
	(void)state;
	PoolGeom g = geom(POOL_MAX, 1, 1, 3, 3, 2, 1, 0);
	expect_pool(&g, (double[]){ 1, 2, 3, 4, 9, 5, 6, 7, 8 }, (double[]){ 1, 2, 3, 4 },
		    (double[]){ 9, 9, 9, 9 }, (double[]){ 0, 0, 0, 0, 10, 0, 0, 0, 0 });
}

/* A tie goes to the first maximum in row-major scan order (PyTorch's rule: a later element
 * must be strictly larger): 3 at (0,1) before 3 at (1,0); all equal, the first one. */
static void test_max_tie_goes_to_first(void **state)
{
	(void)state;
	PoolGeom g = geom(POOL_MAX, 1, 2, 2, 2, 2, 2, 0);
	expect_pool(&g, (double[]){ 1, 3, 3, 0, 2, 2, 2, 2 }, (double[]){ 5, 7 }, (double[]){ 3, 2 },
		    (double[]){ 0, 5, 0, 0, 7, 0, 0, 0 });
}

/* Padding is -infinity: with every x negative, a window half in the padding still takes
 * its largest real element, never a 0 from the padding (nor its first element, which is
 * smaller here). 2x2 x, kernel 2, stride 1, padding 1: nine windows, the corners seeing
 * one element each; -1 collects four dy, from every window it is in. */
static void test_max_padding_is_minus_infinity(void **state)
{
	(void)state;
	PoolGeom g = geom(POOL_MAX, 1, 1, 2, 2, 2, 1, 1);
	assert_int_equal(g.out_h, 3);
	expect_pool(&g, (double[]){ -4, -3, -2, -1 }, (double[]){ 1, 1, 1, 1, 1, 1, 1, 1, 1 },
		    (double[]){ -4, -3, -3, -2, -1, -1, -2, -1, -1 }, (double[]){ 1, 2, 2, 4 });
}

/* Batch and channel planes are pooled apart: the winner of plane p is in plane p. */
static void test_max_planes_apart(void **state)
{
	(void)state;
	PoolGeom g = geom(POOL_MAX, 2, 2, 1, 2, 1, 1, 0);
	g.kernel[1] = g.stride[1] = 2;
	assert_int_equal(pool_geom_fit(&g), POOL_FITS);
	expect_pool(&g, (double[]){ 1, 2, 4, 3, 5, 6, 8, 7 }, (double[]){ 1, 2, 3, 4 },
		    (double[]){ 2, 4, 6, 8 }, (double[]){ 0, 1, 2, 0, 0, 3, 4, 0 });
}

/* }==== */

/* {==== Average pooling by hand ==== */

/* x 3x3 = 1..9, kernel 2, stride 2, padding 1: the windows cover padded rows/columns
 * {-1,0} and {1,2}, so they hold {1}, {2,3}, {4,7}, {5,6,8,9}. count_include_pad divides
 * each by 4 (PyTorch's default); without it, by the real elements. Every x is in exactly
 * one window and gets dy / divisor. */
static void test_avg_count_include_pad(void **state)
{
	(void)state;
	const double x[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9 }, dy[] = { 1, 1, 1, 1 };
	PoolGeom g = geom(POOL_AVG, 1, 1, 3, 3, 2, 2, 1);
	expect_pool(&g, x, dy, (double[]){ 0.25, 1.25, 2.75, 7 },
		    (double[]){ 0.25, 0.25, 0.25, 0.25, 0.25, 0.25, 0.25, 0.25, 0.25 });
	g.count_include_pad = 0;
	expect_pool(&g, x, dy, (double[]){ 1, 2.5, 5.5, 7 },
		    (double[]){ 1, 0.5, 0.5, 0.5, 0.25, 0.25, 0.5, 0.25, 0.25 });
}

/* Overlapping windows: each x collects dy / 4 from every window it is in. */
static void test_avg_overlapping_windows_add(void **state)
{
	(void)state;
	PoolGeom g = geom(POOL_AVG, 1, 1, 3, 3, 2, 1, 0);
	expect_pool(&g, (double[]){ 1, 2, 3, 4, 5, 6, 7, 8, 9 }, (double[]){ 4, 8, 12, 16 },
		    (double[]){ 3, 4, 6, 7 }, (double[]){ 1, 3, 2, 4, 10, 6, 3, 7, 4 });
}

/* }==== */

/* {==== Sizes, kinks, differences ==== */

static void test_geometry_fit(void **state)
{
	(void)state;
	PoolGeom g = { POOL_MAX, 2, 3, 7, 8, { 3, 2 }, { 2, 1 }, { 1, 1 }, 1, 0, 0 };
	assert_int_equal(pool_geom_fit(&g), POOL_FITS);
	assert_int_equal(g.out_h, 4); /* (7 + 2 - 3) / 2 + 1 */
	assert_int_equal(g.out_w, 9); /* (8 + 2 - 2) / 1 + 1 */
	PoolGeom e = g;
	e.padding[0] = 2; /* more than 3 / 2 */
	assert_int_equal(pool_geom_fit(&e), POOL_PAD_H);
	assert_int_equal(e.out_h, 0);
	e = g;
	e.padding[1] = 2; /* more than 2 / 2 */
	assert_int_equal(pool_geom_fit(&e), POOL_PAD_W);
	e = g;
	e.kernel[0] = 4;
	e.padding[0] = 2; /* exactly 4 / 2: allowed */
	assert_int_equal(pool_geom_fit(&e), POOL_FITS);
	e = g;
	e.in_h = 1;
	e.kernel[0] = 5;
	e.stride[0] = 5;
	e.padding[0] = 1; /* floor((1 + 2 - 5) / 5) + 1 = 0 */
	assert_int_equal(pool_geom_fit(&e), POOL_EMPTY_H);
	e = g;
	e.in_w = 1;
	e.kernel[1] = 4;
	e.padding[1] = 1; /* floor((1 + 2 - 4) / 1) + 1 = 0 */
	assert_int_equal(pool_geom_fit(&e), POOL_EMPTY_W);
	e = g;
	e.stride[1] = 0;
	assert_int_equal(pool_geom_fit(&e), POOL_BAD_SIZES);
	e = g;
	e.kernel[0] = 0;
	assert_int_equal(pool_geom_fit(&e), POOL_BAD_SIZES);
	e = g;
	e.batch = 100000;
	e.channels = 100000;
	assert_int_equal(pool_geom_fit(&e), POOL_TOO_LARGE);
}

static uint64_t kinks_of(const PoolGeom *g, const double *x)
{
	size_t nx = (size_t)g->batch * g->channels * g->in_h * g->in_w;
	Mat *X = mat_new(1, (int)nx);
	memcpy(X->data, x, nx * sizeof *x);
	Tape *t = ad_tape_new();
	assert_non_null(pool2d_apply(t, ad_const(t, X), g));
	uint64_t k = ad_tape_kinks(t);
	ad_tape_free(t);
	mat_free(X);
	return k;
}

/* A window's winner is max pooling's kink: the tape's signature changes when a winner
 * changes and only then, so a gradient check can tell a step that crossed one. */
static void test_max_winners_are_kinks(void **state)
{
	(void)state;
	PoolGeom g = geom(POOL_MAX, 1, 1, 2, 4, 2, 2, 0);
	const double a[] = { 1, 2, 5, 3, 0, 0, 4, 4 };
	const double moved[] = { 1.5, 2.5, 5, 3.5, 0, 0, 4, 4 }; /* same winners */
	const double flipped[] = { 1, 2, 3, 5, 0, 0, 4, 4 };     /* second window: 5 moved */
	const double flipped_first[] = { 3, 2, 5, 3, 0, 0, 4, 4 }; /* first window: x[0] wins */
	uint64_t k = kinks_of(&g, a);
	assert_true(k == kinks_of(&g, moved));
	assert_true(k != kinks_of(&g, flipped));
	assert_true(k != kinks_of(&g, flipped_first));
	assert_true(kinks_of(&g, flipped) != kinks_of(&g, flipped_first));
	/* average pooling has no kink */
	g.kind = POOL_AVG;
	assert_true(kinks_of(&g, a) == kinks_of(&g, flipped));
}

typedef struct Problem {
	PoolGeom g;
	Mat *x, *dx, *R;
} Problem;

static AdNode *pool_loss(Tape *t, void *ctx)
{
	Problem *p = ctx;
	return ad_sum(t, ad_mul(t, pool2d_apply(t, ad_param(t, p->x, p->dx), &p->g),
				ad_const(t, p->R)));
}

/* Random planes (a shuffled grid 0.01 apart: no near-ties, max pooling's kink) against
 * central differences, for both kinds and both count_include_pad. */
static void test_against_differences(void **state)
{
	(void)state;
	static const PoolGeom cases[] = {
		{ POOL_MAX, 2, 3, 6, 7, { 2, 2 }, { 2, 2 }, { 0, 0 }, 1, 0, 0 },
		{ POOL_MAX, 2, 2, 7, 8, { 3, 2 }, { 2, 1 }, { 1, 1 }, 1, 0, 0 },
		{ POOL_MAX, 1, 2, 9, 6, { 4, 3 }, { 3, 2 }, { 2, 1 }, 1, 0, 0 },
		{ POOL_AVG, 2, 2, 7, 8, { 3, 2 }, { 2, 1 }, { 1, 1 }, 1, 0, 0 },
		{ POOL_AVG, 2, 2, 7, 8, { 3, 2 }, { 2, 1 }, { 1, 1 }, 0, 0, 0 },
		{ POOL_AVG, 1, 2, 9, 6, { 4, 3 }, { 3, 2 }, { 2, 1 }, 1, 0, 0 },
	};
	Rng rng;
	rng_seed(&rng, 13);
	for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
		Problem p = { cases[c], NULL, NULL, NULL };
		assert_int_equal(pool_geom_fit(&p.g), POOL_FITS);
		p.x = mat_new(p.g.batch * p.g.channels * p.g.in_h, p.g.in_w);
		p.dx = mat_new(p.x->rows, p.x->cols);
		p.R = mat_new(p.g.batch * p.g.channels * p.g.out_h, p.g.out_w);
		size_t n = mat_size(p.x);
		for (size_t i = 0; i < n; i++)
			p.x->data[i] = 0.01 * (double)i;
		for (size_t i = n - 1; i > 0; i--) {
			size_t k = (size_t)rng_below(&rng, (int)i + 1);
			double v = p.x->data[i];
			p.x->data[i] = p.x->data[k];
			p.x->data[k] = v;
		}
		mat_fill_normal(p.R, &rng, 1.0);
		GcTensor tensors[] = { { "x", p.x, p.dx } };
		GcProblem prob = { tensors, 1, pool_loss, &p, 1 };
		GcOptions o = gradcheck_defaults();
		GcReport rep;
		assert_int_equal(gradcheck_run(&prob, &o, &rep), ST_OK);
		if (!rep.passed || rep.tensors[0].kinks)
			fail_msg("case %zu: %d of %d values disagree, %d kinks", c, rep.tensors[0].failed,
				 rep.tensors[0].checked, rep.tensors[0].kinks);
		gradcheck_report_free(&rep);
		mat_free(p.x);
		mat_free(p.dx);
		mat_free(p.R);
	}
}

/* }==== */

/* {==== What the op refuses ==== */

static void test_refuses_broken_input(void **state)
{
	(void)state;
	PoolGeom g = geom(POOL_MAX, 1, 2, 3, 3, 2, 1, 0);
	Mat *x = mat_new(6, 3), *x_short = mat_new(6, 2);
	Tape *t = ad_tape_new();
	assert_non_null(pool2d_apply(t, ad_const(t, x), &g));
	ad_tape_reset(t);
	assert_null(pool2d_apply(t, ad_const(t, x_short), &g));
	assert_int_equal(ad_tape_status(t), ST_ESHAPE);
	assert_non_null(strstr(ad_tape_error(t), "max_pool2d: x holds 12 numbers; the sizes say 18"));
	ad_tape_reset(t);
	PoolGeom raw = g;
	raw.out_h = 0;
	assert_null(pool2d_apply(t, ad_const(t, x), &raw));
	assert_int_equal(ad_tape_status(t), ST_ESHAPE);
	ad_tape_reset(t);
	assert_null(pool2d_apply(t, NULL, &g));
	assert_int_equal(ad_tape_status(t), ST_EINVAL);
	ad_tape_free(t);
	mat_free(x);
	mat_free(x_short);
}

static void test_grad_out_of_memory(void **state)
{
	(void)state;
	const char *reqs[] = {
		"{\"model\": \"max_pool2d\", \"options\": {\"kernel_size\": [2, 1], \"padding\": [1, 0]},"
		" \"inputs\": {\"x\": [[[1, 2], [3, 4]]]}, \"dout\": {\"output\": [[[1, 2], [3, 4]]]}}",
		"{\"model\": \"avg_pool2d\", \"options\": {\"kernel_size\": 2, \"stride\": 1, \"count_include_pad\": false},"
		" \"inputs\": {\"x\": [[[[1, 2], [3, 4]]]]}, \"dout\": {\"output\": [[[[1]]]]}}",
	};
	for (size_t i = 0; i < sizeof reqs / sizeof reqs[0]; i++) {
		json_object *req = json_tokener_parse(reqs[i]);
		assert_non_null(req);
		for (long n = 0;; n++) {
			json_object *resp;
			mem_fail_after(n);
			Status st = vjp_run(req, &resp);
			mem_fail_after(-1);
			if (st == ST_OK) {
				json_object_put(resp);
				break;
			}
			if (st != ST_ENOMEM)
				fail_msg("request %zu, allocation %ld: %d %s", i, n, st, status_detail());
		}
		json_object_put(req);
	}
}

/* }==== */

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_max_routes_to_winner),
		cmocka_unit_test(test_max_overlapping_windows_add),
		cmocka_unit_test(test_max_tie_goes_to_first),
		cmocka_unit_test(test_max_padding_is_minus_infinity),
		cmocka_unit_test(test_max_planes_apart),
		cmocka_unit_test(test_avg_count_include_pad),
		cmocka_unit_test(test_avg_overlapping_windows_add),
		cmocka_unit_test(test_geometry_fit),
		cmocka_unit_test(test_max_winners_are_kinks),
		cmocka_unit_test(test_against_differences),
		cmocka_unit_test(test_refuses_broken_input),
		cmocka_unit_test(test_grad_out_of_memory),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
