/* test_train_mlp: the MLP of `gradlab train spirals|deep` with --dropout and --batch-norm, on
 * tiny sizes. Dropout is off in evaluation (and its stream moves no other: the initial
 * weights are the same with it or without); batch normalisation's running statistics after
 * two steps are the ones computed here by hand from the batches; the whole model's gradient
 * (dropout's mask held fixed) matches finite differences; a run saved and resumed with both
 * on ends bit for bit where one run ends; early stopping puts the running statistics back
 * with the best weights; zero initialisation leaves every hidden unit identical through
 * training that moves the weights, batch norm or not, while dropout's masks tell them
 * apart; and batch normalisation carries a deep sigmoid MLP's gradient to its first layer. */
#include "test_util.h"

#include "check/gradcheck.h"
#include "core/mem.h"
#include "train/checkpoint.h"
#include "train/loop.h"

#include <unistd.h>

static char dir[64], file[128];

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "/tmp/gradlab-mlp-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	snprintf(file, sizeof file, "%s/run.ckpt", dir);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	unlink(file);
	rmdir(dir);
	return 0;
}

static TrainConfig mlp_config(void)
{
	TrainConfig c = { 0 };
	c.task = task_defaults(TASK_SPIRALS);
	c.task.train_size = 40;
	c.task.test_size = 40;
	c.model = (ModelConfig){ .layers = 2, .width = 6, .act = ACT_TANH,
				 .loss = LOSS_CROSS_ENTROPY };
	c.optim = optim_defaults(OPTIM_ADAM);
	c.optim.lr = 0.02;
	c.schedule = schedule_defaults(SCHED_CONSTANT);
	c.batch = 8;
	c.iters = 20;
	c.seed = 5;
	return c;
}

static Trainer *make(const TrainConfig *c)
{
	Trainer *tr = trainer_new(c);
	assert_non_null(tr);
	return tr;
}

static void same_params(const Model *a, const Model *b)
{
	assert_int_equal(a->n_params, b->n_params);
	for (int k = 0; k < a->n_params; k++)
		assert_memory_equal(a->param[k]->data, b->param[k]->data,
				    mat_size(a->param[k]) * sizeof(double));
}

/* The training-mode loss of the model on its trainer's next batch (the data moves). */
static double train_mode_loss(Trainer *tr)
{
	task_next_batch(tr->task, tr->batch);
	ad_tape_reset(tr->tape);
	AdNode *l = model_loss(tr->model, tr->tape, tr->batch, NULL, NULL);
	assert_non_null(l);
	return l->value.data[0];
}

static void test_dropout_off_in_eval(void **state)
{
	(void)state;
	TrainConfig c = mlp_config();
	Trainer *plain = make(&c);
	c.model.dropout = 0.5;
	Trainer *drop = make(&c);
	assert_non_null(drop->model->drop);
	/* Dropout's stream is its own: the weights are drawn alike. */
	same_params(plain->model, drop->model);
	double lp, ld, ap, ad;
	assert_int_equal(trainer_evaluate(plain, &lp, &ap), ST_OK);
	assert_int_equal(trainer_evaluate(drop, &ld, &ad), ST_OK);
	assert_true(memcmp(&lp, &ld, sizeof lp) == 0);
	assert_true(memcmp(&ap, &ad, sizeof ap) == 0);
	assert_int_equal(drop->model->training, 1); /* evaluation put training mode back */
	/* In training the masks change the loss: on the same batch, another number. */
	double tp = train_mode_loss(plain), td = train_mode_loss(drop);
	assert_true(tp != td);
	/* The mask keeps about 1 - p of the units, each scaled by 1 / (1 - p). */
	const Mat *mask = drop->model->drop[0]->mask;
	double kept = 0;
	for (size_t i = 0; i < mat_size(mask); i++)
		kept += mask->data[i];
	assert_true(kept > 0.25 * mat_size(mask) && kept < 0.75 * mat_size(mask));
	trainer_free(plain);
	trainer_free(drop);
}

/* Per unit j of z (n, C): the mean and the unbiased variance, by hand. */
static void column_stats(const Mat *z, int j, double *mean, double *var)
{
	double s = 0, ss = 0;
	for (int i = 0; i < z->rows; i++)
		s += MAT_AT(z, i, j);
	*mean = s / z->rows;
	for (int i = 0; i < z->rows; i++)
		ss += (MAT_AT(z, i, j) - *mean) * (MAT_AT(z, i, j) - *mean);
	*var = ss / (z->rows - 1);
}

static void test_batch_norm_running_stats(void **state)
{
	(void)state;
	TrainConfig c = mlp_config();
	c.model.batch_norm = 1;
	Trainer *tr = make(&c);
	Model *m = tr->model;
	assert_non_null(m->bn);
	assert_int_equal(m->n_buffers, 2 * c.model.layers);
	/* Parameters in PyTorch's order: each layer, then its batch norm. */
	assert_string_equal(m->name[2], "bn1.weight");
	assert_string_equal(m->name[3], "bn1.bias");
	const BatchNorm *bn = m->bn[0];
	int W = c.model.width;
	double mean[64], var[64];
	for (int j = 0; j < W; j++) {
		mean[j] = 0;
		var[j] = 1;
	}
	for (int step = 1; step <= 2; step++) {
		/* The first layer's pre-activations on the step's batch, from the weights the step
		 * starts with: z = x W^T + b. */
		Mat *w = mat_clone(m->layer[0]->weight), *b = mat_clone(m->layer[0]->bias);
		TrainPoint p;
		assert_int_equal(trainer_step(tr, &p), ST_OK);
		const Mat *x = tr->batch->x;
		Mat *z = mat_new(x->rows, W);
		for (int i = 0; i < x->rows; i++)
			for (int j = 0; j < W; j++) {
				double s = b->data[j];
				for (int k = 0; k < x->cols; k++)
					s += MAT_AT(x, i, k) * MAT_AT(w, j, k);
				MAT_AT(z, i, j) = s;
			}
		for (int j = 0; j < W; j++) {
			double mu, v;
			column_stats(z, j, &mu, &v);
			mean[j] = 0.9 * mean[j] + 0.1 * mu;
			var[j] = 0.9 * var[j] + 0.1 * v;
			assert_close(mean[j], bn->running_mean->data[j], 1e-12, 1e-12);
			assert_close(var[j], bn->running_var->data[j], 1e-12, 1e-12);
		}
		assert_int_equal(bn->batches_tracked, step);
		mat_free(w);
		mat_free(b);
		mat_free(z);
	}
	/* Evaluation normalises by them and leaves them be. */
	Mat *before = mat_clone(bn->running_mean);
	double l, a;
	assert_int_equal(trainer_evaluate(tr, &l, &a), ST_OK);
	assert_memory_equal(before->data, bn->running_mean->data, mat_size(before) * sizeof(double));
	assert_int_equal(bn->batches_tracked, 2);
	mat_free(before);
	trainer_free(tr);
}

/* {==== The gradient against finite differences ==== */
typedef struct GradCtx {
	Model *m;
	const Batch *b;
	uint64_t rng[4 * MODEL_MAX_LAYERS]; /* the dropout streams before the first pass */
} GradCtx;

/* Every pass draws the same masks: the streams start where they started. */
static AdNode *mlp_loss(Tape *t, void *ctx)
{
	GradCtx *g = ctx;
	model_rng_set(g->m, g->rng);
	return model_loss(g->m, t, g->b, NULL, NULL);
}

static void check_gradient(int residual, LossKind loss)
{
	TrainConfig c = mlp_config();
	c.model.batch_norm = 1;
	c.model.dropout = 0.3;
	c.model.layers = 3;
	c.model.width = 4;
	c.model.residual = residual;
	c.model.loss = loss;
	c.batch = 6;
	Trainer *tr = make(&c);
	Model *m = tr->model;
	/* Move batch norm's weight and bias off 1 and 0, so that every parameter matters. */
	Rng r;
	rng_seed(&r, 11);
	for (int k = 0; k < c.model.layers; k++) {
		mat_fill_uniform(m->bn[k]->weight, &r, 0.5, 1.5);
		mat_fill_uniform(m->bn[k]->bias, &r, -0.5, 0.5);
	}
	task_next_batch(tr->task, tr->batch);
	GradCtx g = { m, tr->batch, { 0 } };
	model_rng_get(m, g.rng);
	GcTensor ts[64];
	for (int k = 0; k < m->n_params; k++)
		ts[k] = (GcTensor){ m->name[k], m->param[k], m->grad[k] };
	GcProblem p = { ts, m->n_params, mlp_loss, &g, 0 };
	GcOptions o = gradcheck_defaults();
	o.atol = 1e-7;
	o.rtol = 1e-5;
	GcReport rep;
	assert_int_equal(gradcheck_run(&p, &o, &rep), ST_OK);
	for (int k = 0; k < rep.n_tensors; k++)
		if (rep.tensors[k].failed)
			print_error("%s: %d failed, worst %g numeric %g analytic\n", rep.tensors[k].name,
				    rep.tensors[k].failed, rep.tensors[k].worst_numeric,
				    rep.tensors[k].worst_analytic);
	assert_true(rep.passed);
	/* The mask did drop some units, and the check went through them. */
	double kept = 0;
	for (size_t i = 0; i < mat_size(m->drop[0]->mask); i++)
		kept += m->drop[0]->mask->data[i];
	assert_true(kept < mat_size(m->drop[0]->mask));
	gradcheck_report_free(&rep);
	trainer_free(tr);
}

static void test_gradient_finite_differences(void **state)
{
	(void)state;
	check_gradient(0, LOSS_CROSS_ENTROPY);
	check_gradient(1, LOSS_MSE);
	check_gradient(0, LOSS_SOFTMAX_MSE);
}

/* softmax_mse is the squared error of softmax(logits) against one-hot targets: the same
 * model and batch under mse (whose prediction is the logits themselves) give the logits,
 * and the loss is computed again from them by hand. */
static void test_softmax_mse_loss(void **state)
{
	(void)state;
	TrainConfig c = mlp_config();
	c.model.loss = LOSS_MSE;
	Trainer *a = make(&c);
	c.model.loss = LOSS_SOFTMAX_MSE;
	Trainer *b = make(&c);
	same_params(a->model, b->model);
	task_next_batch(a->task, a->batch);
	task_next_batch(b->task, b->batch);
	AdNode *la = model_loss(a->model, a->tape, a->batch, NULL, NULL);
	AdNode *lb = model_loss(b->model, b->tape, b->batch, NULL, NULL);
	assert_non_null(la);
	assert_non_null(lb);
	const Mat *z = &la->in[0]->value; /* batch x 2 logits */
	assert_int_equal(z->rows, c.batch);
	assert_int_equal(z->cols, 2);
	double sum = 0;
	for (int i = 0; i < z->rows; i++) {
		double m = fmax(MAT_AT(z, i, 0), MAT_AT(z, i, 1)), e0 = exp(MAT_AT(z, i, 0) - m),
		       e1 = exp(MAT_AT(z, i, 1) - m);
		for (int j = 0; j < 2; j++) {
			double p = (j ? e1 : e0) / (e0 + e1) - (b->batch->label[i] == j);
			sum += p * p;
		}
	}
	assert_true(fabs(lb->value.data[0] - sum / (2.0 * z->rows)) <= 1e-15);
	assert_true(fabs(lb->value.data[0] - la->value.data[0]) > 1e-3);
	trainer_free(a);
	trainer_free(b);
}
/* }==== */

/* Every number of the state that the next iterations read. */
static void same_state(const Trainer *a, const Trainer *b)
{
	same_params(a->model, b->model);
	const Model *ma = a->model, *mb = b->model;
	assert_int_equal(ma->n_buffers, mb->n_buffers);
	for (int k = 0; k < ma->n_buffers; k++) {
		assert_memory_equal(ma->buffer[k]->data, mb->buffer[k]->data,
				    mat_size(ma->buffer[k]) * sizeof(double));
		assert_memory_equal(a->best_buffers[k]->data, b->best_buffers[k]->data,
				    mat_size(ma->buffer[k]) * sizeof(double));
	}
	for (int k = 0; k < ma->c.layers; k++)
		assert_int_equal(ma->bn[k]->batches_tracked, mb->bn[k]->batches_tracked);
	uint64_t wa[4 * MODEL_MAX_LAYERS], wb[4 * MODEL_MAX_LAYERS];
	assert_int_equal(model_rng_words(ma), 4 * ma->c.layers);
	model_rng_get(ma, wa);
	model_rng_get(mb, wb);
	assert_memory_equal(wa, wb, (size_t)model_rng_words(ma) * sizeof(uint64_t));
}

static void test_exact_resume(void **state)
{
	(void)state;
	TrainConfig c = mlp_config();
	c.model.batch_norm = 1;
	c.model.dropout = 0.25;
	c.eval_every = 4;
	c.early_stop = 100; /* keeps the best weights and running statistics: saved too */
	c.iters = 24;
	TrainEval fa, fb;
	Trainer *a = make(&c);
	assert_int_equal(trainer_run(a, NULL, &fa), ST_OK);
	c.iters = 10;
	Trainer *b = make(&c);
	assert_int_equal(trainer_train(b, NULL), ST_OK);
	assert_int_equal(checkpoint_save(b, 0.0, file), ST_OK);
	trainer_free(b);
	c.iters = 24;
	b = make(&c);
	double secs;
	assert_int_equal(checkpoint_load(b, file, &secs), ST_OK);
	assert_int_equal(b->iter, 10);
	assert_int_equal(trainer_run(b, NULL, &fb), ST_OK);
	same_state(a, b);
	assert_true(memcmp(&fa.test_loss, &fb.test_loss, sizeof(double)) == 0);
	assert_true(memcmp(&fa.train_loss, &fb.train_loss, sizeof(double)) == 0);
	trainer_free(b);
	/* A checkpoint without batch norm is refused by a run with it, naming the option. */
	c.model.batch_norm = 0;
	b = make(&c);
	assert_int_equal(checkpoint_load(b, file, &secs), ST_EINVAL);
	assert_non_null(strstr(status_detail(), "--batch-norm"));
	trainer_free(b);
	c.model.batch_norm = 1;
	c.model.dropout = 0.5;
	b = make(&c);
	assert_int_equal(checkpoint_load(b, file, &secs), ST_EINVAL);
	assert_non_null(strstr(status_detail(), "--dropout"));
	trainer_free(b);
	trainer_free(a);
}

static void test_early_stop_restores_running_stats(void **state)
{
	(void)state;
	/* A wide network on a few noisy points overfits, so early stopping ends it. */
	TrainConfig c = mlp_config();
	c.task.train_size = 20;
	c.task.noise = 0.2;
	c.model.width = 48;
	c.model.batch_norm = 1;
	c.optim.lr = 0.05;
	c.iters = 2000;
	c.eval_every = 10;
	c.early_stop = 4;
	TrainEval f;
	Trainer *tr = make(&c);
	assert_int_equal(trainer_run(tr, NULL, &f), ST_OK);
	assert_int_equal(tr->status, TRAIN_STOPPED_EARLY);
	assert_true(tr->restored_best);
	/* The best loss was measured with the running statistics of then: the restored model
	 * gives it again only if they came back with the weights. */
	assert_true(f.test_loss == tr->best_loss);
	trainer_free(tr);
}

static void test_zero_init_identical(void **state)
{
	(void)state;
	TrainConfig c = mlp_config();
	c.model.init = INIT_ZEROS;
	c.model.act = ACT_SIGMOID; /* sigmoid(0) = 1/2: the weights do move */
	c.iters = 30;
	for (int bn = 0; bn < 2; bn++) {
		c.model.batch_norm = bn;
		TrainEval f;
		Trainer *tr = make(&c);
		assert_true(tr->identical_at_init);
		assert_int_equal(trainer_run(tr, NULL, &f), ST_OK);
		/* Trained: the output layer's weights left zero ... */
		const Mat *out = tr->model->layer[c.model.layers]->weight;
		double sq = 0;
		for (size_t i = 0; i < mat_size(out); i++)
			sq += out->data[i] * out->data[i];
		assert_true(sq > 0);
		/* ... yet every hidden unit is still the same as every other. */
		assert_true(model_units_identical(tr->model));
		if (bn) {
			/* One unit's batch-norm scale set apart: no longer identical. */
			tr->model->bn[0]->weight->data[1] += 0.5;
			assert_false(model_units_identical(tr->model));
		}
		trainer_free(tr);
	}
	/* Dropout's masks differ from unit to unit, and so, soon, do the units. */
	c.model.batch_norm = 0;
	c.model.dropout = 0.5;
	TrainEval f;
	Trainer *tr = make(&c);
	assert_true(tr->identical_at_init);
	assert_int_equal(trainer_run(tr, NULL, &f), ST_OK);
	assert_false(model_units_identical(tr->model));
	trainer_free(tr);
}

static void test_deep_batch_norm_gradient(void **state)
{
	(void)state;
	TrainConfig c = mlp_config();
	c.model.layers = 12;
	c.model.width = 8;
	c.model.act = ACT_SIGMOID;
	c.iters = 1;
	TrainEval f;
	Trainer *tr = make(&c);
	assert_int_equal(trainer_run(tr, NULL, &f), ST_OK);
	double plain = tr->layer_norm_init[0];
	assert_true(plain < 1e-5 * tr->layer_norm_init[12]);
	trainer_free(tr);
	c.model.batch_norm = 1;
	tr = make(&c);
	assert_int_equal(trainer_run(tr, NULL, &f), ST_OK);
	assert_true(tr->layer_norm_init[0] > 1e3 * plain);
	trainer_free(tr);
}

static void test_bad_config(void **state)
{
	(void)state;
	TrainConfig c = mlp_config();
	c.model.dropout = 1;
	assert_null(trainer_new(&c));
	assert_non_null(strstr(status_detail(), "--dropout"));
	c.model.dropout = -0.1;
	assert_null(trainer_new(&c));
	c = mlp_config();
	c.model.batch_norm = 1;
	c.batch = 1;
	assert_null(trainer_new(&c));
	assert_non_null(strstr(status_detail(), "--batch-norm"));
}

static void test_out_of_memory(void **state)
{
	(void)state;
	TrainConfig c = mlp_config();
	c.model.batch_norm = 1;
	c.model.dropout = 0.2;
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dropout_off_in_eval),
		cmocka_unit_test(test_batch_norm_running_stats),
		cmocka_unit_test(test_gradient_finite_differences),
		cmocka_unit_test(test_softmax_mse_loss),
		cmocka_unit_test(test_exact_resume),
		cmocka_unit_test(test_early_stop_restores_running_stats),
		cmocka_unit_test(test_zero_init_identical),
		cmocka_unit_test(test_deep_batch_norm_gradient),
		cmocka_unit_test(test_bad_config),
		cmocka_unit_test(test_out_of_memory),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
