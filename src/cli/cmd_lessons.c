/* cmd_lessons: `gradlab lessons` lists the lessons of one language; `--lint` checks every
 * lesson in both languages (lessons/README.md) and runs every run: line through cli_run,
 * printing each problem as file:line: message and a closing count. */
#include "cli/args.h"
#include "cli/commands.h"
#include "cli/lessons_dir.h"
#include "learn/lesson.h"
#include "learn/lint.h"

#include <string.h>

static int list(const char *dir, const char *lang, FILE *out, FILE *err)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", dir, lang);
	LessonNames names;
	Status st = lesson_list_dir(path, &names, NULL);
	if (st != ST_OK) {
		fprintf(err, "gradlab lessons: %s\n", status_detail());
		return 2;
	}
	if (names.n == 0) {
		fprintf(out, "no lessons in %s (lesson files are NN-slug.md)\n", path);
		lesson_names_free(&names);
		return 0;
	}
	fprintf(out, "lessons in %s:\n\n  #  cells  quizzes  title\n", path);
	int rc = 0;
	for (int i = 0; i < names.n; i++) {
		char file[4096 + 256];
		snprintf(file, sizeof file, "%s/%s", path, names.names[i]);
		LessonProblems ps = { 0 };
		Lesson *l;
		st = lesson_load(file, &l, &ps);
		if (st == ST_ENOMEM) {
			fprintf(err, "gradlab lessons: out of memory\n");
			lesson_problems_free(&ps);
			rc = 2;
			break;
		}
		fprintf(out, " %.2s", names.names[i]);
		if (!l) {
			fprintf(out, "      -        -  (%s)\n", ps.n ? ps.items[0].message : "cannot read");
		} else {
			fprintf(out, "  %5d  %7d  %s", l->n_cells, l->n_quizzes,
				l->title ? l->title : names.names[i]);
			if (ps.n)
				fprintf(out, "  (%d problem%s: gradlab lessons --lint)", ps.n,
					ps.n == 1 ? "" : "s");
			fputc('\n', out);
		}
		lesson_free(l);
		lesson_problems_free(&ps);
	}
	lesson_names_free(&names);
	return rc;
}

static int lint(const char *dir, FILE *out, FILE *err)
{
	LessonProblems ps = { 0 };
	int n_lessons;
	Status st = lint_dir(dir, cli_run, &ps, &n_lessons);
	if (st != ST_OK) {
		fprintf(err, "gradlab lessons: %s\n", st == ST_ENOMEM ? "out of memory" : status_detail());
		lesson_problems_free(&ps);
		return 2;
	}
	lesson_problems_print(&ps, out);
	fprintf(out, "%d lesson%s, %d problem%s\n", n_lessons, n_lessons == 1 ? "" : "s", ps.n,
		ps.n == 1 ? "" : "s");
	int rc = ps.n ? 1 : 0;
	lesson_problems_free(&ps);
	return rc;
}

int cmd_lessons(int argc, char **argv, FILE *out, FILE *err)
{
	int do_lint = 0;
	const char *lang = "en", *dir = NULL;
	const Opt opts[] = {
		{ "lint", OPT_FLAG, &do_lint, 0, 0, 0, NULL, NULL, "check every lesson in both languages and run every cell" },
		{ "lang", OPT_STRING, &lang, 0, 0, 0, "en|zh", "LANG", "language of the list (default en)" },
		{ "dir", OPT_STRING, &dir, 0, 0, 0, NULL, "DIR", "the folder holding en/ and zh/ (default ./lessons, else " GRADLAB_DATADIR "/lessons)" },
		{ 0 },
	};
	int n_pos;
	int rc = args_parse("lessons", opts, argc, argv, NULL, 0, &n_pos, err);
	if (rc == ARGS_HELP) {
		fprintf(out, "usage: gradlab lessons [--lint] [--lang en|zh] [--dir DIR]\n\n"
			     "Lists the lessons: number, cells, quizzes and title. With --lint, checks\n"
			     "every lesson of DIR/en and DIR/zh against the lesson format\n"
			     "(lessons/README.md): each file, the pairing of the two languages, and every\n"
			     "run: line, which is run with its output thrown away. Problems are printed\n"
			     "as file:line: message; the exit status is 1 when there are any.\n\n"
			     "options:\n");
		args_print_options(opts, out);
		return 0;
	}
	if (rc != ARGS_OK)
		return 2;
	if (!dir)
		dir = lessons_dir_default();
	return do_lint ? lint(dir, out, err) : list(dir, lang, out, err);
}
