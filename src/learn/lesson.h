/* lesson: one lesson file (lessons/README.md) parsed into data. In src/learn, above core;
 * the UI draws what it returns and the lint (lint.c) checks it. A lesson is a title and a list
 * of blocks in file order: headings, paragraphs, list items, code blocks and three kinds of
 * cell (experiment, check, quiz). Every problem found is collected as {file, line, message};
 * parsing never stops at the first one and never aborts. Also here, small helpers the UI
 * shares with the lint: a run: line as an argv, a varied value put into it, grading a quiz. */
#ifndef GRADLAB_LESSON_H
#define GRADLAB_LESSON_H

#include <stddef.h>
#include <stdio.h>

#include "core/status.h"

#define LESSON_MAX_BYTES (1L << 20)    /* a lesson file is at most 1 MiB */
#define LESSON_MAX_VARY_STEPS 1000     /* LO..HI step S holds at most this many steps */
#define LESSON_MAX_WORDS 64            /* words in a run: line */

/* {==== Problems: errors as data ==== */

/* line 0: the problem concerns a file that could not be read at all. */
typedef struct LessonProblem {
	char *file;
	int line;
	char *message;
} LessonProblem;

typedef struct LessonProblems {
	LessonProblem *items;
	int n, cap;
} LessonProblems;   /* start zeroed: LessonProblems ps = { 0 }; */

/* Append a problem; ST_ENOMEM (and nothing added) when out of memory. */
Status lesson_problem_add(LessonProblems *ps, const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Stable-sort items [from, n) by file name, then line. */
void lesson_problems_sort(LessonProblems *ps, int from);
/* One problem a line: "file:line: message", or "file: message" for line 0. */
void lesson_problems_print(const LessonProblems *ps, FILE *out);
/* Frees every item and leaves *ps empty and reusable; accepts NULL. */
void lesson_problems_free(LessonProblems *ps);

/* }==== */

/* {==== The parsed lesson ==== */

typedef enum LessonBlockKind {
	LESSON_HEADING,      /* level, text */
	LESSON_PARAGRAPH,    /* text: the lines joined */
	LESSON_ITEM,         /* number (0: "- "), text */
	LESSON_CODE,         /* info ("", "c", "text", "math"), lines */
	LESSON_EXPERIMENT,   /* cell: run, vary, caption */
	LESSON_CHECK,        /* cell: run */
	LESSON_QUIZ,         /* cell: id, kind, ask, answer, tolerance, choices, run, explain */
} LessonBlockKind;

typedef enum LessonQuizKind {
	LESSON_QUIZ_UNKNOWN,   /* kind: missing or not understood (a problem was reported) */
	LESSON_QUIZ_NUMERIC,
	LESSON_QUIZ_CHOICE,
	LESSON_QUIZ_PREDICT,
} LessonQuizKind;

/* A value with the line it came from; s == NULL and line == 0 when absent. */
typedef struct LessonText {
	const char *s;
	int line;
} LessonText;

/* vary: NAME = LO..HI step S (a range) or NAME = a|b|c (choices). Only well-formed vary
 * lines are kept: lo < hi, step > 0, HI is LO plus a whole number of steps (at most
 * LESSON_MAX_VARY_STEPS), or two or more distinct choices. */
typedef struct LessonVary {
	const char *name;        /* an option of the command, without "--" */
	const char *text;        /* the value as written, after "NAME =" */
	int line;
	int is_choice;
	double lo, hi, step;     /* a range */
	const char **choices;    /* choices */
	int n_choices;
} LessonVary;

typedef struct LessonChoice {
	const char *key;         /* "a" in "choice: a | sigmoid" */
	const char *text;        /* "sigmoid" */
	int line;
} LessonChoice;

/* Why a run: line may not run (lesson_run_judge, below). */
typedef enum LessonRunRefusal {
	LESSON_RUN_OK = 0,
	LESSON_RUN_GRADLAB,          /* the line starts with "gradlab" */
	LESSON_RUN_NOT_A_COMMAND,    /* the command is not an experiment command */
	LESSON_RUN_CHECK_CELL,       /* a check cell runs another command than check */
	LESSON_RUN_UNKNOWN_OPTION,   /* not an option of this command (or a flag, to vary) */
	LESSON_RUN_BOOK_OPTION,      /* an option that writes files or chooses the output */
	LESSON_RUN_ARGUMENT,         /* a positional argument the command does not take */
} LessonRunRefusal;

typedef struct LessonCell {
	LessonText run;          /* experiment, check: required; predict quiz: optional */
	LessonVary *vary;        /* experiment */
	int n_vary;
	LessonText caption;      /* experiment, optional */
	/* quiz */
	LessonText id;           /* as written; or computed "qN" with line 0 */
	int number;              /* 1 for the first quiz of the lesson, 2 for the next, ... */
	LessonQuizKind kind;
	int kind_line;
	LessonText ask, explain;
	LessonText answer;       /* as written: a number or a choice key */
	double answer_value;     /* numeric, predict: the number; NaN when it did not parse */
	double tolerance;        /* numeric, predict: > 0; NaN when absent or bad */
	int tolerance_line;
	LessonChoice *choices;   /* choice */
	int n_choices;
	/* experiment, check, predict quiz: the run: line or a vary: broke the rule of what a
	 * lesson may run (lesson_run_judge): never run it. refused_word is the word refused,
	 * refused_line its line; the parser reported it as a problem too. */
	LessonRunRefusal refused;
	const char *refused_word;
	int refused_line;
} LessonCell;

typedef struct LessonBlock {
	LessonBlockKind kind;
	int line;                /* the heading, the first line of the text, or the opening fence */
	int level;               /* heading: 1 (the title), 2 or 3 */
	int number;              /* item: 0 for "- ", N for "N. " */
	const char *text;        /* heading, paragraph, item */
	const char *info;        /* code block: the info string, "" when none */
	const char **lines;      /* code block and cells: the lines between the fences */
	int n_lines;
	LessonCell cell;         /* experiment, check, quiz */
} LessonBlock;

typedef struct Lesson {
	const char *file;        /* the name problems are reported under */
	const char *title;       /* NULL when there is none (a problem was reported) */
	int title_line;
	LessonBlock *blocks;     /* the title is blocks[0], a heading of level 1 */
	int n_blocks;
	int n_cells;             /* experiments, checks and quizzes */
	int n_quizzes;
	struct Arena *arena;     /* owns everything above */
} Lesson;

/* Parse text (len bytes, need not be NUL-terminated) as the lesson `file`. Problems are
 * appended to ps. ST_OK: *out is a lesson, maybe with problems. ST_ELIMIT: the text is
 * larger than LESSON_MAX_BYTES, a problem says so and *out is NULL. ST_ENOMEM. */
Status lesson_parse(const char *file, const char *text, size_t len, Lesson **out,
		    LessonProblems *ps);
/* Read and parse the file at path. As lesson_parse, plus ST_EIO when it cannot be read
 * (a problem with line 0 says why). */
Status lesson_load(const char *path, Lesson **out, LessonProblems *ps);
void lesson_free(Lesson *l);

int lesson_is_cell(LessonBlockKind k);
const char *lesson_kind_name(LessonBlockKind k);       /* "quiz", "paragraph", ... */
const char *lesson_quiz_kind_name(LessonQuizKind k);   /* "numeric", "choice", "predict" */

/* Lesson files in a language folder (DIR/en): the names of the form NN-slug.md, sorted
 * (NN two digits, slug of a-z, 0-9 and '-'). Other *.md names are problems when ps is not
 * NULL. ST_EIO when the folder cannot be read (status_detail says why). */
typedef struct LessonNames {
	char **names;
	int n;
} LessonNames;
Status lesson_list_dir(const char *lang_dir, LessonNames *out, LessonProblems *ps);
void lesson_names_free(LessonNames *n);
int lesson_name_valid(const char *name);

/* }==== */

/* {==== Running a cell ==== */

/* A run: line as main() gets it: argv[0] is "gradlab", argv[1] the command, argv[argc] is
 * NULL. Each string is owned by the LessonArgv. */
typedef struct LessonArgv {
	int argc;
	char **argv;
} LessonArgv;

/* What a lesson may run (lesson_rule.c). A lesson is untrusted: its run: lines may name
 * an experiment command only (norms, curves, sweep, attention, check, unroll, bptt, gates,
 * relu), with that command's own options, and none of the options that write files or choose the
 * output (--plot, --plot-size, --plot-glyphs, --gnuplot-script, --csv, --lang: the book sets
 * them itself). The parser applies this rule where a lesson is loaded, so the book and the
 * lint refuse the same lines; both apply it again to each line they are about to run.
 * Facts only: the caller words them. */
int lesson_command_allowed(const char *name);
/* "norms, curves, sweep, attention, check, unroll, bptt, gates, relu", for messages. */
const char *lesson_command_names(void);
/* Judge the argv a run: line splits into, in a cell of kind. *word: the index in a->argv
 * of the word refused (1 for the command), 0 when allowed. */
LessonRunRefusal lesson_run_judge(const LessonArgv *a, LessonBlockKind kind, int *word);
/* Whether cmd's option name (without "--") may be varied by a lesson. */
LessonRunRefusal lesson_option_judge(const char *cmd, const char *name);
/* The table behind the rule, for the test that keeps it in step with the commands' --help:
 * command i's name, options that take a value and flags (space-separated), and whether it
 * takes the plot and export options; 0 past the last command. */
int lesson_command_options(int i, const char **name, const char **options, const char **flags,
			   int *plots);

/* Split at blanks. Quotes and backslashes are refused (ST_EPARSE), as are an empty line
 * and more than LESSON_MAX_WORDS words; status_detail says why. */
Status lesson_argv_split(const char *run, LessonArgv *out);
/* The value of --name (from "--name VALUE" or "--name=VALUE"), NULL if absent, "" when
 * --name is last or followed by another --option. Borrowed from a. */
const char *lesson_argv_get(const LessonArgv *a, const char *name);
/* Put value in place of --name's value, keeping the form used, or append "--name value". */
Status lesson_argv_set(LessonArgv *a, const char *name, const char *value);
/* The words from argv[1] on, joined by single spaces, into buf (truncated to size). */
void lesson_argv_join(const LessonArgv *a, char *buf, size_t size);
void lesson_argv_free(LessonArgv *a);   /* accepts NULL; leaves *a empty */

/* The values a vary steps through: LO, LO + S, ..., HI, or each choice. */
int lesson_vary_count(const LessonVary *v);
/* The i-th value as text (a number with at most 12 significant digits). */
void lesson_vary_value(const LessonVary *v, int i, char *buf, size_t size);
/* The index of value (the nearest step of a range), or -1 when it is not one of them. */
int lesson_vary_index(const LessonVary *v, const char *value);

/* }==== */

/* {==== Inline emphasis ==== */

/* What a character of lesson prose is marked as: Markdown's *emphasis*, **strong** (both:
 * ***x***) and `code`. */
enum { LESSON_EMPH = 1, LESSON_STRONG = 2, LESSON_CODE_SPAN = 4 };

/* Prose s (n bytes) without its inline markers, into out (n + 1 bytes: never longer,
 * NUL-terminated); attr (NULL, or n + 1 bytes) gets the LESSON_* marks of each byte of out.
 * Returns the length of out. The rules, for a textbook full of subscripts and products:
 * only '*' and '`' are markers ('_' is a subscript, as in h_t); a run of one to three '*'
 * opens only before a non-blank and not right after a letter or digit of ASCII, closes only
 * after a non-blank and not right before one, and counts only when a run of the same length
 * closes it later in s, so a * b, W*, 2*x*y and an unpaired *args stay as written. A run of
 * N backquotes opens code that the next run of exactly N closes (nothing inside is a
 * marker; one blank inside each end is dropped). \* and \` are a literal '*' and '`'. */
size_t lesson_emphasis(const char *s, size_t n, char *out, unsigned char *attr);

/* }==== */

/* {==== Grading ==== */

typedef enum LessonGrade {
	LESSON_CORRECT,
	LESSON_INCORRECT,
	LESSON_UNPARSEABLE,   /* not a number, not one of the keys, or the quiz is malformed */
} LessonGrade;

/* Numeric and predict: |answer - expected| <= tolerance. Choice: the key, case-insensitive,
 * spaces around it ignored. */
LessonGrade lesson_grade(const LessonCell *quiz, const char *answer);

/* }==== */

#endif
