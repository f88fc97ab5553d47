/* book: `gradlab` with no arguments, the terminal textbook. In src/ui, the top of it:
 * loop.c joins the App to the real terminal, handles resizes and signals, and always
 * gives the terminal back. src/cli/cmd_book.c parses the options and passes cli_run in,
 * with cli_caps, what each command accepts (UiOptions.run and .caps, app.h). */
#ifndef GRADLAB_BOOK_H
#define GRADLAB_BOOK_H

#include <stdio.h>

#include "ui/app.h"

/* Run the book until the learner quits. Returns the exit status: 0, or 2 when it cannot
 * start (no terminal, TERM unset or unknown, no lessons) after saying why on err in plain
 * text. o->utf8 is decided here from the locale. */
int ui_book_run(const UiOptions *o, FILE *out, FILE *err);

#endif
