/* term: the real terminal, through ncursesw (canvas_curses.c, the one file that includes
 * <curses.h>). In src/ui, beside the in-memory canvas; loop.c drives it. Opening never
 * exits the process: an unset or unknown TERM is an error to report in plain text. */
#ifndef GRADLAB_TERM_H
#define GRADLAB_TERM_H

#include <stddef.h>

#include "ui/canvas.h"

typedef struct Term Term;

/* Whether curses can drive the terminal TERM names, asked before touching it. */
typedef enum TermFit {
	TERM_FIT_OK,
	TERM_FIT_UNSET,         /* TERM unset or empty */
	TERM_FIT_UNKNOWN,       /* no description of it (or no terminfo at all) */
	TERM_FIT_CANNOT_MOVE,   /* known, but it cannot move the cursor: dumb, hardcopy */
} TermFit;
TermFit term_fit(void);

/* Start curses on stdin/stdout with newterm. colour: whether colours are wanted (NO_COLOR
 * unset); they are used only if the terminal has them. NULL when the terminal cannot be
 * used, and the terminal is left as it was. */
Term *term_open(int colour);
/* The canvas that draws on it; its size follows term_size. */
Canvas *term_canvas(Term *t);
/* The current size, after a UI_KEY_RESIZE too. */
void term_size(Term *t, int *rows, int *cols);
/* Show what was drawn since the last flush. */
void term_flush(Term *t);
/* The next key: a code point or UI_KEY_*. UI_KEY_EOF when input ended or failed, or a
 * signal interrupted the wait (the caller checks why). */
int term_key(Term *t);
/* The next key if one was typed, else UI_KEY_NONE at once: for the turns a running train
 * cell gives the book between iterations (app.h, UiPump). */
int term_key_now(Term *t);
/* Leave curses: the terminal is as it was before term_open. Accepts NULL. */
void term_close(Term *t);
/* For a fatal signal's handler: put the terminal back, nothing else. */
void term_emergency_restore(void);

#endif
