/* test_train_search: train/search. A grid of n x n trials sits at the centres of its cells
 * on both log scales and tries n rates; random search draws n*n distinct pairs inside the
 * ranges, the same for the same seed and others for another; a non-square grid and a count
 * out of range are refused; a trial is exactly the run of the base config with its rate and
 * decay; and the best trial is the lowest held-out loss, a diverged one never. */
#include "test_util.h"

#include "train/search.h"

#include <math.h>

static void test_grid(void **state)
{
	(void)state;
	SearchTrial t[9];
	assert_int_equal(search_points(SEARCH_GRID, 9, 1, t), ST_OK);
	/* log10 rates -4 .. -1 in three cells: centres -3.5, -2.5, -1.5 */
	for (int i = 0; i < 9; i++) {
		assert_close(log10(t[i].lr), -3.5 + i / 3, 1e-12, 0);
		assert_close(log10(t[i].weight_decay), -5.5 + i % 3, 1e-12, 0);
	}
	assert_int_equal(search_distinct_lrs(t, 9), 3);
	assert_int_equal(search_points(SEARCH_GRID, 8, 1, t), ST_ERANGE);
	assert_int_equal(search_points(SEARCH_RANDOM, 0, 1, t), ST_ERANGE);
	assert_int_equal(search_points(SEARCH_RANDOM, SEARCH_MAX_TRIALS + 1, 1, t), ST_ERANGE);
}

static void test_random(void **state)
{
	(void)state;
	SearchTrial a[16], b[16], c[16];
	assert_int_equal(search_points(SEARCH_RANDOM, 16, 7, a), ST_OK);
	assert_int_equal(search_points(SEARCH_RANDOM, 16, 7, b), ST_OK);
	assert_int_equal(search_points(SEARCH_RANDOM, 16, 8, c), ST_OK);
	assert_int_equal(search_distinct_lrs(a, 16), 16);
	int same = 0;
	for (int i = 0; i < 16; i++) {
		assert_true(a[i].lr >= SEARCH_LR_LO && a[i].lr <= SEARCH_LR_HI);
		assert_true(a[i].weight_decay >= SEARCH_WD_LO && a[i].weight_decay <= SEARCH_WD_HI);
		assert_true(a[i].lr == b[i].lr && a[i].weight_decay == b[i].weight_decay);
		same += a[i].lr == c[i].lr;
	}
	assert_int_equal(same, 0);
	/* spread over the log range, not bunched: some below and some above its middle */
	int low = 0;
	for (int i = 0; i < 16; i++)
		low += log10(a[i].lr) < -2.5;
	assert_true(low > 0 && low < 16);
}

static TrainConfig config(void)
{
	TrainConfig c = { 0 };
	c.task = task_defaults(TASK_SPIRALS);
	c.task.train_size = 48;
	c.task.test_size = 32;
	c.model = (ModelConfig){ .layers = 2, .width = 6, .act = ACT_RELU,
				 .loss = LOSS_CROSS_ENTROPY };
	c.optim = optim_defaults(OPTIM_ADAM);
	c.schedule = schedule_defaults(SCHED_CONSTANT);
	c.batch = 8;
	c.iters = 15;
	c.seed = 4;
	return c;
}

static void test_trial_is_the_run(void **state)
{
	(void)state;
	TrainConfig c = config();
	SearchTrial t = { .lr = 0.02, .weight_decay = 1e-4 };
	assert_int_equal(search_run(&c, &t, NULL), ST_OK);
	assert_int_equal(t.status, TRAIN_FINISHED);
	c.optim.lr = 0.02;
	c.optim.weight_decay = 1e-4;
	Trainer *tr = trainer_new(&c);
	assert_non_null(tr);
	TrainEval f;
	assert_int_equal(trainer_run(tr, NULL, &f), ST_OK);
	assert_true(t.test_loss == f.test_loss);
	assert_true(t.test_accuracy == f.test_accuracy);
	trainer_free(tr);
	/* a rate that blows the run up is a result, with no loss to win by */
	SearchTrial big = { .lr = 1e6, .weight_decay = 0 };
	c = config();
	c.iters = 40;
	c.optim = optim_defaults(OPTIM_SGD);
	c.model.act = ACT_LINEAR;
	assert_int_equal(search_run(&c, &big, NULL), ST_OK);
	assert_int_equal(big.status, TRAIN_DIVERGED);
	assert_true(isnan(big.test_loss));
}

static void test_best(void **state)
{
	(void)state;
	SearchTrial t[4] = { { .test_loss = 0.5 }, { .test_loss = NAN }, { .test_loss = 0.2 },
			     { .test_loss = 0.3 } };
	assert_int_equal(search_best(t, 4), 2);
	assert_int_equal(search_best(t, 2), 0);
	assert_int_equal(search_best(t + 1, 1), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_grid),
		cmocka_unit_test(test_random),
		cmocka_unit_test(test_trial_is_the_run),
		cmocka_unit_test(test_best),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
