/* test_status: the failure detail (src/core/status.c) and the one range check of a size
 * option, status_range: both ends inclusive, the detail worded the same for every command
 * ("--steps must be between 1 and 6, got 7"), and a value in range leaving the last detail
 * alone; status_name_index, the one lookup of a name in a table, and the messages of the
 * tables that use it. */
#include "test_util.h"

#include "check/faults.h"
#include "core/status.h"
#include "nn/activation.h"
#include "nn/attention.h"
#include "nn/recurrent.h"
#include "nn/seqloss.h"

static void test_fail_and_detail(void **state)
{
	(void)state;
	status_clear();
	assert_string_equal(status_detail(), "");
	assert_int_equal(status_fail(ST_EINVAL, "bad %s %d", "x", 3), ST_EINVAL);
	assert_string_equal(status_detail(), "bad x 3");
	status_clear();
	assert_string_equal(status_detail(), "");
}

static void test_range(void **state)
{
	(void)state;
	status_fail(ST_EINVAL, "before");
	assert_int_equal(status_range("--steps", 1, 1, 6), ST_OK);
	assert_int_equal(status_range("--steps", 6, 1, 6), ST_OK);
	assert_int_equal(status_range("--steps", 0, 0, 0), ST_OK);
	assert_string_equal(status_detail(), "before");
	assert_int_equal(status_range("--steps", 7, 1, 6), ST_ELIMIT);
	assert_string_equal(status_detail(), "--steps must be between 1 and 6, got 7");
	assert_int_equal(status_range("--hidden", 0, 1, 4), ST_ELIMIT);
	assert_string_equal(status_detail(), "--hidden must be between 1 and 4, got 0");
	assert_int_equal(status_range("--steps", -1, 0, 1000), ST_ELIMIT);
	assert_string_equal(status_detail(), "--steps must be between 0 and 1000, got -1");
}

/* A name found gives its place; one not found lists the table itself, so that a name added
 * to a table is in its message too. */
static void test_name_index(void **state)
{
	(void)state;
	static const char *const names[] = { "sum", "mean", "last" };
	int i = -1;
	assert_int_equal(status_name_index("reduction", names, 3, "last", &i), ST_OK);
	assert_int_equal(i, 2);
	i = -1;
	assert_int_equal(status_name_index("reduction", names, 3, "Sum", &i), ST_EINVAL);
	assert_int_equal(i, -1);
	assert_string_equal(status_detail(), "unknown reduction 'Sum' (known: sum, mean, last)");
	assert_int_equal(status_name_index("reduction", names, 2, "last", &i), ST_EINVAL);
	assert_string_equal(status_detail(), "unknown reduction 'last' (known: sum, mean)");
	/* the messages of the nn tables, as they were typed before they were read from them */
	SeqReduce r;
	assert_int_equal(seqloss_reduce_parse("max", &r), ST_EINVAL);
	assert_string_equal(status_detail(), "unknown sequence reduction 'max' (known: sum, mean, last)");
	assert_int_equal(seqloss_reduce_parse("mean", &r), ST_OK);
	assert_int_equal(r, SEQ_MEAN);
	RecurrentKind k;
	assert_int_equal(recurrent_kind_parse("LSTM", &k), ST_EINVAL);
	assert_string_equal(status_detail(), "unknown recurrent layer 'LSTM' (known: rnn, lstm, gru)");
	assert_int_equal(recurrent_kind_parse("gru", &k), ST_OK);
	assert_int_equal(k, REC_GRU);
	Activation a;
	assert_int_equal(activation_parse("swish", &a), ST_EINVAL);
	assert_string_equal(status_detail(),
			    "unknown activation 'swish' (known: sigmoid, tanh, relu, leaky_relu, elu, linear)");
	AttnScore sc;
	assert_int_equal(attention_score_parse("cos", &sc), ST_EINVAL);
	assert_string_equal(status_detail(),
			    "unknown attention score 'cos' (known: dot, scaled_dot, general, additive)");
	CheckFault f;
	assert_int_equal(check_fault_parse("none", &f), ST_EINVAL);
	assert_string_equal(status_detail(),
			    "unknown fault 'none' (known: transpose_whh, missing_tanh_derivative, no_accumulate_over_time)");
	assert_int_equal(check_fault_parse("transpose_whh", &f), ST_OK);
	assert_int_equal(f, CHECK_FAULT_NONE + 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fail_and_detail),
		cmocka_unit_test(test_range),
		cmocka_unit_test(test_name_index),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
