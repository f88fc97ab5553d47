/* test_train_checkpoint: a run saved part way and resumed ends bit for bit where the same
 * run without a stop ends (weights, optimizer, schedule, data position, early stopping, the
 * loss window), for a recurrent model with Adam, warmup, cosine schedule and clipping and for
 * an MLP with SGD momentum, a step schedule and early stopping; a truncated, corrupted,
 * foreign, future-version or mismatched file is refused with a sentence saying which; a
 * save leaves no temporary file behind. */
#include "test_util.h"

#include "train/checkpoint.h"

#include <dirent.h>

static char dir[64], file[128];

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "/tmp/gradlab-ckpt-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	snprintf(file, sizeof file, "%s/run.ckpt", dir);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	rm_tree(dir);
	return 0;
}

static TrainConfig adding_config(void)
{
	TrainConfig c = { 0 };
	c.task = task_defaults(TASK_ADDING);
	c.task.steps = 6;
	c.task.test_size = 40;
	c.model = (ModelConfig){ .cell = REC_GRU, .hidden = 5, .act = ACT_TANH };
	c.optim = optim_defaults(OPTIM_ADAM);
	c.optim.lr = 0.01;
	c.optim.amsgrad = true;
	c.schedule = schedule_defaults(SCHED_COSINE);
	c.schedule.T_max = 30;
	c.schedule.warmup = 5;
	c.batch = 8;
	c.iters = 40;
	c.clip = 0.3;
	c.eval_every = 7;
	c.seed = 11;
	return c;
}

static TrainConfig spirals_config(void)
{
	TrainConfig c = { 0 };
	c.task = task_defaults(TASK_SPIRALS);
	c.task.train_size = 30;
	c.task.test_size = 50;
	c.model = (ModelConfig){ .layers = 2, .width = 12, .act = ACT_RELU,
				 .loss = LOSS_CROSS_ENTROPY, .residual = 1 };
	c.optim = optim_defaults(OPTIM_SGD);
	c.optim.lr = 0.1;
	c.optim.momentum = 0.9;
	c.schedule = schedule_defaults(SCHED_STEP);
	c.schedule.step_size = 10;
	c.batch = 10;
	c.iters = 60;
	c.eval_every = 5;
	c.early_stop = 1000; /* keeps the best weights, never stops */
	c.seed = 5;
	return c;
}

static void same_state(const Trainer *a, const Trainer *b)
{
	assert_int_equal(a->iter, b->iter);
	for (int k = 0; k < a->model->n_params; k++) {
		assert_memory_equal(a->model->param[k]->data, b->model->param[k]->data,
				    mat_size(a->model->param[k]) * sizeof(double));
		if (a->best)
			assert_memory_equal(a->best[k]->data, b->best[k]->data,
					    mat_size(a->best[k]) * sizeof(double));
	}
	assert_memory_equal(a->task->data, b->task->data, sizeof a->task->data);
	size_t n = optim_state_size(a->opt);
	double *sa = malloc(n * sizeof *sa), *sb = malloc(n * sizeof *sb);
	optim_state_get(a->opt, sa);
	optim_state_get(b->opt, sb);
	assert_memory_equal(sa, sb, n * sizeof *sa);
	free(sa);
	free(sb);
	assert_true(a->sched.lr == b->sched.lr && a->sched.last_epoch == b->sched.last_epoch);
	assert_true(a->window_sum == b->window_sum && a->window_n == b->window_n);
	assert_true(a->best_iter == b->best_iter && a->since_best == b->since_best);
}

/* Every evaluation a run makes, to compare those after the resume point. */
typedef struct Evals {
	int n;
	TrainEval e[64];
} Evals;

static void record(void *ctx, const Trainer *tr, const TrainEval *e)
{
	(void)tr;
	Evals *v = ctx;
	if (v->n < 64)
		v->e[v->n++] = *e;
}

static void check_resume(TrainConfig c, long stop_at)
{
	TrainEval whole, part;
	Evals ea = { 0 }, er = { 0 };
	TrainHooks ha = { .on_eval = record, .ctx = &ea }, hr = { .on_eval = record, .ctx = &er };
	Trainer *a = trainer_new(&c);
	assert_non_null(a);
	assert_int_equal(trainer_run(a, &ha, &whole), ST_OK);

	TrainConfig first = c;
	first.iters = stop_at;
	Trainer *b = trainer_new(&first);
	assert_int_equal(trainer_train(b, NULL), ST_OK);
	assert_int_equal(checkpoint_save(b, 1.5, file), ST_OK);
	trainer_free(b);

	Trainer *r = trainer_new(&c);
	double seconds = 0;
	assert_int_equal(checkpoint_load(r, file, &seconds), ST_OK);
	assert_true(seconds == 1.5);
	assert_int_equal(r->iter, stop_at);
	assert_int_equal(trainer_run(r, &hr, &part), ST_OK);
	same_state(a, r);
	int skip = 0;
	while (skip < ea.n && ea.e[skip].iter <= stop_at)
		skip++;
	assert_int_equal(er.n, ea.n - skip);
	assert_true(er.n > 0);
	for (int i = 0; i < er.n; i++) {
		const TrainEval *x = &ea.e[skip + i], *y = &er.e[i];
		assert_int_equal(x->iter, y->iter);
		assert_int_equal(x->improved, y->improved);
		assert_memory_equal(&x->test_loss, &y->test_loss, sizeof(double));
		assert_memory_equal(&x->train_loss, &y->train_loss, sizeof(double));
	}
	assert_memory_equal(&whole.test_loss, &part.test_loss, sizeof(double));
	assert_memory_equal(&whole.train_loss, &part.train_loss, sizeof(double));
	trainer_free(a);
	trainer_free(r);
}

static void test_exact_resume(void **state)
{
	(void)state;
	check_resume(adding_config(), 17);
	check_resume(adding_config(), 21); /* at an evaluation */
	check_resume(spirals_config(), 23);
	check_resume(spirals_config(), 25);
}

static void test_no_temporary_left(void **state)
{
	(void)state;
	TrainConfig c = adding_config();
	c.iters = 3;
	Trainer *t = trainer_new(&c);
	assert_int_equal(trainer_train(t, NULL), ST_OK);
	assert_int_equal(checkpoint_save(t, 0, file), ST_OK);
	assert_int_equal(checkpoint_save(t, 0, file), ST_OK);
	DIR *d = opendir(dir);
	int n = 0;
	for (struct dirent *e; (e = readdir(d));)
		n += e->d_name[0] != '.';
	closedir(d);
	assert_int_equal(n, 1);
	trainer_free(t);
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	*len = (size_t)ftell(f);
	rewind(f);
	char *s = malloc(*len + 1);
	assert_int_equal(fread(s, 1, *len, f), *len);
	s[*len] = '\0';
	fclose(f);
	return s;
}

static void spit(const char *path, const char *s, size_t len)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(s, 1, len, f), len);
	fclose(f);
}

/* Load path into a fresh run of c: the status, and the detail must contain want. */
static void refused(const TrainConfig *c, Status want, const char *words)
{
	Trainer *t = trainer_new(c);
	double s;
	assert_int_equal(checkpoint_load(t, file, &s), want);
	if (!strstr(status_detail(), words))
		fail_msg("'%s' does not say '%s'", status_detail(), words);
	trainer_free(t);
}

static void test_refused(void **state)
{
	(void)state;
	TrainConfig c = adding_config();
	c.iters = 5;
	Trainer *t = trainer_new(&c);
	assert_int_equal(trainer_train(t, NULL), ST_OK);
	assert_int_equal(checkpoint_save(t, 0, file), ST_OK);
	trainer_free(t);
	size_t len;
	char *good = slurp(file, &len);

	/* Cut short anywhere. */
	spit(file, good, len / 2);
	refused(&c, ST_EPARSE, "truncated");
	spit(file, good, len - 3);
	refused(&c, ST_EPARSE, "truncated");
	/* One digit of a weight changed. */
	char *bad = malloc(len + 1);
	memcpy(bad, good, len + 1);
	char *w = strstr(bad, "param weight_hh");
	w = strstr(w, "0x") + 4;
	*w = *w == '1' ? '2' : '1';
	spit(file, bad, len);
	refused(&c, ST_EPARSE, "corrupted");
	/* Not a checkpoint at all; another version. */
	spit(file, "{\"hello\": 1}\n", 13);
	refused(&c, ST_EPARSE, "not a gradlab training checkpoint");
	memcpy(bad, good, len + 1);
	bad[strlen("gradlab-train-checkpoint ")] = '7';
	spit(file, bad, len);
	refused(&c, ST_EPARSE, "version 7");
	/* Another run's options. */
	spit(file, good, len);
	TrainConfig other = c;
	other.model.hidden = 6;
	refused(&other, ST_EINVAL, "--hidden is 5 there and 6 here");
	other = c;
	other.optim.lr = 0.02;
	refused(&other, ST_EINVAL, "--lr is 0.01 there and 0.02 here");
	/* --iters may change: it counts from the start. */
	other = c;
	other.iters = 99;
	t = trainer_new(&other);
	double s;
	assert_int_equal(checkpoint_load(t, file, &s), ST_OK);
	trainer_free(t);
	unlink(file);
	refused(&c, ST_EIO, "no such file");
	free(bad);
	free(good);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_exact_resume),
		cmocka_unit_test(test_no_temporary_left),
		cmocka_unit_test(test_refused),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
