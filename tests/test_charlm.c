/* test_charlm: `gradlab train charlm`'s pieces on tiny texts. The vocabulary of a mixed
 * English and Chinese text is its sorted set of code points; a byte that is not UTF-8 is
 * refused with its file and offset; the B streams read consecutive windows of their own
 * part of the text and start again together; the held-out tail never reaches a training
 * batch; the carried state is detached (the gradient of window 2 reaches none of window 1's
 * inputs, and matches finite differences with the carried state held constant); the
 * baseline is the unigram entropy; sampling is deterministic for a seed and the
 * temperature sharpens the distribution as p^(1/T); a checkpoint resumes bit for bit. */
#include "test_util.h"

#include "core/mem.h"
#include "core/utf8.h"
#include "train/charlm.h"
#include "train/checkpoint.h"
#include "train/loop.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char *write_text(const char *bytes, size_t len)
{
	static char path[4][64];
	static int k;
	char *p = path[k++ % 4];
	snprintf(p, sizeof path[0], "/tmp/test_charlm_XXXXXX");
	int fd = mkstemp(p);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, bytes, len), (ssize_t)len);
	close(fd);
	return p;
}

static TrainConfig config(const char *path, int steps, int batch, int held)
{
	TrainConfig c = { 0 };
	c.task = task_defaults(TASK_CHARLM);
	c.task.text = path;
	c.task.steps = steps;
	c.task.test_size = held;
	c.model = (ModelConfig){ .cell = REC_LSTM, .hidden = 5, .act = ACT_TANH, .embed = 3 };
	c.optim = optim_defaults(OPTIM_ADAM);
	c.optim.lr = 0.05;
	c.schedule = schedule_defaults(SCHED_CONSTANT);
	c.batch = batch;
	c.iters = 10;
	c.seed = 7;
	return c;
}

static void test_vocabulary_mixed(void **state)
{
	(void)state;
	const char *s = "grad 梯度 of the 梯 loss\n损失 da";
	CharText *t;
	assert_int_equal(chartext_from_bytes(s, strlen(s), "mixed", &t), ST_OK);
	/* Code points, not bytes. */
	long n = 0;
	for (size_t i = 0; s[i];) {
		unsigned cp = utf8_next(s, &i);
		int k = chartext_index(t, cp);
		assert_true(k >= 0);
		assert_int_equal(t->vocab[k], cp);
		assert_int_equal(t->id[n], k);
		n++;
	}
	assert_int_equal(t->n, n);
	assert_true(n < (long)strlen(s));
	/* Sorted, distinct, and nothing that is not in the text. */
	int distinct = 0;
	for (long i = 0; i < n; i++) {
		int seen = 0;
		for (long j = 0; j < i; j++)
			seen |= t->id[j] == t->id[i];
		distinct += !seen;
	}
	assert_int_equal(t->vocab_size, distinct);
	for (int v = 1; v < t->vocab_size; v++)
		assert_true(t->vocab[v - 1] < t->vocab[v]);
	assert_int_equal(chartext_index(t, 0x4E2D), -1); /* 中 is not in it */
	chartext_free(t);
}

static void test_bad_utf8(void **state)
{
	(void)state;
	CharText *t = NULL;
	assert_int_equal(chartext_from_bytes("ab\xff" "c", 4, "x.txt", &t), ST_EPARSE);
	assert_null(t);
	assert_non_null(strstr(status_detail(), "x.txt: not UTF-8 at byte 2"));
	/* A sequence cut short, an overlong form, a surrogate. */
	assert_int_equal(chartext_from_bytes("a\xe6\xa2", 3, "y", &t), ST_EPARSE);
	assert_non_null(strstr(status_detail(), "byte 1"));
	assert_int_equal(chartext_from_bytes("\xc0\xaf", 2, "y", &t), ST_EPARSE);
	assert_int_equal(chartext_from_bytes("\xed\xa0\x80", 3, "y", &t), ST_EPARSE);
	/* A real U+FFFD is a character like any other. */
	assert_int_equal(chartext_from_bytes("a\xef\xbf\xbd", 4, "y", &t), ST_OK);
	assert_int_equal(t->vocab_size, 2);
	chartext_free(t);
	/* Through a file: its name. */
	char *path = write_text("ok\n\xfe", 4);
	assert_int_equal(chartext_load(path, &t), ST_EPARSE);
	assert_non_null(strstr(status_detail(), path));
	assert_non_null(strstr(status_detail(), "byte 3"));
	TrainConfig c = config(path, 2, 1, 2);
	assert_null(trainer_new(&c));
	unlink(path);
	assert_int_equal(chartext_load(path, &t), ST_EIO);
}

static const char *alphabet = "abcdefghijklmnopqrstuvwxyz";

/* The streams: consecutive windows of each stream's own stretch, label the next character,
 * a restart (reset) after the last window. */
static void test_streams(void **state)
{
	(void)state;
	char text[200];
	for (int i = 0; i < 199; i++)
		text[i] = alphabet[(i * 7 + i / 26) % 26];
	char *path = write_text(text, 199);
	TrainConfig c = config(path, 4, 3, 20);
	Trainer *tr = trainer_new(&c);
	assert_non_null(tr);
	Task *t = tr->task;
	const CharStreams *s = t->lm;
	assert_int_equal(s->n_train, 179);
	assert_int_equal(s->stream_len, 178 / 3);
	assert_int_equal(s->windows, (178 / 3) / 4);
	Batch *b = batch_new(t, 3);
	for (long w = 0; w < 2 * s->windows + 1; w++) {
		task_next_batch(t, b);
		assert_int_equal(b->reset, w % s->windows == 0);
		for (int j = 0; j < 3; j++)
			for (int k = 0; k < 4; k++) {
				long p = (long)j * s->stream_len + (w % s->windows) * 4 + k;
				assert_int_equal(p, charlm_position(t, w % s->windows, j, k));
				assert_true(p + 1 <= (long)(j + 1) * s->stream_len);
				assert_int_equal(b->index[k * 3 + j], s->text->id[p]);
				assert_int_equal(b->label[k * 3 + j], s->text->id[p + 1]);
			}
	}
	batch_free(b);
	trainer_free(tr);
	/* Too short for the streams: refused in words. */
	c = config(path, 60, 4, 20);
	assert_null(trainer_new(&c));
	assert_non_null(strstr(status_detail(), "too few"));
	unlink(path);
}

/* The tail's characters (here x, y, z, which the training part lacks) never reach a
 * training batch, and the held-out loss is measured on them. */
static void test_held_out_tail(void **state)
{
	(void)state;
	char text[130];
	for (int i = 0; i < 100; i++)
		text[i] = "abcab"[i % 5];
	for (int i = 100; i < 130; i++)
		text[i] = "xyz"[i % 3];
	char *path = write_text(text, 130);
	TrainConfig c = config(path, 3, 2, 30);
	Trainer *tr = trainer_new(&c);
	assert_non_null(tr);
	Task *t = tr->task;
	const CharText *x = t->lm->text;
	int held[3] = { chartext_index(x, 'x'), chartext_index(x, 'y'), chartext_index(x, 'z') };
	Batch *b = batch_new(t, 2);
	for (long w = 0; w < t->lm->windows + 2; w++) {
		task_next_batch(t, b);
		for (int i = 0; i < b->n_label; i++)
			for (int h = 0; h < 3; h++) {
				assert_int_not_equal(b->index[i], held[h]);
				assert_int_not_equal(b->label[i], held[h]);
			}
	}
	batch_free(b);
	/* The baseline: the training part's unigram entropy (a, b twice as often as c). */
	double p = 2.0 / 5, q = 1.0 / 5;
	assert_close(-(2 * p * log2(p) + q * log2(q)), task_baseline(t, 0), 1e-12, 0);
	/* Training on a, b, c cannot predict x, y, z: the held-out loss rises while the
	 * training loss falls. */
	double before, after, acc;
	assert_int_equal(trainer_evaluate(tr, &before, &acc), ST_OK);
	c.iters = 60;
	tr->c.iters = 60;
	TrainEval f;
	assert_int_equal(trainer_run(tr, NULL, &f), ST_OK);
	after = f.test_loss;
	assert_true(after > before);
	assert_true(f.train_loss < log(3.0));
	trainer_free(tr);
	unlink(path);
}

/* The loss of the window the trainer last ran, from the state it started with (h_in) and
 * the model's weights now. */
static double window_loss(Trainer *tr, const Batch *b)
{
	CharModel *lm = tr->model->lm;
	Mat *h = mat_clone(lm->h), *c = mat_clone(lm->c);
	mat_copy(lm->h, lm->h_in);
	mat_copy(lm->c, lm->c_in);
	Batch again = *b;
	again.reset = 0;
	ad_tape_reset(tr->tape);
	AdNode *l = charlm_loss(tr->model, tr->tape, &again);
	assert_non_null(l);
	double v = l->value.data[0];
	ad_tape_reset(tr->tape);
	mat_copy(lm->h, h);
	mat_copy(lm->c, c);
	mat_free(h);
	mat_free(c);
	return v;
}

/* Window 1 reads only a and b, window 2 only c and d. After window 2's backward pass the
 * embedding rows of a and b have no gradient although window 2 started from window 1's
 * state: the state came in as a constant. The gradient is the finite difference of the
 * window's loss with that state held fixed. */
static void test_detached(void **state)
{
	(void)state;
	const char *text = "abbaabab" "cdcddccd" "c" "wxyz";
	char *path = write_text(text, strlen(text));
	TrainConfig c = config(path, 8, 1, 4);
	c.optim = optim_defaults(OPTIM_SGD);
	c.optim.lr = 0; /* the weights stay: the gradient is the one of these weights */
	Trainer *tr = trainer_new(&c);
	assert_non_null(tr);
	assert_int_equal(tr->task->lm->windows, 2);
	Model *m = tr->model;
	assert_string_equal(m->name[0], "embedding.weight");
	TrainPoint p;
	assert_int_equal(trainer_step(tr, &p), ST_OK);
	assert_int_equal(trainer_step(tr, &p), ST_OK);
	const CharText *x = tr->task->lm->text;
	const Mat *g = m->grad[0];
	int rows[4] = { chartext_index(x, 'a'), chartext_index(x, 'b'), chartext_index(x, 'c'),
			chartext_index(x, 'd') };
	for (int r = 0; r < 4; r++) {
		double sq = 0;
		for (int j = 0; j < g->cols; j++)
			sq += MAT_AT(g, rows[r], j) * MAT_AT(g, rows[r], j);
		if (r < 2)
			assert_true(sq == 0);
		else
			assert_true(sq > 0);
	}
	/* Window 2 did start from window 1's last state, not from zeros. */
	double hs = 0;
	for (size_t i = 0; i < mat_size(m->lm->h_in); i++)
		hs += fabs(m->lm->h_in->data[i]);
	assert_true(hs > 0);
	/* Finite differences of window 2's loss, the carried state held constant. */
	Batch *b = tr->batch;
	double loss = window_loss(tr, b);
	assert_close(p.loss, loss, 1e-15, 0);
	for (int k = 0; k < m->n_params; k++) {
		Mat *w = m->param[k];
		for (size_t i = 0; i < mat_size(w); i += 1 + mat_size(w) / 7) {
			double keep = w->data[i], eps = 1e-6;
			w->data[i] = keep + eps;
			double up = window_loss(tr, b);
			w->data[i] = keep - eps;
			double down = window_loss(tr, b);
			w->data[i] = keep;
			assert_close((up - down) / (2 * eps), m->grad[k]->data[i], 1e-8, 1e-5);
		}
	}
	trainer_free(tr);
	unlink(path);
}

static Trainer *trained(const char *path, long iters)
{
	TrainConfig c = config(path, 5, 2, 10);
	c.iters = iters;
	Trainer *tr = trainer_new(&c);
	assert_non_null(tr);
	TrainEval f;
	assert_int_equal(trainer_run(tr, NULL, &f), ST_OK);
	return tr;
}

static void test_sampling(void **state)
{
	(void)state;
	const char *text = "the cat sat on the mat; 猫坐在垫子上。the cat sat on the mat.\n";
	char *path = write_text(text, strlen(text));
	Trainer *tr = trained(path, 30);
	Model *m = tr->model;
	int V = tr->task->classes;
	int a[200], b[200], d[200];
	assert_int_equal(charlm_sample(m, tr->tape, NULL, 0, 200, 1.0, 5, a), ST_OK);
	assert_int_equal(charlm_sample(m, tr->tape, NULL, 0, 200, 1.0, 5, b), ST_OK);
	assert_memory_equal(a, b, sizeof a);
	assert_int_equal(charlm_sample(m, tr->tape, NULL, 0, 200, 1.0, 6, d), ST_OK);
	assert_memory_not_equal(a, d, sizeof a);
	for (int i = 0; i < 200; i++)
		assert_true(a[i] >= 0 && a[i] < V);
	/* The temperature: p_T is p_1^(1/T), normalised. */
	int prompt[2] = { chartext_index(tr->task->lm->text, 't'),
			  chartext_index(tr->task->lm->text, 'h') };
	double *p1 = mem_alloc((size_t)V * sizeof *p1), *ph = mem_alloc((size_t)V * sizeof *ph);
	double *p2 = mem_alloc((size_t)V * sizeof *p2);
	assert_int_equal(charlm_next_probs(m, tr->tape, prompt, 2, 1.0, p1), ST_OK);
	assert_int_equal(charlm_next_probs(m, tr->tape, prompt, 2, 0.5, ph), ST_OK);
	assert_int_equal(charlm_next_probs(m, tr->tape, prompt, 2, 2.0, p2), ST_OK);
	double zh = 0, z2 = 0, top1 = 0, toph = 0, top2 = 0;
	for (int v = 0; v < V; v++) {
		zh += p1[v] * p1[v];
		z2 += sqrt(p1[v]);
	}
	for (int v = 0; v < V; v++) {
		assert_close(p1[v] * p1[v] / zh, ph[v], 1e-14, 1e-10);
		assert_close(sqrt(p1[v]) / z2, p2[v], 1e-14, 1e-10);
		top1 = fmax(top1, p1[v]);
		toph = fmax(toph, ph[v]);
		top2 = fmax(top2, p2[v]);
	}
	assert_true(toph > top1 && top1 > top2);
	/* A cold sample is the argmax every time, whatever the seed. */
	assert_int_equal(charlm_sample(m, tr->tape, prompt, 2, 50, 1e-3, 1, a), ST_OK);
	assert_int_equal(charlm_sample(m, tr->tape, prompt, 2, 50, 1e-3, 2, b), ST_OK);
	assert_memory_equal(a, b, 50 * sizeof *a);
	/* No temperature at or below 0. */
	assert_int_equal(charlm_sample(m, tr->tape, NULL, 0, 5, 0.0, 1, a), ST_ERANGE);
	assert_int_equal(charlm_sample(m, tr->tape, NULL, 0, 5, -1.0, 1, a), ST_ERANGE);
	mem_free(p1);
	mem_free(ph);
	mem_free(p2);
	trainer_free(tr);
	unlink(path);
}

/* Saved at 7 and resumed to 19 ends where 19 at once does: the weights and the carried
 * state bit for bit (the streams wrap in between). */
static void test_resume_exact(void **state)
{
	(void)state;
	const char *text = "gradients vanish and explode; 梯度消失与爆炸。LSTM gates keep them.\n";
	char *path = write_text(text, strlen(text));
	char ckpt[] = "/tmp/test_charlm_ckpt_XXXXXX";
	int fd = mkstemp(ckpt);
	close(fd);
	Trainer *whole = trained(path, 19), *first = trained(path, 7);
	assert_true(whole->task->lm->windows < 19);
	assert_int_equal(checkpoint_save(first, 0, ckpt), ST_OK);
	TrainConfig c = config(path, 5, 2, 10);
	c.iters = 19;
	Trainer *rest = trainer_new(&c);
	double secs;
	assert_int_equal(checkpoint_load(rest, ckpt, &secs), ST_OK);
	assert_int_equal(rest->task->lm->pos, first->task->lm->pos);
	TrainEval f;
	assert_int_equal(trainer_run(rest, NULL, &f), ST_OK);
	for (int k = 0; k < whole->model->n_params; k++)
		assert_memory_equal(whole->model->param[k]->data, rest->model->param[k]->data,
				    mat_size(whole->model->param[k]) * sizeof(double));
	assert_memory_equal(whole->model->lm->h->data, rest->model->lm->h->data,
			    mat_size(rest->model->lm->h) * sizeof(double));
	assert_memory_equal(whole->model->lm->c->data, rest->model->lm->c->data,
			    mat_size(rest->model->lm->c) * sizeof(double));
	/* Another text: refused. */
	const char *other = "gradients vanish and explode; 梯度消失与爆炸。GRU gates keep them.\n";
	char *path2 = write_text(other, strlen(other));
	TrainConfig c2 = config(path2, 5, 2, 10);
	Trainer *wrong = trainer_new(&c2);
	assert_non_null(wrong);
	assert_int_equal(checkpoint_load(wrong, ckpt, &secs), ST_EINVAL);
	assert_non_null(strstr(status_detail(), "--text"));
	/* A position outside the streams is refused. */
	size_t n = charlm_state_size(rest->model);
	double *v = mem_alloc(n * sizeof *v);
	charlm_state_get(rest->task, rest->model, v);
	v[0] = (double)rest->task->lm->windows;
	assert_int_equal(charlm_state_set(rest->task, rest->model, v), ST_EINVAL);
	mem_free(v);
	trainer_free(wrong);
	trainer_free(whole);
	trainer_free(first);
	trainer_free(rest);
	unlink(ckpt);
	unlink(path);
	unlink(path2);
}

/* --one-hot: no embedding, the cell reads V inputs; it trains. */
static void test_one_hot(void **state)
{
	(void)state;
	const char *text = "abcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabc";
	char *path = write_text(text, strlen(text));
	TrainConfig c = config(path, 4, 2, 8);
	c.model.one_hot = 1;
	c.iters = 80;
	Trainer *tr = trainer_new(&c);
	assert_non_null(tr);
	assert_null(tr->model->lm->emb);
	assert_int_equal(tr->model->rnn->input, 3);
	assert_string_equal(tr->model->name[0], "weight_ih");
	TrainEval f;
	assert_int_equal(trainer_run(tr, NULL, &f), ST_OK);
	assert_true(f.test_loss < 0.2 * log(3.0)); /* abc repeats: nearly certain */
	trainer_free(tr);
	unlink(path);
}

/* The n-th allocation failing, for every n: a failure in words, never a crash or a leak
 * (under ASan), and the whole run, the held-out loss and a sample once memory suffices. */
static void test_out_of_memory(void **state)
{
	(void)state;
	const char *text = "grad 梯度 grad 梯度 loss 损失 loss 损失 grad 梯度 loss\n";
	char *path = write_text(text, strlen(text));
	for (int one_hot = 0; one_hot < 2; one_hot++) {
		TrainConfig c = config(path, 3, 2, 6);
		c.model.one_hot = one_hot;
		c.iters = 3;
		c.eval_every = 2;
		int succeeded = 0;
		for (long n = 0; n < 5000 && !succeeded; n++) {
			mem_fail_after(n);
			Trainer *tr = trainer_new(&c);
			TrainEval f;
			int out[4];
			if (tr && trainer_run(tr, NULL, &f) == ST_OK &&
			    charlm_sample(tr->model, tr->tape, NULL, 0, 4, 1.0, 1, out) == ST_OK)
				succeeded = n > 0;
			mem_fail_after(-1);
			trainer_free(tr);
		}
		assert_true(succeeded);
	}
	unlink(path);
}

/* Every free takes NULL (STYLE.md). */
static void test_free_null(void **state)
{
	(void)state;
	chartext_free(NULL);
	charlm_streams_free(NULL);
	charlm_model_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vocabulary_mixed),
		cmocka_unit_test(test_bad_utf8),
		cmocka_unit_test(test_streams),
		cmocka_unit_test(test_held_out_tail),
		cmocka_unit_test(test_detached),
		cmocka_unit_test(test_sampling),
		cmocka_unit_test(test_resume_exact),
		cmocka_unit_test(test_one_hot),
		cmocka_unit_test(test_out_of_memory),
		cmocka_unit_test(test_free_null),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
