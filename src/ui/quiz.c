/* quiz: a learner's answer to a quiz cell, graded and kept; see app.h. In src/ui, over
 * src/learn (lesson_grade marks the answer, progress stores it). The reader's keys
 * (reader_cells.c) hand answers here; a predict quiz runs its command through cells.c. */
#include "ui/app.h"

#include "core/mem.h"

#include <stdio.h>
#include <string.h>

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
			app_message(app, 1, S_NOT_A_NUMBER);
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
	if (blk->cell.id.s)
		progress_set_quiz(app->progress, b->slug, blk->cell.id.s, s, cs->correct);
	app_save_or_say(app);
	if (blk->cell.kind == LESSON_QUIZ_PREDICT && blk->cell.run.s)
		app_run_cell(app, b, k);
	app->lay.valid = 0;
	app->reveal = k;
	return 1;
}
