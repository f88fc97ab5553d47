/* keys: every key of the book, one table per screen. In src/ui. A row is what the learner
 * reads in the help (the keys' names, the sentence) and what the screen's dispatch asks
 * (which action a key means), so a key is defined in one place: a key not in the table does
 * nothing, and the help lists every row. The status bar takes its short key names from
 * the same rows (keys_hint). */
#ifndef GRADLAB_KEYS_H
#define GRADLAB_KEYS_H

#include "ui/strings.h"

/* What a key asks for; each screen decides what it means there (KA_DOWN moves the
 * selection in the contents and scrolls the reader). */
typedef enum KeyAct {
	KA_NONE,
	/* everywhere */
	KA_DOWN, KA_UP, KA_PGDN, KA_PGUP, KA_HOME, KA_END, KA_LANG, KA_HELP, KA_QUIT_NOW,
	/* the contents */
	KA_OPEN, KA_EXERCISES, KA_QUIT, KA_NTH,
	/* the reader */
	KA_CELL, KA_NEXT_CELL, KA_PREV_CELL, KA_PARAM_DOWN, KA_PARAM_UP, KA_NEXT_PARAM,
	KA_RESET, KA_PLOT, KA_REVEAL, KA_WRAP, KA_PAN_LEFT, KA_PAN_RIGHT, KA_SEARCH,
	KA_NEXT_MATCH, KA_PREV_MATCH, KA_BACK, KA_RERUN,
	/* while a train cell runs */
	KA_STOP,
	/* answering a quiz (the letters of a choice quiz are the lesson's, not the table's) */
	KA_CHOOSE, KA_SUBMIT, KA_ERASE, KA_CANCEL,
	/* the exercises */
	KA_GRADE, KA_HINT,
	/* the help */
	KA_CLOSE,
	KA_COUNT
} KeyAct;

#define KEYS_MAX 10   /* codes per row */

typedef struct KeyRow {
	KeyAct act;
	int keys[KEYS_MAX];   /* the codes (canvas.h's: code points, UI_KEY_*), 0 after the last */
	const char *name;     /* the keys as the help shows them; NULL: the row shares the line
			       * above (its keys are named there) */
	const char *ascii;    /* name on terminals without arrows; NULL: name */
	const char *hint;     /* the key's short name in the status bar, NULL: none */
	StrId help;           /* the help's sentence */
	unsigned flags;
} KeyRow;

#define KEY_UTF8_ONLY 1u   /* shown only where Chinese can be drawn (L) */
#define KEY_HELP_ONLY 2u   /* said in the help, dispatched elsewhere: the letters of a
			    * choice quiz are the lesson's (reader_cells.c) */

typedef struct KeyTable {
	StrId title;          /* the help's section title */
	const KeyRow *rows;
	int n;
	const struct KeyTable *also;   /* consulted after rows (everywhere), NULL: none */
} KeyTable;

/* The tables, in the order the help shows them. */
extern const KeyTable keys_everywhere, keys_toc, keys_reader, keys_quiz, keys_exercises,
	keys_help, keys_train;
extern const KeyTable *const keys_sections[];
extern const int keys_n_sections;

/* The action of key in t (then t->also), KA_NONE when it has none. Rows marked
 * KEY_HELP_ONLY are skipped; KEY_UTF8_ONLY rows are not (L says why it cannot switch). */
KeyAct keys_act(const KeyTable *t, int key);
/* The row of act in t (then t->also), NULL when none. */
const KeyRow *keys_row(const KeyTable *t, KeyAct act);
/* The status bar's name of act's key ("q"), "" when none. */
const char *keys_hint(const KeyTable *t, KeyAct act);

/* Where a movement act takes a position (a selection or a scroll top): KA_DOWN and KA_UP
 * one on or back, KA_PGDN and KA_PGUP a page, KA_HOME 0 and KA_END last; 1 with *to set
 * for those six, 0 (*to untouched) for any other act. The caller clamps *to. */
int keys_move(KeyAct act, int pos, int page, int last, int *to);

#endif
