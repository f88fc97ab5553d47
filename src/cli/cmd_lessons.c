/* cmd_lessons: `gradlab lessons` lists the lessons of one language; `--show NN` prints one
 * as plain text, the book for a terminal it cannot draw on (TERM=dumb) or for a printer;
 * `--lint` checks every lesson in both languages (lessons/README.md) and runs every run:
 * line through cli_run, printing each problem as file:line: message and a closing count. */
#include "cli/args.h"
#include "cli/commands.h"
#include "cli/lessons_dir.h"
#include "core/lang.h"
#include "core/mem.h"
#include "core/path.h"
#include "core/utf8.h"
#include "learn/lesson.h"
#include "learn/lint.h"
#include "core/plural.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

static int list(const char *dir, const char *lang, FILE *out, FILE *err)
{
	char path[PATH_MAX];
	LessonNames names;
	Status st = path_join(path, sizeof path, dir, lang);
	if (st != ST_OK) {
		fprintf(err, "gradlab lessons: --dir: %s\n", status_detail());
		return 2;
	}
	st = lesson_list_dir(path, &names, NULL);
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
		char file[PATH_MAX];
		LessonProblems ps = { 0 };
		Lesson *l = NULL;
		/* A lesson whose path does not fit is listed as unreadable, with the reason. */
		st = path_join(file, sizeof file, path, names.names[i]);
		if (st != ST_OK) {
			fprintf(out, " %.2s      -        -  (%s)\n", names.names[i], status_detail());
			rc = 2;
			continue;
		}
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
				fprintf(out, "  (%d %s: gradlab lessons --lint)", ps.n,
					plural_en(ps.n, "problem", "problems"));
			fputc('\n', out);
		}
		lesson_free(l);
		lesson_problems_free(&ps);
	}
	lesson_names_free(&names);
	return rc;
}

/* {==== A lesson as plain text ==== */

/* s with control characters made '?' (utf8_scrub): a lesson prints as text, never as
 * terminal codes. */
static void put_text(FILE *out, const char *s)
{
	char *copy = mem_strdup(s);
	fputs(copy ? utf8_scrub(copy) : "?", out);
	mem_free(copy);
}

static void put_line(FILE *out, const char *indent, const char *s)
{
	fputs(indent, out);
	put_text(out, s);
	fputc('\n', out);
}

/* Prose as put_line, its emphasis markers dropped as the book drops them (lesson_emphasis):
 * plain text has no bold to show them with. */
static void put_prose(FILE *out, const char *indent, const char *s)
{
	size_t n = strlen(s);
	char *plain = mem_alloc(n + 1);
	if (plain)
		lesson_emphasis(s, n, plain, NULL);
	put_line(out, indent, plain ? plain : s);
	mem_free(plain);
}

/* The cells as the book shows them before anything runs: the command to type, what it
 * varies, the question and its choices. The answers stay in the book. */
static void show_cell(FILE *out, const LessonBlock *b)
{
	const LessonCell *c = &b->cell;
	if (c->refused)   /* the rule the book and the lint apply (lesson_run_judge) */
		fprintf(out, "    (not for a lesson to run: see gradlab lessons --lint)\n");
	if (c->run.s && b->kind != LESSON_QUIZ) {
		fputs("    $ gradlab ", out);
		put_line(out, "", c->run.s);
		for (int i = 0; i < c->n_vary; i++) {
			fprintf(out, "      vary --");
			put_text(out, c->vary[i].name);
			put_line(out, ": ", c->vary[i].text);
		}
		if (c->caption.s)
			put_prose(out, "    ", c->caption.s);
		return;
	}
	if (b->kind != LESSON_QUIZ)
		return;
	fprintf(out, "    ? ");
	put_prose(out, "", c->ask.s ? c->ask.s : "");
	for (int i = 0; i < c->n_choices; i++) {
		fputs("      ", out);
		put_text(out, c->choices[i].key);
		put_prose(out, ") ", c->choices[i].text);
	}
	if (c->run.s) {
		fputs("    then: $ gradlab ", out);
		put_line(out, "", c->run.s);
	}
}

static void show_lesson(const Lesson *l, FILE *out)
{
	for (int i = 0; i < l->n_blocks; i++) {
		const LessonBlock *b = &l->blocks[i];
		switch (b->kind) {
		case LESSON_HEADING:
			fprintf(out, "%s ", b->level == 1 ? "#" : b->level == 2 ? "##" : "###");
			put_prose(out, "", b->text);
			fputc('\n', out);
			break;
		case LESSON_PARAGRAPH:
			put_prose(out, "", b->text);
			fputc('\n', out);
			break;
		case LESSON_ITEM:
			if (b->number)
				fprintf(out, "%d. ", b->number);
			else
				fputs("- ", out);
			put_prose(out, "", b->text);
			if (i + 1 == l->n_blocks || l->blocks[i + 1].kind != LESSON_ITEM)
				fputc('\n', out);
			break;
		case LESSON_CODE:
			for (int k = 0; k < b->n_lines; k++)
				put_line(out, "    ", b->lines[k]);
			fputc('\n', out);
			break;
		case LESSON_EXPERIMENT:
		case LESSON_CHECK:
		case LESSON_QUIZ:
			show_cell(out, b);
			fputc('\n', out);
			break;
		}
	}
}

/* --show WHICH: the lesson numbered WHICH ("3", "03") or named WHICH ("03-bptt",
 * "03-bptt.md") in DIR/LANG. 0, 2 when there is none or it cannot be read. */
static int show(const char *dir, const char *lang, const char *which, FILE *out, FILE *err)
{
	char path[PATH_MAX];
	LessonNames names;
	if (path_join(path, sizeof path, dir, lang) != ST_OK) {
		fprintf(err, "gradlab lessons: --dir: %s\n", status_detail());
		return 2;
	}
	if (lesson_list_dir(path, &names, NULL) != ST_OK) {
		fprintf(err, "gradlab lessons: %s\n", status_detail());
		return 2;
	}
	char *end;
	long n = strtol(which, &end, 10);
	int number = end != which && *end == '\0' && n >= 0 && n <= 99;
	size_t wl = strlen(which);
	const char *name = NULL;
	for (int i = 0; i < names.n && !name; i++) {
		const char *nm = names.names[i];
		if (number ? (nm[0] - '0') * 10 + (nm[1] - '0') == n
			   : strcmp(nm, which) == 0 ||
			     (strlen(nm) == wl + 3 && strncmp(nm, which, wl) == 0))
			name = nm;
	}
	if (!name) {
		fprintf(err, "gradlab lessons: --show: no lesson '");
		put_text(err, which);
		fprintf(err, "' in %s (see 'gradlab lessons --lang %s')\n", path, lang);
		lesson_names_free(&names);
		return 2;
	}
	char file[PATH_MAX];
	Status jst = path_join(file, sizeof file, path, name);
	lesson_names_free(&names);
	if (jst != ST_OK) {
		fprintf(err, "gradlab lessons: --show: %s\n", status_detail());
		return 2;
	}
	LessonProblems ps = { 0 };
	Lesson *l = NULL;
	Status st = lesson_load(file, &l, &ps);
	int rc = 0;
	if (st == ST_ENOMEM || !l) {
		if (st == ST_ENOMEM)
			fprintf(err, "gradlab lessons: out of memory\n");
		else
			lesson_problems_print(&ps, err);
		rc = 2;
	} else {
		show_lesson(l, out);
		if (ps.n)
			fprintf(err, "gradlab lessons: %s has %d %s: gradlab lessons --lint\n", file,
				ps.n, plural_en(ps.n, "problem", "problems"));
	}
	lesson_free(l);
	lesson_problems_free(&ps);
	return rc;
}

/* }==== */

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
	fprintf(out, "%d %s, %d %s\n", n_lessons, plural_en(n_lessons, "lesson", "lessons"), ps.n,
		plural_en(ps.n, "problem", "problems"));
	int rc = ps.n ? 1 : 0;
	lesson_problems_free(&ps);
	return rc;
}

int cmd_lessons(int argc, char **argv, FILE *out, FILE *err)
{
	int do_lint = 0;
	const char *lang = "en", *dir = NULL, *which = NULL;
	char dirs[160], subdirs[160], dir_help[sizeof subdirs + 120 + sizeof GRADLAB_DATADIR];
	lang_codes_join(dirs, sizeof dirs, "DIR/", "", " and ");
	lang_codes_join(subdirs, sizeof subdirs, "", "/", " and ");
	snprintf(dir_help, sizeof dir_help,
		 "the folder holding %s (default ./lessons, else the installed ones beside the "
		 "program, else " GRADLAB_DATADIR "/lessons)",
		 subdirs);
	const Opt opts[] = {
		{ "lint", OPT_FLAG, &do_lint, 0, 0, 0, NULL, NULL, "check every lesson in both languages and run every cell" },
		{ "show", OPT_STRING, &which, 0, 0, 0, NULL, "NN", "print lesson NN (a number or a file name) as plain text: its commands to type and its questions, without the answers" },
		{ "lang", OPT_STRING, &lang, 0, 0, 0, LANG_CHOICES, "LANG", "language of the list (default en)" },
		{ "dir", OPT_STRING, &dir, 0, 0, 0, NULL, "DIR", dir_help },
		{ 0 },
	};
	int n_pos;
	int rc = args_parse("lessons", opts, argc, argv, NULL, 0, &n_pos, err);
	if (rc == ARGS_HELP) {
		fprintf(out, "usage: gradlab lessons [--lint | --show NN] [--lang %s] [--dir DIR]\n\n"
			     "Lists the lessons: number, cells, quizzes and title. With --show, prints\n"
			     "one lesson as plain text (where the book cannot run: TERM=dumb, a pipe, a\n"
			     "printer), exit status 0, or 2 when there is no such lesson. With --lint, checks\n"
			     "every lesson of %s against the lesson format\n"
			     "(lessons/README.md): each file, the pairing of the two languages, every\n"
			     "run: line, which is run with its output thrown away, and the Chinese terms\n"
			     "against the glossary of DIR/README.md. Problems are printed as\n"
			     "file:line: message; the exit status is 1 when there are any.\n\n"
			     "options:\n",
			LANG_CHOICES, dirs);
		args_print_options(opts, out);
		return 0;
	}
	if (rc != ARGS_OK)
		return 2;
	if (do_lint && which) {
		fprintf(err, "gradlab lessons: --lint and --show cannot be used together\n");
		return 2;
	}
	if (!dir)
		dir = lessons_dir_default();
	if (which)
		return show(dir, lang, which, out, err);
	return do_lint ? lint(dir, out, err) : list(dir, lang, out, err);
}
