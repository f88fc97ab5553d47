/* test_ui_exercises: the exercises screen (src/ui/screen_exercises.c), drawn headlessly. An
 * App over the fixture lessons (tests/data/book) and the fixture exercises
 * (tests/data/exercises: a list of three and two of their files) is driven by key scripts
 * into the in-memory canvas and compared with golden screens (80x24 and 50x16, English and
 * Chinese, ASCII); GRADLAB_UPDATE_GOLDEN=1 rewrites them. Then grading for real: the grader's
 * own exercises folder, a learner's folder in /tmp holding a shipped exercise (it fails, and
 * the report names the first wrong element) and a reference solution (it passes), with the
 * grades and hints in the progress file of the book's state folder. Last, every real
 * exercise's task at several sizes and in every mode, and random keys and resizes. */
#include "test_util.h"
#include "ui_fixture.h"

#include "core/mem.h"
#include "grade/registry.h"
#include "ui/app.h"

#include <locale.h>
#include <string.h>
#include <sys/stat.h>

#define FIXTURE "tests/data/exercises"

/* {==== Harness ==== */

static int fake_run(int argc, char **argv, FILE *out, FILE *err)
{
	(void)argc;
	(void)argv;
	(void)err;
	fputs("fake\n", out);
	return 0;
}

static void copy_file(const char *from, const char *to)
{
	char *s = slurp(from);
	assert_non_null(s);
	write_file(to, s);
	free(s);
}

/* A fresh state folder; progress, when not NULL, is its exercises.json. */
static void prepare(T *t, const char *grader, const char *submission, const char *progress)
{
	fixture_init(t, "/tmp/gradlab-uiex-XXXXXX", BOOK, fake_run);
	t->o.grader_dir = grader;
	t->o.submission = submission;
	if (progress) {
		char path[128];
		snprintf(path, sizeof path, "%s/exercises.json", t->state);
		write_file(path, progress);
	}
}

static char *progress_file(const T *t)
{
	char path[128];
	snprintf(path, sizeof path, "%s/exercises.json", t->state);
	return slurp(path);
}

/* The JSON text of one exercise's entry in the progress file (up to its closing brace). */
static char *progress_entry(const T *t, const char *name)
{
	char *json = progress_file(t);
	assert_non_null(json);
	char key[64];
	snprintf(key, sizeof key, "\"%s\"", name);
	char *at = strstr(json, key);
	if (!at) {
		print_message("%s", json);
		fail_msg("no entry for %s in the progress file", name);
	}
	char *end = strchr(at, '}');
	assert_non_null(end);
	end[1] = '\0';
	memmove(json, at, strlen(at) + 1);
	return json;
}

/* The grading a key asked for: "Grading ..." is on the screen first, then the report. */
static void grade(T *t)
{
	assert_true(app_pending(t->app));
	app_draw(t->app, t->c);
	assert_screen_has(t, "Grading ");
	app_work(t->app);
	assert_false(app_pending(t->app));
	app_draw(t->app, t->c);
}

/* }==== */

/* {==== Golden screens ==== */

/* Passed, failed (its first hint shown), and new with no file. */
static const char *const fixture_progress =
	"{\"version\": 1, \"exercises\": {"
	"\"activations\": {\"passed\": true, \"score\": 6, \"max_score\": 6, \"best\": 6,"
	" \"tries\": 2, \"when\": 1732250000, \"hint\": 0},"
	"\"clip\": {\"passed\": false, \"score\": 3, \"max_score\": 6, \"best\": 3,"
	" \"tries\": 1, \"when\": 1732250000, \"hint\": 0}}}\n";

static void test_golden_list(void **state)
{
	(void)state;
	T t;
	prepare(&t, FIXTURE, FIXTURE, fixture_progress);
	open_book(&t, "en", TW_UTF8, 24, 80);
	play(&t, "");
	assert_screen_has(&t, "e exercises");
	play(&t, "e");
	assert_ptr_equal(t.app->screen, &screen_exercises);
	golden(&t, "exercises-80x24-en");
	play(&t, "L");
	golden(&t, "exercises-80x24-zh");
	play(&t, "j<Resize:50x16>");
	golden(&t, "exercises-50x16-zh-failed");
	play(&t, "L");
	golden(&t, "exercises-50x16-en-failed");
	/* The third has no file: said in plain words. */
	play(&t, "j");
	assert_screen_has(&t, "Cannot read tests/data/exercises/04_rnn_step.c:");
	assert_screen_has(&t, "No such file or directory");
	assert_screen_has(&t, "-/10");
	assert_screen_has(&t, "new");
	stop(&t);

	prepare(&t, FIXTURE, FIXTURE, fixture_progress);
	open_book(&t, "zh", TW_ASCII, 24, 80);
	play(&t, "ej");
	golden(&t, "exercises-80x24-ascii");
	stop(&t);
}

/* }==== */

/* {==== Behaviour ==== */

static void test_keys_and_hints(void **state)
{
	(void)state;
	T t;
	prepare(&t, FIXTURE, FIXTURE, NULL);
	open_book(&t, "en", TW_UTF8, 24, 80);
	/* From the contents and back. */
	play(&t, "e");
	assert_screen_has(&t, "Exercises: 0 of 3 passed, 0/22 points");
	assert_screen_has(&t, "Edit tests/data/exercises/01_activations.c");
	assert_screen_has(&t, "TASK. An activation is applied");
	play(&t, "q");
	assert_ptr_equal(t.app->screen, &screen_toc);
	/* From a lesson and back to it; help in between. */
	play(&t, "<Enter>e");
	assert_ptr_equal(t.app->screen, &screen_exercises);
	play(&t, "?");
	assert_ptr_equal(t.app->screen, &screen_help);
	play(&t, "G");
	assert_screen_has(&t, "The exercises");
	assert_screen_has(&t, "grade the selected exercise");
	play(&t, "<Esc>");
	assert_ptr_equal(t.app->screen, &screen_exercises);
	play(&t, "<Esc>");
	assert_ptr_equal(t.app->screen, &screen_reader);
	play(&t, "qe");
	/* Hints one at a time, kept in the progress file of the --state folder. */
	play(&t, "2h");
	assert_screen_has(&t, "Hint 1/2: The norm is global");
	char *e = progress_entry(&t, "clip");
	assert_non_null(strstr(e, "\"hint\": 1"));
	free(e);
	play(&t, "h");
	assert_screen_has(&t, "Hint 2/2: Scale, do not cut");
	assert_screen_lacks(&t, "Hint 1/2");
	play(&t, "h");
	assert_screen_has(&t, "That was the last hint.");
	e = progress_entry(&t, "clip");
	assert_non_null(strstr(e, "\"hint\": 2"));
	free(e);
	play(&t, "L");
	assert_screen_has(&t, "提示 2/2：是缩放而不是截断");
	/* The Chinese half of the comment, its lines joined where they read on. */
	assert_screen_has(&t, "任务：把所有梯度合在一起求范数，");
	assert_screen_has(&t, "   它，而不是另起一行。");
	assert_screen_has(&t, "   scale = max_norm / (total + 1e-6)");
	assert_screen_has(&t, "             公式的下一行不接上去。");
	play(&t, "L");
	assert_screen_has(&t, "clip_grad_norm: clip in place and return total, measured before");
	assert_screen_has(&t, "   the lines after this one go on with the same item.");
	assert_screen_has(&t, "   total = sqrt(sum over k and i of grads[k][i]^2),");
	assert_screen_has(&t, "             a formula's next line does not join it.");
	/* The next session finds the hint. */
	reopen(&t, "en", TW_UTF8);
	play(&t, "e2");
	assert_screen_has(&t, "Hint 2/2");
	/* A terminal too small, then big again. */
	play(&t, "<Resize:39x11>");
	assert_screen_has(&t, "Please enlarge");
	play(&t, "<Resize:40x12>");
	assert_screen_has(&t, "Edit");
	stop(&t);
}

/* Grading for real: a shipped exercise fails, a solution passes, a missing file is told. */
static void test_grading(void **state)
{
	(void)state;
	T t;
	prepare(&t, "exercises", NULL, NULL);
	snprintf(t.learner, sizeof t.learner, "/tmp/gradlab-uiex-learner-XXXXXX");
	assert_non_null(mkdtemp(t.learner));
	char path[256];
	snprintf(path, sizeof path, "%s/01_activations.c", t.learner);
	copy_file("exercises/01_activations.c", path);
	snprintf(path, sizeof path, "%s/07_clip.c", t.learner);
	copy_file("solutions/07_clip.c", path);
	t.o.submission = t.learner;
	open_book(&t, "en", TW_UTF8, 24, 80);

	play(&t, "e<Enter>");
	grade(&t);
	assert_screen_has(&t, "Exercise 01: The backward pass of sigmoid, tanh and ReLU");
	assert_screen_has(&t, "activations: The backward pass of sigmoid, tanh and ReLU "
			      "(01_activations.c):");
	assert_screen_has(&t, "  0/6 points");
	assert_screen_has(&t, "FAIL  sigmoid_backward");
	assert_screen_has(&t, "dx[0]: expected ");
	assert_screen_has(&t, "Hint 1/4: Each of these is elementwise");
	assert_screen_has(&t, "Press h for the next hint.");
	assert_screen_lacks(&t, "--hint 2");
	char *e = progress_entry(&t, "activations");
	assert_non_null(strstr(e, "\"passed\": false"));
	assert_non_null(strstr(e, "\"tries\": 1"));
	free(e);
	/* The report's lines are coloured by kind. */
	int fail_y = -1;
	char row[1024];
	for (int y = 0; y < t.c->rows && fail_y < 0; y++) {
		canvas_mem_row(t.c, y, row, sizeof row);
		if (strstr(row, "FAIL  sigmoid_backward"))
			fail_y = y;
	}
	assert_int_equal(canvas_mem_style(t.c, fail_y, 3), UI_WRONG);
	assert_int_equal(canvas_mem_style(t.c, 1, 1), UI_HEADING);
	/* The next hint, then the same report in Chinese. */
	play(&t, "h");
	assert_screen_has(&t, "Hint 2/4: Write each derivative");
	play(&t, "L");
	assert_screen_has(&t, "0/6 分");
	assert_screen_has(&t, "提示 2/4：用前向的输出来写导数");
	play(&t, "L");
	/* Back to the list: failed, scored. */
	play(&t, "q");
	assert_screen_has(&t, "0/6  ✗ failed");
	/* The solution passes. */
	play(&t, "7<Enter>");
	grade(&t);
	assert_screen_has(&t, "ok    clip_grad_norm");
	assert_screen_has(&t, "Every check passes.");
	assert_screen_lacks(&t, "Hint");
	e = progress_entry(&t, "clip");
	assert_non_null(strstr(e, "\"passed\": true"));
	assert_non_null(strstr(e, "\"score\": 6"));
	free(e);
	play(&t, "<Esc>");
	assert_screen_has(&t, "6/6  ✓ passed");
	/* the list's own count and points, so that a new exercise changes no test */
	GradeList *all = registry_load("exercises/exercises.list", NULL);
	assert_non_null(all);
	int max = 0;
	for (int i = 0; i < all->n; i++)
		max += all->ex[i].points;
	char summary[80];
	snprintf(summary, sizeof summary, "Exercises: 1 of %d passed, 6/%d points", all->n, max);
	assert_screen_has(&t, summary);
	registry_free(all);
	/* Graded again from the report, Enter there too. */
	play(&t, "<Enter>");
	grade(&t);
	play(&t, "<Enter>");
	grade(&t);
	e = progress_entry(&t, "clip");
	assert_non_null(strstr(e, "\"tries\": 3"));
	free(e);
	/* No file for this one in the learner's folder. */
	play(&t, "q4<Enter>");
	grade(&t);
	assert_screen_has(&t, "FAIL  rnn_step_forward");
	play(&t, "q");
	assert_screen_has(&t, "Cannot read");
	/* A key while grading is pending: the grading happens first. */
	play(&t, "1<Enter>");
	assert_true(app_pending(t.app));
	play(&t, "q");
	assert_false(app_pending(t.app));
	e = progress_entry(&t, "activations");
	assert_non_null(strstr(e, "\"tries\": 2"));
	free(e);
	stop(&t);
}

/* Without a list: a message, and the way back. */
static void test_no_list(void **state)
{
	(void)state;
	T t;
	prepare(&t, "/nonexistent/gradlab-exercises", FIXTURE, NULL);
	open_book(&t, "en", TW_UTF8, 24, 80);
	play(&t, "e");
	assert_screen_has(&t, "No exercises: /nonexistent/gradlab-exercises/exercises.list");
	play(&t, "<Enter>jhL");
	play(&t, "q");
	assert_ptr_equal(t.app->screen, &screen_toc);
	stop(&t);
	/* A list without a grader's header: listed, tasks shown, grading says why not. */
	char dir[64];
	snprintf(dir, sizeof dir, "/tmp/gradlab-uiex-grader-XXXXXX");
	assert_non_null(mkdtemp(dir));
	char path[128];
	snprintf(path, sizeof path, "%s/exercises.list", dir);
	copy_file(FIXTURE "/exercises.list", path);
	prepare(&t, dir, FIXTURE, NULL);
	open_book(&t, "en", TW_UTF8, 24, 80);
	play(&t, "e");
	assert_screen_has(&t, "The backward pass of sigmoid and tanh");
	assert_screen_has(&t, "TASK.");
	play(&t, "<Enter>");
	assert_false(app_pending(t.app));
	assert_screen_has(&t, "Cannot grade:");
	assert_screen_has(&t, "gradlab_exercise.h");
	stop(&t);
	rm_tree(dir);
}

/* A corrupt progress file is set aside, said so, and grading still records. */
static void test_corrupt_progress(void **state)
{
	(void)state;
	T t;
	prepare(&t, FIXTURE, FIXTURE, "{\"version\": 1, \"exercises\": ");
	open_book(&t, "en", TW_UTF8, 24, 80);
	play(&t, "e");
	assert_screen_has(&t, "could not be read");
	assert_screen_has(&t, "exercises.json.corrupt-");
	play(&t, "h");
	char *e = progress_entry(&t, "activations");
	assert_non_null(strstr(e, "\"hint\": 1"));
	free(e);
	stop(&t);
}

/* Every real exercise: its task in each language, at every size and in every mode, the
 * pane scrolled to its end; in ASCII nothing but ASCII on the screen. */
static void test_real_exercises(void **state)
{
	(void)state;
	static const struct {
		int rows, cols;
		TwMode mode;
		const char *lang;
	} runs[] = {
		{ 24, 80, TW_UTF8, "en" }, { 24, 80, TW_UTF8, "zh" }, { 16, 50, TW_UTF8, "zh" },
		{ 12, 40, TW_UTF8, "en" }, { 24, 80, TW_ASCII, "en" }, { 16, 50, TW_AMBIGUOUS_WIDE, "zh" },
	};
	for (size_t r = 0; r < sizeof runs / sizeof runs[0]; r++) {
		T t;
		prepare(&t, "exercises", "exercises", NULL);
		open_book(&t, runs[r].lang, runs[r].mode, runs[r].rows, runs[r].cols);
		play(&t, "e");
		for (int i = 0; i < 10; i++) {
			if (runs[r].rows == 24 && runs[r].mode == TW_UTF8) {
				char num[32];
				snprintf(num, sizeof num, "exercises/%02d_", i + 1);
				assert_screen_has(&t, num);
				assert_screen_has(&t, runs[r].lang[0] == 'z' ? "任务" : "Exercise ");
				assert_screen_lacks(&t, runs[r].lang[0] == 'z' ? "TASK" : "任务");
			}
			for (int k = 0; k < 12; k++) {
				play(&t, " ");
				if (runs[r].mode == TW_ASCII)
					for (int y = 0; y < t.c->rows; y++) {
						char row[1024];
						canvas_mem_row(t.c, y, row, sizeof row);
						for (const char *p = row; *p; p++)
							if ((unsigned char)*p >= 0x80)
								fail_msg("not ASCII at row %d: %s", y, row);
					}
			}
			play(&t, "j");
		}
		stop(&t);
	}
}

/* Random keys never leave grading pending: none of them grades. */
static void nothing_pending(T *t)
{
	assert_false(app_pending(t->app));
}

static void test_random_keys(void **state)
{
	(void)state;
	T t;
	prepare(&t, FIXTURE, FIXTURE, fixture_progress);
	open_book(&t, "en", TW_UTF8, 24, 80);
	static const char *const keys[] = {
		"j", "k", "<PgDn>", "<PgUp>", " ", "b", "h", "L", "?", "<Esc>", "q", "e", "g", "G",
		"<Home>", "<End>", "1", "3", "<Left>", "<Up>", "<Down>",
	};
	play_random(&t, keys, sizeof keys / sizeof keys[0], 4242, 500, nothing_pending);
	stop(&t);
}

/* }==== */

int main(void)
{
	if (!setlocale(LC_ALL, "C.UTF-8"))
		setlocale(LC_CTYPE, "C.UTF-8");
	unsetenv("GRADLAB_EXERCISES");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_golden_list),
		cmocka_unit_test(test_keys_and_hints),
		cmocka_unit_test(test_grading),
		cmocka_unit_test(test_no_list),
		cmocka_unit_test(test_corrupt_progress),
		cmocka_unit_test(test_real_exercises),
		cmocka_unit_test(test_random_keys),
	};
	return cmocka_run_group_tests_name("ui exercises", tests, NULL, NULL);
}
