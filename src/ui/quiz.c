/* quiz: a learner's answer to a quiz cell, graded and kept; see app.h. In src/ui, over
 * src/learn (lesson_grade marks the answer, number_parse says why a number is refused,
 * progress keeps the answer and how the first try went). The reader's keys
 * (reader_cells.c) hand answers here; a predict quiz runs its command through cells.c.
 *
 * A quiz cannot be gamed: a wrong answer says so without the right one, so the learner can
 * try again; the answer and the why are shown when the learner gets it right or asks for it
 * (app_reveal); and the first try is kept once, so a right answer typed after a wrong one,
 * or after the answer was shown, never counts as right at the first try. */
#include "ui/app.h"
#include "ui/keys.h"

#include "core/mem.h"
#include "learn/number.h"

#include <stdio.h>
#include <string.h>

/* {==== Answering ==== */

/* Why s is not a number, in the book's language, on the status line. */
static void say_not_a_number(App *app, const char *s)
{
	double x;
	size_t at;
	char why[512];
	switch (number_parse(s, &x, &at)) {
	case NUMBER_EMPTY:
		snprintf(why, sizeof why, "%s", app_str(app, S_NUM_EMPTY));
		break;
	case NUMBER_EXPECTED:
		if (at == 0)
			snprintf(why, sizeof why, "%s", app_str(app, S_NUM_MISSING_START));
		else
			snprintf(why, sizeof why, app_str(app, S_NUM_MISSING_AFTER), (int)at, s);
		break;
	case NUMBER_UNEXPECTED: {
		/* The whole character, however many bytes it takes. */
		char ch[8];
		size_t n = 1;
		while (n < sizeof ch - 1 && ((unsigned char)s[at + n] & 0xC0) == 0x80)
			n++;
		snprintf(ch, sizeof ch, "%.*s", (int)n, s + at);
		snprintf(why, sizeof why, app_str(app, S_NUM_UNEXPECTED), ch, (int)at, s);
		break;
	}
	case NUMBER_DIVIDE_BY_ZERO:
		snprintf(why, sizeof why, "%s", app_str(app, S_NUM_ZERO));
		break;
	case NUMBER_NOT_FINITE:
		snprintf(why, sizeof why, "%s", app_str(app, S_NUM_TOO_LARGE));
		break;
	case NUMBER_OK:
	default:
		/* A number, but the quiz has no answer to mark it by (the lint names it). */
		snprintf(why, sizeof why, "?");
		break;
	}
	app_message(app, 1, S_NOT_A_NUMBER, why);
}

int app_answer(App *app, Book *b, int k, const char *answer)
{
	const LessonBlock *blk = app_cell_block(app, b, k);
	if (!blk || blk->kind != LESSON_QUIZ)
		return 0;
	char buf[256];
	snprintf(buf, sizeof buf, "%s", answer);
	char *s = buf;
	while (*s == ' ')
		s++;
	size_t n = strlen(s);
	while (n > 0 && s[n - 1] == ' ')
		s[--n] = '\0';
	LessonGrade g = lesson_grade(&blk->cell, s);
	if (g == LESSON_UNPARSEABLE) {
		if (blk->cell.kind == LESSON_QUIZ_CHOICE) {
			char keys[256] = "";
			size_t kn = 0;
			for (int i = 0; i < blk->cell.n_choices && kn < sizeof keys; i++)
				kn += (size_t)snprintf(keys + kn, sizeof keys - kn, "%s%s", i ? ", " : "",
						       blk->cell.choices[i].key);
			app_message(app, 1, S_NOT_A_CHOICE, keys);
		} else {
			say_not_a_number(app, s);
		}
		return 0;
	}
	CellState *cs = &b->cells[k];
	char *copy = mem_strdup(s);
	if (!copy)
		return 0;
	mem_free(cs->answer);
	cs->answer = copy;
	cs->correct = g == LESSON_CORRECT;
	if (cs->first == PROGRESS_FIRST_NONE)
		cs->first = cs->correct && !cs->revealed ? PROGRESS_FIRST_RIGHT : PROGRESS_FIRST_WRONG;
	if (blk->cell.id.s)
		progress_set_quiz(app->progress, b->slug, blk->cell.id.s, s, cs->correct);
	app_save_or_say(app);
	if (blk->cell.kind == LESSON_QUIZ_PREDICT && blk->cell.run.s && (cs->correct || cs->revealed))
		app_run_cell(app, b, k);
	app->lay.valid = 0;
	app->reveal = k;
	return 1;
}

void app_reveal(App *app, Book *b, int k)
{
	const LessonBlock *blk = app_cell_block(app, b, k);
	if (!blk || blk->kind != LESSON_QUIZ) {
		
		app_message(app, 0, S_NO_QUIZ, keys_hint(&keys_reader, KA_REVEAL));
		return;
	}
	CellState *cs = &b->cells[k];
	if (!cs->revealed) {
		cs->revealed = 1;
		if (cs->first == PROGRESS_FIRST_NONE)
			cs->first = PROGRESS_FIRST_WRONG;
		if (blk->cell.id.s)
			progress_set_quiz_revealed(app->progress, b->slug, blk->cell.id.s);
		app_save_or_say(app);
	}
	if (blk->cell.kind == LESSON_QUIZ_PREDICT && blk->cell.run.s)
		app_run_cell(app, b, k);
	app->lay.valid = 0;
	app->reveal = k;
}

void app_quiz_first_tries(const App *app, const Book *b, int *first, int *total)
{
	*first = *total = 0;
	for (int k = 0; k < b->n_cells; k++) {
		const LessonBlock *blk = app_cell_block(app, b, k);
		if (!blk || blk->kind != LESSON_QUIZ)
			continue;
		(*total)++;
		*first += b->cells[k].first == PROGRESS_FIRST_RIGHT;
	}
}

/* }==== */

/* {==== What a quiz shows ==== */

static void add_line(QuizLines *q, UiStyle style, int hang, const char *text)
{
	if (q->n == (int)(sizeof q->line / sizeof q->line[0]))
		return;
	char *t = mem_strdup(text);
	if (!t)
		return;   /* out of memory: one line less, never a crash */
	q->line[q->n++] = (QuizLine){ t, style, hang };
}

/* "The answer is ..." in buf, after prefix. */
static void the_answer(const App *app, const LessonCell *c, StrId number, StrId choice,
		       const char *prefix, char *buf, size_t size)
{
	int n = snprintf(buf, size, "%s", prefix);
	if (c->kind == LESSON_QUIZ_CHOICE) {
		snprintf(buf + n, size - (size_t)n, app_str(app, choice), c->answer.s ? c->answer.s : "?");
	} else {
		char tol[64];
		snprintf(tol, sizeof tol, "%g", c->tolerance);
		snprintf(buf + n, size - (size_t)n, app_str(app, number), c->answer.s ? c->answer.s : "?",
			 tol);
	}
}

void app_quiz_lines(const App *app, const Book *b, int k, QuizLines *out)
{
	memset(out, 0, sizeof *out);
	const LessonBlock *blk = app_cell_block(app, b, k);
	if (!blk || blk->kind != LESSON_QUIZ)
		return;
	const LessonCell *c = &blk->cell;
	const CellState *cs = &b->cells[k];
	char line[1024];
	if (cs->answer) {
		snprintf(line, sizeof line, "%s%s", app_str(app, S_YOUR_ANSWER), cs->answer);
		add_line(out, UI_NORMAL, 2, line);
		if (cs->correct) {
			snprintf(line, sizeof line, "%s%s", app_glyph(app, G_OK),
				 app_str(app, cs->first == PROGRESS_FIRST_RIGHT ? S_CORRECT_FIRST : S_CORRECT));
		} else if (cs->revealed) {
			the_answer(app, c, S_INCORRECT_NUMBER, S_INCORRECT_CHOICE, app_glyph(app, G_BAD),
				   line, sizeof line);
		} else {
			
			int n = snprintf(line, sizeof line, "%s", app_glyph(app, G_BAD));
			snprintf(line + n, sizeof line - (size_t)n, app_str(app, S_INCORRECT_TRY),
				 keys_hint(&keys_reader, KA_REVEAL));
		}
		add_line(out, cs->correct ? UI_CORRECT : UI_WRONG, 2, line);
	} else if (cs->revealed) {
		the_answer(app, c, S_ANSWER_NUMBER, S_ANSWER_CHOICE, "", line, sizeof line);
		add_line(out, UI_NORMAL, 2, line);
	}
	int shown = (cs->answer && cs->correct) || cs->revealed;
	if (cs->revealed && cs->first != PROGRESS_FIRST_RIGHT)
		add_line(out, UI_HINT, 0, app_str(app, S_REVEALED_NOTE));
	if (shown && c->explain.s) {
		char *why = mem_alloc(strlen(c->explain.s) + 64);
		if (why) {
			sprintf(why, "%s%s", app_str(app, S_WHY), c->explain.s);
			add_line(out, UI_EXPLAIN, 2, why);
			mem_free(why);
		}
	}
	out->show_run = shown && c->kind == LESSON_QUIZ_PREDICT && c->run.s;
	if (cs->answer)
		out->hint = S_PRESS_RETRY;
	else
		out->hint = c->kind == LESSON_QUIZ_CHOICE ? S_PRESS_CHOOSE : S_PRESS_ANSWER;
}

void app_quiz_lines_free(QuizLines *q)
{
	if (!q)
		return;
	for (int i = 0; i < q->n; i++)
		mem_free(q->line[i].text);
	q->n = 0;
}

/* }==== */
