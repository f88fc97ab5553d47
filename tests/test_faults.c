/* test_faults: the teaching faults of `check rnn --broken` and the W_hh options of the
 * recurrent check models. The rebuilt rnn must compute the true forward and, with no fault,
 * the true gradient (so each fault is the only thing wrong); each fault must make the check
 * fail in the tensors it reaches and nowhere else. */
#include "test_util.h"

#include "check/faults.h"
#include "check/models.h"
#include "core/rng.h"
#include "nn/init.h"

enum { T = 4, B = 2, I = 3, H = 3 };

/* The rnn's gradients after a backward of sum(h .* R) over every step, into g[]. */
static void grads(Recurrent *r, const Mat *x, const Mat *h0v, const Mat *R, CheckFault f,
		  int rebuilt, Mat *h_out, Mat *g[REC_N_PARAMS + 2])
{
	Tape *t = ad_tape_new();
	Mat *dx = mat_new(x->rows, x->cols), *dh0 = mat_new(h0v->rows, h0v->cols);
	AdNode *h[T];
	recurrent_zero_grad(r);
	AdNode *xn = ad_param(t, (Mat *)x, dx), *h0 = ad_param(t, (Mat *)h0v, dh0);
	Status st = rebuilt ? check_fault_rnn_forward(t, r, xn, T, h0, f, h)
			    : recurrent_forward(t, r, xn, T, h0, NULL, h, NULL);
	assert_int_equal(st, ST_OK);
	AdNode *all = ad_concat(t, h, T, 0);
	assert_int_equal(ad_backward(t, ad_sum(t, ad_mul(t, all, ad_const(t, R)))), ST_OK);
	mat_copy(h_out, &all->value);
	Mat *rg[REC_N_PARAMS];
	recurrent_grads(r, rg);
	for (int k = 0; k < REC_N_PARAMS; k++)
		g[k] = mat_clone(rg[k]);
	g[REC_N_PARAMS] = dx;
	g[REC_N_PARAMS + 1] = dh0;
	ad_tape_free(t);
}

static void test_rebuilt_rnn_is_the_rnn(void **state)
{
	(void)state;
	Rng rng;
	rng_seed(&rng, 7);
	Recurrent *r = recurrent_new(REC_RNN, I, H, ACT_TANH, &rng);
	Mat *x = mat_new(T * B, I), *h0 = mat_new(B, H), *R = mat_new(T * B, H);
	Mat *hw = mat_new(T * B, H), *hr = mat_new(T * B, H);
	mat_fill_normal(x, &rng, 1.0);
	mat_fill_normal(h0, &rng, 0.5);
	mat_fill_normal(R, &rng, 1.0);
	Mat *want[REC_N_PARAMS + 2], *got[REC_N_PARAMS + 2];
	grads(r, x, h0, R, CHECK_FAULT_NONE, 0, hw, want);
	for (int f = CHECK_FAULT_NONE; f < CHECK_FAULT_COUNT; f++) {
		grads(r, x, h0, R, (CheckFault)f, 1, hr, got);
		/* the forward is the true one whatever the fault */
		assert_mat_close(hw, hr, 1e-15, 1e-14);
		int differ = 0;
		for (int k = 0; k < REC_N_PARAMS + 2; k++) {
			if (f == CHECK_FAULT_NONE)
				assert_mat_close(want[k], got[k], 1e-14, 1e-12);
			for (size_t i = 0; i < mat_size(want[k]); i++)
				differ += !close_enough(want[k]->data[i], got[k]->data[i], 1e-9, 1e-9);
			mat_free(got[k]);
		}
		/* and its backward is wrong, except with no fault */
		if ((f == CHECK_FAULT_NONE) != (differ == 0))
			fail_msg("fault %s: %d gradient values differ", check_fault_name((CheckFault)f), differ);
	}
	for (int k = 0; k < REC_N_PARAMS + 2; k++)
		mat_free(want[k]);
	Tape *t = ad_tape_new();
	AdNode *h[T];
	Recurrent *lstm = recurrent_new(REC_LSTM, I, H, ACT_TANH, &rng);
	assert_int_equal(check_fault_rnn_forward(t, lstm, ad_const(t, x), T, ad_const(t, h0),
						 CHECK_FAULT_TRANSPOSE_WHH, h), ST_EINVAL);
	ad_tape_free(t);
	recurrent_free(lstm);
	mat_free(x), mat_free(h0), mat_free(R), mat_free(hw), mat_free(hr);
	recurrent_free(r);
}

/* Run the check of rnn with c; *failed[k] per tensor, in the model's order
 * weight_ih, weight_hh, bias_ih, bias_hh, x, h0. */
static GcReport run_check(const CheckConfig *c, const GcOptions *o)
{
	CheckModel *m = check_model_new("rnn", c, 0);
	if (!m)
		fail_msg("check_model_new: %s", status_detail());
	GcProblem p = check_model_problem(m);
	GcReport r;
	assert_int_equal(gradcheck_run(&p, o, &r), ST_OK);
	check_model_free(m);
	return r;
}

static void test_each_fault_fails_where_it_reaches(void **state)
{
	(void)state;
	CheckConfig c = check_config_defaults();
	GcOptions o = gradcheck_defaults();
	GcReport r = run_check(&c, &o);
	assert_true(r.passed);
	gradcheck_report_free(&r);

	c.broken = "transpose_whh";
	r = run_check(&c, &o);
	assert_false(r.passed);
	assert_string_equal(r.tensors[5].name, "h0");
	/* every tensor the way back through W_hh reaches; x of the last step has none */
	for (int k = 0; k < 6; k++)
		assert_true(r.tensors[k].failed > 0);
	assert_true(r.tensors[4].failed <= (c.steps - 1) * c.batch * c.input);
	gradcheck_report_free(&r);

	c.broken = "missing_tanh_derivative";
	r = run_check(&c, &o);
	assert_false(r.passed);
	for (int k = 0; k < 6; k++)
		assert_true(r.tensors[k].failed > 0);
	gradcheck_report_free(&r);

	/* the sum over time is missing from dW_hh alone */
	c.broken = "no_accumulate_over_time";
	r = run_check(&c, &o);
	assert_false(r.passed);
	for (int k = 0; k < 6; k++)
		if ((r.tensors[k].failed > 0) != (strcmp(r.tensors[k].name, "weight_hh") == 0))
			fail_msg("%s: %d values fail", r.tensors[k].name, r.tensors[k].failed);
	gradcheck_report_free(&r);

	/* W_hh^T = W_hh when H = 1: the check cannot see that fault, and says so by passing */
	c.broken = "transpose_whh";
	c.hidden = 1;
	r = run_check(&c, &o);
	assert_true(r.passed);
	gradcheck_report_free(&r);
}

static void test_faults_refused_elsewhere(void **state)
{
	(void)state;
	CheckConfig c = check_config_defaults();
	c.broken = "transpose_whh";
	assert_null(check_model_new("lstm", &c, 0));
	assert_non_null(strstr(status_detail(), "faults of the tanh rnn"));
	assert_null(check_model_new("rnn:relu", &c, 0));
	assert_non_null(strstr(status_detail(), "not of rnn:relu"));
	assert_null(check_model_new("tanh", &c, 0));
	assert_non_null(strstr(status_detail(), "--broken is an option of rnn, lstm and gru"));
	c.broken = "transpose";
	assert_null(check_model_new("rnn", &c, 0));
	assert_non_null(strstr(status_detail(), "--broken: unknown fault 'transpose'"));
	c = check_config_defaults();
	c.spectral_norm = 0.5;
	assert_null(check_model_new("linear", &c, 0));
	assert_non_null(strstr(status_detail(), "--spectral-norm is an option of rnn"));
	c.spectral_norm = 11;
	assert_null(check_model_new("rnn", &c, 0));
	assert_non_null(strstr(status_detail(), "--spectral-norm must be greater than 0 and at most 10"));
}

/* --radius sets ||W_hh|| exactly; with the loss at the last step and a small radius the
 * early gradients are far below what a finite difference resolves: the numeric side is 0,
 * the relative error 1, and only atol lets the check pass. */
static void test_vanishing_check_needs_atol(void **state)
{
	(void)state;
	CheckConfig c = check_config_defaults();
	c.steps = 20;
	c.batch = 1;
	c.spectral_norm = 0.1;
	c.loss = "last";
	for (int gauss = 0; gauss < 2; gauss++) {
		c.init = gauss ? "gaussian" : NULL;
		CheckModel *m = check_model_new("rnn", &c, 0);
		assert_non_null(m);
		GcProblem p = check_model_problem(m);
		assert_string_equal(p.tensors[1].name, "weight_hh");
		assert_close(0.1, init_spectral_norm(p.tensors[1].value, 0, c.hidden), 1e-12, 1e-9);
		check_model_free(m);
	}
	c.init = NULL;
	GcOptions o = gradcheck_defaults();
	GcReport r = run_check(&c, &o);
	assert_true(r.passed);
	const GcTensorReport *h0 = &r.tensors[5];
	assert_string_equal(h0->name, "h0");
	assert_close(1.0, h0->max_rel_err, 0, 0);
	assert_true(h0->max_abs_err > 0 && h0->max_abs_err < 1e-15);
	gradcheck_report_free(&r);
	o.atol = 0;
	r = run_check(&c, &o);
	assert_false(r.passed);
	assert_int_equal(r.tensors[5].failed, c.hidden);
	gradcheck_report_free(&r);
	/* the loss at every step: h_1 is scored, so h0's gradient does not vanish */
	c.loss = NULL;
	r = run_check(&c, &o);
	assert_true(r.tensors[5].max_abs_err < 1e-8 && r.tensors[5].failed == 0);
	gradcheck_report_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rebuilt_rnn_is_the_rnn),
		cmocka_unit_test(test_each_fault_fails_where_it_reaches),
		cmocka_unit_test(test_faults_refused_elsewhere),
		cmocka_unit_test(test_vanishing_check_needs_atol),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
