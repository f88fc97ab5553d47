/* test_train_probe: the probes of `gradlab train --layer-stats --grad-noise` (train/probe).
 * The per-layer variances of a one-layer MLP match h = tanh(x W^T + b) and one example's
 * gradient dl/dh = (softmax(h Wo^T + bo) - y) Wo computed here by hand; a probed run
 * trains to the same weights bit for bit (dropout and batch norm on, whose streams and
 * running statistics a probing pass would move); the noise of a mini-batch gradient falls
 * as 1/sqrt(B) and is 0 for the whole set; and a recurrent task is refused. */
#include "test_util.h"

#include "core/mem.h"
#include "train/probe.h"

#include <math.h>

static TrainConfig config(void)
{
	TrainConfig c = { 0 };
	c.task = task_defaults(TASK_SPIRALS);
	c.task.train_size = 64;
	c.task.test_size = 32;
	c.model = (ModelConfig){ .layers = 1, .width = 5, .act = ACT_TANH,
				 .loss = LOSS_CROSS_ENTROPY };
	c.optim = optim_defaults(OPTIM_ADAM);
	c.optim.lr = 0.02;
	c.schedule = schedule_defaults(SCHED_CONSTANT);
	c.batch = 8;
	c.iters = 10;
	c.seed = 3;
	return c;
}

static double var(const double *v, int n)
{
	double m = 0, s = 0;
	for (int i = 0; i < n; i++)
		m += v[i];
	m /= n;
	for (int i = 0; i < n; i++)
		s += (v[i] - m) * (v[i] - m);
	return s / n;
}

static void test_layers_by_hand(void **state)
{
	(void)state;
	TrainConfig c = config();
	Trainer *tr = trainer_new(&c);
	assert_non_null(tr);
	const Batch *all = tr->task->train;
	const Linear *l = tr->model->layer[0], *o = tr->model->layer[1];
	int N = all->n, W = c.model.width;
	double *h = mem_calloc((size_t)N * W, sizeof *h), *dh = mem_calloc((size_t)N * W, sizeof *dh);
	assert_non_null(h);
	assert_non_null(dh);
	for (int i = 0; i < N; i++) {
		for (int j = 0; j < W; j++) {
			double a = l->bias->data[j];
			for (int k = 0; k < all->input; k++)
				a += MAT_AT(l->weight, j, k) * MAT_AT(all->x, i, k);
			h[i * W + j] = tanh(a);
		}
		double z[2], p[2];
		for (int c2 = 0; c2 < 2; c2++) {
			z[c2] = o->bias->data[c2];
			for (int j = 0; j < W; j++)
				z[c2] += MAT_AT(o->weight, c2, j) * h[i * W + j];
		}
		double mx = fmax(z[0], z[1]), s = exp(z[0] - mx) + exp(z[1] - mx);
		for (int c2 = 0; c2 < 2; c2++)
			p[c2] = exp(z[c2] - mx) / s - (all->label[i] == c2);
		for (int j = 0; j < W; j++)
			dh[i * W + j] = p[0] * MAT_AT(o->weight, 0, j) + p[1] * MAT_AT(o->weight, 1, j);
	}
	double act, grad;
	assert_int_equal(probe_layers(tr, &act, &grad), ST_OK);
	assert_close(act, var(h, N * W), 1e-14, 1e-10);
	assert_close(grad, var(dh, N * W), 1e-14, 1e-10);
	mem_free(h);
	mem_free(dh);
	trainer_free(tr);
}

static void train(Trainer *tr)
{
	TrainEval f;
	assert_int_equal(trainer_run(tr, NULL, &f), ST_OK);
}

/* Probing first changes nothing the run computes afterwards. */
static void test_probe_leaves_run(void **state)
{
	(void)state;
	TrainConfig c = config();
	c.model.layers = 2;
	c.model.dropout = 0.3;
	c.model.batch_norm = 1;
	Trainer *a = trainer_new(&c), *b = trainer_new(&c);
	assert_non_null(a);
	assert_non_null(b);
	double act[2], grad[2];
	ProbeNoise row[PROBE_MAX_SIZES];
	int n;
	assert_int_equal(probe_layers(b, act, grad), ST_OK);
	assert_int_equal(probe_grad_noise(b, 3, row, &n), ST_OK);
	assert_int_equal(row[0].batch, 2); /* batch norm: at least two examples */
	train(a);
	train(b);
	for (int k = 0; k < a->model->n_params; k++)
		assert_memory_equal(a->model->param[k]->data, b->model->param[k]->data,
				    mat_size(a->model->param[k]) * sizeof(double));
	for (int k = 0; k < a->model->n_buffers; k++)
		assert_memory_equal(a->model->buffer[k]->data, b->model->buffer[k]->data,
				    mat_size(a->model->buffer[k]) * sizeof(double));
	trainer_free(a);
	trainer_free(b);
}

static void test_noise_falls_with_batch(void **state)
{
	(void)state;
	TrainConfig c = config();
	Trainer *tr = trainer_new(&c);
	assert_non_null(tr);
	ProbeNoise row[PROBE_MAX_SIZES];
	int n;
	assert_int_equal(probe_grad_noise(tr, 400, row, &n), ST_OK);
	/* 1, 4, 16 and the whole 64 */
	assert_int_equal(n, 4);
	assert_int_equal(row[0].batch, 1);
	assert_int_equal(row[0].steps_per_epoch, 64);
	assert_int_equal(row[2].batch, 16);
	assert_int_equal(row[3].batch, 64);
	assert_int_equal(row[3].steps_per_epoch, 1);
	assert_true(row[3].noise == 0);
	/* With replacement E|g_B - g|^2 = tr(Cov) / B: each quadrupling halves the noise. */
	for (int k = 0; k + 1 < 3; k++) {
		double ratio = row[k].noise / row[k + 1].noise;
		assert_true(ratio > 1.7 && ratio < 2.3);
	}
	trainer_free(tr);
}

static void test_refused(void **state)
{
	(void)state;
	TrainConfig c = config();
	c.task = task_defaults(TASK_ADDING);
	c.task.steps = 5;
	c.task.test_size = 16;
	c.model.cell = REC_GRU;
	c.model.hidden = 3;
	Trainer *tr = trainer_new(&c);
	assert_non_null(tr);
	double act, grad;
	ProbeNoise row[PROBE_MAX_SIZES];
	int n = 7;
	assert_int_equal(probe_layers(tr, &act, &grad), ST_EINVAL);
	assert_int_equal(probe_grad_noise(tr, 3, row, &n), ST_EINVAL);
	assert_int_equal(n, 0);
	trainer_free(tr);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_layers_by_hand),
		cmocka_unit_test(test_probe_leaves_run),
		cmocka_unit_test(test_noise_falls_with_batch),
		cmocka_unit_test(test_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
