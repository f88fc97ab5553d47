/* test_optim: torch.optim's updates by hand. The first steps of SGD (plain, weight decay,
 * momentum whose first step copies the gradient before dampening applies, nesterov), Adam
 * (bias correction makes the first step lr * g / (|g| + eps)), AdamW's decoupled decay,
 * AMSGrad's maximum, RMSprop (plain, centered, momentum), Adagrad (lr_decay, the initial
 * accumulator); the buffers each kind keeps; the state saved after k steps and set into a
 * fresh optimizer continues bit for bit; every refusal of the options check; names; every
 * out-of-memory path of optim_new. tests/torch_step.py compares with torch itself. */
#include "test_util.h"

#include "core/mem.h"
#include "optim/optim.h"

/* Run steps on one parameter of n values from p0 with the gradients g[step][i]; p gets
 * the parameter after them. The optimizer is returned for its state (optim_free it). */
static Optim *run(const OptimOptions *o, int n, const double *p0, int steps, const double *g,
		  double lr, double *p)
{
	size_t size = (size_t)n;
	Optim *opt = optim_new(o, 1, &size);
	assert_non_null(opt);
	memcpy(p, p0, (size_t)n * sizeof *p);
	for (int s = 0; s < steps; s++) {
		double *params[] = { p };
		const double *grads[] = { g + (size_t)s * (size_t)n };
		optim_step(opt, params, grads, lr);
	}
	return opt;
}

static OptimOptions with_lr(OptimKind kind, double lr)
{
	OptimOptions o = optim_defaults(kind);
	o.lr = lr;
	return o;
}

/* {==== SGD ==== */
static void test_sgd(void **state)
{
	(void)state;
	double p[2];
	OptimOptions o = with_lr(OPTIM_SGD, 0.1);
	optim_free(run(&o, 2, (double[]){ 1, -1 }, 1, (double[]){ 2, 0.5 }, 0.1, p));
	assert_close(0.8, p[0], 0, 1e-15);
	assert_close(-1.05, p[1], 0, 1e-15);
	/* weight decay adds wd * p to the gradient: 2 + 0.1 * 1 */
	o.weight_decay = 0.1;
	optim_free(run(&o, 1, (double[]){ 1 }, 1, (double[]){ 2 }, 0.1, p));
	assert_close(1 - 0.1 * 2.1, p[0], 0, 1e-15);
	/* momentum 0.9, dampening 0.5: buf = g on the first step (no dampening: torch's clone),
	 * then buf = 0.9 * 2 + 0.5 * 2 = 2.8; p = 1 - 0.2 - 0.28 */
	o = with_lr(OPTIM_SGD, 0.1);
	o.momentum = 0.9;
	o.dampening = 0.5;
	Optim *opt = run(&o, 1, (double[]){ 1 }, 2, (double[]){ 2, 2 }, 0.1, p);
	assert_close(0.52, p[0], 0, 1e-15);
	assert_close(2.8, optim_buffer(opt, 0, OPTIM_BUF_MOMENTUM)[0], 0, 1e-15);
	assert_int_equal(2, optim_step_count(opt));
	optim_free(opt);
	/* nesterov: d = g + momentum * buf = 2 + 0.5 * 2 */
	o.momentum = 0.5;
	o.dampening = 0;
	o.nesterov = true;
	optim_free(run(&o, 1, (double[]){ 1 }, 1, (double[]){ 2 }, 0.1, p));
	assert_close(0.7, p[0], 0, 1e-15);
}
/* }==== */

/* {==== Adam and AdamW ==== */
static void test_adam_first_step(void **state)
{
	(void)state;
	double p[3];
	/* m = 0.1 g, v = 0.001 g^2: after bias correction the step is lr * g / (|g| + eps) */
	OptimOptions o = with_lr(OPTIM_ADAM, 0.1);
	Optim *opt = run(&o, 3, (double[]){ 1, 2, 3 }, 1, (double[]){ 2, -0.5, 0 }, 0.1, p);
	assert_close(1 - 0.1 * 2 / (2 + 1e-8), p[0], 0, 1e-15);
	assert_close(2 + 0.1 * 0.5 / (0.5 + 1e-8), p[1], 0, 1e-15);
	assert_true(p[2] == 3); /* a zero gradient: m = 0 */
	assert_close(0.2, optim_buffer(opt, 0, OPTIM_BUF_EXP_AVG)[0], 0, 1e-15);
	assert_close(0.004, optim_buffer(opt, 0, OPTIM_BUF_EXP_AVG_SQ)[0], 0, 1e-14);
	assert_null(optim_buffer(opt, 0, OPTIM_BUF_MAX_EXP_AVG_SQ));
	optim_free(opt);
	/* L2 weight decay enters the gradient: 2 + 0.5 * 1 */
	o.weight_decay = 0.5;
	optim_free(run(&o, 1, (double[]){ 1 }, 1, (double[]){ 2 }, 0.1, p));
	assert_close(1 - 0.1 * 2.5 / (2.5 + 1e-8), p[0], 0, 1e-15);
	/* AdamW decays the weight itself first: p *= 1 - lr * wd, and the gradient is g */
	o.kind = OPTIM_ADAMW;
	optim_free(run(&o, 1, (double[]){ 1 }, 1, (double[]){ 2 }, 0.1, p));
	assert_close(0.95 - 0.1 * 2 / (2 + 1e-8), p[0], 0, 1e-15);
}

static void test_amsgrad(void **state)
{
	(void)state;
	double p[1], q[1];
	/* a gradient 2 then 0: v falls to 0.999 * 0.004 while AMSGrad keeps 0.004 */
	OptimOptions o = with_lr(OPTIM_ADAM, 0.1);
	o.amsgrad = true;
	Optim *opt = run(&o, 1, (double[]){ 1 }, 2, (double[]){ 2, 0 }, 0.1, p);
	assert_close(0.004 * 0.999, optim_buffer(opt, 0, OPTIM_BUF_EXP_AVG_SQ)[0], 0, 1e-14);
	assert_close(0.004, optim_buffer(opt, 0, OPTIM_BUF_MAX_EXP_AVG_SQ)[0], 0, 1e-14);
	optim_free(opt);
	double p1 = 1 - 0.1 * 2 / (2 + 1e-8), m2 = 0.18;
	double bc1 = 1 - 0.9 * 0.9, bc2 = 1 - 0.999 * 0.999;
	assert_close(p1 - 0.1 / bc1 * m2 / (sqrt(0.004) / sqrt(bc2) + 1e-8), p[0], 0, 1e-14);
	/* without it the smaller v makes a larger step */
	o.amsgrad = false;
	optim_free(run(&o, 1, (double[]){ 1 }, 2, (double[]){ 2, 0 }, 0.1, q));
	assert_close(p1 - 0.1 / bc1 * m2 / (sqrt(0.004 * 0.999) / sqrt(bc2) + 1e-8), q[0], 0, 1e-14);
	assert_true(q[0] < p[0]);
}
/* }==== */

/* {==== RMSprop and Adagrad ==== */
static void test_rmsprop(void **state)
{
	(void)state;
	double p[1];
	/* square_avg = 0.01 * 4 = 0.04: p = 1 - 0.01 * 2 / (0.2 + eps) */
	OptimOptions o = optim_defaults(OPTIM_RMSPROP);
	Optim *opt = run(&o, 1, (double[]){ 1 }, 1, (double[]){ 2 }, 0.01, p);
	assert_close(1 - 0.01 * 2 / (0.2 + 1e-8), p[0], 0, 1e-15);
	assert_false(optim_has_buffer(opt, OPTIM_BUF_GRAD_AVG));
	assert_false(optim_has_buffer(opt, OPTIM_BUF_MOMENTUM));
	optim_free(opt);
	/* centered: grad_avg = 0.02, the denominator sqrt(0.04 - 0.0004) */
	o.centered = true;
	opt = run(&o, 1, (double[]){ 1 }, 1, (double[]){ 2 }, 0.01, p);
	assert_close(1 - 0.01 * 2 / (sqrt(0.0396) + 1e-8), p[0], 0, 1e-15);
	assert_close(0.02, optim_buffer(opt, 0, OPTIM_BUF_GRAD_AVG)[0], 0, 1e-15);
	optim_free(opt);
	/* momentum 0.9: buf = g / avg, then 0.9 buf + g / avg' */
	o.centered = false;
	o.momentum = 0.9;
	opt = run(&o, 1, (double[]){ 1 }, 2, (double[]){ 2, 2 }, 0.01, p);
	double avg1 = 0.2 + 1e-8, avg2 = sqrt(0.99 * 0.04 + 0.04) + 1e-8;
	double b1 = 2 / avg1, b2 = 0.9 * b1 + 2 / avg2;
	assert_close(b2, optim_buffer(opt, 0, OPTIM_BUF_MOMENTUM)[0], 0, 1e-14);
	assert_close(1 - 0.01 * b1 - 0.01 * b2, p[0], 0, 1e-14);
	optim_free(opt);
}

static void test_adagrad(void **state)
{
	(void)state;
	double p[1];
	/* eps 0: sum 9, p = 1 - 3 / 3; then lr / (1 + 1 * lr_decay) = 0.5, sum 25: -0.5 * 4 / 5 */
	OptimOptions o = with_lr(OPTIM_ADAGRAD, 1);
	o.eps = 0;
	o.lr_decay = 1;
	Optim *opt = run(&o, 1, (double[]){ 1 }, 2, (double[]){ 3, 4 }, 1, p);
	assert_close(-0.4, p[0], 0, 1e-15);
	assert_true(optim_buffer(opt, 0, OPTIM_BUF_SUM)[0] == 25);
	optim_free(opt);
	/* the accumulator starts at initial_accumulator_value: sum = 7 + 9 = 16 */
	o.initial_accumulator_value = 7;
	o.weight_decay = 0.5; /* g = 2.5 + 0.5 * 1 = 3 */
	optim_free(run(&o, 1, (double[]){ 1 }, 1, (double[]){ 2.5 }, 1, p));
	assert_close(1 - 3.0 / 4.0, p[0], 0, 1e-15);
}
/* }==== */

/* {==== State: the buffers kept, and a checkpoint ==== */
static void test_buffers_kept(void **state)
{
	(void)state;
	const struct {
		OptimKind kind;
		double momentum;
		bool flag; /* amsgrad or centered */
		unsigned want;
	} cases[] = {
		{ OPTIM_SGD, 0, false, 0 },
		{ OPTIM_SGD, 0.5, false, 1u << OPTIM_BUF_MOMENTUM },
		{ OPTIM_ADAM, 0, false, 1u << OPTIM_BUF_EXP_AVG | 1u << OPTIM_BUF_EXP_AVG_SQ },
		{ OPTIM_ADAMW, 0, true,
		  1u << OPTIM_BUF_EXP_AVG | 1u << OPTIM_BUF_EXP_AVG_SQ | 1u << OPTIM_BUF_MAX_EXP_AVG_SQ },
		{ OPTIM_RMSPROP, 0, false, 1u << OPTIM_BUF_SQUARE_AVG },
		{ OPTIM_RMSPROP, 0.3, true,
		  1u << OPTIM_BUF_SQUARE_AVG | 1u << OPTIM_BUF_MOMENTUM | 1u << OPTIM_BUF_GRAD_AVG },
		{ OPTIM_ADAGRAD, 0, false, 1u << OPTIM_BUF_SUM },
	};
	size_t sizes[] = { 3, 0, 2 };
	for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
		OptimOptions o = optim_defaults(cases[c].kind);
		o.momentum = cases[c].momentum;
		o.amsgrad = o.centered = cases[c].flag;
		Optim *opt = optim_new(&o, 3, sizes);
		assert_non_null(opt);
		size_t n = 1;
		for (int b = 0; b < OPTIM_BUF_COUNT; b++) {
			bool want = (cases[c].want >> b) & 1;
			assert_int_equal(want, optim_has_buffer(opt, (OptimBuffer)b));
			assert_int_equal(want, optim_buffer(opt, 2, (OptimBuffer)b) != NULL);
			n += want ? 5 : 0;
		}
		assert_int_equal(n, optim_state_size(opt));
		assert_int_equal(3, optim_n_params(opt));
		assert_int_equal(2, optim_param_size(opt, 2));
		optim_free(opt);
	}
}

/* Gradients that change from step to step, the same for every run. */
static void gradient(int step, double *g0, double *g1)
{
	for (int i = 0; i < 3; i++)
		g0[i] = sin(1.3 * step + i) * (1 + step % 3);
	for (int i = 0; i < 2; i++)
		g1[i] = cos(0.7 * step - i) * 0.5;
}

static void test_state_round_trip(void **state)
{
	(void)state;
	OptimOptions cases[6];
	cases[0] = with_lr(OPTIM_SGD, 0.1);
	cases[0].momentum = 0.9;
	cases[0].dampening = 0.2;
	cases[0].weight_decay = 0.01;
	cases[1] = with_lr(OPTIM_ADAM, 0.05);
	cases[1].amsgrad = true;
	cases[2] = with_lr(OPTIM_ADAMW, 0.05);
	cases[3] = optim_defaults(OPTIM_RMSPROP);
	cases[3].centered = true;
	cases[3].momentum = 0.5;
	cases[4] = optim_defaults(OPTIM_ADAGRAD);
	cases[4].lr_decay = 0.1;
	cases[4].initial_accumulator_value = 0.2;
	cases[5] = with_lr(OPTIM_SGD, 0.1);
	cases[5].momentum = 0.5;
	size_t sizes[] = { 3, 2 };
	for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
		/* case 5 saves after one step: the restored count says the buffer is no longer
		 * torch's None, so the next step mixes instead of copying */
		int save_at = c == 5 ? 1 : 4, total = 9;
		double a0[3] = { 1, -2, 0.5 }, a1[2] = { 3, -1 }, b0[3], b1[2];
		double *pa[] = { a0, a1 }, *pb[] = { b0, b1 };
		Optim *a = optim_new(&cases[c], 2, sizes), *b = optim_new(&cases[c], 2, sizes);
		assert_non_null(a);
		assert_non_null(b);
		double *saved = NULL;
		for (int s = 0; s < total; s++) {
			if (s == save_at) {
				saved = malloc(optim_state_size(a) * sizeof *saved);
				optim_state_get(a, saved);
				assert_int_equal(ST_OK, optim_state_set(b, saved));
				memcpy(b0, a0, sizeof a0);
				memcpy(b1, a1, sizeof a1);
			}
			double g0[3], g1[2];
			gradient(s, g0, g1);
			const double *g[] = { g0, g1 };
			double lr = cases[c].lr * (1 + 0.1 * s);
			optim_step(a, pa, g, lr);
			if (s >= save_at)
				optim_step(b, pb, g, lr);
		}
		assert_memory_equal(a0, b0, sizeof a0);
		assert_memory_equal(a1, b1, sizeof a1);
		assert_int_equal(optim_step_count(a), optim_step_count(b));
		double *sa = malloc(optim_state_size(a) * sizeof *sa);
		double *sb = malloc(optim_state_size(b) * sizeof *sb);
		optim_state_get(a, sa);
		optim_state_get(b, sb);
		assert_memory_equal(sa, sb, optim_state_size(a) * sizeof *sa);
		free(sa);
		free(sb);
		free(saved);
		optim_free(a);
		optim_free(b);
	}
}

static void test_state_set_refuses(void **state)
{
	(void)state;
	size_t size = 2;
	OptimOptions o = optim_defaults(OPTIM_ADAM);
	Optim *opt = optim_new(&o, 1, &size);
	assert_non_null(opt);
	double s[5] = { 3, 1, 2, 3, 4 };
	assert_int_equal(ST_OK, optim_state_set(opt, s));
	assert_int_equal(3, optim_step_count(opt));
	assert_true(optim_buffer(opt, 0, OPTIM_BUF_EXP_AVG_SQ)[1] == 4);
	const double bad[] = { -1, 1.5, NAN, INFINITY, 1e300 };
	for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
		double t[5] = { bad[k], 9, 9, 9, 9 };
		assert_int_equal(ST_ERANGE, optim_state_set(opt, t));
		assert_int_equal(3, optim_step_count(opt));
		assert_true(optim_buffer(opt, 0, OPTIM_BUF_EXP_AVG)[0] == 1);
	}
	optim_set_step_count(opt, 7);
	assert_int_equal(7, optim_step_count(opt));
	optim_free(opt);
	optim_free(NULL);
}
/* }==== */

/* {==== Options: defaults, names, refusals ==== */
static void test_defaults_and_names(void **state)
{
	(void)state;
	OptimOptions o = optim_defaults(OPTIM_ADAMW);
	assert_true(o.lr == 1e-3 && o.beta1 == 0.9 && o.beta2 == 0.999 && o.eps == 1e-8);
	assert_true(o.weight_decay == 1e-2 && !o.amsgrad);
	assert_true(optim_defaults(OPTIM_ADAM).weight_decay == 0);
	o = optim_defaults(OPTIM_RMSPROP);
	assert_true(o.lr == 1e-2 && o.alpha == 0.99 && o.eps == 1e-8 && o.momentum == 0);
	o = optim_defaults(OPTIM_ADAGRAD);
	assert_true(o.lr == 1e-2 && o.eps == 1e-10 && o.lr_decay == 0);
	for (int k = 0; k < OPTIM_KIND_COUNT; k++) {
		OptimKind kind;
		assert_true(optim_kind_parse(optim_kind_name((OptimKind)k), &kind));
		assert_int_equal(k, kind);
		assert_true(optim_option_applies((OptimKind)k, OPTIM_OPT_LR));
		assert_true(optim_option_applies((OptimKind)k, OPTIM_OPT_WEIGHT_DECAY));
		OptimOptions d = optim_defaults((OptimKind)k);
		assert_int_equal(OPTIM_FINE, optim_options_check(&d).problem);
	}
	OptimKind kind;
	assert_false(optim_kind_parse("lbfgs", &kind));
	assert_false(optim_kind_parse("Adam", &kind));
	assert_null(optim_kind_name(OPTIM_KIND_COUNT));
	for (int k = 0; k < OPTIM_OPT_COUNT; k++) {
		OptimOption opt;
		assert_true(optim_option_parse(optim_option_name((OptimOption)k), &opt));
		assert_int_equal(k, opt);
	}
	OptimOption opt;
	assert_false(optim_option_parse("beta1", &opt));
	assert_false(optim_option_applies(OPTIM_SGD, OPTIM_OPT_BETAS));
	assert_false(optim_option_applies(OPTIM_ADAM, OPTIM_OPT_MOMENTUM));
	assert_true(optim_option_applies(OPTIM_RMSPROP, OPTIM_OPT_MOMENTUM));
	assert_true(optim_option_applies(OPTIM_ADAGRAD, OPTIM_OPT_INITIAL_ACCUMULATOR_VALUE));
	assert_true(optim_option_is_flag(OPTIM_OPT_CENTERED));
	assert_false(optim_option_is_flag(OPTIM_OPT_EPS));
	assert_string_equal("momentum_buffer", optim_buffer_name(OPTIM_BUF_MOMENTUM));
	assert_string_equal("max_exp_avg_sq", optim_buffer_name(OPTIM_BUF_MAX_EXP_AVG_SQ));
}

static void expect_fault(OptimOptions o, OptimProblem problem, OptimOption option, int index)
{
	OptimFault f = optim_options_check(&o);
	assert_int_equal(problem, f.problem);
	assert_int_equal(option, f.option);
	assert_int_equal(index, f.index);
	size_t size = 1;
	assert_null(optim_new(&o, 1, &size));
}

static void test_refusals(void **state)
{
	(void)state;
	OptimOptions o = with_lr(OPTIM_SGD, -0.1);
	expect_fault(o, OPTIM_NEGATIVE, OPTIM_OPT_LR, 0);
	assert_true(optim_options_check(&o).value == -0.1);
	o.lr = NAN;
	expect_fault(o, OPTIM_NOT_FINITE, OPTIM_OPT_LR, 0);
	o = with_lr(OPTIM_SGD, 0.1);
	o.momentum = -0.5;
	expect_fault(o, OPTIM_NEGATIVE, OPTIM_OPT_MOMENTUM, 0);
	o.momentum = 0;
	o.weight_decay = -1;
	expect_fault(o, OPTIM_NEGATIVE, OPTIM_OPT_WEIGHT_DECAY, 0);
	o.weight_decay = 0;
	o.nesterov = true;
	expect_fault(o, OPTIM_NESTEROV_NO_MOMENTUM, OPTIM_OPT_NESTEROV, 0);
	o.momentum = 0.9;
	o.dampening = 0.1;
	expect_fault(o, OPTIM_NESTEROV_DAMPENING, OPTIM_OPT_NESTEROV, 0);
	o.dampening = 0;
	assert_int_equal(OPTIM_FINE, optim_options_check(&o).problem);
	/* dampening may be anything finite, as torch has it, but not with nesterov */
	o.nesterov = false;
	o.dampening = -3;
	assert_int_equal(OPTIM_FINE, optim_options_check(&o).problem);
	o.dampening = INFINITY;
	expect_fault(o, OPTIM_NOT_FINITE, OPTIM_OPT_DAMPENING, 0);

	o = optim_defaults(OPTIM_ADAM);
	o.beta1 = 1;
	expect_fault(o, OPTIM_NOT_BELOW_ONE, OPTIM_OPT_BETAS, 0);
	o.beta1 = 0;
	assert_int_equal(OPTIM_FINE, optim_options_check(&o).problem);
	o.beta2 = -0.1;
	expect_fault(o, OPTIM_NEGATIVE, OPTIM_OPT_BETAS, 1);
	o.beta2 = 0.999;
	o.eps = -1e-8;
	expect_fault(o, OPTIM_NEGATIVE, OPTIM_OPT_EPS, 0);
	o.eps = 0; /* torch takes eps 0 */
	assert_int_equal(OPTIM_FINE, optim_options_check(&o).problem);
	o.momentum = -1; /* not Adam's: not checked */
	assert_int_equal(OPTIM_FINE, optim_options_check(&o).problem);

	o = optim_defaults(OPTIM_RMSPROP);
	o.alpha = 1.5;
	expect_fault(o, OPTIM_ABOVE_ONE, OPTIM_OPT_ALPHA, 0);
	o.alpha = -0.5;
	expect_fault(o, OPTIM_NEGATIVE, OPTIM_OPT_ALPHA, 0);
	o.alpha = 1;
	o.momentum = -0.1;
	expect_fault(o, OPTIM_NEGATIVE, OPTIM_OPT_MOMENTUM, 0);

	o = optim_defaults(OPTIM_ADAGRAD);
	o.lr_decay = -1;
	expect_fault(o, OPTIM_NEGATIVE, OPTIM_OPT_LR_DECAY, 0);
	o.lr_decay = 0;
	o.initial_accumulator_value = -1;
	expect_fault(o, OPTIM_NEGATIVE, OPTIM_OPT_INITIAL_ACCUMULATOR_VALUE, 0);

	o = optim_defaults(OPTIM_ADAM);
	size_t size = 1;
	assert_null(optim_new(&o, -1, &size));
	assert_null(optim_new(&o, 1, NULL));
	Optim *none = optim_new(&o, 0, NULL);
	assert_non_null(none);
	optim_step(none, NULL, NULL, 0.1);
	assert_int_equal(1, optim_step_count(none));
	optim_free(none);
}

static void test_out_of_memory(void **state)
{
	(void)state;
	OptimOptions o = optim_defaults(OPTIM_RMSPROP);
	o.centered = true;
	o.momentum = 0.5;
	size_t sizes[] = { 4, 2 };
	int failures = 0;
	for (long n = 0;; n++) {
		mem_fail_after(n);
		Optim *opt = optim_new(&o, 2, sizes);
		mem_fail_after(-1);
		if (opt) {
			optim_free(opt);
			break;
		}
		failures++;
	}
	/* the optimizer, the sizes, the offsets and three buffers */
	assert_int_equal(6, failures);
}
/* }==== */

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sgd),
		cmocka_unit_test(test_adam_first_step),
		cmocka_unit_test(test_amsgrad),
		cmocka_unit_test(test_rmsprop),
		cmocka_unit_test(test_adagrad),
		cmocka_unit_test(test_buffers_kept),
		cmocka_unit_test(test_state_round_trip),
		cmocka_unit_test(test_state_set_refuses),
		cmocka_unit_test(test_defaults_and_names),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_out_of_memory),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
