/* test_schedule: torch's lr schedules by hand. Each kind's first values from a base lr of 1
 * (step halves every step_size epochs; exponential; cosine down to eta_min and back up, its
 * turning point taken by torch's special case; linear from start_factor to end_factor then
 * flat); a warmup hands over at its milestone to the schedule's closed form at 0; the
 * recursion stays within round-off of torch's closed form; a restored schedule continues bit
 * for bit; every refusal. tests/torch_step.py compares with torch itself. */
#include "test_util.h"

#include "optim/schedule.h"

/* The lrs of the first n epochs (epoch 0 is the one after construction) into lr. */
static void lrs(const ScheduleOptions *o, double base, int n, double *lr)
{
	Schedule s;
	assert_int_equal(ST_OK, schedule_init(&s, o, base));
	for (int e = 0; e < n; e++) {
		assert_int_equal(e, s.last_epoch);
		lr[e] = schedule_lr(&s);
		schedule_step(&s);
	}
}

static void assert_lrs(const double *want, const double *got, int n)
{
	for (int e = 0; e < n; e++)
		assert_close(want[e], got[e], 1e-16, 1e-15);
}

static void test_constant_step_exponential(void **state)
{
	(void)state;
	double lr[6];
	ScheduleOptions o = schedule_defaults(SCHED_CONSTANT);
	lrs(&o, 0.3, 4, lr);
	assert_lrs((double[]){ 0.3, 0.3, 0.3, 0.3 }, lr, 4);
	o = schedule_defaults(SCHED_STEP);
	o.step_size = 2;
	o.gamma = 0.5;
	lrs(&o, 1, 6, lr);
	assert_lrs((double[]){ 1, 1, 0.5, 0.5, 0.25, 0.25 }, lr, 6);
	o = schedule_defaults(SCHED_EXPONENTIAL);
	o.gamma = 0.5;
	lrs(&o, 2, 4, lr);
	assert_lrs((double[]){ 2, 1, 0.5, 0.25 }, lr, 4);
}

static void test_cosine(void **state)
{
	(void)state;
	/* T_max 2 from 1 to 0: 1, 0.5, 0, then back up (the turning point where torch's ratio
	 * would divide by 1 + cos(pi) = 0 is its special case), 0.5, 1, 0.5, 0 */
	double lr[7];
	ScheduleOptions o = schedule_defaults(SCHED_COSINE);
	o.T_max = 2;
	lrs(&o, 1, 7, lr);
	assert_lrs((double[]){ 1, 0.5, 0, 0.5, 1, 0.5, 0 }, lr, 7);
	/* eta_min 0.1: halfway is 0.1 + 0.9 / 2 */
	o.eta_min = 0.1;
	lrs(&o, 1, 3, lr);
	assert_lrs((double[]){ 1, 0.55, 0.1 }, lr, 3);
}

static void test_linear(void **state)
{
	(void)state;
	/* 0.5 to 1 over 2 iterations: 0.5, 0.75, 1, then flat */
	double lr[5];
	ScheduleOptions o = schedule_defaults(SCHED_LINEAR);
	o.start_factor = 0.5;
	o.total_iters = 2;
	lrs(&o, 1, 5, lr);
	assert_lrs((double[]){ 0.5, 0.75, 1, 1, 1 }, lr, 5);
	/* torch's defaults: 1/3 to 1 over 5 */
	o = schedule_defaults(SCHED_LINEAR);
	lrs(&o, 3, 5, lr);
	assert_lrs((double[]){ 1, 1 + 2.0 / 5, 1 + 4.0 / 5, 1 + 6.0 / 5, 1 + 8.0 / 5 }, lr, 5);
	/* down: from 1 to 0.2 over 4 */
	o.start_factor = 1;
	o.end_factor = 0.2;
	o.total_iters = 4;
	lrs(&o, 1, 5, lr);
	assert_lrs((double[]){ 1, 0.8, 0.6, 0.4, 0.2 }, lr, 5);
}

static void test_warmup(void **state)
{
	(void)state;
	/* warmup 2 from 0.5, then step (step_size 1, gamma 0.1) counting from the milestone:
	 * 0.5, 0.75, the base lr 1 (the closed form at 0), 0.1, 0.01 */
	double lr[5];
	ScheduleOptions o = schedule_defaults(SCHED_STEP);
	o.step_size = 1;
	o.warmup = 2;
	o.warmup_start_factor = 0.5;
	lrs(&o, 1, 5, lr);
	assert_lrs((double[]){ 0.5, 0.75, 1, 0.1, 0.01 }, lr, 5);
	/* a linear schedule after the warmup restarts at base * start_factor */
	o = schedule_defaults(SCHED_LINEAR);
	o.start_factor = 0.5;
	o.total_iters = 2;
	o.warmup = 1;
	o.warmup_start_factor = 0.25;
	lrs(&o, 1, 5, lr);
	assert_lrs((double[]){ 0.25, 0.5, 0.75, 1, 1 }, lr, 5);
}

/* Every kind, with and without a warmup: the recursion agrees with the closed form. */
static void test_closed_form(void **state)
{
	(void)state;
	ScheduleOptions cases[5];
	for (int k = 0; k < SCHED_KIND_COUNT; k++)
		cases[k] = schedule_defaults((ScheduleKind)k);
	cases[SCHED_STEP].step_size = 3;
	cases[SCHED_EXPONENTIAL].gamma = 0.93;
	cases[SCHED_COSINE].T_max = 7;
	cases[SCHED_COSINE].eta_min = 0.01;
	cases[SCHED_LINEAR].total_iters = 9;
	for (int w = 0; w <= 4; w += 4)
		for (int k = 0; k < SCHED_KIND_COUNT; k++) {
			ScheduleOptions o = cases[k];
			o.warmup = w;
			Schedule s;
			assert_int_equal(ST_OK, schedule_init(&s, &o, 0.7));
			for (int e = 0; e < 40; e++) {
				assert_close(schedule_closed_form(&s, e), schedule_lr(&s), 1e-15, 1e-12);
				schedule_step(&s);
			}
		}
}

static void test_restore(void **state)
{
	(void)state;
	ScheduleOptions o = schedule_defaults(SCHED_COSINE);
	o.T_max = 5;
	o.eta_min = 0.05;
	o.warmup = 3;
	o.warmup_start_factor = 0.1;
	for (int save_at = 1; save_at < 12; save_at += 5) {
		Schedule a, b;
		assert_int_equal(ST_OK, schedule_init(&a, &o, 0.9));
		assert_int_equal(ST_OK, schedule_init(&b, &o, 0.9));
		for (int e = 0; e < save_at; e++)
			schedule_step(&a);
		assert_int_equal(ST_OK, schedule_restore(&b, a.last_epoch, schedule_lr(&a)));
		for (int e = 0; e < 20; e++) {
			assert_true(schedule_lr(&a) == schedule_lr(&b));
			schedule_step(&a);
			schedule_step(&b);
		}
		assert_int_equal(a.last_epoch, b.last_epoch);
	}
	Schedule s;
	assert_int_equal(ST_OK, schedule_init(&s, &o, 0.9));
	assert_int_equal(ST_ERANGE, schedule_restore(&s, -1, 0.5));
	assert_int_equal(ST_ERANGE, schedule_restore(&s, 3, NAN));
	assert_int_equal(ST_ERANGE, schedule_restore(&s, 3, -0.5));
	assert_int_equal(0, s.last_epoch);
	assert_true(schedule_lr(&s) == 0.9 * 0.1);
}

static void test_names(void **state)
{
	(void)state;
	for (int k = 0; k < SCHED_KIND_COUNT; k++) {
		ScheduleKind kind;
		assert_true(schedule_kind_parse(schedule_kind_name((ScheduleKind)k), &kind));
		assert_int_equal(k, kind);
		assert_true(schedule_option_applies((ScheduleKind)k, SCHED_OPT_WARMUP));
	}
	ScheduleKind kind;
	assert_false(schedule_kind_parse("onecycle", &kind));
	assert_null(schedule_kind_name(SCHED_KIND_COUNT));
	for (int k = 0; k < SCHED_OPT_COUNT; k++) {
		ScheduleOption opt;
		assert_true(schedule_option_parse(schedule_option_name((ScheduleOption)k), &opt));
		assert_int_equal(k, opt);
	}
	assert_string_equal("T_max", schedule_option_name(SCHED_OPT_T_MAX));
	assert_false(schedule_option_applies(SCHED_EXPONENTIAL, SCHED_OPT_STEP_SIZE));
	assert_true(schedule_option_required(SCHED_STEP, SCHED_OPT_STEP_SIZE));
	assert_false(schedule_option_required(SCHED_STEP, SCHED_OPT_GAMMA));
	assert_true(schedule_option_required(SCHED_EXPONENTIAL, SCHED_OPT_GAMMA));
	assert_true(schedule_option_required(SCHED_COSINE, SCHED_OPT_T_MAX));
	assert_true(schedule_option_is_integer(SCHED_OPT_TOTAL_ITERS));
	assert_false(schedule_option_is_integer(SCHED_OPT_ETA_MIN));
}

static void expect_fault(ScheduleOptions o, ScheduleProblem problem, ScheduleOption option)
{
	ScheduleFault f = schedule_options_check(&o);
	assert_int_equal(problem, f.problem);
	assert_int_equal(option, f.option);
	Schedule s;
	assert_int_equal(ST_EINVAL, schedule_init(&s, &o, 1));
}

static void test_refusals(void **state)
{
	(void)state;
	/* torch has no default step_size or T_max: the defaults here are refused */
	expect_fault(schedule_defaults(SCHED_STEP), SCHED_BELOW_ONE, SCHED_OPT_STEP_SIZE);
	expect_fault(schedule_defaults(SCHED_COSINE), SCHED_BELOW_ONE, SCHED_OPT_T_MAX);
	ScheduleOptions o = schedule_defaults(SCHED_STEP);
	o.step_size = 2;
	o.gamma = -0.5;
	expect_fault(o, SCHED_NEGATIVE, SCHED_OPT_GAMMA);
	o.gamma = NAN;
	expect_fault(o, SCHED_NOT_FINITE, SCHED_OPT_GAMMA);
	o = schedule_defaults(SCHED_COSINE);
	o.T_max = 3;
	o.eta_min = -1;
	expect_fault(o, SCHED_NEGATIVE, SCHED_OPT_ETA_MIN);
	o = schedule_defaults(SCHED_LINEAR);
	o.start_factor = 0; /* torch divides by it on the first step */
	expect_fault(o, SCHED_NOT_POSITIVE_UNIT, SCHED_OPT_START_FACTOR);
	o.start_factor = 1.5;
	expect_fault(o, SCHED_NOT_POSITIVE_UNIT, SCHED_OPT_START_FACTOR);
	o.start_factor = 0.5;
	o.end_factor = -0.1;
	expect_fault(o, SCHED_NOT_UNIT, SCHED_OPT_END_FACTOR);
	o.end_factor = 0; /* may end at 0 */
	assert_int_equal(SCHED_FINE, schedule_options_check(&o).problem);
	o.total_iters = 0;
	expect_fault(o, SCHED_BELOW_ONE, SCHED_OPT_TOTAL_ITERS);
	o = schedule_defaults(SCHED_CONSTANT);
	o.warmup = -1;
	expect_fault(o, SCHED_NEGATIVE, SCHED_OPT_WARMUP);
	o.warmup = 3;
	o.warmup_start_factor = 0;
	expect_fault(o, SCHED_NOT_POSITIVE_UNIT, SCHED_OPT_WARMUP_START_FACTOR);
	o.warmup = 0; /* no warmup: its factor is not used */
	assert_int_equal(SCHED_FINE, schedule_options_check(&o).problem);
	/* options of another kind are not checked */
	o.step_size = -5;
	assert_int_equal(SCHED_FINE, schedule_options_check(&o).problem);
	Schedule s;
	assert_int_equal(ST_EINVAL, schedule_init(&s, &o, -0.1));
	assert_int_equal(ST_EINVAL, schedule_init(&s, &o, INFINITY));
	assert_int_equal(ST_OK, schedule_init(&s, &o, 0));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_constant_step_exponential),
		cmocka_unit_test(test_cosine),
		cmocka_unit_test(test_linear),
		cmocka_unit_test(test_warmup),
		cmocka_unit_test(test_closed_form),
		cmocka_unit_test(test_restore),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_refusals),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
