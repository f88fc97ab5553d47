/* test_train_task: the tasks' data. The adding problem's targets are the sum of the two
 * marked values, one marker in each half, and the best constant predictor's MSE measured on
 * the data is 1/6; copy's sequences have the symbols, the delay and the delimiter where they
 * belong; every task's held-out set is disjoint from its training data (no example in both,
 * each side in its own bucket); the same seed gives the same data, another seed other data. */
#include "test_util.h"

#include "train/loop.h"
#include "train/model.h"
#include "train/task.h"

static Task *make(TaskKind k, int steps, int test_size)
{
	TaskConfig c = task_defaults(k);
	if (steps)
		c.steps = steps;
	c.test_size = test_size;
	c.train_size = 300;
	Task *t = task_new(&c);
	assert_non_null(t);
	return t;
}

static int same_example(const Batch *a, int i, const Batch *b, int j)
{
	for (int s = 0; s < a->steps; s++)
		if (memcmp(&a->x->data[((size_t)s * a->n + i) * a->input],
			   &b->x->data[((size_t)s * b->n + j) * b->input],
			   (size_t)a->input * sizeof(double)))
			return 0;
	return 1;
}

static void test_adding(void **state)
{
	(void)state;
	Task *t = make(TASK_ADDING, 20, 6000);
	const Batch *b = t->test;
	double mean = 0;
	for (int i = 0; i < b->n; i++) {
		int m[2], nm = 0;
		double sum = 0;
		for (int s = 0; s < 20; s++) {
			const double *row = &b->x->data[((size_t)s * b->n + i) * 2];
			assert_true(row[0] >= 0 && row[0] < 1);
			assert_true(row[1] == 0 || row[1] == 1);
			if (row[1] == 1) {
				assert_true(nm < 2);
				m[nm++] = s;
				sum += row[0];
			}
		}
		assert_int_equal(nm, 2);
		assert_true(m[0] < 10 && m[1] >= 10);
		assert_true(b->y->data[i] == sum);
		mean += b->y->data[i];
	}
	mean /= b->n;
	double mse = 0;
	for (int i = 0; i < b->n; i++)
		mse += (b->y->data[i] - mean) * (b->y->data[i] - mean);
	mse /= b->n;
	/* The variance of the sum of two uniforms is 2/12; with 6000 draws the estimate's
	 * standard error is about 0.002. */
	assert_close(1.0 / 6.0, mse, 0.01, 0);
	assert_close(1.0, mean, 0.02, 0);
	assert_true(task_baseline(t, 1) == 1.0 / 6.0);
	task_free(t);
}

static void test_copy(void **state)
{
	(void)state;
	Task *t = make(TASK_COPY, 7, 50);
	const Batch *b = t->test;
	int S = t->c.copy_length, K = t->c.symbols;
	assert_int_equal(b->steps, 2 * S + 7);
	assert_int_equal(b->input, K + 2);
	assert_int_equal(t->classes, K);
	for (int i = 0; i < b->n; i++)
		for (int s = 0; s < b->steps; s++) {
			const double *row = &b->x->data[((size_t)s * b->n + i) * b->input];
			int hot = -1, count = 0;
			for (int j = 0; j < b->input; j++)
				if (row[j] == 1) {
					hot = j;
					count++;
				} else {
					assert_true(row[j] == 0);
				}
			assert_int_equal(count, 1);
			if (s < S)
				assert_int_equal(hot, 1 + b->label[(size_t)s * b->n + i]);
			else if (s == S + 7 - 1)
				assert_int_equal(hot, K + 1);
			else
				assert_int_equal(hot, 0);
		}
	task_free(t);
}

static void check_disjoint(TaskKind k, int steps)
{
	Task *t = make(k, steps, 200);
	Batch *b = batch_new(t, 100);
	assert_non_null(b);
	for (int i = 0; i < t->test->n; i++)
		assert_true(task_held_out(t, t->test, i));
	for (int round = 0; round < 10; round++) {
		task_next_batch(t, b);
		for (int i = 0; i < b->n; i++) {
			assert_false(task_held_out(t, b, i));
			for (int j = 0; j < t->test->n; j++)
				assert_false(same_example(b, i, t->test, j));
		}
	}
	batch_free(b);
	task_free(t);
}

static void test_disjoint(void **state)
{
	(void)state;
	check_disjoint(TASK_ADDING, 6);
	/* Two symbols of 2 with a delay of 1: only 4 distinct sequences, so the training
	 * stream would repeat the held-out ones at once if it did not skip their bucket. */
	TaskConfig c = task_defaults(TASK_COPY);
	c.copy_length = 3;
	c.symbols = 3;
	c.steps = 1;
	c.test_size = 3;
	Task *t = task_new(&c);
	assert_non_null(t);
	Batch *b = batch_new(t, 200);
	task_next_batch(t, b);
	for (int i = 0; i < b->n; i++)
		for (int j = 0; j < t->test->n; j++)
			assert_false(same_example(b, i, t->test, j));
	batch_free(b);
	task_free(t);
	check_disjoint(TASK_COPY, 4);
	check_disjoint(TASK_SPIRALS, 0);
	/* Spirals' training set itself is outside the held-out bucket. */
	Task *s = make(TASK_SPIRALS, 0, 10);
	for (int i = 0; i < s->train->n; i++)
		assert_false(task_held_out(s, s->train, i));
	task_free(s);
}

static void test_same_seed_same_data(void **state)
{
	(void)state;
	/* The generated tasks (charlm reads a text: tests/test_charlm.c). */
	for (int k = 0; k <= TASK_DEEP; k++) {
		Task *a = make((TaskKind)k, 0, 20), *b = make((TaskKind)k, 0, 20);
		Batch *ba = batch_new(a, 16), *bb = batch_new(b, 16);
		task_next_batch(a, ba);
		task_next_batch(b, bb);
		assert_memory_equal(ba->x->data, bb->x->data, mat_size(ba->x) * sizeof(double));
		assert_memory_equal(a->test->x->data, b->test->x->data,
				    mat_size(a->test->x) * sizeof(double));
		/* The next batch is another one. */
		task_next_batch(a, bb);
		assert_memory_not_equal(ba->x->data, bb->x->data, mat_size(ba->x) * sizeof(double));
		batch_free(ba);
		batch_free(bb);
		task_free(a);
		task_free(b);
	}
	TaskConfig c = task_defaults(TASK_ADDING);
	c.test_size = 20;
	Task *a = task_new(&c);
	c.seed = 2;
	Task *b = task_new(&c);
	assert_memory_not_equal(a->test->x->data, b->test->x->data,
				mat_size(a->test->x) * sizeof(double));
	task_free(a);
	task_free(b);
}

static void test_bad_sizes(void **state)
{
	(void)state;
	TaskConfig c = task_defaults(TASK_ADDING);
	c.steps = 1;
	assert_null(task_new(&c));
	assert_non_null(strstr(status_detail(), "steps"));
	c = task_defaults(TASK_SPIRALS);
	c.test_size = 0;
	assert_null(task_new(&c));
	TaskKind k;
	assert_int_equal(task_kind_parse("addng", &k), ST_EINVAL);
	assert_int_equal(task_kind_parse("copy", &k), ST_OK);
	assert_int_equal(k, TASK_COPY);
}

/* The house rule (every *_free accepts NULL) for src/train, here rather than in
 * test_free_null so that each helper's merge stays its own. */
static void test_free_null(void **state)
{
	(void)state;
	task_free(NULL);
	batch_free(NULL);
	model_free(NULL);
	trainer_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_adding),
		cmocka_unit_test(test_copy),
		cmocka_unit_test(test_disjoint),
		cmocka_unit_test(test_same_seed_same_data),
		cmocka_unit_test(test_bad_sizes),
		cmocka_unit_test(test_free_null),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
