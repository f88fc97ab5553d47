/* exercises_internal: what the pieces of the exercises screen share, and nothing else sees.
 * In src/ui, private to screen_exercises.c, exercises_doc.c, exercises_task.c,
 * exercises_grade.c, exercises_list.c and exercises_report.c. The state of the screen
 * (struct Exercises, opaque in app.h), the rows of display text both views lay out, the
 * list's geometry, and the functions one piece calls in another. */
#ifndef GRADLAB_EXERCISES_INTERNAL_H
#define GRADLAB_EXERCISES_INTERNAL_H

#include "ui/app.h"
#include "ui/keys.h"

#include "grade/grade.h"
#include "grade/grade_progress.h"

enum { VIEW_LIST, VIEW_REPORT };

/* {==== Documents: rows of display text, laid out by prepare (exercises_doc.c) ==== */

typedef struct DocRow {
	unsigned char style;
	short indent;
	size_t off;
	int len;
} DocRow;

typedef struct Doc {
	DocRow *rows;
	int n, cap;
	char *text;
	size_t len, cap_text;
	int width;
	TwMode mode;
	int failed;
} Doc;

void ex_doc_reset(Doc *d, int width, TwMode mode);
void ex_doc_free(Doc *d);
void ex_doc_blank(Doc *d);
/* Raw text, one line of it (no newlines), wrapped to the width: a line's own leading spaces
 * are kept, and its continuation rows are indented as far plus hang. */
void ex_doc_line(Doc *d, UiStyle st, const char *raw, size_t n, int hang);
/* Text with newlines: each line wrapped on its own. */
void ex_doc_text(Doc *d, UiStyle st, const char *raw, int hang);
/* Rows top.. of d on rows rows from (y0, x0). */
void ex_doc_draw(Canvas *c, const Doc *d, int top, int y0, int rows, int x0);

/* }==== */

/* {==== The task of an exercise file (exercises_task.c) ==== */

/* The task of the file's first comment in lang (a Lang), as lines of paragraphs.
 * NULL when there is no comment (*no_comment set) or no memory; the caller frees it. */
char *ex_task_of(const char *src, int lang, int *no_comment);
/* The file's text, NULL with errno when it cannot be read; the caller frees it. */
char *ex_read_source(const char *path);

/* }==== */

/* {==== State and grading (exercises_grade.c) ==== */

struct Exercises {
	GradeSetup setup;     /* setup.list: the exercises, NULL when there is no list */
	int can_grade;        /* grade_setup_open succeeded */
	char problem[1200];   /* why there is no list, or why grading cannot work */
	char dir[4200];       /* the learner's exercises folder */
	GradeProgress *gp;    /* NULL only out of memory */
	int view;
	int sel, top;         /* the list */
	int pane_top;         /* the first row of the task pane on show */
	int report_top;
	int reveal_hint;      /* prepare scrolls the report to the hint */
	Doc pane, report;
	int pending;          /* the exercise to grade, -1 none */
	GradeResult *result;  /* the last grade, of exercise result_ex (-1 none) */
	int result_ex;
};

int ex_count(const Exercises *ex);
/* Exercise i of the list, NULL when there is no such one. */
const GradeExercise *ex_at(const Exercises *ex, int i);
/* Its latest grade and hint from the progress file; all zero when there is none. */
GradeProgressEntry ex_entry(const Exercises *ex, const GradeExercise *e);
/* The hint reached: the one asked for last; the first once a grade has failed. */
int ex_hint_level(const Exercises *ex, const GradeExercise *e);
/* Enter: ask app_work to grade exercise i (it shows "Grading ..." first). */
void ex_ask_grade(App *app, int i);
/* h: reveal the next hint of exercise i, saved in the progress file. */
void ex_next_hint(App *app, int i);

/* }==== */

/* {==== The list view (exercises_list.c) ==== */

typedef struct Geo {
	int x0, width;
	int head_y;       /* the column heads */
	int list_y, list_rows;
	int rule_y;       /* the line naming the file to edit */
	int pane_y, pane_rows;
} Geo;
Geo ex_geometry(const App *app);
/* The selected exercise under the list: a note when its file cannot be changed, its hint,
 * its task. */
void ex_build_pane(App *app, const GradeExercise *e);
void ex_draw_list(const App *app, Canvas *c);
void ex_list_key(App *app, KeyAct a, int key);

/* }==== */

/* {==== The report view (exercises_report.c) ==== */

/* The report of the last grade; the row of its hint, -1 none. */
int ex_build_report(App *app);
void ex_draw_report(const App *app, Canvas *c);
void ex_report_key(App *app, KeyAct a);

/* }==== */

/* {==== Shared by both views (screen_exercises.c) ==== */

/* The title in the language on show. */
const char *ex_title_of(const App *app, const GradeExercise *e);
/* Hint k of e (0: none) as rows; more_line adds how to see the next one. */
void ex_add_hint(const App *app, Doc *d, const GradeExercise *e, int k, int more_line);
/* "01" from "01_activations.c"; the position otherwise. */
void ex_number_of(const GradeExercise *e, int i, char *buf, size_t size);
/* q: back to the screen the exercises were opened from. */
void ex_leave(App *app);

/* }==== */

#endif
