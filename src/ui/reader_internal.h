/* reader_internal: what the pieces of the reader screen share, and nothing else sees. In
 * src/ui, private to screen_reader.c, reader_layout.c, reader_position.c, reader_draw.c
 * and reader_cells.c. The wrapped document itself (Layout, Row) is in app.h, as the App
 * holds it; here are the functions one piece calls in another. */
#ifndef GRADLAB_READER_INTERNAL_H
#define GRADLAB_READER_INTERNAL_H

#include "ui/app.h"
#include "ui/keys.h"

/* Lay the book on show out into app->lay for the current width and language
 * (reader_layout.c). Out of memory leaves an empty document, never a crash. */
void reader_build(App *app);

/* {==== Position and selection (reader_position.c) ==== */

/* The rows of the document on screen, between the header and the status line. */
int reader_view_rows(const App *app);
int reader_max_top(const App *app);
/* Scroll to top (clamped) and keep it as the book's anchor: a block and rows into it. */
void reader_set_top(App *app, int top);
/* Whether any row of cell k is on screen. */
int reader_cell_visible(const App *app, int k);
void reader_prepare(App *app);

/* }==== */

void reader_draw(const App *app, Canvas *c);   /* reader_draw.c */

/* {==== Search (screen_reader.c) ==== */

/* The first match of needle in hay[0..n) at or after from, ASCII letters folded; -1 none. */
int reader_find_in(const char *hay, size_t n, const char *needle, size_t from);
/* From the row after `from` (or `from` itself when inclusive), in direction dir. */
void reader_search(App *app, int from, int dir, int inclusive);

/* }==== */

/* {==== Cells and typed input (reader_cells.c) ==== */

/* Whether key is an Enter typed out of habit right after a choice was answered by its key,
 * to be ignored; either way the time for it ends. */
int reader_swallowed(App *app, int key);
/* A key while an answer or a search is being typed. */
void reader_input_key(App *app, int key);
/* A key for the selected cell: run, parameters, answer, show the answer, plot, wrap, pan. */
void reader_cell_key(App *app, KeyAct a);
/* 1 when key chose an answer of the choice quiz that is the selected cell on screen (its
 * letters come before the reader's keys); 0 leaves key to them. */
int reader_choice_key(App *app, int key);

/* }==== */

#endif
