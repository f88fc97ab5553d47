/* test_models: the built-in check problems' limits. A check whose work is in its nodes
 * rather than its products (an lstm with H = 1 over thousands of steps) is held to the same
 * budget as one of big matrices. */
#include "test_util.h"

#include "check/models.h"

#include <string.h>

static CheckConfig sizes(int steps, int batch, int input, int hidden)
{
	CheckConfig c = check_config_defaults();
	c.steps = steps;
	c.batch = batch;
	c.input = input;
	c.hidden = hidden;
	return c;
}

static void test_node_bound_checks_are_limited(void **state)
{
	(void)state;
	/* 4096 steps of 17 nodes, evaluated 8228 times: 20 s, though its products are few. */
	CheckConfig c = sizes(4096, 1, 1, 1);
	assert_null(check_model_new("lstm", &c, 0));
	if (!strstr(status_detail(), "a check of lstm at these sizes needs about 1.3e+10 units of work") ||
	    !strstr(status_detail(), "the limit is 4e+09"))
		fail_msg("unexpected: %s", status_detail());
	assert_null(check_model_new("gru", &c, 0));
	/* The same sizes with --fast 10: 20 evaluations. */
	CheckModel *m = check_model_new("lstm", &c, 10);
	assert_non_null(m);
	check_model_free(m);
	/* Within the budget: 1000 steps. */
	c = sizes(1000, 1, 1, 1);
	assert_non_null(m = check_model_new("lstm", &c, 0));
	check_model_free(m);
	assert_non_null(m = check_model_new("rnn", &c, 0));
	check_model_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_node_bound_checks_are_limited),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
