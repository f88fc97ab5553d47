/* test_gradcheck: the checker must pass a right gradient and fail a wrong one, naming the
 * tensor and element; report NaN where it appears; tell a kink from a mismatch; and its
 * fast mode and step sweep must behave as the lessons claim. The report says all of it in
 * English or, for the Chinese book, in Chinese. */
#include "test_util.h"

#include "check/gradcheck.h"
#include "check/report.h"

#include <string.h>

/* {==== A cube op with a deliberately wrong backward ==== */

static void cube_forward(AdNode *n)
{
	for (size_t i = 0; i < mat_size(&n->value); i++) {
		double x = n->in[0]->value.data[i];
		n->value.data[i] = x * x * x;
	}
}

/* forward: y = x^3; so dx += dy * 3x^2 */
static void cube_backward(AdNode *n)
{
	for (size_t i = 0; i < mat_size(&n->value); i++) {
		double x = n->in[0]->value.data[i];
		n->in[0]->grad.data[i] += n->grad.data[i] * 3 * x * x;
	}
}

/* The classic slip: 2x^2 instead of 3x^2, but only for element 5 so the report must find it. */
static void cube_backward_wrong(AdNode *n)
{
	for (size_t i = 0; i < mat_size(&n->value); i++) {
		double x = n->in[0]->value.data[i];
		n->in[0]->grad.data[i] += n->grad.data[i] * (i == 5 ? 2 : 3) * x * x;
	}
}

static const AdOp CUBE = { "cube", cube_forward, cube_backward };
static const AdOp CUBE_WRONG = { "cube_wrong", cube_forward, cube_backward_wrong };

typedef struct Fixture {
	GcTensor tensors[2];
	Mat *x, *dx, *w, *dw, *R;
	const AdOp *op;
} Fixture;

/* L = sum(cube(x) .* R) + sum(w .* w) */
static AdNode *cube_loss(Tape *t, void *ctx)
{
	Fixture *f = ctx;
	AdNode *x = ad_param(t, f->x, f->dx);
	AdNode *w = ad_param(t, f->w, f->dw);
	AdNode *y = ad_custom(t, f->op, &x, 1, f->x->rows, f->x->cols, NULL);
	return ad_add(t, ad_sum(t, ad_mul(t, y, ad_const(t, f->R))), ad_sum(t, ad_mul(t, w, w)));
}

static Fixture *fixture_new(const AdOp *op)
{
	Fixture *f = calloc(1, sizeof *f);
	Rng rng;
	rng_seed(&rng, 42);
	f->x = mat_new(3, 4);
	f->dx = mat_new(3, 4);
	f->w = mat_new(2, 2);
	f->dw = mat_new(2, 2);
	f->R = mat_new(3, 4);
	mat_fill_normal(f->x, &rng, 1.0);
	mat_fill_normal(f->w, &rng, 1.0);
	mat_fill_normal(f->R, &rng, 1.0);
	f->tensors[0] = (GcTensor){ "w", f->w, f->dw };
	f->tensors[1] = (GcTensor){ "x", f->x, f->dx };
	f->op = op;
	return f;
}

static void fixture_free(Fixture *f)
{
	mat_free(f->x);
	mat_free(f->dx);
	mat_free(f->w);
	mat_free(f->dw);
	mat_free(f->R);
	free(f);
}

static GcProblem problem_of(Fixture *f)
{
	return (GcProblem){ f->tensors, 2, cube_loss, f, 0 };
}

/* }==== */

static void test_right_gradient_passes(void **state)
{
	(void)state;
	Fixture *f = fixture_new(&CUBE);
	GcProblem p = problem_of(f);
	GcOptions o = gradcheck_defaults();
	GcReport r;
	assert_int_equal(gradcheck_run(&p, &o, &r), ST_OK);
	assert_true(r.passed);
	assert_int_equal(r.tensors[1].checked, 12);
	assert_int_equal(r.tensors[1].failed, 0);
	assert_int_equal(r.tensors[0].checked, 4);
	assert_true(r.tensors[1].max_rel_err < 1e-6);
	assert_int_equal(r.evaluations, 1 + 2 * 16);
	gradcheck_report_free(&r);
	fixture_free(f);
}

static void test_wrong_backward_is_named(void **state)
{
	(void)state;
	Fixture *f = fixture_new(&CUBE_WRONG);
	GcProblem p = problem_of(f);
	GcOptions o = gradcheck_defaults();
	GcReport r;
	assert_int_equal(gradcheck_run(&p, &o, &r), ST_OK);
	assert_false(r.passed);
	assert_int_equal(r.tensors[0].failed, 0); /* w's gradient is right */
	assert_int_equal(r.tensors[1].failed, 1);
	assert_string_equal(r.tensors[1].name, "x");
	/* element 5 of a 3x4 matrix is [1,1] */
	assert_int_equal(r.tensors[1].worst_row, 1);
	assert_int_equal(r.tensors[1].worst_col, 1);
	double x = MAT_AT(f->x, 1, 1), R = MAT_AT(f->R, 1, 1);
	assert_close(3 * x * x * R, r.tensors[1].worst_numeric, 1e-8, 1e-6);
	assert_close(2 * x * x * R, r.tensors[1].worst_analytic, 0, 1e-12);
	assert_close(1.0 / 3.0, r.tensors[1].worst_rel_err, 1e-6, 1e-4);
	gradcheck_report_free(&r);
	fixture_free(f);
}

/* Replaying one graph gives the same numbers as building it for every value, and still
 * catches the wrong backward. */
static void test_replay_matches_rebuild(void **state)
{
	(void)state;
	const AdOp *ops[] = { &CUBE, &CUBE_WRONG };
	for (int k = 0; k < 2; k++) {
		Fixture *f = fixture_new(ops[k]);
		GcProblem p = problem_of(f);
		GcOptions o = gradcheck_defaults();
		GcReport built, replayed;
		assert_int_equal(gradcheck_run(&p, &o, &built), ST_OK);
		p.static_graph = 1;
		assert_int_equal(gradcheck_run(&p, &o, &replayed), ST_OK);
		assert_int_equal(built.passed, replayed.passed);
		assert_int_equal(replayed.passed, k == 0);
		for (int t = 0; t < 2; t++) {
			assert_int_equal(built.tensors[t].failed, replayed.tensors[t].failed);
			assert_true(built.tensors[t].worst_numeric == replayed.tensors[t].worst_numeric);
			assert_true(built.tensors[t].max_abs_err == replayed.tensors[t].max_abs_err);
		}
		gradcheck_report_free(&built);
		gradcheck_report_free(&replayed);
		fixture_free(f);
	}
}

static void test_fast_mode_catches_wrong_backward(void **state)
{
	(void)state;
	GcOptions o = gradcheck_defaults();
	o.fast = 5;
	o.seed = 7;
	GcReport r;

	Fixture *f = fixture_new(&CUBE);
	GcProblem p = problem_of(f);
	assert_int_equal(gradcheck_run(&p, &o, &r), ST_OK);
	assert_true(r.passed);
	assert_int_equal(r.n_directions, 5);
	assert_int_equal(r.evaluations, 1 + 2 * 5);
	gradcheck_report_free(&r);
	fixture_free(f);

	f = fixture_new(&CUBE_WRONG);
	p = problem_of(f);
	assert_int_equal(gradcheck_run(&p, &o, &r), ST_OK);
	assert_false(r.passed);
	gradcheck_report_free(&r);
	fixture_free(f);
}

/* {==== NaN and kinks ==== */

typedef struct LogFixture {
	GcTensor tensor;
	Mat *x, *dx;
	int use_relu;
} LogFixture;

static AdNode *log_or_relu_loss(Tape *t, void *ctx)
{
	LogFixture *f = ctx;
	AdNode *x = ad_param(t, f->x, f->dx);
	return ad_sum(t, f->use_relu ? ad_relu(t, x) : ad_log(t, x));
}

static void test_nan_is_reported_where_it_appears(void **state)
{
	(void)state;
	LogFixture f = { .x = mat_new(2, 3), .dx = mat_new(2, 3) };
	for (int i = 0; i < 6; i++)
		f.x->data[i] = 1.0 + i;
	f.x->data[4] = -1.0; /* log(-1) is NaN */
	f.tensor = (GcTensor){ "x", f.x, f.dx };
	GcProblem p = { &f.tensor, 1, log_or_relu_loss, &f, 0 };
	GcOptions o = gradcheck_defaults();
	GcReport r;
	assert_int_equal(gradcheck_run(&p, &o, &r), ST_OK);
	assert_false(r.passed);
	/* the facts, then the report's words for them */
	assert_int_equal(r.nonfinite.kind, GC_NONFINITE_FORWARD);
	assert_string_equal(r.nonfinite.op, "log");
	assert_int_equal(r.nonfinite.row, 1);
	assert_int_equal(r.nonfinite.col, 1);
	char en[300], zh[300];
	report_nonfinite(&r.nonfinite, 0, en, sizeof en);
	report_nonfinite(&r.nonfinite, 1, zh, sizeof zh);
	assert_non_null(strstr(en, "(log), element [1,1]"));
	assert_non_null(strstr(zh, "前向传播在第 "));
	assert_non_null(strstr(zh, "（log）的元素 [1,1] 处得到 "));
	gradcheck_report_free(&r);
	mat_free(f.x);
	mat_free(f.dx);
}

/* A value whose lower step leaves log's domain: the loss there is NaN, said in both. */
static void test_nan_at_a_step_is_named(void **state)
{
	(void)state;
	LogFixture f = { .x = mat_new(1, 2), .dx = mat_new(1, 2) };
	f.x->data[0] = 2.0;
	f.x->data[1] = 1e-7;
	f.tensor = (GcTensor){ "x", f.x, f.dx };
	GcProblem p = { &f.tensor, 1, log_or_relu_loss, &f, 0 };
	GcOptions o = gradcheck_defaults();
	GcReport r;
	assert_int_equal(gradcheck_run(&p, &o, &r), ST_OK);
	assert_false(r.passed);
	assert_int_equal(r.nonfinite.kind, GC_NONFINITE_NONE);
	assert_int_equal(r.tensors[0].nonfinite.kind, GC_NONFINITE_STEP);
	/* log(-9e-7) is NaN, printed "nan" or "-nan" */
	char en[300], zh[300];
	report_nonfinite(&r.tensors[0].nonfinite, 0, en, sizeof en);
	report_nonfinite(&r.tensors[0].nonfinite, 1, zh, sizeof zh);
	assert_non_null(strstr(en, "nan at x[0,1]-1e-06"));
	assert_non_null(strstr(zh, "x[0,1] 挪动 -1e-06 后，损失为 "));
	assert_non_null(strstr(zh, "nan"));
	gradcheck_report_free(&r);
	mat_free(f.x);
	mat_free(f.dx);
}

/* The report of r in English (zh 0) or Chinese, as a string to free. */
static char *report_text(const GcReport *r, int zh)
{
	char *text = NULL;
	size_t size = 0;
	FILE *out = open_memstream(&text, &size);
	assert_non_null(out);
	GcOptions o = gradcheck_defaults();
	report_check_table(out, "cube", &o, r, zh);
	fclose(out);
	return text;
}

static void test_report_says_it_in_chinese(void **state)
{
	(void)state;
	Fixture *f = fixture_new(&CUBE_WRONG);
	GcProblem p = problem_of(f);
	GcOptions o = gradcheck_defaults();
	GcReport r;
	assert_int_equal(gradcheck_run(&p, &o, &r), ST_OK);
	char *en = report_text(&r, 0), *zh = report_text(&r, 1);
	assert_non_null(strstr(en, "gradient check of cube  (eps 1e-06"));
	assert_non_null(strstr(en, "FAIL: x: 1 of 12 values disagree; worst x[1,1]: numeric "));
	assert_null(strstr(en, "失败"));
	assert_non_null(strstr(zh, "梯度检验：cube（eps 1e-06，atol 1e-08，rtol 1e-06）\n"));
	assert_non_null(strstr(zh, "张量  形状  检查  不合格  折点  最大绝对误差  最大相对误差\n"));
	assert_non_null(strstr(zh, "误差最大的元素  数值（有限差分）  解析（自动微分）\n"));
	assert_non_null(strstr(zh, "失败：x 的 12 个值中有 1 个不一致；误差最大的是 x[1,1]：\n"
				   "      数值 "));
	assert_non_null(strstr(zh, "，解析 "));
	assert_non_null(strstr(zh, "，相对误差 0.333\n"));
	const char *english[] = { "FAIL", "PASS", "tensor", "numeric", "analytic", "worst",
				  "disagree", "loss" };
	for (size_t i = 0; i < sizeof english / sizeof english[0]; i++)
		if (strstr(zh, english[i]))
			fail_msg("'%s' in the Chinese report:\n%s", english[i], zh);
	free(en);
	free(zh);
	gradcheck_report_free(&r);
	fixture_free(f);
}

static void test_kink_is_not_a_mismatch(void **state)
{
	(void)state;
	LogFixture f = { .x = mat_new(1, 3), .dx = mat_new(1, 3), .use_relu = 1 };
	f.x->data[0] = 0.5;
	f.x->data[1] = 0.0; /* exactly on relu's corner: numeric 0.5, analytic 0 */
	f.x->data[2] = -0.5;
	f.tensor = (GcTensor){ "x", f.x, f.dx };
	GcProblem p = { &f.tensor, 1, log_or_relu_loss, &f, 0 };
	GcOptions o = gradcheck_defaults();
	GcReport r;
	assert_int_equal(gradcheck_run(&p, &o, &r), ST_OK);
	assert_true(r.passed);
	assert_int_equal(r.tensors[0].kinks, 1);
	assert_int_equal(r.tensors[0].failed, 0);
	char *en = report_text(&r, 0), *zh = report_text(&r, 1);
	assert_non_null(strstr(en, "note: 1 value sat on a kink"));
	assert_non_null(strstr(en, "PASS: 2 values in 1 tensor agree"));
	assert_non_null(strstr(zh, "注意：有 1 个值落在折点上（有限差分的两个采样点分处 relu 折点的两侧），\n"
				   "      不算作不一致\n"));
	assert_non_null(strstr(zh, "通过：2 个值全部一致（1 个张量，计算损失 7 次）\n"));
	free(en);
	free(zh);
	gradcheck_report_free(&r);
	mat_free(f.x);
	mat_free(f.dx);
}

/* }==== */

static void test_bad_options_are_refused(void **state)
{
	(void)state;
	Fixture *f = fixture_new(&CUBE);
	GcProblem p = problem_of(f);
	GcOptions o = gradcheck_defaults();
	GcReport r;
	o.eps = 0;
	assert_int_equal(gradcheck_run(&p, &o, &r), ST_EINVAL);
	o.eps = NAN;
	assert_int_equal(gradcheck_run(&p, &o, &r), ST_EINVAL);
	o = gradcheck_defaults();
	o.rtol = -1;
	assert_int_equal(gradcheck_run(&p, &o, &r), ST_EINVAL);
	fixture_free(f);
}

/* The sweep shows the V: central error falls like eps^2 while truncation dominates, then
 * rises again under round-off; the one-sided difference falls only like eps. */
static void test_sweep_shows_truncation_and_round_off(void **state)
{
	(void)state;
	Fixture *f = fixture_new(&CUBE);
	GcProblem p = problem_of(f);
	GcSweep s;
	assert_int_equal(gradcheck_sweep(&p, 1, 0, 0, &s), ST_OK);
	assert_string_equal(s.tensor, "x");
	assert_close(1e-1, s.eps[0], 0, 1e-12);
	assert_close(1e-12, s.eps[GC_SWEEP_STEPS - 1], 0, 1e-9);
	/* cube: central error is exactly R*eps^2, so 1e-2 -> 1e-3 shrinks it 100-fold */
	assert_close(s.central_err[1] / 100, s.central_err[2], 0, 1e-3);
	/* forward error shrinks about 10-fold per decade at large steps */
	assert_true(s.forward_err[2] < s.forward_err[1] / 5);
	int best = 0;
	for (int i = 1; i < GC_SWEEP_STEPS; i++)
		if (s.central_err[i] < s.central_err[best])
			best = i;
	assert_true(best > 1 && best < GC_SWEEP_STEPS - 1);
	assert_true(s.central_err[GC_SWEEP_STEPS - 1] > s.central_err[best] * 10);
	/* Coordinate chosen automatically: the largest analytic gradient. */
	assert_int_equal(gradcheck_sweep(&p, -1, -1, -1, &s), ST_OK);
	assert_int_equal(gradcheck_sweep(&p, 1, 3, 0, &s), ST_ERANGE);
	fixture_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_right_gradient_passes),
		cmocka_unit_test(test_wrong_backward_is_named),
		cmocka_unit_test(test_replay_matches_rebuild),
		cmocka_unit_test(test_fast_mode_catches_wrong_backward),
		cmocka_unit_test(test_nan_is_reported_where_it_appears),
		cmocka_unit_test(test_nan_at_a_step_is_named),
		cmocka_unit_test(test_report_says_it_in_chinese),
		cmocka_unit_test(test_kink_is_not_a_mismatch),
		cmocka_unit_test(test_bad_options_are_refused),
		cmocka_unit_test(test_sweep_shows_truncation_and_round_off),
	};
	return cmocka_run_group_tests_name("gradcheck", tests, NULL, NULL);
}
