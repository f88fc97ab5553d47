/* test_grade_training: the right answers of exercises 15-18 (src/grade/checks_training.c)
 * held to independent references. The gradients of max pooling and of the masked
 * cross-entropy against central differences of the checks' own losses, case by case (the
 * tied cases of max pooling aside: a tie has no derivative; tests/torch_compare.py holds
 * those to PyTorch); Adam's step against the exercise's formula written out; the adding
 * problem's data against task.c's own training stream, bit for bit; and the judge of a
 * training run: weights left untrained or not finite fail, naming what they are. That a
 * correct run passes and that each classic mistake fails is test_grade's (solutions/,
 * tests/buggy/). */
#include "test_util.h"

#include "grade/checks.h"
#include "check_of.h"
#include "grade/result.h"
#include "train/task.h"

#define SEEDS 6

/* Every gradient of every case k in `cases` (a bit mask) against central differences. */
static void against_finite_differences(const CkCheck *check, unsigned cases)
{
	int compared = 0;
	for (uint64_t seed = 1; seed <= SEEDS; seed++)
		for (int k = 0; k < check->n_cases; k++) {
			if (!(cases >> k & 1))
				continue;
			CkCase c;
			double *want[CK_MAX_TENSORS];
			assert_int_equal(checks_case_make(check, seed, k, &c), ST_OK);
			assert_int_equal(checks_want(check, &c, want), ST_OK);
			for (int g = 0; g < c.n; g++) {
				if (c.t[g].role != CK_GRAD)
					continue;
				for (size_t i = 0; i < (size_t)c.t[g].rows * c.t[g].cols; i++) {
					double fd = checks_finite_difference(check, &c, g, i);
					if (!close_enough(want[g][i], fd, 1e-6, 1e-5))
						fail_msg("%s case %d seed %d: %s[%zu] is %.12g, central "
							 "differences give %.12g (%s)",
							 check->name, k, (int)seed, c.t[g].name, i,
							 want[g][i], fd, c.note[LANG_EN]);
					compared++;
				}
			}
			checks_want_free(want);
			checks_case_free(&c);
		}
	assert_true(compared > 50);
}

static void test_maxpool_gradient(void **state)
{
	(void)state;
	/* cases 0 plain, 2 padded and far below 0, 3 rectangular, 4 gaps: no ties */
	against_finite_differences(check_of("maxpool", "maxpool_backward"), 1u << 0 | 1u << 2 |
									   1u << 3 | 1u << 4);
}

static void test_masked_xent_gradient(void **state)
{
	(void)state;
	against_finite_differences(check_of("masked_xent", "masked_xent_backward"), ~0u);
}

/* The loss of the forward check is the mean over the real rows, written out here. */
static void test_masked_xent_loss(void **state)
{
	(void)state;
	const CkCheck *check = check_of("masked_xent", "masked_xent_forward");
	for (uint64_t seed = 1; seed <= SEEDS; seed++)
		for (int k = 0; k < check->n_cases; k++) {
			CkCase c;
			double *want[CK_MAX_TENSORS];
			assert_int_equal(checks_case_make(check, seed, k, &c), ST_OK);
			assert_int_equal(checks_want(check, &c, want), ST_OK);
			int N = c.dim[CK_DIM_B], C = c.dim[CK_DIM_C], real = 0, padded = 0;
			const double *x = ck_find(&c, "logits")->v;
			long double sum = 0;
			for (int r = 0; r < N; r++) {
				if (c.target[r] == c.dim[CK_DIM_IGNORE]) {
					padded++;
					continue;
				}
				assert_true(c.target[r] >= 0 && c.target[r] < C);
				long double mx = x[r * C], s = 0;
				for (int j = 1; j < C; j++)
					mx = fmaxl(mx, x[r * C + j]);
				for (int j = 0; j < C; j++)
					s += expl(x[r * C + j] - mx);
				sum += logl(s) + mx - x[r * C + c.target[r]];
				real++;
			}
			assert_true(real >= 1);
			/* padding in every case but MASK_NONE (4) */
			assert_true(k == 4 ? padded == 0 : padded > 0);
			assert_close((double)(sum / real), want[ck_find(&c, "loss") - c.t][0], 1e-12, 1e-11);
			checks_want_free(want);
			checks_case_free(&c);
		}
}

static void test_adam_formula(void **state)
{
	(void)state;
	const CkCheck *check = check_of("adam", "adam_step");
	for (uint64_t seed = 1; seed <= SEEDS; seed++)
		for (int k = 0; k < check->n_cases; k++) {
			CkCase c;
			double *want[CK_MAX_TENSORS];
			assert_int_equal(checks_case_make(check, seed, k, &c), ST_OK);
			assert_int_equal(checks_want(check, &c, want), ST_OK);
			const CkTensor *p = ck_find(&c, "p"), *m = ck_find(&c, "m"), *v = ck_find(&c, "v");
			const double *g = ck_find(&c, "g")->v, *hy = ck_find(&c, "hyper")->v;
			double lr = hy[0], b1 = hy[1], b2 = hy[2], eps = hy[3], wd = hy[4];
			int t = c.dim[CK_DIM_ADAM_T];
			assert_true(t >= 1);
			for (int i = 0; i < c.dim[CK_DIM_N]; i++) {
				double gi = g[i] + wd * p->start[i];
				double mi = b1 * m->start[i] + (1 - b1) * gi;
				double vi = b2 * v->start[i] + (1 - b2) * gi * gi;
				double pi = p->start[i] - lr * (mi / (1 - pow(b1, t))) /
								  (sqrt(vi / (1 - pow(b2, t))) + eps);
				assert_close(mi, want[m - c.t][i], 1e-300, 1e-14);
				assert_close(vi, want[v - c.t][i], 1e-300, 1e-14);
				assert_close(pi, want[p - c.t][i], 1e-15, 1e-13);
			}
			checks_want_free(want);
			checks_case_free(&c);
		}
}

/* The adding problem's data from the uniform numbers task.c's stream draws, in the order it
 * draws them (m1, m2, then the values), is task.c's training batch bit for bit. A seed
 * whose batch skipped a held-out example (the stream then moved further) is passed over. */
static void test_adding_data_is_tasks(void **state)
{
	(void)state;
	const CkCheck *check = check_of("adding_train", "adding_batch");
	int compared = 0;
	for (uint64_t seed = 1; seed <= 40; seed++) {
		CkCase c;
		assert_int_equal(checks_case_make(check, seed, 0, &c), ST_OK);
		int T = c.dim[CK_DIM_T], B = c.dim[CK_DIM_B];
		TaskConfig cfg = task_defaults(TASK_ADDING);
		cfg.steps = T;
		cfg.test_size = 8;
		cfg.seed = seed;
		Task *task = task_new(&cfg);
		assert_non_null(task);
		Batch *b = batch_new(task, B);
		assert_non_null(b);
		Rng r;
		memcpy(r.s, task->data, sizeof r.s);
		task_next_batch(task, b);
		double *u = ck_find(&c, "u")->v;
		for (int e = 0; e < B; e++) {
			double *row = u + (size_t)e * (T + 2);
			row[T] = rng_uniform(&r);
			row[T + 1] = rng_uniform(&r);
			for (int t = 0; t < T; t++)
				row[t] = rng_uniform(&r);
		}
		if (memcmp(r.s, task->data, sizeof r.s) == 0) {
			double *want[CK_MAX_TENSORS];
			assert_int_equal(checks_want(check, &c, want), ST_OK);
			const double *x = want[ck_find(&c, "x") - c.t], *y = want[ck_find(&c, "y") - c.t];
			assert_int_equal(memcmp(x, b->x->data, (size_t)T * B * 2 * sizeof *x), 0);
			for (int e = 0; e < B; e++)
				assert_true(y[e] == b->y->data[e]);
			checks_want_free(want);
			compared++;
		}
		batch_free(b);
		task_free(task);
		checks_case_free(&c);
	}
	assert_true(compared >= 5);
}

/* The arrays of case c as they came back: a copy of each, guards included. */
static void came_back(CkCase *c, double **copies, const double **got)
{
	for (int i = 0; i < c->n; i++) {
		copies[i] = NULL;
		got[i] = NULL;
		if (c->t[i].role == CK_AUX)
			continue;
		size_t n = (size_t)c->t[i].rows * c->t[i].cols + 2 * CK_GUARD;
		copies[i] = malloc(n * sizeof(double));
		assert_non_null(copies[i]);
		memcpy(copies[i], c->t[i].mem, n * sizeof(double));
		got[i] = copies[i];
	}
}

static void test_train_judge(void **state)
{
	(void)state;
	const CkCheck *check = check_of("adding_train", "adding_train");
	CkJudge judge = checks_judge(check);
	assert_non_null(judge);
	/* every other check of these exercises is compared element by element */
	assert_null(checks_judge(check_of("adding_train", "adding_batch")));
	assert_null(checks_judge(check_of("maxpool", "maxpool_backward")));
	for (int k = 0; k < check->n_cases; k++) {
		CkCase c;
		assert_int_equal(checks_case_make(check, 3, k, &c), ST_OK);
		double *copies[CK_MAX_TENSORS];
		const double *got[CK_MAX_TENSORS];
		came_back(&c, copies, got);
		/* the weights as they came in, and a low loss claimed: not trained */
		copies[ck_find(&c, "loss") - c.t][CK_GUARD] = 1e-6;
		GradeCheck gc;
		memset(&gc, 0, sizeof gc);
		assert_int_equal(judge(&c, got, &gc), 0);
		assert_int_equal(gc.problem, GRADE_WRONG);
		assert_int_equal(gc.n_wrong, 1);
		assert_string_equal(gc.wrong[0].tensor, "held_out_mse");
		assert_true(gc.wrong[0].got > 0.04);
		assert_non_null(strstr(gc.message[LANG_EN], "nothing was trained"));
		assert_non_null(strstr(gc.message[LANG_EN], "1e-06"));
		assert_non_null(strstr(gc.message[LANG_ZH], "：期望值 "));
		/* the readout alone made to answer the mean, 1: the baseline, still far off */
		double *b_out = copies[ck_find(&c, "b_out") - c.t] + CK_GUARD;
		double *W_out = copies[ck_find(&c, "W_out") - c.t] + CK_GUARD;
		for (int j = 0; j < c.dim[CK_DIM_H]; j++)
			W_out[j] = 0;
		b_out[0] = 1.0;
		memset(&gc, 0, sizeof gc);
		assert_int_equal(judge(&c, got, &gc), 0);
		assert_close(1.0 / 6.0, gc.wrong[0].got, 0.02, 0);
		assert_null(strstr(gc.message[LANG_EN], "nothing was trained"));
		/* a weight that is not finite: named */
		copies[ck_find(&c, "W_hh") - c.t][CK_GUARD + 3] = NAN;
		memset(&gc, 0, sizeof gc);
		assert_int_equal(judge(&c, got, &gc), 0);
		assert_int_equal(gc.problem, GRADE_WRONG);
		assert_string_equal(gc.wrong[0].tensor, "W_hh");
		assert_non_null(strstr(gc.message[LANG_EN], "W_hh[3] is nan"));
		for (int i = 0; i < c.n; i++)
			free(copies[i]);
		checks_case_free(&c);
	}
}

/* The grader's own run of the task's loop (checks_train_reference) ends well inside the goal
 * (below a quarter of 0.04) on every case it draws. Seeds 61, 194, 248 and 392 are the four
 * of seeds 1-400 that drew a case (each time case 2, T 9 or 10) on which the correct loop
 * stayed at the baseline, 0.15 to 0.18, until make_train learned to redraw such cases. A
 * redrawn case is still the seed's: drawn twice, bit for bit the same. */
static void test_train_cases_are_learnable(void **state)
{
	(void)state;
	const CkCheck *check = check_of("adding_train", "adding_train");
	const uint64_t seeds[] = { 61, 194, 248, 392 };
	for (size_t s = 0; s < sizeof seeds / sizeof *seeds; s++)
		for (int k = 0; k < check->n_cases; k++) {
			CkCase c, again;
			assert_int_equal(checks_case_make(check, seeds[s], k, &c), ST_OK);
			double mse = NAN;
			assert_int_equal(checks_train_reference(&c, NULL, &mse), ST_OK);
			if (!(mse < 0.04 / 4))
				fail_msg("seed %llu case %d: the reference run ends at %g",
					 (unsigned long long)seeds[s], k + 1, mse);
			assert_int_equal(checks_case_make(check, seeds[s], k, &again), ST_OK);
			assert_int_equal(again.n, c.n);
			assert_memory_equal(again.dim, c.dim, sizeof c.dim);
			for (int i = 0; i < c.n; i++) {
				assert_int_equal(again.t[i].rows * again.t[i].cols,
						 c.t[i].rows * c.t[i].cols);
				assert_memory_equal(again.t[i].v, c.t[i].v,
						    (size_t)c.t[i].rows * c.t[i].cols * sizeof(double));
			}
			checks_case_free(&again);
			checks_case_free(&c);
		}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_maxpool_gradient),
		cmocka_unit_test(test_masked_xent_gradient),
		cmocka_unit_test(test_masked_xent_loss),
		cmocka_unit_test(test_adam_formula),
		cmocka_unit_test(test_adding_data_is_tasks),
		cmocka_unit_test(test_train_judge),
		cmocka_unit_test(test_train_cases_are_learnable),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
