/* exercises_grade: the exercises screen's state and its glue to the grader. In src/ui, above
 * src/grade (grade.h, grade_progress.h). Opening the screen loads the grader's list once and
 * reads the progress file `gradlab grade` and `gradlab watch` share every time; a key only
 * asks for grading, and app_work grades in this process (each check still runs sandboxed)
 * after the loop has drawn "Grading ...", then records the grade and the hints reached. */
#include "ui/exercises_internal.h"

#include "core/mem.h"
#include "core/path.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

/* {==== State ==== */

int ex_count(const Exercises *ex)
{
	return ex->setup.list ? ex->setup.list->n : 0;
}

const GradeExercise *ex_at(const Exercises *ex, int i)
{
	return i >= 0 && i < ex_count(ex) ? &ex->setup.list->ex[i] : NULL;
}

GradeProgressEntry ex_entry(const Exercises *ex, const GradeExercise *e)
{
	GradeProgressEntry none = { 0 };
	return ex->gp ? grade_progress_get(ex->gp, e->name) : none;
}

/* The hint reached: the one asked for last; the first once a grade has failed. */
int ex_hint_level(const Exercises *ex, const GradeExercise *e)
{
	GradeProgressEntry pe = ex_entry(ex, e);
	int k = pe.hint;
	if (k < 1 && pe.status == GRADE_STATUS_FAILED)
		k = 1;
	return k > e->n_hints[LANG_EN] ? e->n_hints[LANG_EN] : k;
}

static int is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static Exercises *ex_new(const App *app)
{
	Exercises *ex = mem_calloc(1, sizeof *ex);
	if (!ex)
		return NULL;
	ex->pending = -1;
	ex->result_ex = -1;
	char dir[4000];
	if (app->opt.grader_dir) {
		snprintf(dir, sizeof dir, "%s", app->opt.grader_dir);
	} else if (grade_find_dir(dir, sizeof dir) != ST_OK) {
		snprintf(ex->problem, sizeof ex->problem, "%s", status_detail());
		return ex;
	}
	if (grade_setup_open(&ex->setup, dir) == ST_OK) {
		ex->can_grade = 1;
	} else {
		/* No compiler or no header: the list and the tasks still show. */
		snprintf(ex->problem, sizeof ex->problem, "%s", status_detail());
		char path[PATH_MAX];
		snprintf(ex->setup.dir, sizeof ex->setup.dir, "%s", dir);
		if (path_join(path, sizeof path, dir, "exercises.list") == ST_OK)
			ex->setup.list = registry_load(path, NULL);
	}
	/* The learner's files, found as `gradlab grade` finds them. */
	if (app->opt.submission)
		grade_submission_dir(app->opt.submission, ex->dir, sizeof ex->dir);
	else
		snprintf(ex->dir, sizeof ex->dir, "%s", is_dir("exercises") ? "exercises" : dir);
	return ex;
}

void app_exercises_free(Exercises *ex)
{
	if (!ex)
		return;
	grade_setup_close(&ex->setup);
	grade_progress_free(ex->gp);
	ex_doc_free(&ex->pane);
	ex_doc_free(&ex->report);
	mem_free(ex->result);
	mem_free(ex);
}

void app_open_exercises(App *app)
{
	if (!app->ex && !(app->ex = ex_new(app))) {
		app_message(app, 1, S_EX_NONE, "out of memory");
		return;
	}
	Exercises *ex = app->ex;
	/* Read the progress file again: `gradlab grade` or `gradlab watch` may have graded
	 * something since. */
	GradeProgressNote note;
	grade_progress_free(ex->gp);
	ex->gp = grade_progress_open(app->opt.state_dir, &note);
	if (note.opened == GRADE_PROGRESS_SET_ASIDE)
		app_message(app, 1, S_PROGRESS_SET_ASIDE, note.reason, note.moved_to);
	else if (note.opened == GRADE_PROGRESS_NO_SAVE)
		app_message(app, 1, S_PROGRESS_NO_SAVE, note.reason);
	if (app->screen != &screen_exercises)
		app->ex_return = app->screen;
	app->screen = &screen_exercises;
	ex->view = VIEW_LIST;
	ex->pane_top = 0;
}

/* }==== */

/* {==== Grading ==== */

void ex_ask_grade(App *app, int i)
{
	Exercises *ex = app->ex;
	const GradeExercise *e = ex_at(ex, i);
	if (!e)
		return;
	if (!ex->can_grade) {
		app_message(app, 1, S_EX_CANNOT_GRADE, ex->problem);
		return;
	}
	char path[4400];
	grade_exercise_file(e, ex->dir, path, sizeof path);
	ex->pending = i;
	ex->view = VIEW_REPORT;
	ex->report_top = 0;
	app_message(app, 0, S_EX_GRADING, path);
}

int app_pending(const App *app)
{
	return app->ex && app->ex->pending >= 0;
}

void app_work(App *app)
{
	Exercises *ex = app->ex;
	if (!ex || ex->pending < 0)
		return;
	const GradeExercise *e = ex_at(ex, ex->pending);
	int i = ex->pending;
	ex->pending = -1;
	app->msg[0] = '\0';
	if (!ex->result && !(ex->result = mem_alloc(sizeof *ex->result))) {
		app_message(app, 1, S_EX_CANNOT_GRADE, "out of memory");
		ex->view = VIEW_LIST;
		goto done;
	}
	int k = ex_hint_level(ex, e);
	ex->setup.run.hint = k < 1 ? 1 : k;
	ex->setup.run.lang = app->lang;
	ex->setup.run.seed = runner_random_seed();   /* new cases every time, as watch has it */
	Status st = grade_one(&ex->setup, e, ex->dir, ex->result);
	ex->result_ex = i;
	if (st != ST_OK)
		app_message(app, 1, S_EX_CANNOT_GRADE, status_detail());
	if (ex->gp) {
		grade_progress_record(ex->gp, ex->result);
		if (grade_progress_save(ex->gp) != ST_OK)
			app_message(app, 1, S_SAVE_FAILED, status_detail());
	}
done:
	if (app->screen->prepare)
		app->screen->prepare(app);
}

void ex_next_hint(App *app, int i)
{
	Exercises *ex = app->ex;
	const GradeExercise *e = ex_at(ex, i);
	if (!e || !ex->gp || e->n_hints[LANG_EN] == 0)
		return;
	int k = ex_hint_level(ex, e);
	if (k >= e->n_hints[LANG_EN]) {
		app_message(app, 0, S_EX_LAST_HINT);
		return;
	}
	grade_progress_set_hint(ex->gp, e->name, k + 1);
	if (grade_progress_save(ex->gp) != ST_OK)
		app_message(app, 1, S_SAVE_FAILED, status_detail());
	ex->pane_top = 0;
	ex->reveal_hint = 1;
}

/* }==== */
