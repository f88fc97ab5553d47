/* screen_exercises: the exercises, graded where the learner reads. In src/ui, above src/grade.
 * A list of every exercise with its latest grade and the selected one's task
 * (exercises_list.c); Enter grades it and shows the report (exercises_report.c) through the
 * grading glue (exercises_grade.c); h reveals the next hint. Here: the screen's table,
 * prepare, and what both views share; exercises_internal.h joins the pieces. */
#include "ui/exercises_internal.h"

#include "core/mem.h"

#include <stdio.h>
#include <string.h>

/* {==== Shared by both views ==== */

const char *ex_title_of(const App *app, const GradeExercise *e)
{
	return registry_title(e, app->lang);
}

void ex_add_hint(const App *app, Doc *d, const GradeExercise *e, int k, int more_line)
{
	const char *h = registry_hint(e, k, app->lang);
	if (k < 1 || !h)
		return;
	size_t size = strlen(h) + 128;
	char *s = mem_alloc(size);
	if (!s) {
		d->failed = 1;
		return;
	}
	snprintf(s, size, app_str(app, S_EX_HINT), k, e->n_hints[LANG_EN], h);
	ex_doc_line(d, UI_HINT, s, strlen(s), 2);
	mem_free(s);
	if (more_line && k < e->n_hints[LANG_EN])
		ex_doc_text(d, UI_HINT, app_str(app, S_EX_MORE_HINTS), 0);
}


/* "01" from "01_activations.c"; the position otherwise. */
void ex_number_of(const GradeExercise *e, int i, char *buf, size_t size)
{
	if (e->file[0] >= '0' && e->file[0] <= '9' && e->file[1] >= '0' && e->file[1] <= '9')
		snprintf(buf, size, "%.2s", e->file);
	else
		snprintf(buf, size, "%02d", i + 1);
}

void ex_leave(App *app)
{
	const Screen *to = app->ex_return ? app->ex_return : &screen_toc;
	if (to == &screen_reader && app->cur < 0)
		to = &screen_toc;
	app->screen = to;
	app->lay.valid = 0;
}

/* }==== */

/* {==== The screen: prepare, draw, keys ==== */

static void clamp(int *top, int n, int view)
{
	if (*top > n - view)
		*top = n - view;
	if (*top < 0)
		*top = 0;
}

static void ex_prepare(App *app)
{
	Exercises *ex = app->ex;
	if (!ex)
		return;
	Geo g = ex_geometry(app);
	int n = ex_count(ex);
	if (ex->sel >= n)
		ex->sel = n - 1;
	if (ex->sel < 0)
		ex->sel = 0;
	if (ex->sel < ex->top)
		ex->top = ex->sel;
	if (ex->sel >= ex->top + g.list_rows)
		ex->top = ex->sel - g.list_rows + 1;
	clamp(&ex->top, n, g.list_rows);
	if (ex->view == VIEW_REPORT) {
		ex_doc_reset(&ex->report, g.width, app->mode);
		int hint_row = ex_build_report(app);
		int view = app->rows - 2;
		if (ex->reveal_hint && hint_row >= 0 &&
		    (hint_row < ex->report_top || hint_row >= ex->report_top + view))
			ex->report_top = hint_row - 1;
		ex->reveal_hint = 0;
		clamp(&ex->report_top, ex->report.n, view);
	} else {
		ex_doc_reset(&ex->pane, g.width, app->mode);
		if (n)
			ex_build_pane(app, ex_at(ex, ex->sel));
		clamp(&ex->pane_top, ex->pane.n, g.pane_rows);
	}
}

static void ex_draw(const App *app, Canvas *c)
{
	if (!app->ex)
		return;
	if (app->ex->view == VIEW_REPORT && ex_at(app->ex, app->ex->pending >= 0 ? app->ex->pending
										 : app->ex->result_ex))
		ex_draw_report(app, c);
	else
		ex_draw_list(app, c);
}

static void ex_key(App *app, int key)
{
	Exercises *ex = app->ex;
	if (!ex) {
		ex_leave(app);
		return;
	}
	KeyAct a = keys_act(&keys_exercises, key);
	if (app_shared_key(app, a))
		return;
	if (ex->view == VIEW_REPORT && ex_at(ex, ex->result_ex))
		ex_report_key(app, a);
	else if (ex_count(ex) > 0)
		ex_list_key(app, a, key);
	else if (a == KA_BACK)
		ex_leave(app);
}

/* }==== */

const Screen screen_exercises = { "exercises", ex_draw, ex_key, ex_prepare };
