/* test_seq2seq: `gradlab train reverse`. The data (lengths in the range, the reversal, the
 * end token and the padding; a held-out set disjoint from the training stream); the
 * gradient of the whole loss over a padded batch against finite differences; padding and
 * masks that change nothing (a padded batch's loss is the token-weighted mean of its
 * strings' losses alone); beam search on a hand-built model where greedy is wrong and width
 * 2 is right, width 1 equal to greedy; decoding that agrees with the training pass. */
#include "test_util.h"

#include "check/gradcheck.h"
#include "train/beam.h"
#include "train/loop.h"
#include "train/seq2seq.h"

static Task *make_task(int min_steps, int steps, int test_size)
{
	TaskConfig c = task_defaults(TASK_REVERSE);
	c.min_steps = min_steps;
	c.steps = steps;
	c.test_size = test_size;
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

/* Every example of b: the string one-hot then zero rows, the labels its reversal, the end
 * token and padding; *seen gets the lengths that occur. */
static void check_examples(const Batch *b, int min_steps, int steps, int *seen)
{
	for (int i = 0; i < b->n; i++) {
		int L = seq2seq_length(b, i), src[SEQ2SEQ_MAX_STEPS];
		assert_true(L >= min_steps && L <= steps);
		seen[L] = 1;
		for (int s = 0; s < steps; s++) {
			const double *row = &b->x->data[((size_t)s * b->n + i) * b->input];
			int ones = 0;
			for (int j = 0; j < SEQ2SEQ_DIGITS; j++) {
				assert_true(row[j] == 0 || row[j] == 1);
				if (row[j] == 1) {
					ones++;
					src[s] = j;
				}
			}
			assert_int_equal(ones, s < L);
		}
		for (int s = 0; s <= steps; s++) {
			int want = s < L ? src[L - 1 - s] : s == L ? SEQ2SEQ_END : SEQ2SEQ_IGNORE;
			assert_int_equal(b->label[(size_t)s * b->n + i], want);
		}
	}
}

static void test_data_and_held_out(void **state)
{
	(void)state;
	Task *t = make_task(2, 6, 300);
	int seen[SEQ2SEQ_MAX_STEPS + 1] = { 0 };
	check_examples(t->test, 2, 6, seen);
	for (int i = 0; i < t->test->n; i++)
		assert_true(task_held_out(t, t->test, i));
	Batch *b = batch_new(t, 64);
	assert_non_null(b);
	long compared = 0;
	for (int k = 0; k < 40; k++) {
		task_next_batch(t, b);
		check_examples(b, 2, 6, seen);
		for (int i = 0; i < b->n; i++) {
			assert_false(task_held_out(t, b, i));
			for (int j = 0; j < t->test->n; j++, compared++)
				assert_false(same_example(b, i, t->test, j));
		}
	}
	assert_true(compared > 0);
	for (int L = 2; L <= 6; L++)
		assert_true(seen[L]);
	/* The same seed draws the same data. */
	Task *u = make_task(2, 6, 300);
	assert_memory_equal(t->test->x->data, u->test->x->data,
			    mat_size(t->test->x) * sizeof(double));
	/* The shortest longer than the longest is refused. */
	TaskConfig c = task_defaults(TASK_REVERSE);
	c.min_steps = 7;
	c.steps = 6;
	assert_null(task_new(&c));
	batch_free(b);
	task_free(t);
	task_free(u);
}

/* A batch of strings given as text, padded to the task's longest. */
static Batch *batch_of(const Task *t, const char *const *s, int n)
{
	Batch *b = batch_new(t, n);
	assert_non_null(b);
	mat_zero(b->x);
	for (int i = 0; i < n; i++) {
		int L = (int)strlen(s[i]);
		assert_true(L <= b->steps);
		for (int k = 0; k < L; k++)
			b->x->data[((size_t)k * n + i) * b->input + (s[i][k] - '0')] = 1;
		for (int k = 0; k <= b->steps; k++)
			b->label[(size_t)k * n + i] = k < L ? s[i][L - 1 - k] - '0'
							    : k == L ? SEQ2SEQ_END : SEQ2SEQ_IGNORE;
	}
	return b;
}

typedef struct LossCtx {
	Seq2seq *s;
	const Batch *b;
} LossCtx;

static AdNode *loss_fn(Tape *t, void *vctx)
{
	LossCtx *c = vctx;
	return seq2seq_loss(c->s, t, c->b, NULL);
}

static void test_gradient_padded(void **state)
{
	(void)state;
	Task *t = make_task(1, 4, 8);
	Rng rng;
	rng_seed(&rng, 7);
	Seq2seq *s = seq2seq_new(3, &rng);
	assert_non_null(s);
	const char *str[] = { "7", "3951", "42" };
	Batch *b = batch_of(t, str, 3);
	Mat *param[SEQ2SEQ_N_PARAMS], *grad[SEQ2SEQ_N_PARAMS];
	char name[SEQ2SEQ_N_PARAMS][48];
	seq2seq_params(s, param, grad, name);
	GcTensor ts[SEQ2SEQ_N_PARAMS];
	for (int k = 0; k < SEQ2SEQ_N_PARAMS; k++)
		ts[k] = (GcTensor){ name[k], param[k], grad[k] };
	LossCtx ctx = { s, b };
	GcProblem p = { ts, SEQ2SEQ_N_PARAMS, loss_fn, &ctx, 0 };
	GcOptions o = gradcheck_defaults();
	GcReport r;
	assert_int_equal(gradcheck_run(&p, &o, &r), ST_OK);
	for (int k = 0; k < r.n_tensors; k++) {
		if (r.tensors[k].failed)
			print_message("%s: %d of %d failed, worst rel %.3g\n", r.tensors[k].name,
				      r.tensors[k].failed, r.tensors[k].checked, r.tensors[k].max_rel_err);
		assert_int_equal(r.tensors[k].failed, 0);
		assert_true(r.tensors[k].checked > 0);
	}
	assert_true(r.passed);
	gradcheck_report_free(&r);
	batch_free(b);
	seq2seq_free(s);
	task_free(t);
}

static double loss_of(Seq2seq *s, Tape *t, const Batch *b, long *correct)
{
	ad_tape_reset(t);
	AdNode *l = seq2seq_loss(s, t, b, correct);
	assert_int_equal(ad_tape_status(t), ST_OK);
	assert_non_null(l);
	return l->value.data[0];
}

/* Padding and masks change nothing: the batch's mean over its real tokens is each string's
 * loss alone (no padding at all), weighted by its tokens (the string and the end token). */
static void test_padding_changes_nothing(void **state)
{
	(void)state;
	Task *t = make_task(1, 6, 8);
	Rng rng;
	rng_seed(&rng, 3);
	Seq2seq *s = seq2seq_new(5, &rng);
	Tape *tape = ad_tape_new();
	assert_true(s && tape);
	const char *str[] = { "5", "801234", "99", "3172" };
	Batch *all = batch_of(t, str, 4);
	double together = loss_of(s, tape, all, NULL), sum = 0;
	long tokens = 0;
	for (int i = 0; i < 4; i++) {
		Batch *one = batch_of(t, &str[i], 1);
		int L = (int)strlen(str[i]);
		sum += loss_of(s, tape, one, NULL) * (L + 1);
		tokens += L + 1;
		batch_free(one);
	}
	assert_close(sum / tokens, together, 1e-13, 1e-12);
	batch_free(all);
	ad_tape_free(tape);
	seq2seq_free(s);
	task_free(t);
}

/* The held-out loss, measured in chunks of TRAIN_EVAL_CHUNK strings, is the mean over all
 * the held-out tokens, as one pass over the whole set gives it. */
static void test_held_out_loss_per_token(void **state)
{
	(void)state;
	TrainConfig c = { 0 };
	c.task = task_defaults(TASK_REVERSE);
	c.task.min_steps = 1;
	c.task.steps = 9;
	c.task.test_size = TRAIN_EVAL_CHUNK + 72;
	c.model.hidden = 4;
	c.optim = optim_defaults(OPTIM_ADAM);
	c.schedule = schedule_defaults(SCHED_CONSTANT);
	c.batch = 4;
	c.seed = 9;
	Trainer *tr = trainer_new(&c);
	assert_non_null(tr);
	double loss, acc;
	assert_int_equal(trainer_evaluate(tr, &loss, &acc), ST_OK);
	long correct;
	double whole = loss_of(tr->model->s2s, tr->tape, tr->task->test, &correct);
	assert_close(whole, loss, 1e-14, 1e-12);
	assert_close((double)correct / c.task.test_size, acc, 0, 0);
	trainer_free(tr);
}

/* {==== A hand-built model ==== */
/* Tokens a, b and the end; the state is the node of a small tree: 0 the root, 1 after a,
 * 2 after b, 3 deeper. Greedy takes a (0.55) and then ends (0.4): 0.22. Width 2 also keeps
 * b (0.4), which ends with 0.9: 0.36, the most probable sequence. */
enum { TA, TB, TEND, TSTART };
static const double tree[4][3] = {
	{ 0.55, 0.40, 0.05 },
	{ 0.30, 0.30, 0.40 },
	{ 0.05, 0.05, 0.90 },
	{ 0.10, 0.10, 0.80 },
};
static int calls;

/* The state is the parent's node; the token just taken (last) says which child this is. */
static Status tree_step_child(void *ctx, int n, const double *state, const int *last,
			      double *logp, double *next)
{
	const double (*p)[3] = ctx;
	calls++;
	for (int i = 0; i < n; i++) {
		int parent = (int)state[i];
		int node = last[i] == TSTART ? 0 : parent == 0 ? (last[i] == TA ? 1 : 2) : 3;
		for (int w = 0; w < 3; w++)
			logp[i * 3 + w] = log(p[node][w]);
		next[i] = node;
	}
	return ST_OK;
}

static void test_beam_hand_built(void **state)
{
	(void)state;
	BeamModel m = { 3, TSTART, TEND, 1, tree_step_child, (void *)tree };
	double s0 = 0;
	int g[8], b1[8], b2[8], b3[8];
	BeamResult rg, r1, r2, r3;
	assert_int_equal(beam_greedy(&m, &s0, 8, g, &rg), ST_OK);
	assert_int_equal(rg.len, 1);
	assert_int_equal(g[0], TA);
	assert_true(rg.finished);
	assert_close(log(0.55 * 0.40), rg.logp, 1e-15, 1e-14);
	/* Width 1 is greedy. */
	assert_int_equal(beam_search(&m, &s0, 1, 8, b1, &r1), ST_OK);
	assert_int_equal(r1.len, rg.len);
	assert_int_equal(r1.finished, rg.finished);
	assert_memory_equal(b1, g, (size_t)rg.len * sizeof *g);
	assert_true(r1.logp == rg.logp);
	/* Width 2 finds b, end: more probable than greedy's. */
	assert_int_equal(beam_search(&m, &s0, 2, 8, b2, &r2), ST_OK);
	assert_int_equal(r2.len, 1);
	assert_int_equal(b2[0], TB);
	assert_true(r2.finished);
	assert_close(log(0.40 * 0.90), r2.logp, 1e-15, 1e-14);
	assert_true(r2.logp > rg.logp);
	/* Width 3 agrees, and stops once no live hypothesis can win (a, a at 0.165 < 0.36):
	 * two calls of the model, not eight. */
	calls = 0;
	assert_int_equal(beam_search(&m, &s0, 3, 8, b3, &r3), ST_OK);
	assert_int_equal(r3.len, 1);
	assert_int_equal(b3[0], TB);
	assert_int_equal(calls, 2);
	/* A model that never wants to end: cut at the length limit, unfinished. */
	static const double loop[4][3] = { { 0.5, 0.4, 0.1 }, { 0.5, 0.4, 0.1 },
					   { 0.5, 0.4, 0.1 }, { 0.5, 0.4, 0.1 } };
	BeamModel ml = { 3, TSTART, TEND, 1, tree_step_child, (void *)loop };
	assert_int_equal(beam_search(&ml, &s0, 2, 3, b3, &r3), ST_OK);
	assert_int_equal(r3.len, 3);
	assert_false(r3.finished);
	assert_int_equal(beam_greedy(&ml, &s0, 3, g, &rg), ST_OK);
	assert_int_equal(rg.len, 3);
	assert_false(rg.finished);
	/* Bad widths are refused. */
	assert_int_equal(beam_search(&m, &s0, 0, 8, b3, &r3), ST_EINVAL);
	assert_int_equal(beam_search(&m, &s0, BEAM_MAX_WIDTH + 1, 8, b3, &r3), ST_EINVAL);
}
/* }==== */

/* On the real model: width 1 equals greedy exactly, and greedy's output fed back as the
 * labels of the training pass has every position right (greedy took each argmax) and a
 * loss of -log p / tokens, p the probability decoding reported. */
static void test_decoding_matches_training(void **state)
{
	(void)state;
	Task *t = make_task(1, 8, 8);
	Rng rng, data;
	rng_seed(&rng, 11);
	rng_seed(&data, 5);
	Seq2seq *s = seq2seq_new(6, &rng);
	Tape *tape = ad_tape_new();
	assert_true(s && tape);
	int agreed = 0;
	for (int k = 0; k < 30; k++) {
		int L = 1 + rng_below(&data, 5), src[8];
		char str[9];
		for (int i = 0; i < L; i++) {
			src[i] = rng_below(&data, 10);
			str[i] = (char)('0' + src[i]);
		}
		str[L] = 0;
		Seq2seqDecoded g, b1;
		assert_int_equal(seq2seq_decode(s, src, L, 1, 16, &g, &b1), ST_OK);
		assert_int_equal(g.len, b1.len);
		assert_int_equal(g.finished, b1.finished);
		assert_memory_equal(g.tok, b1.tok, (size_t)g.len * sizeof(int));
		assert_true(g.logp == b1.logp);
		if (!g.finished || g.len > 8)
			continue;
		const char *one[] = { str };
		Batch *b = batch_of(t, one, 1);
		for (int i = 0; i <= 8; i++)
			b->label[i] = i < g.len ? g.tok[i] : i == g.len ? SEQ2SEQ_END : SEQ2SEQ_IGNORE;
		long correct;
		double loss = loss_of(s, tape, b, &correct);
		assert_int_equal(correct, 1);
		assert_close(-g.logp / (g.len + 1), loss, 1e-13, 1e-11);
		agreed++;
		batch_free(b);
	}
	assert_true(agreed >= 5);
	ad_tape_free(tape);
	seq2seq_free(s);
	task_free(t);
}

/* For tests/torch_seq2seq.sh (PyTorch): with GRADLAB_SEQ2SEQ_DUMP=FILE, a padded batch, the
 * weights, the loss and its gradient as JSON, for torch to rebuild string by string (no
 * padding there) and compare. Without the variable there is nothing to do. */
static void put_mat(FILE *f, const Mat *m)
{
	fputc('[', f);
	for (int r = 0; r < m->rows; r++) {
		fputs(r ? ", [" : "[", f);
		for (int c = 0; c < m->cols; c++)
			fprintf(f, "%s%.17g", c ? ", " : "", MAT_AT(m, r, c));
		fputc(']', f);
	}
	fputc(']', f);
}

static void test_torch_dump(void **state)
{
	(void)state;
	const char *path = getenv("GRADLAB_SEQ2SEQ_DUMP");
	if (!path)
		skip();
	Task *t = make_task(1, 7, 8);
	Rng rng;
	rng_seed(&rng, 21);
	Seq2seq *s = seq2seq_new(5, &rng);
	Tape *tape = ad_tape_new();
	assert_true(s && tape);
	const char *str[] = { "3", "8061945", "27", "51190" };
	Batch *b = batch_of(t, str, 4);
	Mat *param[SEQ2SEQ_N_PARAMS], *grad[SEQ2SEQ_N_PARAMS];
	char name[SEQ2SEQ_N_PARAMS][48];
	seq2seq_params(s, param, grad, name);
	for (int k = 0; k < SEQ2SEQ_N_PARAMS; k++)
		mat_zero(grad[k]);
	double loss = loss_of(s, tape, b, NULL);
	assert_int_equal(ad_backward(tape, ad_tape_node(tape, ad_tape_size(tape) - 1)), ST_OK);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fprintf(f, "{\"hidden\": 5, \"strings\": [");
	for (int i = 0; i < 4; i++)
		fprintf(f, "%s\"%s\"", i ? ", " : "", str[i]);
	fprintf(f, "], \"loss\": %.17g, \"params\": {", loss);
	for (int k = 0; k < SEQ2SEQ_N_PARAMS; k++) {
		fprintf(f, "%s\"%s\": ", k ? ", " : "", name[k]);
		put_mat(f, param[k]);
	}
	fputs("}, \"grads\": {", f);
	for (int k = 0; k < SEQ2SEQ_N_PARAMS; k++) {
		fprintf(f, "%s\"%s\": ", k ? ", " : "", name[k]);
		put_mat(f, grad[k]);
	}
	fputs("}}\n", f);
	assert_int_equal(fclose(f), 0);
	batch_free(b);
	ad_tape_free(tape);
	seq2seq_free(s);
	task_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_data_and_held_out),
		cmocka_unit_test(test_gradient_padded),
		cmocka_unit_test(test_padding_changes_nothing),
		cmocka_unit_test(test_held_out_loss_per_token),
		cmocka_unit_test(test_beam_hand_built),
		cmocka_unit_test(test_decoding_matches_training),
		cmocka_unit_test(test_torch_dump),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
