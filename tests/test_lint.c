/* test_lint: the lesson lint (src/learn/lint.c) over a temporary folder of lessons, with a
 * fake command runner in place of cli_run: a lesson in one language only, cells that differ
 * between the languages (type and order, run:, vary:, answer:, tolerance:, choice keys, id,
 * kind), run: lines that fail and vary endpoints that fail, each at its file and line with
 * the command's own message; every distinct command runs once; a Chinese lesson that uses a
 * name the glossary (README.md) refuses, at its line with the term to write; out of memory
 * anywhere is a status, never a crash or a leak. */
#include "test_util.h"

#include "core/mem.h"
#include "learn/lint.h"

#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* {==== A fake gradlab ==== */

static int calls;

static const char *option(int argc, char **argv, const char *name)
{
	for (int i = 2; i + 1 < argc; i++)
		if (strcmp(argv[i], name) == 0)
			return argv[i + 1];
	return NULL;
}

/* norms refuses --radius above 2 and --act swish; bptt does not exist yet; "check broken"
 * fails its check (exit 1) with no message on err; everything else succeeds. */
static int fake_run(int argc, char **argv, FILE *out, FILE *err)
{
	calls++;
	assert_string_equal(argv[0], "gradlab");
	assert_null(argv[argc]);
	fprintf(out, "a table\n\n");
	if (strcmp(argv[1], "bptt") == 0) {
		fprintf(err, "gradlab: unknown command 'bptt' (see 'gradlab --help')\n");
		return 2;
	}
	const char *r = option(argc, argv, "--radius"), *act = option(argc, argv, "--act");
	if (r && atof(r) > 2) {
		fprintf(err, "\ngradlab norms: --radius must be between 0 and 2, got '%s'\nsecond line\n", r);
		return 2;
	}
	if (act && strcmp(act, "swish") == 0) {
		fprintf(err, "gradlab norms: --act must be one of tanh|relu, got 'swish'\n");
		return 2;
	}
	if (argc > 2 && strcmp(argv[2], "broken") == 0) {
		fprintf(out, "1 of 3 failed  \n");
		return 1;
	}
	return 0;
}

/* }==== */

/* {==== The folder ==== */

static char root[64];
static char files[16][160];
static int n_files;

static void put(const char *rel, const char *text)
{
	snprintf(files[n_files], sizeof files[0], "%s/%s", root, rel);
	FILE *f = fopen(files[n_files], "w");
	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
	n_files++;
}

static const char *en01 =
	"# A\n"                                   /* 1 */
	"\n"                                      /* 2 */
	"Text.\n"                                 /* 3 */
	"\n"                                      /* 4 */
	"```experiment\n"                         /* 5 */
	"run: norms --radius 1.0 --act tanh\n"    /* 6 */
	"vary: radius = 0.5..5 step 0.5\n"        /* 7: HI fails */
	"vary: act = tanh|relu|swish\n"           /* 8: swish fails */
	"caption: c\n"                            /* 9 */
	"```\n"                                   /* 10 */
	"\n"                                      /* 11 */
	"```check\n"                              /* 12 */
	"run: check broken\n"                     /* 13: exit 1 */
	"```\n"                                   /* 14 */
	"\n"                                      /* 15 */
	"```experiment\n"                         /* 16 */
	"run: bptt --steps 3\n"                   /* 17: no such command */
	"vary: steps = 1..6 step 1\n"             /* 18 */
	"```\n"                                   /* 19 */
	"\n"                                      /* 20 */
	"```quiz\n"                               /* 21 */
	"kind: choice\n"                          /* 22 */
	"ask: which\n"                            /* 23 */
	"choice: a | x\n"                         /* 24 */
	"choice: b | y\n"                         /* 25 */
	"answer: a\n"                             /* 26 */
	"explain: e\n"                            /* 27 */
	"```\n"                                   /* 28 */
	"\n"                                      /* 29 */
	"```quiz\n"                               /* 30 */
	"kind: numeric\n"                         /* 31 */
	"ask: q\n"                                /* 32 */
	"answer: 0.25\n"                          /* 33 */
	"tolerance: 0.001\n"                      /* 34 */
	"explain: e\n"                            /* 35 */
	"```\n"                                   /* 36 */
	"```quiz\n"                               /* 37 */
	"kind: predict\n"                         /* 38 */
	"ask: q\n"                                /* 39 */
	"answer: 1\n"                             /* 40 */
	"tolerance: 0.1\n"                        /* 41 */
	"run: norms  --radius 1.0   --act tanh\n" /* 42: the same words as line 6 */
	"explain: e\n"                            /* 43 */
	"```\n";                                  /* 44 */

/* The translation: one line lower, and with differences in every cell after the first. */
static const char *zh01 =
	"# 甲\n"                                  /* 1 */
	"\n"                                      /* 2 */
	"文字\n"                                  /* 3 */
	"换行。\n"                                /* 4 */
	"\n"                                      /* 5 */
	"```experiment\n"                         /* 6 */
	"run: norms --radius 1.0 --act tanh\n"    /* 7 */
	"vary: radius = 0.5..5 step 0.5\n"        /* 8 */
	"vary: act = tanh|relu|swish\n"           /* 9 */
	"caption: 说明\n"                         /* 10 */
	"```\n"                                   /* 11 */
	"\n"                                      /* 12 */
	"```check\n"                              /* 13 */
	"run: check sigmoid\n"                    /* 14: differs */
	"```\n"                                   /* 15 */
	"\n"                                      /* 16 */
	"```experiment\n"                         /* 17 */
	"run: bptt --steps 3\n"                   /* 18 */
	"vary: steps = 1..5 step 1\n"             /* 19: differs */
	"```\n"                                   /* 20 */
	"\n"                                      /* 21 */
	"```quiz\n"                               /* 22 */
	"kind: choice\n"                          /* 23 */
	"ask: 哪个\n"                             /* 24 */
	"choice: a | 甲\n"                        /* 25: keys a, c */
	"choice: c | 乙\n"                        /* 26 */
	"answer: A\n"                             /* 27: the same key */
	"explain: 因为\n"                         /* 28 */
	"```\n"                                   /* 29 */
	"\n"                                      /* 30 */
	"```quiz\n"                               /* 31 */
	"id: q5\n"                                /* 32: q2 in en */
	"kind: numeric\n"                         /* 33 */
	"ask: 问\n"                               /* 34 */
	"answer: 0.5\n"                           /* 35: differs */
	"tolerance: 0.01\n"                       /* 36: differs */
	"explain: 因为\n"                         /* 37 */
	"```\n"                                   /* 38 */
	"```quiz\n"                               /* 39 */
	"kind: numeric\n"                         /* 40: predict in en */
	"ask: q\n"                                /* 41 */
	"answer: 1\n"                             /* 42 */
	"tolerance: 0.1\n"                        /* 43 */
	"explain: e\n"                            /* 44 */
	"```\n";                                  /* 45 */

static const char *check_cell = "```check\nrun: check sigmoid\n```\n";
static const char *quiz_cell =
	"```quiz\nkind: numeric\nask: q\nanswer: 1\ntolerance: 0.1\nexplain: e\n```\n";

static void make_folder(void)
{
	snprintf(root, sizeof root, "/tmp/gradlab-lint-XXXXXX");
	assert_non_null(mkdtemp(root));
	char d[128];
	snprintf(d, sizeof d, "%s/en", root);
	assert_int_equal(mkdir(d, 0700), 0);
	snprintf(d, sizeof d, "%s/zh", root);
	assert_int_equal(mkdir(d, 0700), 0);
	n_files = 0;
	char text[1024];
	put("en/01-a.md", en01);
	put("zh/01-a.md", zh01);
	put("en/02-b.md", "# B\n");          /* no partner */
	put("zh/03-c.md", "# C\n");          /* no partner */
	/* Cells in another order. */
	snprintf(text, sizeof text, "# D\n\n%s\n%s", check_cell, quiz_cell);
	put("en/04-d.md", text);
	snprintf(text, sizeof text, "# D\n\n%s\n%s", quiz_cell, check_cell);
	put("zh/04-d.md", text);
	/* A cell missing. */
	snprintf(text, sizeof text, "# E\n%s%s%s", check_cell, quiz_cell, quiz_cell);
	put("en/05-e.md", text);
	snprintf(text, sizeof text, "# E\n%s%s", check_cell, quiz_cell);
	put("zh/05-e.md", text);
	put("zh/notes.md", "not a lesson\n");
	put("zh/README", "ignored: not *.md\n");
}

static void remove_folder(void)
{
	for (int i = 0; i < n_files; i++)
		unlink(files[i]);
	char d[128];
	snprintf(d, sizeof d, "%s/en", root);
	rmdir(d);
	snprintf(d, sizeof d, "%s/zh", root);
	rmdir(d);
	rmdir(root);
}

/* }==== */

static void dump(const LessonProblems *ps)
{
	for (int i = 0; i < ps->n; i++)
		print_message("    %s:%d: %s\n", ps->items[i].file, ps->items[i].line,
			      ps->items[i].message);
}

/* The index of the problem in root/rel at line whose message contains what; fails if none. */
static int expect(const LessonProblems *ps, const char *rel, int line, const char *what)
{
	char file[160];
	snprintf(file, sizeof file, "%s/%s", root, rel);
	for (int i = 0; i < ps->n; i++)
		if (strcmp(ps->items[i].file, file) == 0 && ps->items[i].line == line &&
		    strstr(ps->items[i].message, what))
			return i;
	dump(ps);
	fail_msg("no problem at %s:%d containing \"%s\" (%d problems, listed above)", rel, line,
		 what, ps->n);
	return -1;
}

static void test_lint_folder(void **state)
{
	(void)state;
	make_folder();
	LessonProblems ps = { 0 };
	int n = 0;
	calls = 0;
	assert_int_equal(lint_dir(root, fake_run, &ps, &n), ST_OK);
	assert_int_equal(n, 5);

	/* Runs: the first error line of the command, at the run: line; the vary endpoints at
	 * the vary line; a failing base run is reported once, without its varied runs. */
	expect(&ps, "en/01-a.md", 7, "vary radius = 5: gradlab norms: --radius must be between 0 and 2, got '5'");
	expect(&ps, "en/01-a.md", 8, "vary act = swish: gradlab norms: --act must be one of tanh|relu, got 'swish'");
	expect(&ps, "en/01-a.md", 13, "run: exit status 1: 1 of 3 failed");
	expect(&ps, "en/01-a.md", 17, "run: gradlab: unknown command 'bptt' (see 'gradlab --help')");
	expect(&ps, "zh/01-a.md", 8, "vary radius = 5: gradlab norms");
	expect(&ps, "zh/01-a.md", 9, "vary act = swish");
	expect(&ps, "zh/01-a.md", 18, "run: gradlab: unknown command 'bptt'");

	/* Pairing. */
	expect(&ps, "en/02-b.md", 0, "no partner:");
	expect(&ps, "zh/03-c.md", 0, "no partner:");
	expect(&ps, "zh/notes.md", 0, "not a lesson file name");
	int i = expect(&ps, "zh/01-a.md", 14, "cell 2 (check): run: 'check sigmoid' here, 'check broken' in ");
	assert_non_null(strstr(ps.items[i].message, "en/01-a.md:13"));
	expect(&ps, "zh/01-a.md", 19, "cell 3 (experiment): vary 'steps = 1..5 step 1' here, 'steps = 1..6 step 1' in ");
	i = expect(&ps, "zh/01-a.md", 25, "cell 4 (quiz q1): choice keys (a, c) here, (a, b) in ");
	assert_non_null(strstr(ps.items[i].message, "en/01-a.md:24"));
	expect(&ps, "zh/01-a.md", 32, "cell 5 (quiz q5): id 'q5' here, 'q2' in ");
	expect(&ps, "zh/01-a.md", 35, "cell 5 (quiz q5): answer '0.5' here, '0.25' in ");
	expect(&ps, "zh/01-a.md", 36, "cell 5 (quiz q5): tolerance 0.01 here, 0.001 in ");
	expect(&ps, "zh/01-a.md", 40, "cell 6 (quiz q3): kind numeric here, predict in ");
	i = expect(&ps, "zh/04-d.md", 3, "cell 1 is a quiz here but a check in ");
	assert_non_null(strstr(ps.items[i].message, "en/04-d.md:3; the cells after it are not compared"));
	expect(&ps, "zh/05-e.md", 0, "2 cells here, 3 in ");

	/* Nothing else: the same choice key in another case, a run: with other spacing and
	 * the identical first cell are not differences; the predict quiz's run succeeded. */
	if (ps.n != 19) {
		dump(&ps);
		fail_msg("expected 19 problems, got %d", ps.n);
	}
	/* Sorted by line within a file. */
	for (int k = 1; k < ps.n; k++)
		if (strcmp(ps.items[k - 1].file, ps.items[k].file) == 0)
			assert_true(ps.items[k - 1].line <= ps.items[k].line);
	/* Each distinct command once: norms (base, radius 0.5 and 5, act relu and swish),
	 * check broken, bptt, check sigmoid. */
	assert_int_equal(calls, 8);
	lesson_problems_free(&ps);

	/* Without a runner the same folder gives only the parse and pairing problems. */
	calls = 0;
	assert_int_equal(lint_dir(root, NULL, &ps, &n), ST_OK);
	assert_int_equal(calls, 0);
	assert_int_equal(ps.n, 12);
	lesson_problems_free(&ps);

	remove_folder();
}

static void test_lint_runs_and_compare_alone(void **state)
{
	(void)state;
	LessonProblems ps = { 0 };
	Lesson *a = NULL, *b = NULL;
	assert_int_equal(lesson_parse("a.md", en01, strlen(en01), &a, &ps), ST_OK);
	assert_int_equal(lesson_parse("b.md", zh01, strlen(zh01), &b, &ps), ST_OK);
	assert_int_equal(ps.n, 0);
	calls = 0;
	assert_int_equal(lint_runs(a, fake_run, &ps), ST_OK);
	assert_int_equal(calls, 7);
	assert_int_equal(ps.n, 4);
	assert_string_equal(ps.items[0].file, "a.md");
	lesson_problems_free(&ps);
	assert_int_equal(lint_compare(a, a, &ps), ST_OK);
	assert_int_equal(ps.n, 0);
	assert_int_equal(lint_compare(a, b, &ps), ST_OK);
	assert_int_equal(ps.n, 7);
	assert_string_equal(ps.items[0].file, "b.md");
	lesson_problems_free(&ps);
	lesson_free(a);
	lesson_free(b);
}

static void test_missing_folders(void **state)
{
	(void)state;
	LessonProblems ps = { 0 };
	int n;
	assert_int_equal(lint_dir("/nonexistent/gradlab-lessons", fake_run, &ps, &n), ST_EIO);
	assert_non_null(strstr(status_detail(), "cannot open /nonexistent/gradlab-lessons"));
	assert_int_equal(ps.n, 0);

	/* A folder with en/ only: zh/ is missing, and every English lesson has no partner. */
	snprintf(root, sizeof root, "/tmp/gradlab-lint-XXXXXX");
	assert_non_null(mkdtemp(root));
	char d[128];
	snprintf(d, sizeof d, "%s/en", root);
	assert_int_equal(mkdir(d, 0700), 0);
	n_files = 0;
	put("en/01-a.md", "# A\n");
	assert_int_equal(lint_dir(root, fake_run, &ps, &n), ST_OK);
	assert_int_equal(n, 1);
	assert_int_equal(ps.n, 2);
	expect(&ps, "en/01-a.md", 0, "no partner");
	assert_non_null(strstr(ps.items[0].message, "cannot open"));
	lesson_problems_free(&ps);
	unlink(files[0]);
	rmdir(d);
	rmdir(root);
}

/* Fail the n-th allocation for n = 0, 1, ... through a whole lint of the folder. */
static void test_out_of_memory(void **state)
{
	(void)state;
	make_folder();
	int failures = 0;
	for (long k = 0;; k++) {
		LessonProblems ps = { 0 };
		int n;
		mem_fail_after(k);
		Status st = lint_dir(root, fake_run, &ps, &n);
		mem_fail_after(-1);
		lesson_problems_free(&ps);
		if (st == ST_OK)
			break;
		assert_int_equal(st, ST_ENOMEM);
		failures++;
		assert_true(k < 1000000);
	}
	assert_true(failures > 20);
	remove_folder();
}

/* Lessons that try what a lesson may not do (tests/data/lessons-hostile, one attack a
 * lesson): each is reported at its line in both languages, and none reaches the runner. */
static void test_hostile_lessons(void **state)
{
	(void)state;
	static const struct {
		const char *slug;
		int line;
		const char *what;
	} want[] = {
		{ "01-book", 6, "run: 'book' is not a command a lesson may run" },
		{ "02-grade", 6, "run: 'grade' is not a command a lesson may run" },
		{ "03-watch", 6, "run: 'watch' is not a command a lesson may run" },
		{ "04-grad", 6, "run: 'grad' is not a command a lesson may run" },
		{ "05-csv", 6, "run: '--csv' is the book's to choose" },
		{ "06-script", 6, "run: '--gnuplot-script' is the book's to choose" },
		{ "07-png", 6, "run: '--plot' is the book's to choose" },
		{ "08-vary", 7, "vary csv: '--csv' is the book's to choose" },
		{ "09-shift", 6, "run: '--csv' is the book's to choose" },
		{ "10-option", 6, "run: '--plot' is not an option of unroll" },
		{ "11-argument", 6, "run: norms takes no argument 'hostile-lesson.csv'" },
		{ "12-predict", 10, "run: 'book' is not a command a lesson may run" },
		{ "13-check", 6, "run: '--csv' is not an option of check" },
		{ "14-choice", 7, "vary act = --csv: '--csv' is the book's to choose" },
	};
	const int n_want = (int)(sizeof want / sizeof want[0]);
	LessonProblems ps = { 0 };
	int n = 0;
	calls = 0;
	assert_int_equal(lint_dir("tests/data/lessons-hostile", fake_run, &ps, &n), ST_OK);
	assert_int_equal(n, n_want);
	for (int i = 0; i < n_want; i++)
		for (int k = 0; k < 2; k++) {
			char file[256];
			snprintf(file, sizeof file, "tests/data/lessons-hostile/%s/%s.md", k ? "zh" : "en",
				 want[i].slug);
			int found = 0;
			for (int j = 0; j < ps.n; j++)
				found |= strcmp(ps.items[j].file, file) == 0 && ps.items[j].line == want[i].line &&
					 strstr(ps.items[j].message, want[i].what) != NULL;
			if (!found) {
				dump(&ps);
				fail_msg("no problem at %s:%d containing \"%s\"", file, want[i].line, want[i].what);
			}
		}
	if (ps.n != 2 * n_want) {
		dump(&ps);
		fail_msg("expected %d problems, got %d", 2 * n_want, ps.n);
	}
	assert_int_equal(calls, 0);
	lesson_problems_free(&ps);
}

/* {==== The glossary ==== */

static const char *glossary_readme =
	"# The lesson format\n"                                  /* 1 */
	"\n"                                                     /* 2 */
	"| not | a glossary | 隐藏状态 |\n"                     /* 3: outside the section */
	"\n"                                                     /* 4 */
	"## Glossary (English ↔ 中文)\n"                        /* 5 */
	"\n"                                                     /* 6 */
	"| English | 中文 | refused |\n"                         /* 7: the header */
	"|---|:--|---|\n"                                        /* 8 */
	"| hidden state | 隐状态 | 隐藏状态, 隐层状态 |\n"      /* 9 */
	"| one-hot | 独热 | one-hot、一位有效 |\n"              /* 10 */
	"| hidden layer | 隐藏层 | 隐层 |\n"                     /* 11: part of 隐层状态 */
	"| gradient check | 梯度检验 | 梯度检查，检验 |\n"      /* 12: 检验 is part of 梯度检验 */
	"| mask |  | 遮罩 |\n"                                   /* 13: no Chinese term */
	"\n"                                                     /* 14 */
	"## After\n"                                             /* 15 */
	"\n"                                                     /* 16 */
	"| cell | 单元 | 格子 |\n";                              /* 17: outside the section */

static const char *glossary_zh =
	"# 甲\n"                                                 /* 1 */
	"\n"                                                     /* 2 */
	"把隐藏状态传下去，隐状态不算。\n"                       /* 3: refused */
	"独热（one-hot）向量是注解，可以。\n"                    /* 4: a gloss */
	"这里写 one-hot 向量，又写隐藏状态和隐藏状态。\n"        /* 5: two names, one report each */
	"段落在这里换行：隐藏\n"                                 /* 6: split over two lines */
	"状态。\n"                                               /* 7 */
	"\n"                                                     /* 8 */
	"```text\n"                                              /* 9 */
	" h_t   隐层状态\n"                                      /* 10: code blocks too; once */
	"```\n"                                                  /* 11 */
	"\n"                                                     /* 12 */
	"```check\n"                                             /* 13 */
	"run: check sigmoid\n"                                   /* 14 */
	"```\n"                                                  /* 15 */
	"隐藏层和梯度检验，格子不在表里。\n";                    /* 16: nothing */

static const char *glossary_en =
	"# A\n\nThe one-hot vector, and 隐藏状态 in English text are not held to it.\n\n"
	"```check\nrun: check sigmoid\n```\n";

static void make_glossary_folder(void)
{
	snprintf(root, sizeof root, "/tmp/gradlab-lint-XXXXXX");
	assert_non_null(mkdtemp(root));
	char d[128];
	snprintf(d, sizeof d, "%s/en", root);
	assert_int_equal(mkdir(d, 0700), 0);
	snprintf(d, sizeof d, "%s/zh", root);
	assert_int_equal(mkdir(d, 0700), 0);
	n_files = 0;
	put("README.md", glossary_readme);
	put("en/01-a.md", glossary_en);
	put("zh/01-a.md", glossary_zh);
}

static void remove_glossary_folder(void)
{
	remove_folder();
}

static void test_glossary(void **state)
{
	(void)state;
	make_glossary_folder();
	LessonProblems ps = { 0 };
	int n = 0;
	calls = 0;
	assert_int_equal(lint_dir(root, fake_run, &ps, &n), ST_OK);
	assert_int_equal(n, 1);
	expect(&ps, "zh/01-a.md", 3, "'隐藏状态' is not the glossary's term for hidden state: write '隐状态'");
	expect(&ps, "zh/01-a.md", 5, "'one-hot' is not the glossary's term for one-hot: write '独热'");
	expect(&ps, "zh/01-a.md", 5, "'隐藏状态' is not the glossary's term for hidden state");
	expect(&ps, "zh/01-a.md", 6, "'隐藏状态' is not the glossary's term for hidden state");
	/* 隐层状态, not also 隐层 (hidden layer) inside it. */
	expect(&ps, "zh/01-a.md", 10, "'隐层状态' is not the glossary's term for hidden state");
	expect(&ps, "README.md", 12, "the refused name '检验' is part of the term '梯度检验' (line 12)");
	expect(&ps, "README.md", 13, "a glossary row is | English | 中文 | refused names |");
	/* Nothing else: not the gloss (4), not the second line of a split name (7), not the
	 * English lesson, not the rows outside the section (3, 17), not a term in use, and not
	 * 梯度检验 for the refused name inside it (16). */
	if (ps.n != 7) {
		dump(&ps);
		fail_msg("expected 7 problems, got %d", ps.n);
	}
	lesson_problems_free(&ps);

	/* The glossary alone: the rows of the section, the header left out, 、 and ， split. */
	LintGlossary g = { 0 };
	char file[160];
	snprintf(file, sizeof file, "%s/README.md", root);
	assert_int_equal(lint_glossary_load(file, &g, &ps), ST_OK);
	assert_int_equal(g.n, 4);
	assert_string_equal(g.terms[0].en, "hidden state");
	assert_string_equal(g.terms[0].term, "隐状态");
	assert_int_equal(g.terms[0].line, 9);
	assert_int_equal(g.terms[0].n_refused, 2);
	assert_string_equal(g.terms[0].refused[1], "隐层状态");
	assert_int_equal(g.terms[1].n_refused, 2);
	assert_string_equal(g.terms[1].refused[1], "一位有效");
	assert_int_equal(g.terms[2].n_refused, 1);
	assert_int_equal(g.terms[3].n_refused, 1);   /* 检验 was left out */
	assert_string_equal(g.terms[3].refused[0], "梯度检查");
	expect(&ps, "README.md", 12, "the refused name '检验' is part of the term '梯度检验'");
	lint_glossary_free(&g);
	lint_glossary_free(&g);   /* twice: left empty */
	lint_glossary_free(NULL);
	lesson_problems_free(&ps);

	/* No README.md, or one without the section: no glossary and no problem. */
	assert_int_equal(lint_glossary_load("/nonexistent/README.md", &g, &ps), ST_OK);
	assert_int_equal(g.n, 0);
	assert_int_equal(ps.n, 0);
	const char *no_section = "# A\n\n| hidden state | 隐状态 | 隐藏状态 |\n";
	assert_int_equal(lint_terms("x.md", glossary_zh, strlen(glossary_zh), &g, &ps), ST_OK);
	assert_int_equal(ps.n, 0);
	unlink(file);
	put("README.md", no_section);
	n_files--;
	assert_int_equal(lint_dir(root, fake_run, &ps, &n), ST_OK);
	assert_int_equal(ps.n, 0);
	lesson_problems_free(&ps);

	/* A FIFO in the glossary's place is named, never waited on (nothing writes to it). */
	unlink(file);
	assert_int_equal(mkfifo(file, 0600), 0);
	assert_int_equal(lint_dir(root, fake_run, &ps, &n), ST_OK);
	assert_int_equal(ps.n, 1);
	expect(&ps, "README.md", 0, "cannot read the glossary: not a regular file");
	lesson_problems_free(&ps);
	unlink(file);

	/* A section with no rows is a problem at the file. */
	put("README.md", "## Glossary\n\nNothing yet.\n");
	n_files--;
	assert_int_equal(lint_glossary_load(file, &g, &ps), ST_OK);
	assert_int_equal(g.n, 0);
	expect(&ps, "README.md", 0, "the Glossary section has no rows");
	lesson_problems_free(&ps);
	put("README.md", glossary_readme);
	n_files--;
	remove_glossary_folder();
}

/* {==== The map of questions to cells ==== */

static const char *map_readme =
	"# The lesson format\n"                                        /* 1 */
	"\n"                                                           /* 2 */
	"## Questions\n"                                               /* 3 */
	"\n"                                                           /* 4 */
	"| # | Question | Lesson | Cells |\n"                           /* 5: the header */
	"|---|---|---|---|\n"                                          /* 6 */
	"| 1 | Why sigmoid' is small | 01-a | curve, q1 |\n"           /* 7: both exist */
	"| 2 | The check | 01-a | sig-check |\n"                       /* 8: exists */
	"| 3 | Renamed | 01-a | curve, gone |\n"                       /* 9: no cell 'gone' */
	"| 4 | Elsewhere | 02-missing | x |\n"                         /* 10: no lesson */
	"| 6 | Skipped five | 01-a | q1 |\n"                           /* 11: misnumbered */
	"| 7 | No cells | 01-a | |\n"                                  /* 12: malformed */
	"\n"                                                           /* 13 */
	"## Glossary\n"                                                /* 14 */
	"\n"                                                           /* 15 */
	"| English | 中文 | refused |\n"                               /* 16 */
	"|---|---|---|\n"                                              /* 17 */
	"| mask | 掩码 | 遮罩 |\n";                                    /* 18 */

static const char *map_lesson =
	"# A\n\n```experiment\nid: curve\nrun: check sigmoid\n```\n\n"
	"```check\nid: sig-check\nrun: check sigmoid\n```\n\n"
	"```quiz\nkind: numeric\nask: a\nanswer: 1\ntolerance: 1\nexplain: e\n```\n";

static void test_question_map(void **state)
{
	(void)state;
	snprintf(root, sizeof root, "/tmp/gradlab-lint-XXXXXX");
	assert_non_null(mkdtemp(root));
	char d[128];
	for (int k = 0; k < 2; k++) {
		snprintf(d, sizeof d, "%s/%s", root, k ? "zh" : "en");
		assert_int_equal(mkdir(d, 0700), 0);
	}
	n_files = 0;
	put("README.md", map_readme);
	put("en/01-a.md", map_lesson);
	put("zh/01-a.md", map_lesson);
	LessonProblems ps = { 0 };
	int n = 0;
	assert_int_equal(lint_dir(root, fake_run, &ps, &n), ST_OK);
	expect(&ps, "README.md", 9, "question 3: 01-a has no cell with id 'gone'");
	expect(&ps, "README.md", 10, "question 4: there is no lesson 02-missing");
	expect(&ps, "README.md", 11, "question 6 here: the rows are numbered 1, 2, ... and this one should be 5");
	expect(&ps, "README.md", 12, "a question row is | N | question | NN-slug | cell ids");
	if (ps.n != 4) {
		dump(&ps);
		fail_msg("expected 4 problems, got %d", ps.n);
	}
	lesson_problems_free(&ps);

	/* The rows as read: ids split at ",", the glossary's section left alone. */
	LintQuestionMap m = { 0 };
	char file[160];
	snprintf(file, sizeof file, "%s/README.md", root);
	assert_int_equal(lint_map_load(file, &m, &ps), ST_OK);
	assert_int_equal(m.n, 4);
	assert_int_equal(m.rows[0].n_ids, 2);
	assert_string_equal(m.rows[0].ids[1], "q1");
	assert_string_equal(m.rows[3].lesson, "02-missing");
	assert_int_equal(m.rows[2].line, 9);
	lint_map_free(&m);
	lint_map_free(&m);
	lint_map_free(NULL);
	lesson_problems_free(&ps);

	/* A translation whose cell ids differ from the English ones is reported there. */
	char zh[512];
	snprintf(zh, sizeof zh, "%s", map_lesson);
	memcpy(strstr(zh, "id: curve"), "id: kurve", 9);
	unlink(file);
	put("README.md", "# No map\n");
	n_files--;
	put("zh/01-a.md", zh);
	n_files--;
	assert_int_equal(lint_dir(root, fake_run, &ps, &n), ST_OK);
	expect(&ps, "zh/01-a.md", 4, "cell 1 (experiment): id 'kurve' here, 'curve' in");
	assert_int_equal(ps.n, 1);
	lesson_problems_free(&ps);
	remove_folder();
}

/* }==== */

/* Fail the n-th allocation for n = 0, 1, ... through a lint with a glossary. */
static void test_glossary_out_of_memory(void **state)
{
	(void)state;
	make_glossary_folder();
	int failures = 0;
	for (long k = 0;; k++) {
		LessonProblems ps = { 0 };
		int n;
		mem_fail_after(k);
		Status st = lint_dir(root, fake_run, &ps, &n);
		mem_fail_after(-1);
		lesson_problems_free(&ps);
		if (st == ST_OK)
			break;
		assert_int_equal(st, ST_ENOMEM);
		failures++;
		assert_true(k < 1000000);
	}
	assert_true(failures > 20);
	remove_glossary_folder();
}

/* }==== */

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lint_folder),
		cmocka_unit_test(test_lint_runs_and_compare_alone),
		cmocka_unit_test(test_missing_folders),
		cmocka_unit_test(test_hostile_lessons),
		cmocka_unit_test(test_out_of_memory),
		cmocka_unit_test(test_glossary),
		cmocka_unit_test(test_glossary_out_of_memory),
		cmocka_unit_test(test_question_map),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
