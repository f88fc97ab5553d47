/* test_clip: the global norm over a list of matrices (a 3-4-12-13 case, no overflow at
 * 1e200); clip_grad_norm with PyTorch's max_norm / (total + 1e-6), which caps the norm at
 * the threshold, leaves small gradients bit for bit unchanged and still scales a norm equal
 * to the threshold; non-finite norms refused with the gradients untouched; clip_grad_value
 * with its count; bad thresholds; clipping an RNN's gradients after a backward pass. */
#include "test_util.h"

#include "nn/clip.h"
#include "nn/recurrent.h"
#include "nn/seqloss.h"

#include <string.h>

static Mat *from(int rows, int cols, const double *v)
{
	Mat *m = mat_new(rows, cols);
	memcpy(m->data, v, mat_size(m) * sizeof(double));
	return m;
}

static void test_global_norm(void **state)
{
	(void)state;
	Mat *a = from(1, 2, (double[]){ 3, 4 }), *b = from(1, 1, (double[]){ -12 });
	Mat *g[] = { a, NULL, b };
	assert_true(clip_global_norm(g, 3) == 13.0);
	assert_true(clip_global_norm(g, 0) == 0.0);
	a->data[0] = 1e200;
	a->data[1] = 1e200;
	assert_close(sqrt(2.0) * 1e200, clip_global_norm(g, 3), 0, 1e-15);
	a->data[0] = 1e-200;
	a->data[1] = 1e-200;
	b->data[0] = 0;
	assert_close(sqrt(2.0) * 1e-200, clip_global_norm(g, 3), 0, 1e-15);
	a->data[1] = INFINITY;
	assert_true(isinf(clip_global_norm(g, 3)));
	a->data[1] = NAN;
	assert_true(isnan(clip_global_norm(g, 3)));
	mat_free(a);
	mat_free(b);
}

static void test_clip_by_norm(void **state)
{
	(void)state;
	const double va[] = { 3, 4 }, vb[] = { -12 };
	Mat *a = from(1, 2, va), *b = from(1, 1, vb);
	Mat *g[] = { a, b };
	double total = 0;

	/* Above the threshold: every element times 6.5 / (13 + 1e-6); the norm ends at the cap. */
	assert_int_equal(clip_grad_norm(g, 2, 6.5, &total), ST_OK);
	assert_true(total == 13.0);
	double scale = 6.5 / (13.0 + 1e-6);
	assert_true(a->data[0] == 3 * scale && a->data[1] == 4 * scale && b->data[0] == -12 * scale);
	assert_close(6.5, clip_global_norm(g, 2), 1e-6, 0);
	assert_true(clip_global_norm(g, 2) <= 6.5);

	/* Below it: untouched, bit for bit. */
	memcpy(a->data, va, sizeof va);
	memcpy(b->data, vb, sizeof vb);
	assert_int_equal(clip_grad_norm(g, 2, 100.0, &total), ST_OK);
	assert_true(total == 13.0);
	assert_true(a->data[0] == 3 && a->data[1] == 4 && b->data[0] == -12);

	/* Equal to it: PyTorch still scales, by 13 / (13 + 1e-6) < 1. */
	assert_int_equal(clip_grad_norm(g, 2, 13.0, NULL), ST_OK);
	assert_true(a->data[1] == 4 * (13.0 / (13.0 + 1e-6)));
	assert_true(a->data[1] < 4);

	/* A norm so close under the cap that max_norm / (total + 1e-6) >= 1: untouched. */
	memcpy(a->data, va, sizeof va);
	memcpy(b->data, vb, sizeof vb);
	assert_int_equal(clip_grad_norm(g, 2, 13.0 + 2e-6, NULL), ST_OK);
	assert_true(a->data[1] == 4);

	/* max_norm 0 zeroes everything; a huge gradient is brought down without overflow. */
	assert_int_equal(clip_grad_norm(g, 2, 0.0, &total), ST_OK);
	assert_true(clip_global_norm(g, 2) == 0.0);
	a->data[0] = 1e300;
	a->data[1] = -1e300;
	assert_int_equal(clip_grad_norm(g, 2, 1.0, &total), ST_OK);
	assert_close(sqrt(2.0) * 1e300, total, 0, 1e-15);
	assert_close(1.0, clip_global_norm(g, 2), 1e-12, 0);
	assert_close(-sqrt(0.5), a->data[1], 1e-12, 0);

	/* A non-finite norm: refused, nothing changes. */
	a->data[0] = 3;
	a->data[1] = INFINITY;
	b->data[0] = -12;
	assert_int_equal(clip_grad_norm(g, 2, 1.0, &total), ST_ENONFINITE);
	assert_true(isinf(total));
	assert_true(a->data[0] == 3 && b->data[0] == -12);
	assert_non_null(strstr(status_detail(), "nothing was scaled"));
	a->data[1] = NAN;
	assert_int_equal(clip_grad_norm(g, 2, 1.0, &total), ST_ENONFINITE);
	assert_true(a->data[0] == 3 && b->data[0] == -12);

	/* Bad thresholds and lists. */
	a->data[1] = 4;
	assert_int_equal(clip_grad_norm(g, 2, -1.0, NULL), ST_EINVAL);
	assert_string_equal(status_detail(), "clip_grad_norm: max_norm must be a finite number >= 0, got -1");
	assert_int_equal(clip_grad_norm(g, 2, NAN, NULL), ST_EINVAL);
	assert_int_equal(clip_grad_norm(g, 2, INFINITY, NULL), ST_EINVAL);
	assert_int_equal(clip_grad_norm(NULL, 2, 1.0, NULL), ST_EINVAL);
	assert_int_equal(clip_grad_norm(g, -1, 1.0, NULL), ST_EINVAL);
	assert_int_equal(clip_grad_norm(NULL, 0, 1.0, &total), ST_OK);
	assert_true(total == 0.0);
	assert_true(a->data[0] == 3 && a->data[1] == 4);
	mat_free(a);
	mat_free(b);
}

static void test_clip_by_value(void **state)
{
	(void)state;
	Mat *a = from(2, 2, (double[]){ 0.5, -3, 2, -0.25 }), *b = from(1, 2, (double[]){ 1, NAN });
	Mat *g[] = { a, NULL, b };
	double total = 0;
	long clipped = -1;
	assert_int_equal(clip_grad_value(g, 2, 1.0, &total, &clipped), ST_OK);
	assert_close(sqrt(0.25 + 9 + 4 + 0.0625), total, 0, 1e-15);
	assert_int_equal(clipped, 2);
	const double want[] = { 0.5, -1, 1, -0.25 };
	for (int i = 0; i < 4; i++)
		assert_true(a->data[i] == want[i]);
	/* Exactly at the bound is not clipped; NaN stays NaN, as torch.clamp leaves it. */
	assert_int_equal(clip_grad_value(g, 3, 1.0, &total, &clipped), ST_OK);
	assert_int_equal(clipped, 0);
	assert_true(isnan(total));
	assert_true(b->data[0] == 1 && isnan(b->data[1]));
	b->data[1] = -INFINITY;
	assert_int_equal(clip_grad_value(g, 3, 0.5, NULL, &clipped), ST_OK);
	assert_int_equal(clipped, 4); /* -1, 1, 1, -inf */
	assert_true(b->data[1] == -0.5 && a->data[1] == -0.5 && a->data[0] == 0.5);
	assert_int_equal(clip_grad_value(g, 3, 0.0, NULL, NULL), ST_OK);
	for (int i = 0; i < 4; i++)
		assert_true(a->data[i] == 0.0);
	assert_int_equal(clip_grad_value(g, 3, -0.5, NULL, NULL), ST_EINVAL);
	assert_string_equal(status_detail(), "clip_grad_value: clip_value must be a finite number >= 0, got -0.5");
	assert_int_equal(clip_grad_value(g, 3, NAN, NULL, NULL), ST_EINVAL);
	mat_free(a);
	mat_free(b);
}

/* The way the lab uses it: backward through a long RNN with large recurrent weights, then
 * clip the layer's four gradients to a global norm of 1. */
static void test_clip_rnn_grads(void **state)
{
	(void)state;
	enum { I = 2, H = 4, T = 40 };
	Rng rng;
	rng_seed(&rng, 21);
	Recurrent *r = recurrent_new(REC_RNN, I, H, ACT_LINEAR, &rng);
	mat_fill_normal(r->weight_hh, &rng, 1.0); /* spectral radius above 1: gradients explode */
	Mat *x = mat_new(T, I), *R = mat_new(T, H);
	mat_fill_normal(x, &rng, 1.0);
	mat_fill_normal(R, &rng, 1.0);
	Tape *t = ad_tape_new();
	AdNode *h[T];
	assert_int_equal(recurrent_forward(t, r, ad_const(t, x), T, NULL, NULL, h, NULL), ST_OK);
	assert_int_equal(ad_backward(t, seqloss_dot(t, h, R, T, SEQ_SUM, NULL)), ST_OK);
	Mat *g[REC_N_PARAMS];
	recurrent_grads(r, g);
	Mat *before[REC_N_PARAMS];
	for (int k = 0; k < REC_N_PARAMS; k++)
		before[k] = mat_clone(g[k]);
	double total;
	assert_int_equal(clip_grad_norm(g, REC_N_PARAMS, 1.0, &total), ST_OK);
	assert_true(total > 100.0);
	assert_close(1.0, clip_global_norm(g, REC_N_PARAMS), 1e-6, 0);
	/* The direction is kept: each clipped gradient is the old one times one scale. */
	double scale = 1.0 / (total + 1e-6);
	for (int k = 0; k < REC_N_PARAMS; k++) {
		for (size_t i = 0; i < mat_size(g[k]); i++)
			assert_close(before[k]->data[i] * scale, g[k]->data[i], 1e-300, 1e-15);
		mat_free(before[k]);
	}
	ad_tape_free(t);
	mat_free(x);
	mat_free(R);
	recurrent_free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_global_norm),
		cmocka_unit_test(test_clip_by_norm),
		cmocka_unit_test(test_clip_by_value),
		cmocka_unit_test(test_clip_rnn_grads),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
