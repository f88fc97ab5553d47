/* exercises_list: the list view of the exercises screen. In src/ui, over exercises_grade.c
 * (the state) and exercises_doc.c (the pane). Every exercise with its lesson and its latest
 * grade, and under it the selected exercise's file, hint and task (the header comment of
 * the learner's own file, in the language on show). */
#include "ui/exercises_internal.h"

#include "core/mem.h"
#include "grade/grade_report.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* {==== Geometry ==== */

Geo ex_geometry(const App *app)
{
	Geo g;
	app_text_column(app, &g.x0, &g.width);
	int n = app->ex ? ex_count(app->ex) : 0;
	g.head_y = app->rows >= 20 ? 2 : 1;
	g.list_y = g.head_y + 1;
	int avail = app->rows - 1 - g.list_y;
	int pane_min = avail * 2 / 5 < 4 ? 4 : avail * 2 / 5;
	int lr = avail - 1 - pane_min;
	if (lr < 2)
		lr = 2;
	if (lr > n)
		lr = n;
	g.list_rows = lr;
	g.rule_y = g.list_y + lr;
	g.pane_y = g.rule_y + 1;
	g.pane_rows = app->rows - 1 - g.pane_y;
	if (g.pane_rows < 0)
		g.pane_rows = 0;
	return g;
}

typedef struct Cols {
	int num, title, lesson, score, status;   /* widths; lesson 0 when there is no room */
} Cols;

static Cols columns(int width)
{
	Cols k = { 4, 0, width >= 70 ? 15 : 0, 7, 8 };
	k.title = width - k.num - (k.lesson ? k.lesson + 2 : 0) - k.score - 2 - k.status - 2;
	return k;
}

/* }==== */

/* {==== Laying out the pane ==== */

/* The selected exercise under the list: a note when its file cannot be changed, its hint,
 * its task. */
void ex_build_pane(App *app, const GradeExercise *e)
{
	Exercises *ex = app->ex;
	Doc *d = &ex->pane;
	char path[4400], msg[5200];
	grade_exercise_file(e, ex->dir, path, sizeof path);
	char *src = ex_read_source(path);
	int err = errno;
	if (src && access(path, W_OK) != 0) {
		snprintf(msg, sizeof msg, app_str(app, S_EX_READ_ONLY), ex->dir);
		ex_doc_text(d, UI_HINT, msg, 0);
		ex_doc_blank(d);
	}
	int k = ex_hint_level(ex, e);
	if (k > 0) {
		ex_add_hint(app, d, e, k, 0);
		ex_doc_blank(d);
	}
	if (!src) {
		snprintf(msg, sizeof msg, app_str(app, S_EX_CANNOT_READ), path, strerror(err));
		ex_doc_text(d, UI_ERROR, msg, 0);
		return;
	}
	int none;
	char *task = ex_task_of(src, app->lang, &none);
	mem_free(src);
	if (task) {
		ex_doc_text(d, UI_NORMAL, task, 0);
	} else if (none) {
		snprintf(msg, sizeof msg, app_str(app, S_EX_NO_COMMENT), path);
		ex_doc_text(d, UI_HINT, msg, 0);
	} else {
		d->failed = 1;
	}
	mem_free(task);
}

/* }==== */

/* {==== Drawing ==== */

/* s cut to cols columns, with an ellipsis when it does not fit; returns the columns drawn. */
static int draw_cut(const App *app, Canvas *c, int y, int x, int cols, const char *s, UiStyle st)
{
	if (cols <= 0)
		return 0;
	char *d = app_display(app, s);
	size_t n = strlen(d);
	int used;
	if (utf8_width(d, n, c->amb_wide) <= cols) {
		used = canvas_str(c, y, x, cols, d, st);
	} else {
		const char *e = app_glyph(app, G_ELLIPSIS);
		int ew = utf8_width(e, strlen(e), c->amb_wide);
		used = canvas_text(c, y, x, cols - ew, d, utf8_fit(d, n, cols - ew, c->amb_wide, NULL), st);
		used += canvas_str(c, y, x + used, ew, e, st);
	}
	mem_free(d);
	return used;
}

static void draw_header(const App *app, Canvas *c)
{
	const Exercises *ex = app->ex;
	int n = ex_count(ex), passed = 0, points = 0;
	double score = 0;
	for (int i = 0; i < n; i++) {
		const GradeExercise *e = ex_at(ex, i);
		GradeProgressEntry pe = ex_entry(ex, e);
		passed += pe.status == GRADE_STATUS_PASSED;
		score += pe.status == GRADE_STATUS_NEW ? 0 : pe.score;
		points += e->points;
	}
	char sc[32], left[256];
	grade_report_points(score, sc, sizeof sc);
	snprintf(left, sizeof left, app_str(app, S_EX_TITLE), passed, n, sc, points);
	app_draw_header(app, c, left, app_str(app, S_LANG_NAME));
}

static void draw_row(const App *app, Canvas *c, const Geo *g, const Cols *k, int i)
{
	const Exercises *ex = app->ex;
	const GradeExercise *e = ex_at(ex, i);
	GradeProgressEntry pe = ex_entry(ex, e);
	int y = g->list_y + i - ex->top, x = g->x0, sel = i == ex->sel;
	UiStyle st = sel ? UI_ROW_SEL : UI_NORMAL;
	if (sel)
		canvas_fill(c, y, g->x0 - (g->x0 > 0), g->width + (g->x0 > 0) + (g->x0 + g->width < c->cols),
			    ' ', st);
	char num[16];
	ex_number_of(e, i, num, sizeof num);
	canvas_str(c, y, x, k->num, num, st);
	x += k->num;
	draw_cut(app, c, y, x, k->title, ex_title_of(app, e), st);
	x += k->title + 2;
	if (k->lesson) {
		draw_cut(app, c, y, x, k->lesson, e->lesson, st);
		x += k->lesson + 2;
	}
	char score[48], sc[32];
	grade_report_points(pe.score, sc, sizeof sc);
	snprintf(score, sizeof score, "%s/%d", pe.status == GRADE_STATUS_NEW ? "-" : sc, e->points);
	int sw = utf8_width(score, strlen(score), 0);
	draw_cut(app, c, y, x + (sw < k->score ? k->score - sw : 0), k->score, score, st);
	x += k->score + 2;
	char status[64];
	UiStyle ss = sel ? st : UI_NORMAL;
	if (pe.status == GRADE_STATUS_PASSED) {
		snprintf(status, sizeof status, "%s%s", app_glyph(app, G_OK), app_str(app, S_EX_PASSED));
		ss = sel ? st : UI_CORRECT;
	} else if (pe.status == GRADE_STATUS_FAILED) {
		snprintf(status, sizeof status, "%s%s", app_glyph(app, G_BAD), app_str(app, S_EX_FAILED));
		ss = sel ? st : UI_WRONG;
	} else {
		snprintf(status, sizeof status, "%s", app_str(app, S_EX_NEW));
	}
	draw_cut(app, c, y, x, k->status, status, ss);
}

/* ── Edit exercises/04_rnn_step.c ─────: a path too long keeps its end. */
static void draw_rule(const App *app, Canvas *c, const Geo *g, const GradeExercise *e)
{
	const char *h = app_glyph(app, G_H);
	int amb = c->amb_wide;
	for (int i = 0; i < g->width; i++)
		canvas_str(c, g->rule_y, g->x0 + i, 1, h, UI_BORDER);
	char raw[4400], label[5200];
	grade_exercise_file(e, app->ex->dir, raw, sizeof raw);
	snprintf(label, sizeof label, app_str(app, S_EX_EDIT), "");
	char *words = app_display(app, label), *path = app_display(app, raw);
	int room = g->width - 5 - utf8_width(words, strlen(words), amb);
	const char *p = path, *ell = app_glyph(app, G_ELLIPSIS);
	size_t n = strlen(path);
	int cut = 0, ew = utf8_width(ell, strlen(ell), amb);
	while (*p && utf8_width(p, n - (size_t)(p - path), amb) > room - (cut ? ew : 0)) {
		p++;
		while (((unsigned char)*p & 0xC0) == 0x80)
			p++;
		cut = 1;
	}
	char shown[4400];
	snprintf(shown, sizeof shown, "%s%s", cut ? ell : "", p);
	snprintf(label, sizeof label, app_str(app, S_EX_EDIT), shown);
	int x = g->x0 + 2;
	x += canvas_str(c, g->rule_y, x, 1, " ", UI_BORDER);
	x += canvas_str(c, g->rule_y, x, g->width - 4, label, UI_LABEL);
	canvas_str(c, g->rule_y, x, 1, " ", UI_BORDER);
	mem_free(words);
	mem_free(path);
}

static void draw_problem(const App *app, Canvas *c, int y, const char *why)
{
	int x0, width;
	app_text_column(app, &x0, &width);
	char msg[1400];
	snprintf(msg, sizeof msg, app_str(app, S_EX_NONE), why);
	char *d = app_display(app, msg);
	TwLines lines = { 0 };
	if (tw_wrap(d, strlen(d), width, TW_WRAP_WORDS, c->amb_wide, &lines) == 0)
		for (int i = 0; i < lines.n && y + i < c->rows - 1; i++)
			canvas_text(c, y + i, x0, width, d + lines.items[i].start, lines.items[i].len,
				    UI_ERROR);
	tw_lines_free(&lines);
	mem_free(d);
}

void ex_draw_list(const App *app, Canvas *c)
{
	const Exercises *ex = app->ex;
	Geo g = ex_geometry(app);
	Cols k = columns(g.width);
	draw_header(app, c);
	const char *h[16];
	int nh = 0;
	if (ex_count(ex) == 0) {
		draw_problem(app, c, g.list_y, ex->problem[0] ? ex->problem : "?");
	} else {
		int x = g.x0 + k.num;
		app_text(app, c, g.head_y, x, k.title, app_str(app, S_EX_COL_EXERCISE), UI_HEADING);
		x += k.title + 2;
		if (k.lesson) {
			app_text(app, c, g.head_y, x, k.lesson, app_str(app, S_EX_COL_LESSON), UI_HEADING);
			x += k.lesson + 2;
		}
		char *s = app_display(app, app_str(app, S_EX_COL_SCORE));
		int sw = utf8_width(s, strlen(s), c->amb_wide);
		canvas_str(c, g.head_y, x + (sw < k.score ? k.score - sw : 0), k.score, s, UI_HEADING);
		mem_free(s);
		x += k.score + 2;
		app_text(app, c, g.head_y, x, k.status, app_str(app, S_EX_COL_STATUS), UI_HEADING);
		for (int i = ex->top; i < ex->top + g.list_rows && i < ex_count(ex); i++)
			draw_row(app, c, &g, &k, i);
		draw_rule(app, c, &g, ex_at(ex, ex->sel));
		ex_doc_draw(c, &ex->pane, ex->pane_top, g.pane_y, g.pane_rows, g.x0);
		h[nh++] = keys_hint(&keys_exercises, KA_GRADE), h[nh++] = app_str(app, S_HINT_GRADE);
		h[nh++] = app_glyph(app, G_UPDOWN), h[nh++] = app_str(app, S_HINT_MOVE);
		h[nh++] = keys_hint(&keys_exercises, KA_HINT), h[nh++] = app_str(app, S_HINT_HINT);
		if (ex->pane.n > g.pane_rows)
			h[nh++] = keys_hint(&keys_exercises, KA_PGDN), h[nh++] = app_str(app, S_HINT_SCROLL);
	}
	if (app->mode != TW_ASCII)
		h[nh++] = keys_hint(&keys_exercises, KA_LANG), h[nh++] = ui_str(lang_next(app->lang), S_LANG_NAME);
	h[nh++] = keys_hint(&keys_exercises, KA_BACK), h[nh++] = app_str(app, S_HINT_RETURN);
	h[nh] = NULL;
	char help[64];
	snprintf(help, sizeof help, "%s %s", keys_hint(&keys_exercises, KA_HELP),
		 app_str(app, S_HINT_HELP));
	app_draw_status(app, c, h, help);
}

/* }==== */

/* {==== Keys ==== */

void ex_list_key(App *app, KeyAct a, int key)
{
	Exercises *ex = app->ex;
	Geo g = ex_geometry(app);
	int page = g.pane_rows > 2 ? g.pane_rows - 1 : 1, was = ex->sel;
	switch (a) {
	case KA_DOWN:
		ex->sel++;
		break;
	case KA_UP:
		ex->sel--;
		break;
	case KA_HOME:
		ex->sel = 0;
		break;
	case KA_END:
		ex->sel = ex_count(ex) - 1;
		break;
	case KA_PGDN:
		ex->pane_top += page;
		break;
	case KA_PGUP:
		ex->pane_top -= page;
		break;
	case KA_GRADE:
		ex_ask_grade(app, ex->sel);
		break;
	case KA_HINT:
		ex_next_hint(app, ex->sel);
		break;
	case KA_BACK:
		ex_leave(app);
		break;
	case KA_NTH:
		if (key - '1' < ex_count(ex))
			ex->sel = key - '1';
		break;
	default:
		break;
	}
	if (ex->sel != was)
		ex->pane_top = 0;
}

/* }==== */
