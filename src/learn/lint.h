/* lint: checks a folder of lessons (DIR/CODE/NN-slug.md for each language of core/lang.h)
 * as `gradlab lessons --lint` does. In src/learn, above lesson.c. It reports every parse
 * problem, a lesson found in English or a translation only, cells that differ between them,
 * every run: line that fails, and every Chinese lesson line that uses a name the glossary
 * (DIR/README.md) refuses. Layers point down, so learn never calls the CLI: the caller
 * passes the function that runs a command (the CLI passes cli_run). */
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

/* The glossary: the "## Glossary" section of the lesson format (lessons/README.md), a table
 * with one row a concept: | English | 中文 | refused names, separated by "," or "、" |.
 * The header row (the one above the |---| line) is not a concept. */
typedef struct LintTerm {
	char *en;          /* "hidden state" */
	char *term;        /* the one term of the translation (Chinese): "隐状态" */
	char **refused;    /* the other names a Chinese text may not use */
	int n_refused;
	int line;          /* the row's line in the glossary file */
} LintTerm;

typedef struct LintGlossary {
	LintTerm *terms;
	int n, cap;
} LintGlossary;   /* start zeroed: LintGlossary g = { 0 }; */

/* Read the glossary of file into g. A file that does not exist, or has no "## Glossary"
 * section, gives an empty glossary and no problem: a folder of lessons need not have one.
 * A malformed row, or a refused name that is part of a term (every use of the term would be
 * reported), is a problem at its line. ST_ENOMEM; g is then freed by the caller. */
Status lint_glossary_load(const char *file, LintGlossary *g, LessonProblems *ps);
void lint_glossary_free(LintGlossary *g);   /* accepts NULL; leaves *g empty */

/* Report each refused name in text (a Chinese lesson, named file) once a line:
 * "file:line: 'NAME' is not the glossary's term for hidden state: write '隐状态'".
 * A paragraph's lines are joined without a space between Chinese characters, so a name
 * split over two lines is found too, at the line where it starts. A refused name written
 * in brackets right after its term, 独热（one-hot）, is a gloss and allowed. */
Status lint_terms(const char *file, const char *text, size_t len, const LintGlossary *g,
		  LessonProblems *ps);

/* The map of questions to cells: the "## Questions" section of the lesson format (lessons/
 * README.md), a table with one row a question the book must answer:
 * | N | question | NN-slug | cell ids, separated by "," |, numbered 1, 2, ... in order. Each
 * id names an experiment, check or quiz cell of the English lesson (the lint holds every
 * translation to the same ids). */
typedef struct LintQuestion {
	int number;
	char *lesson;      /* "07-losses" */
	char **ids;
	int n_ids;
	int line;          /* the row's line in the README */
	int seen;          /* the lesson was found */
} LintQuestion;

typedef struct LintQuestionMap {
	LintQuestion *rows;
	int n, cap;
	char *file;
} LintQuestionMap;   /* start zeroed */

/* Read the map of file into m. No file or no section is an empty map and no problem; a
 * malformed or misnumbered row is a problem at its line. ST_ENOMEM; m is freed by the
 * caller either way. */
Status lint_map_load(const char *file, LintQuestionMap *m, LessonProblems *ps);
void lint_map_free(LintQuestionMap *m);   /* accepts NULL */
/* The rows naming lesson `name` (a file name, "07-losses.md") are marked seen; each id of
 * theirs that l has no cell for is a problem at the row. */
Status lint_map_lesson(LintQuestionMap *m, const char *name, const Lesson *l, LessonProblems *ps);
/* A row whose lesson was never seen is a problem at the row. */
Status lint_map_finish(const LintQuestionMap *m, LessonProblems *ps);

/* The whole folder: every lesson of DIR/CODE for each language (core/lang.h), each
 * translation against its English lesson, and each translated lesson's terms against the
 * glossary of DIR/README.md when it has one (its names are Chinese: other scripts do not
 * meet them), and the map of questions in the same README against the English lessons. run may be NULL to skip running.
 * *n_lessons counts the distinct NN-slug names. ST_EIO when dir cannot be opened
 * (status_detail says why); a missing DIR/CODE is a problem. Problems come grouped by
 * lesson, and by file and line within a lesson. */
Status lint_dir(const char *dir, LintRun run, LessonProblems *ps, int *n_lessons);

#endif
