/* app: the state of the book, and the screens that show it. In src/ui, above the canvas and
 * src/learn. An App holds every lesson in both languages, the current screen, each
 * lesson's position and cells (parameters, cached outputs, quiz answers), the language and
 * the progress store. Screens are tables of operations (tig's view_ops): `key` changes
 * only the App, `draw` only writes to a Canvas, `prepare` brings derived state (the
 * wrapped document, the scroll position) up to date after a key or a resize.
 *
 * Cells run through a callback the CLI passes in (cli_run), so src/ui never calls up into
 * src/cli; the same callback drives the tests with a fake. Beside it comes what each
 * command accepts (cli_caps, from the command table). Nothing here touches the
 * terminal: loop.c joins an App to the curses canvas, tests join it to the in-memory one. */
#ifndef GRADLAB_APP_H
#define GRADLAB_APP_H

#include <stddef.h>
#include <stdio.h>

#include "learn/lesson.h"
#include "learn/progress.h"
#include "ui/canvas.h"
#include "ui/keys.h"
#include "ui/strings.h"
#include "ui/textwidth.h"

#define UI_MIN_COLS 40
#define UI_MIN_ROWS 12
#define UI_MAX_TEXT 96        /* the widest column of prose, however wide the terminal */
#define UI_CACHE_PER_CELL 64  /* outputs kept per cell */

/* Runs gradlab with argv as main() gets it; returns the exit status (cli_run). */
typedef int (*UiRun)(int argc, char **argv, FILE *out, FILE *err);

/* What the command of a run: line accepts, as src/cli's command table declares it: the
 * book adds --lang and --plot text only where they are declared, and sizes a plot within
 * the declared limits, so it never has to guess from a refusal. */
typedef struct UiCaps {
	int lang;               /* takes --lang zh */
	int plot;               /* takes --plot, --plot-size and --plot-glyphs */
	int nothing_to_plot;    /* these arguments draw no plot, so the command refuses --plot
				 * (curves at one point) */
	int min_cols, max_cols; /* the --plot-size it accepts */
	int min_rows, max_rows;
} UiCaps;

/* The capabilities for argv as UiRun takes it (argv[1] the command): 1 and *caps filled, or
 * 0 and *caps cleared for a command it does not know (cli_caps). */
typedef int (*UiCapsOf)(int argc, char **argv, UiCaps *caps);

typedef struct UiOptions {
	const char *dir;        /* the folder with en/ and zh/ */
	const char *state_dir;  /* progress folder (the book's and the exercises'); NULL:
				 * $XDG_STATE_HOME/gradlab */
	const char *grader_dir; /* the grader's exercises folder (exercises.list); NULL:
				 * grade_find_dir */
	const char *submission; /* the learner's files: DIR or DIR/exercises; NULL: ./exercises
				 * when there is one, else the grader's folder (as `gradlab grade`) */
	const char *lang;       /* a code of core/lang.h; NULL: the saved one, else the locale's */
	int utf8;               /* the locale is UTF-8 */
	int ascii;              /* draw ASCII only, whatever the locale */
	int ambiguous_wide;     /* the terminal draws ambiguous characters two columns wide */
	int display;            /* -1: ask the environment; 0/1: whether a plot window can open */
	UiRun run;
	UiCapsOf caps;          /* what run's commands accept; NULL: no --lang, no plots */
} UiOptions;

typedef struct App App;

typedef struct Screen {
	const char *name;
	void (*draw)(const App *app, Canvas *c);
	void (*key)(App *app, int key);
	void (*prepare)(App *app);   /* may be NULL */
} Screen;

extern const Screen screen_toc, screen_reader, screen_help, screen_exercises;

/* The exercises screen's own state (screen_exercises.c). */
typedef struct Exercises Exercises;

/* {==== Lessons and their cells ==== */

/* One run of a cell's command, kept so that going back to a value is instant. */
typedef struct CellRun {
	char *key;        /* the argv joined: identifies the run */
	char *command;    /* "gradlab ..." as a learner would type it */
	char *out, *err;  /* what it printed (raw bytes) */
	int status;
	int refused;      /* not run: the lesson broke the rule of what it may run; err says why */
	int too_small;    /* run without its plot: the terminal has no room for the smallest
			   * plot the command accepts */
	struct CellRun *next;
} CellRun;

typedef struct CellState {
	int shown;         /* experiment, check: the output is open */
	int *vary_idx;     /* experiment: the value index of each vary */
	int n_vary;
	int sel_vary;
	CellRun *runs;     /* most recent first */
	CellRun *cur;      /* the output on show (experiment, check, predict quiz) */
	char *answer;      /* quiz: the last answer, NULL before one */
	int correct;
	int first;         /* quiz: how the first try went (ProgressFirst) */
	int revealed;      /* quiz: the learner asked to see the answer */
	int wrap_all;      /* wrap every long output line; 0: cut tables (and pan), wrap prose */
	int pan;           /* the columns cut lines are scrolled to the left */
	int out_cols;      /* the widest output line (set by the layout) */
} CellState;

/* A lesson in both languages; the cells line up by index between them. */
typedef struct Book {
	char slug[64];              /* "01-activations" */
	Lesson *l[LANG_COUNT];      /* NULL when that language is missing or unreadable */
	char *problem;              /* why no language could be read, else NULL */
	int n_cells;
	int *cell_block[LANG_COUNT];   /* the block index of each cell, or -1 */
	CellState *cells;
	int anchor_block, anchor_off;  /* the top of the reader: a block and rows into it */
	int anchor_lang;               /* the language the anchor is in, -1 before opening */
	int sel;                       /* the selected cell, -1 none */
} Book;

/* }==== */

/* {==== The wrapped document ==== */

typedef enum RowKind {
	ROW_TEXT,      /* text in a style */
	ROW_TOP,       /* a cell's top frame with its label as text */
	ROW_BOTTOM,    /* a cell's bottom frame */
	ROW_VARY,      /* the parameters aux .. aux2-1 of a cell */
	ROW_INPUT      /* the answer being typed */
} RowKind;

typedef struct Row {
	unsigned char kind, style;
	unsigned char bar;     /* inside a cell: draw its left frame */
	short indent;          /* columns from the text column (after the frame) */
	int block, cell;       /* cell -1 outside cells */
	int aux, aux2;         /* vary: the parameters shown; text: 1 when it is cut and pans */
	size_t off;            /* text: lay.text + off, len bytes */
	int len;
} Row;

typedef struct Layout {
	Row *rows;
	int n, cap;
	char *text;
	unsigned char *attr;   /* per byte of text: its LESSON_EMPH/STRONG/CODE_SPAN marks */
	size_t len, cap_text;
	int *block_row;        /* the first row of each block */
	int n_blocks;
	int *cell_first, *cell_last;
	int n_cells;
	int valid;
	int width, lang, book; /* what it was laid out for */
} Layout;

/* }==== */

typedef enum InputMode { INPUT_NONE, INPUT_QUIZ, INPUT_SEARCH } InputMode;

struct App {
	UiOptions opt;
	TwMode mode;
	int lang;
	int rows, cols;
	const Screen *screen, *help_return;
	const Screen *ex_return;   /* where Esc leaves the exercises screen for */
	int quit;

	char dir[4096];
	Book *books;
	int n_books;

	int toc_sel, toc_top;
	int help_top;

	int cur;               /* the book in the reader */
	Layout lay;
	int top;               /* the reader's first row on screen */
	int reveal;            /* prepare scrolls this cell's end into view; -1 none */

	InputMode input;
	int input_cell;
	char input_buf[256];
	size_t input_len;
	double swallow_until;  /* a choice was just answered by its key: an Enter typed out of
				 * habit right after it (before this time on the monotonic clock,
				 * in seconds) must not open the answer again; a later Enter does,
				 * as the hint says */
	char search[256];      /* the last search */
	int match_row;         /* the row of the last match, -1 none */

	char msg[1024];        /* a message on the status line until the next key */
	int msg_error;

	Progress *progress;
	Exercises *ex;         /* NULL until the exercises screen first opens */
};

/* {==== Life cycle (app.c) ==== */

/* Load every lesson of o->dir and the progress store. NULL when the folder cannot be read
 * or memory runs out, with why in err. A progress problem is not an error: it is the first
 * message the learner sees. */
App *app_new(const UiOptions *o, char *err, size_t err_size);
/* Saves progress (what it could not save is in the return value: ST_OK or ST_EIO, with
 * status_detail) and frees everything. Accepts NULL. */
Status app_close(App *app);
void app_free(App *app);

void app_resize(App *app, int rows, int cols);
void app_key(App *app, int key);
void app_draw(const App *app, Canvas *c);
int app_done(const App *app);
/* Work a key asked for that must show on the screen before it starts (grading draws
 * "Grading ..." first): the loop draws, then calls app_work while app_pending. It takes as
 * long as the work (the grader's own timeouts bound it); app_key does it first when a key
 * comes before. */
int app_pending(const App *app);
void app_work(App *app);

/* }==== */

/* {==== Shared by the screens (app.c) ==== */

const char *app_str(const App *app, StrId id);
/* A message for the status line, formatted from id in the current language. */
void app_message(App *app, int error, StrId id, ...);
void app_message_text(App *app, int error, const char *text);
/* Box and mark glyphs for the current mode: "┌" or "+", and so on. */
typedef enum Glyph {
	G_TL, G_BL, G_H, G_V,
	G_TL_SEL, G_BL_SEL, G_H_SEL, G_V_SEL,   /* the selected cell's frame */
	G_OK, G_BAD, G_VISITED, G_ELLIPSIS, G_LEFT, G_RIGHT, G_BULLET,
	G_UPDOWN, G_LEFTRIGHT, G_COUNT
} Glyph;
const char *app_glyph(const App *app, Glyph g);
/* Text through tw_display in the app's mode; never NULL (a fallback on no memory). The
 * caller frees it with mem_free. */
char *app_display(const App *app, const char *s);
/* Draw s after tw_display at (y, x) in at most max_cols. Returns the columns drawn. */
int app_text(const App *app, Canvas *c, int y, int x, int max_cols, const char *s, UiStyle st);
/* The top and bottom bars. hints: pairs of key name and label, NULL-terminated, as many
 * as fit; right is drawn at the right end whatever the room. A message replaces the hints. */
void app_draw_header(const App *app, Canvas *c, const char *left, const char *right);
void app_draw_status(const App *app, Canvas *c, const char *const *hints, const char *right);

/* The lesson of a book in the current language, or the other one when missing. */
const Lesson *app_lesson(const App *app, const Book *b, int *lang_used);
/* The number of quizzes of b answered right and their total. */
void app_quiz_score(const App *app, const Book *b, int *right, int *total);
/* The number of quizzes of b right at the first try (before the answer was shown) and
 * their total (quiz.c). */
void app_quiz_first_tries(const App *app, const Book *b, int *first, int *total);

void app_open_book(App *app, int index);
void app_close_book(App *app);
/* The next language of the table, round to the first (English / 中文). */
void app_toggle_lang(App *app);
/* ?: the help screen, which goes back to the screen on show. */
void app_open_help(App *app);
/* The acts every screen that reaches them answers alike: KA_LANG the next language, KA_HELP
 * the help, KA_EXERCISES the exercises. 1 when a was one of them and is done, 0 (nothing
 * done) otherwise: a screen's key handler asks this before its own acts. */
int app_shared_key(App *app, KeyAct a);

/* Save progress, or say on the status line why it could not be saved. */
void app_save_or_say(App *app);

/* {==== Cells (cells.c) ==== */

/* Run cell k of the book with its current parameters (cached), and show the output. A
 * quiz runs its run: line. NULL when it cannot run (a message says why). */
const CellRun *app_run_cell(App *app, Book *b, int k);
/* "gradlab ..." for cell k with its current parameters, without plot options. */
void app_cell_command(App *app, Book *b, int k, char *buf, size_t size);
/* Put cell k's parameters back to the values in its run: line. */
void app_reset_params(App *app, Book *b, int k);
/* {==== Quizzes (quiz.c) ==== */

/* Grade and store an answer; 0 when it could not be graded (a message says why). A wrong
 * answer does not show the right one: the learner tries again, or asks (app_reveal). */
int app_answer(App *app, Book *b, int k, const char *answer);
/* Show quiz k's answer and why, at the learner's request: from then on it cannot count as
 * right at the first try. A message when k is not a quiz. */
void app_reveal(App *app, Book *b, int k);

/* What a quiz cell shows below its question and choices, line by line (the reader lays
 * them out), whether its command's output follows (a predict quiz answered right or
 * shown), and the hint below them when no answer is being typed. */
typedef struct QuizLine {
	char *text;      /* mem_alloc'd */
	UiStyle style;
	int hang;        /* columns a wrapped line is indented by */
} QuizLine;
typedef struct QuizLines {
	QuizLine line[6];
	int n;
	int show_run;
	StrId hint;
} QuizLines;
void app_quiz_lines(const App *app, const Book *b, int k, QuizLines *out);
void app_quiz_lines_free(QuizLines *q);   /* leaves it empty */

/* }==== */
/* Whether cell k's command draws plots, so that p has something to show. */
int app_cell_can_plot(const App *app, const Book *b, int k);
/* p: open the cell's plot in a window, or save it as a PNG under the state folder. */
void app_plot_cell(App *app, Book *b, int k);
/* Free a list of runs; accepts NULL. */
void app_runs_free(CellRun *r);

/* }==== */

/* {==== Exercises (screen_exercises.c) ==== */

/* e: open the exercises screen (the grader's list is loaded the first time, the progress
 * file read again every time); Esc comes back to the screen on show. */
void app_open_exercises(App *app);
void app_exercises_free(Exercises *ex);   /* accepts NULL */

/* }==== */

/* The cell block of k in the lesson on show. */
const LessonBlock *app_cell_block(const App *app, const Book *b, int k);
/* The text columns: the document's left edge and width at the current size. */
void app_text_column(const App *app, int *x0, int *width);

/* }==== */

#endif
