/* lesson_internal: what the files of the lesson parser share and nothing outside
 * src/learn/lesson*.c may use. The parser's state (one per lesson_parse call), its arena
 * helpers and problem reporting (lesson.c), the small text tests every part uses
 * (lesson_text.c), and the entry point of each stage: lines (lesson_lines.c), blocks
 * (lesson_blocks.c), cells (lesson_cell.c), vary (lesson_vary.c) and quizzes (lesson_quiz.c). */
#ifndef GRADLAB_LESSON_INTERNAL_H
#define GRADLAB_LESSON_INTERNAL_H

#include "learn/lesson.h"

#include "core/arena.h"

#include <stddef.h>
#include <string.h>

/* How much of a learner's text a message quotes, in bytes. */
#define QUOTE 60

/* The arguments of "%.*s%s" that quote s: at most QUOTE bytes, then "..." if cut. */
#define Q(s) lesson_quote_len(s), (s), strlen(s) > QUOTE ? "..." : ""
void lesson_cut_message(char *msg, size_t size, int n);

/* {==== The parser's state (lesson.c) ==== */

/* One line of the lesson, NUL-terminated in the arena's copy; no is its 1-based number. */
typedef struct Line {
	char *s;
	int no;
} Line;

typedef struct Parser {
	const char *file;
	Lesson *l;
	Arena *a;
	LessonProblems *ps;
	Status st;                 /* ST_ENOMEM once something could not be allocated */
	int cap_blocks;
	char *buf;                 /* the paragraph or list item being gathered */
	size_t len, cap;
	int pending;               /* -1, LESSON_PARAGRAPH or LESSON_ITEM */
	int pending_line, pending_number;
} Parser;

/* Report a problem at line of the lesson; nothing once p->st is not ST_OK. Out of memory
 * sets p->st. */
void lesson_problem_at(Parser *p, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* From the lesson's arena; NULL and p->st = ST_ENOMEM when out of memory (or already so). */
void *lesson_alloc(Parser *p, size_t size);
/* The n bytes at s, NUL-terminated, in the arena. */
char *lesson_dup_n(Parser *p, const char *s, size_t n);
/* Room for one more element in an arena array that doubles (the old copy is left to the
 * arena: at most as much again). */
void *lesson_grow(Parser *p, void *items, int n, int *cap, size_t size);

/* }==== */

/* {==== Text: blanks, names, numbers (lesson_text.c) ==== */

int lesson_is_blank_char(char c);
int lesson_is_blank(const char *s);
/* Skip leading blanks and cut trailing ones, in place. */
char *lesson_trim(char *s);
/* How many bytes of s to quote: at most QUOTE, ending on a character boundary. */
int lesson_quote_len(const char *s);
/* A whole string that is a finite decimal number. */
int lesson_parse_number(const char *s, double *x);
/* A letter, digit, '-' or '_': the characters of keys, ids and option names. */
int lesson_is_name_char(char c);
/* One or more name characters, not starting with '-'. */
int lesson_is_name(const char *s);

/* }==== */

/* {==== The stages of lesson_parse ==== */

/* Make every line valid UTF-8 in place, drop the CR of CR LF, and cut the text into lines
 * (lesson_lines.c). NULL when out of memory. */
Line *lesson_lines_split(Parser *p, char *text, size_t len, int *n_lines);
/* The Markdown blocks of lines[0..n) appended to p->l, then the check that there was a
 * title (lesson_blocks.c). */
void lesson_blocks_parse(Parser *p, Line *lines, int n);
/* The body of an experiment, check or quiz: "key: value" lines (lesson_cell.c). */
void lesson_cell_parse(Parser *p, LessonBlock *b, Line *body, int n);
/* The run: line of a cell: split it and judge it by the rule of what a lesson may run
 * (lesson_run_judge). On success *a holds the argv; a refused line marks the cell refused
 * (lesson_cell.c). */
int lesson_run_check(Parser *p, LessonCell *c, LessonBlockKind kind, LessonArgv *a);
/* Mark c refused (the first refusal is kept) and report why at line, after where ("run",
 * "vary act"); word is the word refused, cmd the command (lesson_cell.c). */
void lesson_refuse(Parser *p, LessonCell *c, int line, const char *where, LessonRunRefusal why,
		   const char *cmd, const char *word);
/* vary: NAME = LO..HI step S or NAME = a|b|c, appended to c->vary when well-formed
 * (lesson_vary.c). */
void lesson_vary_parse(Parser *p, LessonCell *c, int *cap, const char *value, int line);
/* Each vary names an option the lesson may give its command (lesson_option_judge; else the
 * cell is refused), and its starting value (its value in run:) is one of its values. */
void lesson_vary_check_start(Parser *p, LessonCell *c, const LessonArgv *a);
/* choice: KEY | text, appended to c->choices when well-formed (lesson_quiz.c). */
void lesson_choice_parse(Parser *p, LessonCell *c, int *cap, char *value, int line);
/* A quiz's keys checked together once its body is read: kind, answer, tolerance, choices,
 * run: (lesson_quiz.c). */
void lesson_quiz_check(Parser *p, LessonBlock *b, const LessonText *kind, const LessonText *tol);
/* Number the quizzes in file order, give each without id: "qN", and report duplicate ids
 * (lesson_quiz.c). */
void lesson_quizzes_number(Parser *p);

/* }==== */

#endif
