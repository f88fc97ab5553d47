/* test_train_loop: the training loop on tiny sizes. Two runs of one config end bit for bit
 * alike; an LSTM learns the adding problem over 10 steps (held-out MSE far below 1/6) and an
 * MLP the spirals; a huge learning rate diverges as a result (the iteration, the last finite
 * norm) instead of a crash; clipping bounds an SGD step by the threshold; zero
 * initialisation leaves every hidden unit identical through training; early stopping ends a
 * run that overfits and restores the best weights; a deep sigmoid MLP's first layer gets a
 * far smaller gradient than its last at initialisation. */
#include "test_util.h"

#include "core/mem.h"
#include "train/loop.h"

static TrainConfig adding_config(void)
{
	TrainConfig c = { 0 };
	c.task = task_defaults(TASK_ADDING);
	c.task.steps = 10;
	c.task.test_size = 128;
	c.model = (ModelConfig){ .cell = REC_LSTM, .hidden = 8, .act = ACT_TANH };
	c.optim = optim_defaults(OPTIM_ADAM);
	c.optim.lr = 0.02;
	c.schedule = schedule_defaults(SCHED_CONSTANT);
	c.batch = 16;
	c.iters = 300;
	c.seed = 3;
	return c;
}

static TrainConfig spirals_config(void)
{
	TrainConfig c = { 0 };
	c.task = task_defaults(TASK_SPIRALS);
	c.task.train_size = 200;
	c.task.test_size = 200;
	c.model = (ModelConfig){ .layers = 2, .width = 16, .act = ACT_TANH,
				 .loss = LOSS_CROSS_ENTROPY };
	c.optim = optim_defaults(OPTIM_ADAM);
	c.optim.lr = 0.02;
	c.schedule = schedule_defaults(SCHED_CONSTANT);
	c.batch = 32;
	c.iters = 300;
	c.seed = 1;
	return c;
}

static Trainer *run(const TrainConfig *c, TrainEval *final)
{
	Trainer *tr = trainer_new(c);
	assert_non_null(tr);
	assert_int_equal(trainer_run(tr, NULL, final), ST_OK);
	return tr;
}

static void test_deterministic(void **state)
{
	(void)state;
	TrainConfig c = adding_config();
	c.iters = 40;
	TrainEval a, b;
	Trainer *x = run(&c, &a), *y = run(&c, &b);
	assert_true(memcmp(&a.test_loss, &b.test_loss, sizeof(double)) == 0);
	for (int k = 0; k < x->model->n_params; k++)
		assert_memory_equal(x->model->param[k]->data, y->model->param[k]->data,
				    mat_size(x->model->param[k]) * sizeof(double));
	trainer_free(y);
	/* Another seed: other numbers. */
	c.seed = 4;
	y = run(&c, &b);
	assert_true(a.test_loss != b.test_loss);
	trainer_free(x);
	trainer_free(y);
}

static void test_lstm_learns_adding(void **state)
{
	(void)state;
	TrainConfig c = adding_config();
	TrainEval f;
	Trainer *tr = run(&c, &f);
	assert_int_equal(tr->status, TRAIN_FINISHED);
	assert_int_equal(tr->iter, 300);
	assert_true(isnan(f.test_accuracy));
	assert_true(f.test_loss < 0.2 * task_baseline(tr->task, 1));
	trainer_free(tr);
}

/* Three symbols of four across a delay of 2: the held-out sequences were never trained on,
 * so only a network that copies (not one that memorises) gets them right. Chance is 25%. */
static void test_gru_learns_copy(void **state)
{
	(void)state;
	TrainConfig c = adding_config();
	c.task = task_defaults(TASK_COPY);
	c.task.copy_length = 3;
	c.task.symbols = 4;
	c.task.steps = 2;
	c.task.test_size = 64;
	c.model.cell = REC_GRU;
	c.model.hidden = 24;
	c.iters = 400;
	TrainEval f;
	Trainer *tr = run(&c, &f);
	assert_int_equal(tr->status, TRAIN_FINISHED);
	assert_true(f.test_accuracy > 0.5);
	trainer_free(tr);
}

static void test_mlp_learns_spirals(void **state)
{
	(void)state;
	TrainConfig c = spirals_config();
	c.model.layers = 3;
	c.model.width = 32;
	c.optim.lr = 0.01;
	c.iters = 1500;
	TrainEval f;
	Trainer *tr = run(&c, &f);
	assert_int_equal(tr->status, TRAIN_FINISHED);
	assert_true(f.test_loss < 0.8 * log(2.0));
	assert_true(f.test_accuracy > 0.8);
	trainer_free(tr);
}

static void test_diverges(void **state)
{
	(void)state;
	TrainConfig c = spirals_config();
	c.model.loss = LOSS_MSE;
	c.model.act = ACT_RELU;
	c.optim = optim_defaults(OPTIM_SGD);
	c.optim.lr = 1e6;
	TrainEval f;
	Trainer *tr = run(&c, &f);
	assert_int_equal(tr->status, TRAIN_DIVERGED);
	assert_true(tr->iter > 1 && tr->iter < c.iters);
	assert_true(isfinite(tr->last_finite_norm));
	assert_false(isfinite(tr->diverged_in_loss ? tr->last_loss : tr->last_norm));
	trainer_free(tr);
}

static void test_clip_bounds_the_step(void **state)
{
	(void)state;
	TrainConfig c = spirals_config();
	c.optim = optim_defaults(OPTIM_SGD);
	c.optim.lr = 1.0;
	c.clip = 1e-3;
	c.iters = 1;
	Trainer *tr = trainer_new(&c);
	assert_non_null(tr);
	Model *m = tr->model;
	Mat *before[16];
	for (int k = 0; k < m->n_params; k++)
		before[k] = mat_clone(m->param[k]);
	TrainPoint p;
	assert_int_equal(trainer_step(tr, &p), ST_OK);
	assert_true(p.grad_norm > 10 * c.clip); /* the clip had work to do */
	double sq = 0;
	for (int k = 0; k < m->n_params; k++) {
		for (size_t i = 0; i < mat_size(before[k]); i++) {
			double d = m->param[k]->data[i] - before[k]->data[i];
			sq += d * d;
		}
		mat_free(before[k]);
	}
	assert_true(sqrt(sq) <= c.clip * (1 + 1e-9));
	assert_true(sqrt(sq) > 0.99 * c.clip);
	trainer_free(tr);
}

static void test_zero_init_identical(void **state)
{
	(void)state;
	TrainConfig c = spirals_config();
	c.model.init = INIT_ZEROS;
	c.iters = 50;
	TrainEval f;
	Trainer *tr = run(&c, &f);
	assert_true(tr->identical_at_init);
	assert_true(model_units_identical(tr->model));
	trainer_free(tr);
	c.model.init = INIT_XAVIER;
	tr = run(&c, &f);
	assert_false(tr->identical_at_init);
	assert_false(model_units_identical(tr->model));
	trainer_free(tr);
	/* A recurrent model too. */
	TrainConfig r = adding_config();
	r.model.init = INIT_ZEROS;
	r.iters = 5;
	tr = run(&r, &f);
	assert_true(tr->identical_at_init);
	assert_true(model_units_identical(tr->model));
	trainer_free(tr);
}

static void test_early_stop(void **state)
{
	(void)state;
	/* Twenty noisy points and a wide network: the held-out loss soon rises. */
	TrainConfig c = spirals_config();
	c.task.train_size = 20;
	c.task.noise = 0.2;
	c.model.width = 64;
	c.optim.lr = 0.05;
	c.iters = 3000;
	c.eval_every = 10;
	c.early_stop = 5;
	TrainEval f;
	Trainer *tr = run(&c, &f);
	assert_int_equal(tr->status, TRAIN_STOPPED_EARLY);
	assert_true(tr->iter < c.iters);
	assert_int_equal(tr->iter, tr->best_iter + 5 * c.eval_every);
	/* The restored weights are the best ones: their loss is the best loss. */
	assert_true(f.test_loss == tr->best_loss);
	trainer_free(tr);
}

static void test_deep_sigmoid_vanishes(void **state)
{
	(void)state;
	TrainConfig c = spirals_config();
	c.model.layers = 12;
	c.model.act = ACT_SIGMOID;
	c.iters = 1;
	TrainEval f;
	Trainer *tr = run(&c, &f);
	assert_int_equal(tr->n_layer_norms, 13);
	assert_true(tr->layer_norm_init[0] < 1e-6 * tr->layer_norm_init[12]);
	double plain = tr->layer_norm_init[0];
	trainer_free(tr);
	/* The residual path carries it to the first layer. */
	c.model.residual = 1;
	tr = run(&c, &f);
	assert_true(tr->layer_norm_init[0] > 1e3 * plain);
	trainer_free(tr);
}

static void test_bad_config(void **state)
{
	(void)state;
	TrainConfig c = spirals_config();
	c.batch = 0;
	assert_null(trainer_new(&c));
	c = spirals_config();
	c.optim.lr = -1;
	assert_null(trainer_new(&c));
	assert_non_null(strstr(status_detail(), "lr"));
	c = spirals_config();
	c.model.layers = 51;
	assert_null(trainer_new(&c));
}

/* Every allocation of making and running a trainer may fail: each failure is a status or a
 * NULL, never a crash or a leak (ASan's leak check runs this under make asan). */
static void test_out_of_memory(void **state)
{
	(void)state;
	TrainConfig cs[2] = { adding_config(), spirals_config() };
	for (int k = 0; k < 2; k++) {
		TrainConfig c = cs[k];
		c.iters = 2;
		c.eval_every = 1;
		c.early_stop = 3;
		c.task.test_size = 8;
		c.task.train_size = 8;
		int succeeded = 0;
		for (long n = 0; n < 5000 && !succeeded; n++) {
			mem_fail_after(n);
			Trainer *tr = trainer_new(&c);
			TrainEval f;
			if (tr && trainer_run(tr, NULL, &f) == ST_OK)
				succeeded = n > 0;
			mem_fail_after(-1);
			trainer_free(tr);
		}
		assert_true(succeeded);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_lstm_learns_adding),
		cmocka_unit_test(test_gru_learns_copy),
		cmocka_unit_test(test_mlp_learns_spirals),
		cmocka_unit_test(test_diverges),
		cmocka_unit_test(test_clip_bounds_the_step),
		cmocka_unit_test(test_zero_init_identical),
		cmocka_unit_test(test_early_stop),
		cmocka_unit_test(test_deep_sigmoid_vanishes),
		cmocka_unit_test(test_bad_config),
		cmocka_unit_test(test_out_of_memory),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
