/* exercises_report: the report view of the exercises screen, the last grade of one exercise.
 * In src/ui, above src/grade (grade_report.h writes the lines, exercises_doc.c wraps them)
 * and over exercises_grade.c: Enter grades again, h reveals the next hint while it fails,
 * q goes back to the list. */
#include "ui/exercises_internal.h"

#include "grade/grade_report.h"

#include <stdio.h>
#include <string.h>

static void report_line(void *ctx, ReportLine kind, const char *text)
{
	static const unsigned char style[] = {
		[REPORT_LINE_TITLE] = UI_HEADING, [REPORT_LINE_PASS] = UI_CORRECT,
		[REPORT_LINE_FAIL] = UI_WRONG,    [REPORT_LINE_DETAIL] = UI_NORMAL,
		[REPORT_LINE_HINT] = UI_HINT,     [REPORT_LINE_OUTPUT] = UI_CODE,
		[REPORT_LINE_NOTE] = UI_CAPTION,
	};
	Doc *d = ctx;
	UiStyle st = (unsigned)kind < sizeof style ? (UiStyle)style[kind] : UI_NORMAL;
	/* A check's line goes on under its name; a detail under itself. */
	ex_doc_line(d, st, text, strlen(text), kind == REPORT_LINE_PASS || kind == REPORT_LINE_FAIL ? 6 : 2);
}

int ex_build_report(App *app)
{
	Exercises *ex = app->ex;
	Doc *d = &ex->report;
	char path[4400], msg[5200];
	int hint_row = -1;
	if (ex->pending >= 0) {
		grade_exercise_file(ex_at(ex, ex->pending), ex->dir, path, sizeof path);
		snprintf(msg, sizeof msg, app_str(app, S_EX_GRADING), path);
		ex_doc_text(d, UI_HINT, msg, 0);
		return -1;
	}
	const GradeExercise *e = ex_at(ex, ex->result_ex);
	if (!e || !ex->result)
		return -1;
	/* The hint comes from the progress file, in the language on show, with the UI's own
	 * words for the next one; the report's own hint lines name command-line options. */
	GradeResult r = *ex->result;
	r.hint_number = 0;
	/* the grader's table has its languages in the same columns as strings.c */
	ReportOptions o = { .list = ex->setup.list, .lang = app->lang,
			    .command = "gradlab grade" };
	grade_report_lines(&r, &o, report_line, d);
	ex_doc_blank(d);
	if (grade_result_passed(&r)) {
		ex_doc_text(d, UI_CORRECT, app_str(app, S_EX_ALL_PASS), 0);
	} else if (ex_hint_level(ex, e) > 0) {
		hint_row = d->n;
		ex_add_hint(app, d, e, ex_hint_level(ex, e), 1);
	}
	ex_doc_blank(d);
	grade_exercise_file(e, ex->dir, path, sizeof path);
	snprintf(msg, sizeof msg, app_str(app, S_EX_EDIT), path);
	ex_doc_text(d, UI_HINT, msg, 0);
	return hint_row;
}

void ex_draw_report(const App *app, Canvas *c)
{
	const Exercises *ex = app->ex;
	int i = ex->pending >= 0 ? ex->pending : ex->result_ex;
	const GradeExercise *e = ex_at(ex, i);
	char num[16], left[512];
	ex_number_of(e, i, num, sizeof num);
	snprintf(left, sizeof left, app_str(app, S_EX_REPORT_TITLE), num, ex_title_of(app, e));
	app_draw_header(app, c, left, app_str(app, S_LANG_NAME));
	int x0, width;
	app_text_column(app, &x0, &width);
	ex_doc_draw(c, &ex->report, ex->report_top, 1, c->rows - 2, x0);
	const char *h[16];
	int nh = 0;
	h[nh++] = keys_hint(&keys_exercises, KA_GRADE), h[nh++] = app_str(app, S_HINT_GRADE_AGAIN);
	if (ex->result && !grade_result_passed(ex->result))
		h[nh++] = keys_hint(&keys_exercises, KA_HINT), h[nh++] = app_str(app, S_HINT_HINT);
	if (ex->report.n > c->rows - 2)
		h[nh++] = app_glyph(app, G_UPDOWN), h[nh++] = app_str(app, S_HINT_SCROLL);
	if (app->mode != TW_ASCII)
		h[nh++] = keys_hint(&keys_exercises, KA_LANG), h[nh++] = ui_str(lang_next(app->lang), S_LANG_NAME);
	h[nh++] = keys_hint(&keys_exercises, KA_BACK), h[nh++] = app_str(app, S_HINT_LIST);
	h[nh] = NULL;
	char help[64];
	snprintf(help, sizeof help, "%s %s", keys_hint(&keys_exercises, KA_HELP),
		 app_str(app, S_HINT_HELP));
	app_draw_status(app, c, h, help);
}

void ex_report_key(App *app, KeyAct a)
{
	Exercises *ex = app->ex;
	int page = app->rows - 3 > 1 ? app->rows - 3 : 1;
	if (keys_move(a, ex->report_top, page, 1 << 20, &ex->report_top))
		return;
	switch (a) {
	case KA_GRADE:
		ex_ask_grade(app, ex->result_ex);
		break;
	case KA_HINT:
		if (ex->result && !grade_result_passed(ex->result))
			ex_next_hint(app, ex->result_ex);
		break;
	case KA_BACK:
		ex->sel = ex->result_ex;
		ex->view = VIEW_LIST;
		break;
	default:
		break;
	}
}

