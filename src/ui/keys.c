/* keys: the tables of every screen's keys; see keys.h. The help shows the rows in this
 * order; a row with a NULL name joins the line above it, so "↑ ↓   j k" is two actions on
 * one line. */
#include "ui/keys.h"

#include "ui/app.h"
#include "ui/canvas.h"

#define N(rows) (int)(sizeof rows / sizeof rows[0])

static const KeyRow everywhere[] = {
	{ KA_DOWN, { 'j', UI_KEY_DOWN }, "↑ ↓   j k", "Up Down   j k", NULL, S_HELP_MOVE, 0 },
	{ KA_UP, { 'k', UI_KEY_UP }, NULL, NULL, NULL, S_HELP_MOVE, 0 },
	{ KA_PGDN, { UI_KEY_PGDN, ' ' }, "PgUp PgDn Space b", NULL, "Space", S_HELP_PAGE, 0 },
	{ KA_PGUP, { UI_KEY_PGUP, 'b' }, NULL, NULL, NULL, S_HELP_PAGE, 0 },
	{ KA_PGDN, { UI_KEY_CTRL('f') }, "Ctrl-F Ctrl-B", NULL, NULL, S_HELP_PAGE, 0 },
	{ KA_PGUP, { UI_KEY_CTRL('b') }, NULL, NULL, NULL, S_HELP_PAGE, 0 },
	{ KA_HOME, { 'g', UI_KEY_HOME }, "Home End   g G", NULL, NULL, S_HELP_ENDS, 0 },
	{ KA_END, { 'G', UI_KEY_END }, NULL, NULL, NULL, S_HELP_ENDS, 0 },
	{ KA_LANG, { 'L' }, "L", NULL, "L", S_HELP_LANG, KEY_UTF8_ONLY },
	{ KA_HELP, { '?', UI_KEY_F1 }, "?   F1", NULL, "?", S_HELP_HELP, 0 },
	{ KA_QUIT_NOW, { UI_KEY_CTRL('c') }, "Ctrl-C", NULL, NULL, S_HELP_CTRL_C, 0 },
};

static const KeyRow toc[] = {
	{ KA_OPEN, { '\n', '\r', UI_KEY_RIGHT, 'l' }, "Enter   → l", "Enter   Right l", "Enter",
	  S_HELP_OPEN, 0 },
	{ KA_NTH, { '1', '2', '3', '4', '5', '6', '7', '8', '9' }, "1 ... 9", NULL, NULL,
	  S_HELP_NTH_LESSON, 0 },
	{ KA_EXERCISES, { 'e' }, "e", NULL, "e", S_HELP_EX_OPEN, 0 },
	{ KA_QUIT, { 'q' }, "q", NULL, "q", S_HELP_QUIT, 0 },
};

static const KeyRow reader[] = {
	{ KA_CELL, { '\n', '\r' }, "Enter", NULL, "Enter", S_HELP_ENTER_CELL, 0 },
	{ KA_NEXT_CELL, { '\t' }, "Tab   Shift-Tab", NULL, "Tab", S_HELP_TAB, 0 },
	{ KA_PREV_CELL, { UI_KEY_BTAB }, NULL, NULL, NULL, S_HELP_TAB, 0 },
	{ KA_PARAM_DOWN, { 'h', UI_KEY_LEFT }, "← →   h l", "Left Right   h l", NULL, S_HELP_PARAM,
	  0 },
	{ KA_PARAM_UP, { 'l', UI_KEY_RIGHT }, NULL, NULL, NULL, S_HELP_PARAM, 0 },
	{ KA_NEXT_PARAM, { 'v' }, "v", NULL, "v", S_HELP_NEXT_PARAM, 0 },
	{ KA_RESET, { 'r' }, "r", NULL, "r", S_HELP_RESET, 0 },
	{ KA_PLOT, { 'p' }, "p", NULL, "p", S_HELP_PLOT, 0 },
	{ KA_REVEAL, { 's' }, "s", NULL, "s", S_HELP_REVEAL, 0 },   /* quiz.c names it too */
	{ KA_WRAP, { 'w' }, "w", NULL, "w", S_HELP_WRAP, 0 },
	{ KA_PAN_LEFT, { '<' }, "<   >", NULL, NULL, S_HELP_PAN, 0 },
	{ KA_PAN_RIGHT, { '>' }, NULL, NULL, NULL, S_HELP_PAN, 0 },
	{ KA_SEARCH, { '/' }, "/", NULL, "/", S_HELP_SEARCH, 0 },
	{ KA_NEXT_MATCH, { 'n' }, "n   N", NULL, NULL, S_HELP_NEXT_MATCH, 0 },
	{ KA_PREV_MATCH, { 'N' }, NULL, NULL, NULL, S_HELP_NEXT_MATCH, 0 },
	{ KA_EXERCISES, { 'e' }, "e", NULL, "e", S_HELP_EX_OPEN, 0 },
	{ KA_BACK, { UI_KEY_ESC, 'q' }, "Esc   q", NULL, "q", S_HELP_BACK, 0 },
	{ KA_RERUN, { 'R' }, "R", NULL, NULL, S_HELP_RERUN, 0 },
};

/* While a train cell runs (train_cell.c): Esc stops it; the movement keys, ?, L and Ctrl-C
 * work as everywhere, and the rest say to stop first. */
static const KeyRow train[] = {
	{ KA_STOP, { UI_KEY_ESC }, "Esc", NULL, "Esc", S_HELP_TRAIN_STOP, 0 },
};

/* While an answer or a search is typed: every other text key is typed in, and the
 * reader's keys that are not text (Tab, the arrows, PgDn) leave the answer unfinished. */
static const KeyRow quiz[] = {
	{ KA_CHOOSE, { 0 }, "a b c ...", NULL, NULL, S_HELP_CHOOSE, KEY_HELP_ONLY },
	{ KA_SUBMIT, { '\n', '\r' }, "Enter", NULL, "Enter", S_HELP_SUBMIT, 0 },
	{ KA_ERASE, { UI_KEY_BACKSPACE, 0x7F, 8 }, "Backspace", NULL, NULL, S_HELP_EDIT, 0 },
	{ KA_CANCEL, { UI_KEY_ESC }, "Esc", NULL, "Esc", S_HELP_CANCEL, 0 },
};

static const KeyRow exercises[] = {
	{ KA_GRADE, { '\n', '\r', UI_KEY_RIGHT }, "Enter   →", "Enter   Right", "Enter",
	  S_HELP_EX_GRADE, 0 },
	{ KA_HINT, { 'h' }, "h", NULL, "h", S_HELP_EX_HINT, 0 },
	{ KA_NTH, { '1', '2', '3', '4', '5', '6', '7', '8', '9' }, "1 ... 9", NULL, NULL,
	  S_HELP_NTH_EXERCISE, 0 },
	{ KA_PGDN, { UI_KEY_PGDN, ' ' }, "PgUp PgDn Space b", NULL, "Space", S_HELP_EX_SCROLL, 0 },
	{ KA_PGUP, { UI_KEY_PGUP, 'b' }, NULL, NULL, NULL, S_HELP_EX_SCROLL, 0 },
	{ KA_BACK, { UI_KEY_ESC, 'q', UI_KEY_LEFT }, "Esc   q   ←", "Esc   q   Left", "q",
	  S_HELP_EX_BACK, 0 },
};

static const KeyRow help[] = {
	{ KA_CLOSE, { UI_KEY_ESC, 'q', '?', UI_KEY_F1 }, "Esc   q   ?   F1", NULL, "Esc",
	  S_HELP_CLOSE, 0 },
};

const KeyTable keys_everywhere = { S_HELP_EVERYWHERE, everywhere, N(everywhere), NULL };
const KeyTable keys_toc = { S_HELP_CONTENTS, toc, N(toc), &keys_everywhere };
const KeyTable keys_reader = { S_HELP_READER, reader, N(reader), &keys_everywhere };
const KeyTable keys_quiz = { S_HELP_QUIZ, quiz, N(quiz), &keys_reader };
const KeyTable keys_exercises = { S_HELP_EXERCISES, exercises, N(exercises), &keys_everywhere };
const KeyTable keys_help = { S_HELP_TITLE, help, N(help), &keys_everywhere };
const KeyTable keys_train = { S_HELP_TRAIN, train, N(train), NULL };

const KeyTable *const keys_sections[] = { &keys_everywhere, &keys_toc, &keys_reader, &keys_quiz,
					  &keys_train, &keys_exercises };
const int keys_n_sections = N(keys_sections);

KeyAct keys_act(const KeyTable *t, int key)
{
	if (key == 0)
		return KA_NONE;
	for (; t; t = t->also)
		for (int i = 0; i < t->n; i++) {
			const KeyRow *r = &t->rows[i];
			if (r->flags & KEY_HELP_ONLY)
				continue;
			for (int j = 0; j < KEYS_MAX && r->keys[j]; j++)
				if (r->keys[j] == key)
					return r->act;
		}
	return KA_NONE;
}

const KeyRow *keys_row(const KeyTable *t, KeyAct act)
{
	for (; t; t = t->also)
		for (int i = 0; i < t->n; i++)
			if (t->rows[i].act == act)
				return &t->rows[i];
	return NULL;
}

const char *keys_hint(const KeyTable *t, KeyAct act)
{
	const KeyRow *r = keys_row(t, act);
	return r && r->hint ? r->hint : "";
}

int keys_move(KeyAct act, int pos, int page, int last, int *to)
{
	switch (act) {
	case KA_DOWN: *to = pos + 1; return 1;
	case KA_UP: *to = pos - 1; return 1;
	case KA_PGDN: *to = pos + page; return 1;
	case KA_PGUP: *to = pos - page; return 1;
	case KA_HOME: *to = 0; return 1;
	case KA_END: *to = last; return 1;
	default: return 0;
	}
}
