/* test_seqloss: sequence losses by value (sum, mean and last of per-step mse and
 * cross-entropy, each step reading its own slice of targets), by gradient (finite
 * differences for every reduction; dL/dy_t = R_t exactly for the weighted sum), the per-step
 * nodes handed back, and bad input reported in words. */
#include "test_util.h"

#include "check/gradcheck.h"
#include "nn/seqloss.h"

#include <string.h>

enum { T = 4, B = 2, D = 3 };

/* {==== Values ==== */

/* Rows s*B .. s*B+B-1 of m: step s of a (T*B, D) matrix, as a view. */
static Mat step_rows(const Mat *m, int s)
{
	return (Mat){ B, m->cols, m->data + (size_t)s * B * m->cols };
}

/* pred_t = t+1 everywhere, target 0: step t's mse is (t+1)^2, so the sum over 4 steps is 30,
 * the mean 7.5, the last 16. */
static void test_mse_values(void **state)
{
	(void)state;
	Tape *t = ad_tape_new();
	Mat *pm[T], *zero = mat_new(B, D);
	AdNode *pred[T], *target[T], *steps[T];
	for (int s = 0; s < T; s++) {
		pm[s] = mat_new(B, D);
		for (size_t i = 0; i < mat_size(pm[s]); i++)
			pm[s]->data[i] = s + 1;
		pred[s] = ad_const(t, pm[s]);
		target[s] = ad_const(t, zero);
	}
	const double want[] = { 30, 7.5, 16 };
	for (SeqReduce r = SEQ_SUM; r <= SEQ_LAST; r++) {
		AdNode *L = seqloss_mse(t, pred, target, T, r, steps);
		assert_non_null(L);
		assert_true(L->value.data[0] == want[r]);
		for (int s = 0; s < T; s++)
			if (r == SEQ_LAST && s < T - 1)
				assert_null(steps[s]);
			else
				assert_true(steps[s]->value.data[0] == (s + 1.0) * (s + 1.0));
		assert_non_null(seqloss_mse(t, pred, target, T, r, NULL));
	}
	ad_tape_free(t);
	for (int s = 0; s < T; s++)
		mat_free(pm[s]);
	mat_free(zero);
}

/* Logits zero except a 1 at [row, class (t + row) % D]; the targets at step t, row b are
 * class (t + 2b) % D, so step t's row b scores its one only when b = 0. Each step's loss is
 * a mean over its rows: (-(1 - lse1) - (0 - lse1)) / 2 with lse1 = log(e + 2), whatever t. */
static void test_cross_entropy_values(void **state)
{
	(void)state;
	Tape *t = ad_tape_new();
	Mat *lm[T];
	AdNode *logits[T], *steps[T];
	int target[T * B];
	for (int s = 0; s < T; s++) {
		lm[s] = mat_new(B, D);
		for (int b = 0; b < B; b++) {
			MAT_AT(lm[s], b, (s + b) % D) = 1.0;
			target[s * B + b] = (s + 2 * b) % D;
		}
		logits[s] = ad_const(t, lm[s]);
	}
	double lse1 = log(exp(1.0) + 2.0);
	double step = ((lse1 - 1.0) + lse1) / 2.0;
	AdNode *L = seqloss_cross_entropy(t, logits, target, T, SEQ_SUM, steps);
	assert_close(T * step, L->value.data[0], 0, 1e-14);
	for (int s = 0; s < T; s++)
		assert_close(step, steps[s]->value.data[0], 0, 1e-14);
	L = seqloss_cross_entropy(t, logits, target, T, SEQ_MEAN, NULL);
	assert_close(step, L->value.data[0], 0, 1e-14);
	/* Give the last step a target that hits its one in both rows: only SEQ_LAST sees it. */
	target[(T - 1) * B + 1] = (T - 1 + 1) % D;
	L = seqloss_cross_entropy(t, logits, target, T, SEQ_LAST, NULL);
	assert_close(lse1 - 1.0, L->value.data[0], 0, 1e-14);
	L = seqloss_cross_entropy(t, logits, target, T, SEQ_SUM, NULL);
	assert_close((T - 1) * step + lse1 - 1.0, L->value.data[0], 0, 1e-14);
	ad_tape_free(t);
	for (int s = 0; s < T; s++)
		mat_free(lm[s]);
}

/* dL/dy_t is R_t for the sum, R_t / T for the mean, and only R_T for the last step. */
static void test_dot_gradient_is_R(void **state)
{
	(void)state;
	Rng rng;
	rng_seed(&rng, 4);
	Mat *R = mat_new(T * B, D), *ym[T], *dy[T];
	mat_fill_normal(R, &rng, 1.0);
	for (int s = 0; s < T; s++) {
		ym[s] = mat_new(B, D);
		dy[s] = mat_new(B, D);
		mat_fill_normal(ym[s], &rng, 1.0);
	}
	for (SeqReduce r = SEQ_SUM; r <= SEQ_LAST; r++) {
		Tape *t = ad_tape_new();
		AdNode *y[T];
		double want_L = 0;
		for (int s = 0; s < T; s++) {
			mat_zero(dy[s]);
			y[s] = ad_param(t, ym[s], dy[s]);
			Mat R_s = step_rows(R, s);
			if (r != SEQ_LAST || s == T - 1)
				want_L += mat_dot(ym[s], &R_s);
		}
		if (r == SEQ_MEAN)
			want_L /= T;
		AdNode *L = seqloss_dot(t, y, R, T, r, NULL);
		assert_close(want_L, L->value.data[0], 1e-15, 1e-14);
		assert_int_equal(ad_backward(t, L), ST_OK);
		for (int s = 0; s < T; s++) {
			Mat R_s = step_rows(R, s);
			double c = r == SEQ_MEAN ? 1.0 / T : r == SEQ_LAST && s < T - 1 ? 0.0 : 1.0;
			for (size_t i = 0; i < mat_size(dy[s]); i++)
				assert_true(dy[s]->data[i] == c * R_s.data[i]);
		}
		ad_tape_free(t);
	}
	for (int s = 0; s < T; s++) {
		mat_free(ym[s]);
		mat_free(dy[s]);
	}
	mat_free(R);
}

/* }==== */

/* {==== Finite differences ==== */

typedef struct Problem {
	Mat *pred[T], *target[T], *dpred[T], *dtarget[T], *R;
	int classes[T * B];
	int kind;   /* 0 mse, 1 cross-entropy, 2 dot */
	SeqReduce reduce;
	GcTensor tensors[2 * T];
} Problem;

static AdNode *problem_loss(Tape *t, void *ctx)
{
	Problem *p = ctx;
	AdNode *pred[T], *target[T];
	for (int s = 0; s < T; s++) {
		pred[s] = ad_param(t, p->pred[s], p->dpred[s]);
		target[s] = ad_param(t, p->target[s], p->dtarget[s]);
	}
	switch (p->kind) {
	case 0: return seqloss_mse(t, pred, target, T, p->reduce, NULL);
	case 1: return seqloss_cross_entropy(t, pred, p->classes, T, p->reduce, NULL);
	default: return seqloss_dot(t, pred, p->R, T, p->reduce, NULL);
	}
}

static void test_gradcheck(void **state)
{
	(void)state;
	Problem p;
	Rng rng;
	rng_seed(&rng, 17);
	p.R = mat_new(T * B, D);
	mat_fill_normal(p.R, &rng, 1.0);
	for (int s = 0; s < T; s++) {
		Mat **m[] = { &p.pred[s], &p.target[s], &p.dpred[s], &p.dtarget[s] };
		for (int k = 0; k < 4; k++) {
			*m[k] = mat_new(B, D);
			mat_fill_normal(*m[k], &rng, 1.0);
		}
		p.tensors[s] = (GcTensor){ "pred", p.pred[s], p.dpred[s] };
		p.tensors[T + s] = (GcTensor){ "target", p.target[s], p.dtarget[s] };
	}
	for (int i = 0; i < T * B; i++)
		p.classes[i] = rng_below(&rng, D);
	for (p.kind = 0; p.kind < 3; p.kind++)
		for (p.reduce = SEQ_SUM; p.reduce <= SEQ_LAST; p.reduce++) {
			/* Cross-entropy and dot read the targets as constants: check the predictions. */
			GcProblem gp = { p.tensors, p.kind == 0 ? 2 * T : T, problem_loss, &p, 0 };
			GcOptions o = gradcheck_defaults();
			GcReport rep;
			assert_int_equal(gradcheck_run(&gp, &o, &rep), ST_OK);
			if (!rep.passed)
				print_error("kind %d reduce %s failed\n", p.kind,
					    seqloss_reduce_name(p.reduce));
			assert_true(rep.passed);
			gradcheck_report_free(&rep);
		}
	for (int s = 0; s < T; s++) {
		mat_free(p.pred[s]);
		mat_free(p.target[s]);
		mat_free(p.dpred[s]);
		mat_free(p.dtarget[s]);
	}
	mat_free(p.R);
}

/* }==== */

/* {==== Errors ==== */

static void test_errors(void **state)
{
	(void)state;
	Tape *t = ad_tape_new();
	Mat *a = mat_new(B, D), *b = mat_new(B, D + 1), *c = mat_new(B + 1, D);
	Mat *R = mat_new(T * B, D), *R_bad = mat_new(T * B - 1, D);
	AdNode *ok[T], *mixed[T], *tall[T];
	for (int s = 0; s < T; s++) {
		ok[s] = ad_const(t, a);
		mixed[s] = ad_const(t, s == 2 ? b : a);
		tall[s] = ad_const(t, s == 3 ? c : a);
	}
	int classes[T * B] = { 0 };

	assert_null(seqloss_mse(t, ok, mixed, T, SEQ_SUM, NULL));
	assert_int_equal(ad_tape_status(t), ST_ESHAPE);
	assert_string_equal(ad_tape_error(t), "mse: prediction 2x3 and target 2x4 differ");
	ad_tape_reset(t);
	for (int s = 0; s < T; s++) {
		ok[s] = ad_const(t, a);
		tall[s] = ad_const(t, s == 3 ? c : a);
	}
	assert_null(seqloss_cross_entropy(t, tall, classes, T, SEQ_MEAN, NULL));
	assert_string_equal(ad_tape_error(t), "seqloss_cross_entropy: logits[3] has 3 rows, logits[0] has 2; every step needs the same batch");
	ad_tape_reset(t);
	for (int s = 0; s < T; s++)
		ok[s] = ad_const(t, a);
	classes[5] = D;
	assert_null(seqloss_cross_entropy(t, ok, classes, T, SEQ_SUM, NULL));
	assert_int_equal(ad_tape_status(t), ST_ERANGE);
	ad_tape_reset(t);
	for (int s = 0; s < T; s++)
		ok[s] = ad_const(t, a);
	assert_null(seqloss_dot(t, ok, R_bad, T, SEQ_SUM, NULL));
	assert_string_equal(ad_tape_error(t), "seqloss_dot: R must be 8x3 (T*B x D) for 4 steps of 2x3, got 7x3");
	ad_tape_reset(t);
	for (int s = 0; s < T; s++)
		ok[s] = ad_const(t, a);
	assert_null(seqloss_dot(t, ok, R, 0, SEQ_SUM, NULL));
	assert_int_equal(ad_tape_status(t), ST_EINVAL);
	ad_tape_reset(t);
	for (int s = 0; s < T; s++)
		ok[s] = ad_const(t, a);
	assert_null(seqloss_dot(t, ok, R, T, (SeqReduce)7, NULL));
	assert_string_equal(ad_tape_error(t), "seqloss_dot: unknown reduction 7");
	ad_tape_reset(t);
	assert_null(seqloss_mse(t, NULL, NULL, T, SEQ_SUM, NULL));
	assert_int_equal(ad_tape_status(t), ST_EINVAL);
	ad_tape_reset(t);
	/* A missing step (a failed forward) passes through as NULL, never a crash. */
	for (int s = 0; s < T; s++)
		ok[s] = ad_const(t, a);
	ok[1] = NULL;
	AdNode *steps[T];
	assert_null(seqloss_dot(t, ok, R, T, SEQ_SUM, steps));
	assert_int_equal(ad_tape_status(t), ST_EINVAL);
	ad_tape_reset(t);
	/* the last step only does not read the others */
	ok[0] = ok[2] = NULL;
	ok[3] = ad_const(t, a);
	assert_non_null(seqloss_dot(t, ok, R, T, SEQ_LAST, steps));
	assert_null(steps[0]);

	SeqReduce r;
	assert_int_equal(seqloss_reduce_parse("mean", &r), ST_OK);
	assert_int_equal(r, SEQ_MEAN);
	assert_int_equal(seqloss_reduce_parse("max", &r), ST_EINVAL);
	assert_string_equal(seqloss_reduce_name(SEQ_LAST), "last");

	ad_tape_free(t);
	mat_free(a);
	mat_free(b);
	mat_free(c);
	mat_free(R);
	mat_free(R_bad);
}

/* }==== */

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mse_values),
		cmocka_unit_test(test_cross_entropy_values),
		cmocka_unit_test(test_dot_gradient_is_R),
		cmocka_unit_test(test_gradcheck),
		cmocka_unit_test(test_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
