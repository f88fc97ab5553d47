/* lint: checks a folder of lessons (DIR/en/NN-slug.md and DIR/zh/NN-slug.md) as
 * `gradlab lessons --lint` does. In src/learn, above lesson.c. It reports every parse
 * problem, a lesson found in one language only, cells that differ between the languages,
 * and every run: line that fails. Layers point down, so learn never calls the CLI: the
 * caller passes the function that runs a command (the CLI passes cli_run). */
#ifndef GRADLAB_LINT_H
#define GRADLAB_LINT_H

#include <stdio.h>

#include "core/status.h"
#include "learn/lesson.h"

/* Runs gradlab with argv as main() gets it (argv[0] "gradlab", argv[1] the command);
 * returns the exit status. Output goes to out, messages to err. */
typedef int (*LintRun)(int argc, char **argv, FILE *out, FILE *err);

/* Compare the cells of one lesson in two languages, in order: type, kind, id, run:, vary:,
 * answer:, tolerance:, choice keys. Problems are reported in b's file (the translation),
 * naming the line in a. */
Status lint_compare(const Lesson *a, const Lesson *b, LessonProblems *ps);

/* Run each run: line of l with its output thrown away; a non-zero exit is reported as
 * "file:line: run: <the command's first error line>". For each vary of a command that ran,
 * run it again with LO and with HI, or with every choice, in place of the option's value;
 * a failure is reported at the vary line. Lines the parser refused are not run. */
Status lint_runs(const Lesson *l, LintRun run, LessonProblems *ps);

/* The whole folder: every lesson of DIR/en and DIR/zh. run may be NULL to skip running.
 * *n_lessons counts the distinct NN-slug names. ST_EIO when dir cannot be opened
 * (status_detail says why); a missing DIR/en or DIR/zh is a problem. Problems come grouped by
 * lesson, and by file and line within a lesson. */
Status lint_dir(const char *dir, LintRun run, LessonProblems *ps, int *n_lessons);

#endif
