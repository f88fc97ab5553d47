/* test_mem: the one allocator (src/core/mem.c) and the failure-injection walk over it, in
 * the manner of Lua's failnext: for n = 0, 1, 2, ... the n-th allocation fails while a
 * whole operation runs (an arena, a tape with backward, a gradient check, a built-in model
 * checked), until the operation runs with no failure left to inject. At every n it must
 * report the failure (NULL, a status, a message) or, where a fallback is documented, give
 * the right answer anyway; never crash. `make asan` adds that none of those paths leaks. */
#include "test_util.h"

#include "check/gradcheck.h"
#include "check/models.h"
#include "core/arena.h"
#include "core/mem.h"

#include <string.h>

/* {==== The allocator itself ==== */

static void test_alloc_basics(void **state)
{
	(void)state;
	assert_null(mem_alloc(0));
	assert_null(mem_calloc(0, 8));
	assert_null(mem_calloc(8, 0));
	assert_null(mem_calloc(SIZE_MAX / 2, 4));
	double *d = mem_calloc(10, sizeof *d);
	assert_non_null(d);
	for (int i = 0; i < 10; i++)
		assert_true(d[i] == 0.0);
	d[9] = 4.5;
	double *bigger = mem_realloc(d, 20 * sizeof *d);
	assert_non_null(bigger);
	assert_true(bigger[9] == 4.5);
	char *s = mem_strdup("gradients");
	assert_non_null(s);
	assert_string_equal(s, "gradients");
	mem_free(s);
	mem_free(bigger);
	mem_free(NULL);
}

/* mem_grow: the capacity starts at first, doubles until the bytes fit, keeps what was
 * there; out of memory leaves the buffer and its capacity as they were. */
static void test_grow(void **state)
{
	(void)state;
	size_t cap = 0;
	char *b = mem_grow(NULL, &cap, 5, 4);
	assert_non_null(b);
	assert_int_equal(cap, 8); /* 4, then 8 >= 5 */
	memcpy(b, "abcd", 5);
	char *c = mem_grow(b, &cap, 9, 5);
	assert_non_null(c);
	assert_int_equal(cap, 16); /* doubled from 8, not from first (5, 10) */
	assert_string_equal(c, "abcd");
	mem_fail_after(0);
	assert_null(mem_grow(c, &cap, 40, 4));
	mem_fail_after(-1);
	assert_int_equal(cap, 16);
	assert_string_equal(c, "abcd");
	mem_free(c);
}

/* mem_append: pieces joined with a NUL after them, bytes past a NUL kept, the storage grown
 * by mem_grow's rule; out of memory changes nothing. */
static void test_append(void **state)
{
	(void)state;
	char *s = NULL;
	size_t len = 0, cap = 0;
	assert_int_equal(mem_append(&s, &len, &cap, "", 0, 4), 0);
	assert_non_null(s);
	assert_int_equal(len, 0);
	assert_string_equal(s, "");
	assert_int_equal(mem_append(&s, &len, &cap, "abc", 3, 4), 0);
	assert_int_equal(mem_append(&s, &len, &cap, "d\0e", 3, 4), 0);
	assert_int_equal(len, 6);
	assert_int_equal(cap, 8);
	assert_memory_equal(s, "abcd\0e", 7);
	char *was = s;
	mem_fail_after(0);
	assert_int_equal(mem_append(&s, &len, &cap, "fgh", 3, 4), -1);
	mem_fail_after(-1);
	assert_ptr_equal(s, was);
	assert_int_equal(len, 6);
	assert_int_equal(cap, 8);
	assert_memory_equal(s, "abcd\0e", 7);
	assert_int_equal(mem_append(&s, &len, &cap, "fgh", 3, 4), 0);
	assert_int_equal(cap, 16);
	assert_memory_equal(s, "abcd\0efgh", 10);
	mem_free(s);
}

static void test_fail_after_counts_allocations(void **state)
{
	(void)state;
	long before = mem_count();
	void *p[4];
	mem_fail_after(2); /* the third allocation from now fails, and only it */
	p[0] = mem_alloc(8);
	p[1] = mem_calloc(1, 8);
	p[2] = mem_alloc(8);
	p[3] = mem_alloc(8);
	mem_fail_after(-1);
	assert_int_equal(mem_count() - before, 4);
	assert_non_null(p[0]);
	assert_non_null(p[1]);
	assert_null(p[2]);
	assert_non_null(p[3]);
	for (int i = 0; i < 4; i++)
		mem_free(p[i]);

	/* A failed realloc leaves the old block alone. */
	char *s = mem_strdup("kept");
	assert_non_null(s);
	mem_fail_after(0);
	assert_null(mem_realloc(s, 1000));
	mem_fail_after(0);
	assert_null(mem_strdup("lost"));
	mem_fail_after(-1);
	assert_string_equal(s, "kept");
	mem_free(s);

	/* -1 disarms: a long run of allocations all succeed. */
	mem_fail_after(5);
	mem_fail_after(-1);
	for (int i = 0; i < 20; i++) {
		void *q = mem_alloc(16);
		assert_non_null(q);
		mem_free(q);
	}
}

/* }==== */

/* {==== The walk ==== */

/* One whole operation run with the n-th allocation failing. Returns 1 when it reports
 * success, 0 when it reports failure; it asserts itself that a failure was reported
 * cleanly and that a success is right. */
typedef int (*Operation)(void *ctx);

/* Walk n = 0, 1, 2, ... until the operation runs out of allocations to fail; returns the
 * number of failure points. A failure must be reported; only where a layer documents a
 * fallback (mat_gemm's plain loops when its panel buffer cannot grow, arena_reset keeping
 * its chain when the merge cannot) may the operation instead recover, and then the
 * operation's own checks prove the result right. may_recover says whether that may
 * happen here; *recovered counts how often it did. */
static long walk(const char *name, Operation op, void *ctx, int may_recover, long *recovered)
{
	*recovered = 0;
	for (long n = 0;; n++) {
		if (n > 100000)
			fail_msg("%s: still failing after %ld injected failures", name, n);
		status_clear();
		long before = mem_count();
		mem_fail_after(n);
		int ok = op(ctx);
		mem_fail_after(-1);
		int injected = mem_count() - before > n;
		if (!injected) {
			if (!ok)
				fail_msg("%s: failed with no allocation failing (n = %ld): %s",
					 name, n, status_detail());
			return n;
		}
		if (ok && !may_recover)
			fail_msg("%s: allocation %ld failed, yet the operation reported success",
				 name, n);
		*recovered += ok;
	}
}

/* (a) An arena and allocations that make it grow. */
static int op_arena(void *ctx)
{
	(void)ctx;
	static const size_t sizes[] = { 100, 1000, 5000, 100000, 10, 300000 };
	Arena *a = arena_new(256);
	if (!a)
		return 0;
	int ok = 1;
	for (size_t i = 0; i < sizeof sizes / sizeof sizes[0] && ok; i++) {
		unsigned char *p = arena_alloc(a, sizes[i]);
		if (!p)
			ok = 0;
		else
			memset(p, (int)i, sizes[i]);
	}
	arena_free(a);
	return ok;
}

static void test_walk_arena(void **state)
{
	(void)state;
	long recovered;
	assert_true(walk("arena", op_arena, NULL, 0, &recovered) >= 5);
}

/* (b) A tape: a graph big enough to grow the arena and the node list, then backward. */
typedef struct TapeCtx {
	Mat *x, *dx, *W, *dW;
	Mat *dW_ref; /* from a run without failures */
} TapeCtx;

static int op_tape(void *ctx)
{
	TapeCtx *c = ctx;
	mat_zero(c->dx);
	mat_zero(c->dW);
	Tape *t = ad_tape_new();
	if (!t)
		return 0;
	AdNode *x = ad_param(t, c->x, c->dx);
	AdNode *W = ad_param(t, c->W, c->dW);
	AdNode *h = ad_tanh(t, ad_matmul(t, x, 0, W, 1));
	AdNode *h2 = ad_sigmoid(t, ad_add(t, h, x));
	AdNode *s = ad_mean(t, ad_mul(t, h2, ad_slice(t, ad_concat(t, (AdNode *[]){ h, h2 }, 2, 1),
						     1, 20, 40)));
	for (int i = 0; i < 300; i++) /* past the node list's first capacity */
		s = ad_scale(t, s, 1.001);
	Status st = ad_backward(t, s);
	int ok = st == ST_OK;
	if (!ok) {
		/* Reported as out of memory, in words, with no gradient half-accumulated. */
		assert_int_equal(st, ST_ENOMEM);
		assert_int_equal(ad_tape_status(t), ST_ENOMEM);
		assert_non_null(strstr(ad_tape_error(t), "out of memory"));
		assert_non_null(strstr(status_detail(), "out of memory"));
		for (size_t i = 0; i < mat_size(c->dW); i++)
			assert_true(c->dW->data[i] == 0.0);
	} else if (c->dW_ref) {
		assert_mat_close(c->dW_ref, c->dW, 1e-13, 1e-12);
	}
	ad_tape_free(t);
	return ok;
}

static void test_walk_tape(void **state)
{
	(void)state;
	TapeCtx c = { mat_new(40, 40), mat_new(40, 40), mat_new(40, 40), mat_new(40, 40), NULL };
	Rng rng;
	rng_seed(&rng, 11);
	mat_fill_normal(c.x, &rng, 1.0);
	mat_fill_normal(c.W, &rng, 0.2);
	assert_true(op_tape(&c));
	c.dW_ref = mat_clone(c.dW);
	assert_true(mat_norm(c.dW_ref) > 0);
	/* tape, arena, arena blocks, node list, gradients: several failure points */
	long recovered;
	assert_true(walk("tape", op_tape, &c, 1, &recovered) >= 6);
	assert_int_equal(recovered, 0); /* the panel buffer grew in the reference run */
	mat_free(c.x);
	mat_free(c.dx);
	mat_free(c.W);
	mat_free(c.dW);
	mat_free(c.dW_ref);
}

/* (c) A whole gradient check of a small problem: L = sum(tanh(x W) .* R). */
typedef struct CheckCtx {
	GcTensor tensors[2];
	Mat *x, *dx, *W, *dW, *R;
	Mat *x0, *W0; /* the values before, which a failed check must leave in place */
} CheckCtx;

static AdNode *check_loss(Tape *t, void *ctx)
{
	CheckCtx *c = ctx;
	AdNode *y = ad_matmul(t, ad_param(t, c->x, c->dx), 0, ad_param(t, c->W, c->dW), 0);
	return ad_sum(t, ad_mul(t, ad_tanh(t, y), ad_const(t, c->R)));
}

/* Run the check; 1 when it ran and passed. A failure must be a status with a message or a
 * verdict with a reason, never a pass. */
static int run_check(const GcProblem *p, GcTensor *tensors, int n)
{
	GcOptions o = gradcheck_defaults();
	GcReport r;
	Status st = gradcheck_run(p, &o, &r);
	int ok;
	if (st != ST_OK) {
		assert_true(status_detail()[0] != '\0');
		ok = 0;
	} else {
		ok = r.passed;
		if (!ok) {
			int said = r.nonfinite.kind != GC_NONFINITE_NONE;
			for (int k = 0; k < r.n_tensors; k++)
				said |= r.tensors[k].nonfinite.kind != GC_NONFINITE_NONE;
			assert_true(said);
		} else {
			for (int k = 0; k < n; k++)
				assert_int_equal(r.tensors[k].checked,
						 (int)mat_size(tensors[k].value));
		}
	}
	gradcheck_report_free(&r); /* whatever the status, as the header says */
	return ok;
}

static int op_check(void *ctx)
{
	CheckCtx *c = ctx;
	GcProblem p = { c->tensors, 2, check_loss, c, 0 };
	int ok = run_check(&p, c->tensors, 2);
	assert_mat_close(c->x0, c->x, 0, 0);
	assert_mat_close(c->W0, c->W, 0, 0);
	return ok;
}

static void test_walk_gradcheck(void **state)
{
	(void)state;
	CheckCtx c = { .x = mat_new(3, 4), .dx = mat_new(3, 4), .W = mat_new(4, 2),
		       .dW = mat_new(4, 2), .R = mat_new(3, 2) };
	Rng rng;
	rng_seed(&rng, 12);
	mat_fill_normal(c.x, &rng, 1.0);
	mat_fill_normal(c.W, &rng, 1.0);
	mat_fill_normal(c.R, &rng, 1.0);
	c.x0 = mat_clone(c.x);
	c.W0 = mat_clone(c.W);
	c.tensors[0] = (GcTensor){ "x", c.x, c.dx };
	c.tensors[1] = (GcTensor){ "W", c.W, c.dW };
	long recovered;
	assert_true(walk("gradcheck", op_check, &c, 1, &recovered) >= 4);
	mat_free(c.x);
	mat_free(c.dx);
	mat_free(c.W);
	mat_free(c.dW);
	mat_free(c.R);
	mat_free(c.x0);
	mat_free(c.W0);
}

/* (d) Build the "mlp" model and check it. */
static int op_model(void *ctx)
{
	(void)ctx;
	CheckConfig cfg = check_config_defaults();
	CheckModel *m = check_model_new("mlp", &cfg, 0);
	if (!m) {
		assert_true(status_detail()[0] != '\0');
		return 0;
	}
	GcProblem p = check_model_problem(m);
	int ok = run_check(&p, p.tensors, p.n_tensors);
	check_model_free(m);
	return ok;
}

static void test_walk_model(void **state)
{
	(void)state;
	/* mats and their gradients for x and two layers, targets, the base pass, the check */
	long recovered, points = walk("mlp", op_model, NULL, 1, &recovered);
	assert_true(points >= 10);
	assert_true(recovered < points); /* most failures are reported, not absorbed */
}

/* }==== */

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_alloc_basics),
		cmocka_unit_test(test_grow),
		cmocka_unit_test(test_append),
		cmocka_unit_test(test_fail_after_counts_allocations),
		cmocka_unit_test(test_walk_arena),
		cmocka_unit_test(test_walk_tape),
		cmocka_unit_test(test_walk_gradcheck),
		cmocka_unit_test(test_walk_model),
	};
	return cmocka_run_group_tests_name("mem", tests, NULL, NULL);
}
