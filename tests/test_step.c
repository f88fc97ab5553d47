/* test_step: `gradlab step` requests in process (check/step.c). An answer read back: the
 * parameters, the lr of each step, the state under torch's names, the scheduler; every
 * out-of-memory point of a request refused as ST_ENOMEM with nothing leaked (the sanitizer
 * build checks that); a key in single quotes refused; the contract names every optimizer
 * and scheduler. cli_step.sh runs
 * the refusals through the binary. */
#include "test_util.h"

#include "check/io.h"
#include "check/step.h"
#include "core/mem.h"

static const char REQUEST[] =
	"{\"optimizer\": \"rmsprop\", \"options\": {\"lr\": 0.5, \"momentum\": 0.5,"
	" \"centered\": true, \"alpha\": 0.5, \"eps\": 0},"
	" \"params\": {\"w\": [[1, 2]], \"b\": 3},"
	" \"grads\": [{\"w\": [[1, -1]], \"b\": 2}, {\"w\": [[1, -1]], \"b\": 2}],"
	" \"scheduler\": {\"name\": \"exponential\", \"gamma\": 0.5}}";

static json_object *parse(const char *text)
{
	json_object *j = NULL;
	assert_int_equal(ST_OK, io_parse_json("test", text, strlen(text), &j));
	return j;
}

static double number(json_object *j, const char *a, const char *b, const char *c, int i)
{
	json_object *v = j;
	const char *keys[] = { a, b, c };
	for (int k = 0; k < 3 && keys[k]; k++)
		assert_true(json_object_object_get_ex(v, keys[k], &v));
	if (i >= 0) {
		/* a row of a matrix, or an element of a vector */
		if (json_object_is_type(json_object_array_get_idx(v, 0), json_type_array))
			v = json_object_array_get_idx(v, 0);
		v = json_object_array_get_idx(v, (size_t)i);
	}
	assert_non_null(v);
	return json_object_get_double(v);
}

static void test_answer(void **state)
{
	(void)state;
	json_object *req = parse(REQUEST), *ans = NULL;
	assert_int_equal(ST_OK, step_run(req, &ans));
	/* alpha 0.5 and a gradient of +-1: square_avg 0.5, grad_avg +-0.5, avg = sqrt(0.25);
	 * buf = g / 0.5 = +-2, w = 1 - 0.5 * 2 = 0. The second step (lr 0.25): square_avg
	 * 0.75, grad_avg 0.75, avg sqrt(0.75 - 0.5625) = 0.433..., buf = 0.5 * 2 + 1 / avg */
	double avg2 = sqrt(0.75 - 0.5625), buf2 = 1 + 1 / avg2;
	assert_close(0 - 0.25 * buf2, number(ans, "params", "w", NULL, 0), 0, 1e-15);
	assert_close(3 + 0.25 * buf2, number(ans, "params", "w", NULL, 1), 0, 1e-15);
	assert_close(buf2, number(ans, "state", "w", "momentum_buffer", 0), 0, 1e-15);
	assert_close(0.75, number(ans, "state", "w", "grad_avg", 1) * -1, 0, 1e-15);
	assert_close(0.75, number(ans, "state", "w", "square_avg", 0), 0, 1e-15);
	assert_true(number(ans, "state", "b", "step", -1) == 2);
	assert_true(number(ans, "lr", NULL, NULL, 0) == 0.5);
	assert_true(number(ans, "lr", NULL, NULL, 1) == 0.25);
	assert_true(number(ans, "scheduler", "lr", NULL, -1) == 0.125);
	assert_true(number(ans, "scheduler", "last_epoch", NULL, -1) == 2);
	json_object_put(ans);
	json_object_put(req);
}

static void test_out_of_memory(void **state)
{
	(void)state;
	json_object *req = parse(REQUEST);
	int failures = 0;
	for (long n = 0;; n++) {
		json_object *ans = NULL;
		mem_fail_after(n);
		Status st = step_run(req, &ans);
		mem_fail_after(-1);
		if (st == ST_OK) {
			assert_non_null(ans);
			json_object_put(ans);
			break;
		}
		assert_int_equal(ST_ENOMEM, st);
		assert_null(ans);
		failures++;
	}
	assert_true(failures > 5); /* the tensors, the optimizer and its buffers */
	json_object_put(req);
}

static void test_refused(void **state)
{
	(void)state;
	json_object *req = parse("{\"optimizer\": \"adam\", \"options\": {\"betas\": [1, 0]},"
				 " \"params\": {\"w\": 1}, \"grads\": []}");
	json_object *ans = (json_object *)1;
	assert_int_equal(ST_ERANGE, step_run(req, &ans));
	assert_null(ans);
	assert_string_equal("options.betas[0] must be in [0, 1), got 1", status_detail());
	json_object_put(req);
}

/* json-c takes a key in single quotes even in strict mode; io.c refuses it, and a double
 * quote inside one no longer sends its walk past the end of the text (fuzz_step found it:
 * libFuzzer's input has no NUL after it, so the text is copied here to exactly its length). */
static void test_single_quoted_key(void **state)
{
	(void)state;
	const char *texts[] = { "{\"optimizer\": \"sgd\", \"options\": {'lr': 1}}", "{'a\"': 1}" };
	for (size_t k = 0; k < sizeof texts / sizeof texts[0]; k++) {
		size_t len = strlen(texts[k]);
		char *exact = malloc(len);
		memcpy(exact, texts[k], len);
		json_object *j = NULL;
		assert_int_equal(ST_EPARSE, io_parse_json("t.json", exact, len, &j));
		assert_null(j);
		if (!strstr(status_detail(), "a key in single quotes; JSON needs double quotes"))
			fail_msg("%s: %s", texts[k], status_detail());
		free(exact);
	}
}

static void test_contract(void **state)
{
	(void)state;
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	step_print_contract(f);
	fclose(f);
	const char *names[] = { "sgd ", "adam ", "adamw ", "rmsprop ", "adagrad ", "constant ",
				"step ", "exponential ", "cosine ", "linear ", "warmup" };
	for (size_t k = 0; k < sizeof names / sizeof names[0]; k++)
		if (!strstr(text, names[k]))
			fail_msg("the contract does not name '%s'", names[k]);
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_answer),
		cmocka_unit_test(test_out_of_memory),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_single_quoted_key),
		cmocka_unit_test(test_contract),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
