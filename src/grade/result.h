/* result: what grading one exercise found, as plain data. In src/grade; the runner fills it,
 * the report writers print it, the progress store and the terminal UI read it. Fixed-size
 * fields only, so a result can be written by a worker process into shared memory and read
 * by its parent as it is, and never needs freeing. Every sentence meant for the learner is
 * kept in every language of grade_msg.h, so a report can be shown in any without grading
 * again. */
#ifndef GRADLAB_RESULT_H
#define GRADLAB_RESULT_H

#include "grade/grade_msg.h"

#include <stddef.h>
#include <stdint.h>

#define GRADE_MAX_CHECKS 4
#define GRADE_MAX_WRONG 8

/* Why a check failed (or GRADE_OK). */
typedef enum GradeProblem {
	GRADE_OK,
	GRADE_NOT_COMPILED,  /* the file does not compile */
	GRADE_NO_FILE,       /* the exercise's file is missing */
	GRADE_MISSING,       /* the function is not defined */
	GRADE_WRONG,         /* a wrong value (or NaN/inf) in an output */
	GRADE_SHAPE,         /* wrote outside an array: before its start or past its end */
	GRADE_INPUT_CHANGED, /* changed an array it should only read */
	GRADE_CRASHED,       /* killed by a signal: segfault, abort, ... */
	GRADE_TIMEOUT,       /* ran out of wall-clock or CPU time */
	GRADE_EXITED,        /* ended the program before the check finished */
	GRADE_ESCAPED,       /* wrote a file outside its working folder */
	GRADE_GARBLED,       /* what came back from the sandbox was not the grader's */
	GRADE_INTERNAL,      /* the grader itself could not run the check */
	GRADE_PROBLEM_COUNT
} GradeProblem;

/* The first wrong element of one output. */
typedef struct GradeWrong {
	char tensor[16];    /* "dW_hh" */
	char index[48];     /* "[13,2] (gate o, unit 1)" */
	double expected, got;
	double rel_err;
	double fd;          /* what finite differences say, NaN when not computed */
	int increment;      /* expected and got are what the call added (a += gradient) */
} GradeWrong;

typedef struct GradeCheck {
	char name[40];      /* the function: "rnn_step_backward" */
	int passed;
	GradeProblem problem;
	double points, max_points;
	int failed_case, n_cases; /* the first failing case (0-based), how many there are */
	char case_note[LANG_COUNT][160]; /* "B=2 I=3 H=4", per language */
	char message[LANG_COUNT][1536]; /* what went wrong, in plain words; "" when passed */
	GradeWrong wrong[GRADE_MAX_WRONG];
	int n_wrong;
	double seconds;
} GradeCheck;

typedef struct GradeResult {
	char exercise[32];      /* "rnn_step" */
	char file[256];         /* the graded file, as given */
	char lesson[48];
	int compiled;
	char compile_output[2048]; /* the compiler's first lines when it failed */
	char output[2048];      /* what the learner's code printed (first bytes), all checks */
	int output_truncated;
	GradeCheck checks[GRADE_MAX_CHECKS];
	int n_checks;
	double score, max_score;
	uint64_t seed;
	int hint_number, hint_count; /* hint shown (1-based), 0 when passed or none */
	char hint[600];         /* in the language the grading was asked for */
	char sandbox[LANG_COUNT][128]; /* how the checks ran */
	int interrupted;        /* grading was stopped before it finished (a signal) */
	double seconds;
} GradeResult;

/* Why a whole exercise was not graded (no file, no compile, an interrupted run), in every
 * language: what runner_result_fail_all gives every check. */
typedef struct GradeWhy {
	char text[LANG_COUNT][700];
} GradeWhy;

/* "wrong values", "crashed", ...: a few words for reports and the UI, in English (the name
 * machine formats use) or in lang (a Lang). */
const char *grade_problem_name(GradeProblem p);
const char *grade_problem_words(GradeProblem p, int lang);
/* Every check passed (and there was at least one). */
int grade_result_passed(const GradeResult *r);
/* A check's message and case note in lang (English where lang is out of range). */
const char *grade_check_message(const GradeCheck *c, int lang);
const char *grade_check_case_note(const GradeCheck *c, int lang);

/* Append to the text in buf (size bytes, NUL-terminated), cut to fit. */
void grade_text_add(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Append message id (grade_msg.h) to check gc's message in every language. */
#define GRADE_SAY(gc, id, ...) GRADE_SAY_ALL((gc)->message, id, ##__VA_ARGS__)

#endif
