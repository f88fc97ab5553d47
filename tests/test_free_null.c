/* test_free_null: the house rule "every *_free accepts NULL" (../shared/STYLE.md), for every
 * exported free function of the library: each is called with NULL and must return. A cleanup
 * path (`goto fail`) may then free whatever it holds without asking which parts exist.
 */
#include "test_util.h"

#include "check/gradcheck.h"
#include "check/models.h"
#include "core/ad.h"
#include "core/arena.h"
#include "core/mat.h"
#include "core/mem.h"
#include "grade/checks.h"
#include "grade/grade_progress.h"
#include "grade/harness.h"
#include "grade/registry.h"
#include "grade/sandbox.h"
#include "lab/attention_weights.h"
#include "lab/bptt_steps.h"
#include "lab/curves.h"
#include "lab/dying_relu.h"
#include "lab/gates.h"
#include "lab/norms.h"
#include "lab/unroll.h"
#include "learn/lesson.h"
#include "learn/lint.h"
#include "learn/progress.h"
#include "nn/attention.h"
#include "nn/bptt.h"
#include "nn/linear.h"
#include "nn/recurrent.h"
#include "plot/cols.h"
#include "plot/plot.h"
#include "ui/app.h"
#include "ui/canvas.h"
#include "ui/exercises_internal.h"
#include "ui/textwidth.h"

static void test_core_nn_check(void **state)
{
	(void)state;
	mem_free(NULL);
	mat_free(NULL);
	arena_free(NULL);
	ad_tape_free(NULL);
	linear_free(NULL);
	attention_free(NULL);
	recurrent_free(NULL);
	bptt_free(NULL);
	gradcheck_report_free(NULL);
	check_model_free(NULL);
}

static void test_lab(void **state)
{
	(void)state;
	attn_lab_free(NULL);
	bptt_steps_free(NULL);
	curves_free(NULL);
	dying_relu_result_free(NULL);
	gates_result_free(NULL);
	norms_result_free(NULL);
	unroll_free(NULL);
}

static void test_learn_grade_plot(void **state)
{
	(void)state;
	lesson_free(NULL);
	lesson_argv_free(NULL);
	lesson_names_free(NULL);
	lesson_problems_free(NULL);
	lint_glossary_free(NULL);
	progress_free(NULL);
	checks_case_free(NULL);
	checks_want_free(NULL);
	grade_progress_free(NULL);
	harness_report_free(NULL);
	registry_free(NULL);
	sandbox_run_free(NULL);
	plot_text_free(NULL);
	plot_row_free(NULL);
}

static void test_ui(void **state)
{
	(void)state;
	app_free(NULL);
	app_exercises_free(NULL);
	app_quiz_lines_free(NULL);
	app_runs_free(NULL);
	canvas_mem_free(NULL);
	ex_doc_free(NULL);
	tw_lines_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_core_nn_check),
		cmocka_unit_test(test_lab),
		cmocka_unit_test(test_learn_grade_plot),
		cmocka_unit_test(test_ui),
	};
	return cmocka_run_group_tests_name("free_null", tests, NULL, NULL);
}
