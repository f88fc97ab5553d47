/* test_unroll: the unrolled RNN's values are what the recurrence gives when computed again
 * by hand; the parameters are nn.RNN's draw for the seed; the count is H*I + H*H + 2H;
 * bad sizes are refused naming the option; every out-of-memory path fails cleanly. */
#include "test_util.h"

#include "core/mem.h"
#include "lab/bptt_steps.h"
#include "lab/unroll.h"

#include <string.h>

static void run(const UnrollConfig *c, Unroll *u)
{
	if (unroll_run(c, u) != ST_OK)
		fail_msg("unroll_run: %s", status_detail());
}

/* The recurrence in the lesson's column form, from the result's own parameters and inputs:
 * a_t[i] = sum_k W_ih[i][k] x_t[k] + b_ih[i] + sum_j W_hh[i][j] h_{t-1}[j] + b_hh[i]. */
static void check_values(const Unroll *u)
{
	int T = u->steps, H = u->hidden, I = u->input;
	double h_prev[UNROLL_MAX_HIDDEN] = { 0 }, h[UNROLL_MAX_HIDDEN];
	for (int j = 0; j < H; j++)
		assert_true(MAT_AT(u->h, 0, j) == 0.0); /* h_0 = 0 */
	for (int t = 1; t <= T; t++) {
		for (int i = 0; i < H; i++) {
			double a = u->b_ih->data[i] + u->b_hh->data[i];
			for (int k = 0; k < I; k++)
				a += MAT_AT(u->W_ih, i, k) * MAT_AT(u->x, t - 1, k);
			for (int j = 0; j < H; j++)
				a += MAT_AT(u->W_hh, i, j) * h_prev[j];
			double f;
			switch (u->act) {
			case ACT_TANH: f = tanh(a); break;
			case ACT_RELU: f = a > 0 ? a : 0; break;
			case ACT_SIGMOID: f = 1 / (1 + exp(-a)); break;
			case ACT_LINEAR: f = a; break;
			default: fail_msg("unexpected activation"); return;
			}
			assert_close(a, MAT_AT(u->a, t - 1, i), 1e-14, 1e-13);
			assert_close(f, MAT_AT(u->h, t, i), 1e-14, 1e-13);
			h[i] = f;
		}
		memcpy(h_prev, h, sizeof h);
	}
}

static void test_values_at_every_node(void **state)
{
	(void)state;
	const Activation acts[] = { ACT_TANH, ACT_RELU, ACT_SIGMOID, ACT_LINEAR };
	for (int k = 0; k < 4; k++)
		for (int T = 1; T <= UNROLL_MAX_STEPS; T++)
			for (int H = 1; H <= UNROLL_MAX_HIDDEN; H++)
				for (int I = 1; I <= UNROLL_MAX_INPUT; I++) {
					UnrollConfig c = { T, H, I, acts[k], (uint64_t)(T * 100 + H * 10 + I), NULL };
					Unroll u;
					run(&c, &u);
					assert_int_equal(u.steps, T);
					assert_int_equal(u.n_params, H * I + H * H + 2 * H);
					check_values(&u);
					unroll_free(&u);
				}
}

/* The parameters are exactly nn.RNN's uniform draw for the seed, and x follows them. */
static void test_parameters_are_the_layers_draw(void **state)
{
	(void)state;
	UnrollConfig c = unroll_defaults();
	c.seed = 42;
	Unroll u;
	run(&c, &u);
	Rng rng;
	rng_seed(&rng, 42);
	Recurrent *r = recurrent_new(REC_RNN, c.input, c.hidden, ACT_TANH, &rng);
	assert_non_null(r);
	assert_mat_close(r->weight_ih, u.W_ih, 0, 0);
	assert_mat_close(r->weight_hh, u.W_hh, 0, 0);
	assert_mat_close(r->bias_ih, u.b_ih, 0, 0);
	assert_mat_close(r->bias_hh, u.b_hh, 0, 0);
	Mat *x = mat_new(c.steps, c.input);
	mat_fill_normal(x, &rng, 1.0);
	assert_mat_close(x, u.x, 0, 0);
	double bound = 1 / sqrt((double)c.hidden);
	for (int i = 0; i < c.hidden * c.hidden; i++)
		assert_true(fabs(u.W_hh->data[i]) <= bound);
	mat_free(x);
	recurrent_free(r);
	unroll_free(&u);
}

/* The count does not depend on T; the lesson's worked counts. */
static void test_parameter_count(void **state)
{
	(void)state;
	for (int T = 1; T <= UNROLL_MAX_STEPS; T++) {
		UnrollConfig c = { T, 2, 1, ACT_TANH, 1, NULL };
		Unroll u;
		run(&c, &u);
		assert_int_equal(u.n_params, 2 * 1 + 2 * 2 + 2 * 2);
		unroll_free(&u);
	}
	UnrollConfig c = { 3, 4, 3, ACT_TANH, 1, NULL };
	Unroll u;
	run(&c, &u);
	assert_int_equal(u.n_params, 36);
	unroll_free(&u);
}

static void test_deterministic_for_a_seed(void **state)
{
	(void)state;
	UnrollConfig c = unroll_defaults();
	Unroll u1, u2, u3;
	run(&c, &u1);
	run(&c, &u2);
	c.seed = 2;
	run(&c, &u3);
	assert_mat_close(u1.h, u2.h, 0, 0);
	assert_mat_close(u1.x, u2.x, 0, 0);
	assert_true(MAT_AT(u1.h, 1, 0) != MAT_AT(u3.h, 1, 0));
	unroll_free(&u1);
	unroll_free(&u2);
	unroll_free(&u3);
}

/* Values given by hand: lesson 03's w = 0.5, u = 0.8 from h_0 = 0, then a non-zero h_0 that
 * the recurrence starts from. */
static void test_values_given_by_hand(void **state)
{
	(void)state;
	const double w = 0.5, u = 0.8, zero = 0, x[3] = { 1, 2, 3 };
	TinyRnnValues v = { &w, &u, &zero, &zero, x, &zero, NULL };
	UnrollConfig c = { 3, 1, 1, ACT_LINEAR, 1, &v };
	Unroll un;
	run(&c, &un);
	const double h[4] = { 0, 0.5, 1.4, 2.62 };
	for (int t = 0; t <= 3; t++)
		assert_close(h[t], un.h->data[t], 1e-15, 1e-14);
	unroll_free(&un);
	const double h0 = 0.25;
	v.h0 = &h0;
	run(&c, &un);
	assert_true(un.h->data[0] == 0.25);
	assert_close(0.5 + 0.8 * 0.25, un.a->data[0], 1e-15, 1e-14);
	unroll_free(&un);
	const double inf = INFINITY;
	v.W_hh = &inf;
	assert_int_equal(unroll_run(&c, &un), ST_ERANGE);
	assert_null(un.h);
}

/* Lessons 02 and 03 show the same a_1 for a seed when bptt is given h_0 = 0: the same
 * parameters and x are drawn, and h_0 = 0 is unroll's. */
static void test_same_a1_as_bptt_from_zero(void **state)
{
	(void)state;
	const double h0[4] = { 0 };
	TinyRnnValues v = { .h0 = h0 };
	for (uint64_t seed = 1; seed <= 5; seed++) {
		UnrollConfig c = { 3, 2, 1, ACT_TANH, seed, NULL };
		BpttStepsConfig bc = { 3, 2, 1, ACT_TANH, 1, seed, &v };
		Unroll un;
		BpttSteps b;
		run(&c, &un);
		assert_int_equal(bptt_steps_run(&bc, &b), ST_OK);
		assert_mat_close(un.a, b.a, 1e-15, 1e-15);
		assert_mat_close(un.h, b.h, 1e-15, 1e-15);
		unroll_free(&un);
		bptt_steps_free(&b);
	}
}

static void test_bad_sizes_are_refused(void **state)
{
	(void)state;
	Unroll u;
	const struct {
		int steps, hidden, input;
		const char *detail;
	} bad[] = {
		{ 0, 2, 1, "--steps must be between 1 and 6, got 0" },
		{ 7, 2, 1, "--steps must be between 1 and 6, got 7" },
		{ 3, 5, 1, "--hidden must be between 1 and 4, got 5" },
		{ 3, 2, 4, "--input must be between 1 and 3, got 4" },
	};
	for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
		UnrollConfig c = { bad[k].steps, bad[k].hidden, bad[k].input, ACT_TANH, 1, NULL };
		assert_int_equal(unroll_run(&c, &u), ST_ELIMIT);
		assert_string_equal(status_detail(), bad[k].detail);
		assert_null(u.h);
	}
	unroll_free(NULL);
}

static void test_out_of_memory(void **state)
{
	(void)state;
	UnrollConfig c = unroll_defaults();
	int failed = 0;
	for (long n = 0; n < 10000; n++) {
		Unroll u;
		mem_fail_after(n);
		Status st = unroll_run(&c, &u);
		mem_fail_after(-1);
		if (st == ST_OK) {
			check_values(&u);
			unroll_free(&u);
			break;
		}
		assert_int_equal(st, ST_ENOMEM);
		assert_null(u.h);
		failed++;
	}
	assert_true(failed >= 10);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_values_at_every_node),
		cmocka_unit_test(test_parameters_are_the_layers_draw),
		cmocka_unit_test(test_parameter_count),
		cmocka_unit_test(test_deterministic_for_a_seed),
		cmocka_unit_test(test_values_given_by_hand),
		cmocka_unit_test(test_same_a1_as_bptt_from_zero),
		cmocka_unit_test(test_bad_sizes_are_refused),
		cmocka_unit_test(test_out_of_memory),
	};
	return cmocka_run_group_tests_name("unroll", tests, NULL, NULL);
}
