/* test_attention_weights: the attention experiment shows what the lesson says it shows. */
#include "test_util.h"

#include "lab/attention_weights.h"

static void test_weights_and_gradient_through_softmax(void **state)
{
	(void)state;
	for (int s = 0; s < ATTN_SCORE_COUNT; s++) {
		AttnLabConfig c = attn_lab_defaults();
		c.score = (AttnScore)s;
		c.mask_last = 2;
		AttnLabResult r;
		assert_int_equal(attn_lab_run(&c, &r), ST_OK);
		for (int i = 0; i < c.queries; i++) {
			double wsum = 0, dsum = 0;
			for (int j = 0; j < c.keys; j++) {
				wsum += MAT_AT(r.weights, i, j);
				dsum += MAT_AT(r.dscores, i, j);
				if (j >= c.keys - 2) { /* padding: exactly nothing in, nothing out */
					assert_true(MAT_AT(r.weights, i, j) == 0.0);
					assert_true(MAT_AT(r.dscores, i, j) == 0.0);
					assert_true(isinf(MAT_AT(r.scores, i, j)));
				}
			}
			assert_close(1.0, wsum, 1e-15, 0);
			/* softmax is shift-invariant, so its input gradient sums to zero per row */
			assert_close(0.0, dsum, 1e-14, 0);
		}
		for (int j = c.keys - 2; j < c.keys; j++)
			for (int k = 0; k < c.dim; k++)
				assert_true(MAT_AT(r.dvalues, j, k) == 0.0);
		attn_lab_free(&r);
	}
}

static void test_bad_options(void **state)
{
	(void)state;
	AttnLabConfig c = attn_lab_defaults();
	AttnLabResult r;
	c.mask_last = c.keys;
	assert_int_equal(attn_lab_run(&c, &r), ST_ERANGE);
	c = attn_lab_defaults();
	c.dim = ATTN_LAB_MAX + 1;
	assert_int_equal(attn_lab_run(&c, &r), ST_ELIMIT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_weights_and_gradient_through_softmax),
		cmocka_unit_test(test_bad_options),
	};
	return cmocka_run_group_tests_name("attention_weights", tests, NULL, NULL);
}
