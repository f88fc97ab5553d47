/* reader_cells: keys that work a lesson's cells in the reader. In src/ui, over cells.c
 * (app_run_cell) and quiz.c (app_answer, app_reveal): Enter runs or hides an experiment or
 * opens a quiz answer, parameters step with the arrows, s shows a quiz's answer, and the
 * answer or the search is typed here. A choice answers at its key, typed in the answer or
 * pressed while the choice quiz is the selected cell on screen: then its letters choose
 * before they scroll (b) or search (n), and Tab, Shift-Tab, the arrows and PgUp PgDn leave
 * it. Changes only the App; prepare lays the changes out. */
#include "ui/reader_internal.h"

#include "core/clock.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

/* {==== Typed input ==== */

/* How long after a choice answered by its key an Enter still counts as part of typing it. */
#define SWALLOW_S 0.6

int reader_swallowed(App *app, int key)
{
	int swallow = app->swallow_until > 0 && clock_seconds() < app->swallow_until;
	app->swallow_until = 0;
	return swallow && keys_act(&keys_reader, key) == KA_CELL;
}

static void input_add(App *app, int key)
{
	char u[4];
	int n = utf8_encode((uint32_t)key, u);
	if (app->input_len + (size_t)n + 1 >= sizeof app->input_buf)
		return;
	memcpy(app->input_buf + app->input_len, u, (size_t)n);
	app->input_len += (size_t)n;
	app->input_buf[app->input_len] = '\0';
}

static void input_backspace(App *app)
{
	while (app->input_len > 0) {
		unsigned char ch = (unsigned char)app->input_buf[--app->input_len];
		if ((ch & 0xC0) != 0x80)
			break;
	}
	app->input_buf[app->input_len] = '\0';
}

static int is_text_key(int key)
{
	return key >= 0x20 && key != 0x7F && key < 0x110000;
}

/* The choice of the quiz whose key is key (one letter or digit, any case), or -1. */
static int choice_of_key(const LessonBlock *blk, int key)
{
	if (!blk || blk->kind != LESSON_QUIZ || blk->cell.kind != LESSON_QUIZ_CHOICE || key <= 0 ||
	    key >= 0x80 || !isalnum(key))
		return -1;
	for (int i = 0; i < blk->cell.n_choices; i++) {
		const char *k = blk->cell.choices[i].key;
		if (k[0] && !k[1] && tolower((unsigned char)k[0]) == tolower(key))
			return i;
	}
	return -1;
}

/* A key while an answer or a search is being typed. */
void reader_input_key(App *app, int key)
{
	Book *b = &app->books[app->cur];
	KeyAct a = keys_act(&keys_quiz, key);
	if (a == KA_CANCEL) {
		if (app->input == INPUT_QUIZ)
			app->lay.valid = 0;
		app->input = INPUT_NONE;
		return;
	}
	if (a == KA_ERASE) {
		input_backspace(app);
		return;
	}
	if (a == KA_SUBMIT) {
		if (app->input == INPUT_SEARCH) {
			snprintf(app->search, sizeof app->search, "%s", app->input_buf);
			app->input = INPUT_NONE;
			reader_search(app, app->top, 1, 1);
		} else if (app_answer(app, b, app->input_cell, app->input_buf)) {
			app->input = INPUT_NONE;
		}
		return;
	}
	if (!is_text_key(key))
		return;
	/* A choice quiz: the key of a choice answers at once. */
	if (app->input == INPUT_QUIZ && app->input_len == 0 &&
	    choice_of_key(app_cell_block(app, b, app->input_cell), key) >= 0) {
		char one[2] = { (char)key, 0 };
		if (app_answer(app, b, app->input_cell, one)) {
			app->input = INPUT_NONE;
			app->swallow_until = clock_seconds() + SWALLOW_S;
		}
		return;
	}
	input_add(app, key);
}

/* }==== */

/* {==== The selected cell ==== */

int reader_choice_key(App *app, int key)
{
	Book *b = &app->books[app->cur];
	if (!reader_cell_visible(app, b->sel))
		return 0;
	if (choice_of_key(app_cell_block(app, b, b->sel), key) < 0)
		return 0;
	char one[2] = { (char)key, 0 };
	if (app_answer(app, b, b->sel, one))
		app->swallow_until = clock_seconds() + SWALLOW_S;
	return 1;
}

void reader_cell_key(App *app, KeyAct a)
{
	Book *b = &app->books[app->cur];
	int k = b->sel;
	if (!reader_cell_visible(app, k)) {
		app_message(app, 0, S_NO_CELL_ON_SCREEN);
		return;
	}
	const LessonBlock *blk = app_cell_block(app, b, k);
	CellState *cs = &b->cells[k];
	if (!blk)
		return;
	switch (a) {
	case KA_CELL:
		if (blk->kind == LESSON_QUIZ) {
			app->input = INPUT_QUIZ;
			app->input_cell = k;
			app->input_len = 0;
			app->input_buf[0] = '\0';
		} else if (cs->shown && blk->cell.run.s && strncmp(blk->cell.run.s, "train ", 6) == 0 &&
			   !app_cell_output(app, b, k)) {
			/* Open, but its training run is not kept for this language or value:
			 * Enter runs it (rather than closing what shows only its command). */
			if (app_run_cell(app, b, k))
				app->reveal = k;
		} else {
			cs->shown = !cs->shown;
			if (!cs->shown && cs->cur)
				cs->cur->just_ran = 0;   /* opened again, it comes from the cache */
			if (cs->shown) {
				if (app_run_cell(app, b, k))
					app->reveal = k;
				else
					cs->shown = 0;   /* it cannot run: the message says why */
			}
		}
		app->lay.valid = 0;
		break;
	case KA_PARAM_DOWN:
	case KA_PARAM_UP: {
		if (blk->kind != LESSON_EXPERIMENT || cs->n_vary == 0) {
			app_message(app, 0, S_NO_PARAMS);
			break;
		}
		int dir = a == KA_PARAM_DOWN ? -1 : 1;
		int *idx = &cs->vary_idx[cs->sel_vary];
		int n = lesson_vary_count(&blk->cell.vary[cs->sel_vary]);
		int to = *idx + dir;
		if (to < 0 || to >= n)
			break;
		*idx = to;
		cs->shown = app_run_cell(app, b, k) != NULL;
		app->lay.valid = 0;
		app->reveal = k;   /* the new output, not only the parameter line, in view */
		break;
	}
	case KA_NEXT_PARAM:
		if (cs->n_vary == 0)
			app_message(app, 0, S_NO_PARAMS);
		else
			cs->sel_vary = (cs->sel_vary + 1) % cs->n_vary;
		break;
	case KA_RESET:
		if (cs->n_vary == 0) {
			app_message(app, 0, S_NO_PARAMS);
			break;
		}
		app_reset_params(app, b, k);
		if (cs->shown)
			app_run_cell(app, b, k);
		app->lay.valid = 0;
		app->reveal = k;
		app_message(app, 0, S_PARAMS_RESET);
		break;
	case KA_PLOT:
		app_plot_cell(app, b, k);
		break;
	case KA_RERUN:
		if (blk->kind == LESSON_QUIZ)
			break;   /* a quiz's run is its answer's: nothing to run again */
		app_forget_run(app, b, k);
		cs->shown = app_run_cell(app, b, k) != NULL;
		app->lay.valid = 0;
		app->reveal = k;
		break;
	case KA_REVEAL:
		app_reveal(app, b, k);
		break;
	case KA_WRAP:
		cs->wrap_all = !cs->wrap_all;
		cs->pan = 0;
		app->lay.valid = 0;
		break;
	case KA_PAN_LEFT:
	case KA_PAN_RIGHT: {
		int x0, width;
		app_text_column(app, &x0, &width);
		int room = width - 2, step = room / 4 > 8 ? room / 4 : 8;
		if (cs->wrap_all) {
			cs->wrap_all = 0;
			app->lay.valid = 0;
		}
		cs->pan += a == KA_PAN_RIGHT ? step : -step;
		if (cs->pan > cs->out_cols - room + 1)
			cs->pan = cs->out_cols - room + 1;
		if (cs->pan < 0)
			cs->pan = 0;
		break;
	}
	default:
		break;
	}
}

/* }==== */
