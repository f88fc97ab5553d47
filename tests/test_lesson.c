/* test_lesson: the lesson parser (src/learn/lesson.c). A well-formed lesson becomes the
 * right blocks at the right lines; Chinese lines join without a space and English ones with
 * one; every malformed input named in lessons/README.md is reported at its line with a
 * message that says what is wrong, and nothing crashes or stops at the first problem; the
 * run: line helpers and quiz grading; and every out-of-memory path of a parse. */
#include "test_util.h"

#include "cli/commands.h"
#include "core/mem.h"
#include "learn/lesson.h"

#include <string.h>
#include <unistd.h>

/* {==== Helpers ==== */

static Lesson *parse_ok(const char *text, LessonProblems *ps)
{
	Lesson *l = NULL;
	assert_int_equal(lesson_parse("t.md", text, strlen(text), &l, ps), ST_OK);
	assert_non_null(l);
	return l;
}

static void dump(const LessonProblems *ps)
{
	for (int i = 0; i < ps->n; i++)
		print_message("    %s:%d: %s\n", ps->items[i].file, ps->items[i].line,
			      ps->items[i].message);
}

static int has_problem(const LessonProblems *ps, int line, const char *what)
{
	for (int i = 0; i < ps->n; i++)
		if (ps->items[i].line == line && strstr(ps->items[i].message, what))
			return 1;
	return 0;
}

/* Fails, listing every problem, unless one at line says something containing what. */
static void expect_problem(const LessonProblems *ps, int line, const char *what)
{
	if (has_problem(ps, line, what))
		return;
	dump(ps);
	fail_msg("no problem at line %d containing \"%s\" (%d problems, listed above)", line, what,
		 ps->n);
}

static void expect_no_problems(const LessonProblems *ps)
{
	if (ps->n) {
		dump(ps);
		fail_msg("expected no problems, got %d (listed above)", ps->n);
	}
}

/* One text, one problem expected at line with the message containing what. */
static void check_one(const char *text, int line, const char *what)
{
	LessonProblems ps = { 0 };
	Lesson *l = parse_ok(text, &ps);
	expect_problem(&ps, line, what);
	lesson_free(l);
	lesson_problems_free(&ps);
}

/* }==== */

/* {==== A well-formed lesson ==== */

static const char *good =
	"# Activation functions\n"                      /* 1 */
	"\n"                                            /* 2 */
	"Every hidden unit computes a weighted\n"       /* 3 */
	"sum a and passes it through f.\n"              /* 4 */
	"\n"                                            /* 5 */
	"## Sigmoid\n"                                  /* 6 */
	"\n"                                            /* 7 */
	"- The derivative of an active unit\n"          /* 8 */
	"  is exactly 1.\n"                             /* 9 */
	"- It is cheap.\n"                              /* 10 */
	"12. Numbered too.\n"                           /* 11 */
	"\n"                                            /* 12 */
	"```math\n"                                     /* 13 */
	"σ'(x) = σ(x) · (1 − σ(x))\n"                   /* 14 */
	"  indented\n"                                  /* 15 */
	"```\n"                                         /* 16 */
	"\n"                                            /* 17 */
	"```experiment\n"                               /* 18 */
	"run: norms --steps 30 --act sigmoid --radius 1.0\n" /* 19 */
	"vary: act = sigmoid|tanh|relu\n"               /* 20 */
	"vary: radius = 0.5..5.0 step 0.5\n"            /* 21 */
	"caption: The gradient: how much reaches step t.\n" /* 22 */
	"```\n"                                         /* 23 */
	"\n"                                            /* 24 */
	"```check\n"                                    /* 25 */
	"run: check sigmoid --batch 2 --input 3\n"      /* 26 */
	"```\n"                                         /* 27 */
	"\n"                                            /* 28 */
	"### Quizzes\n"                                 /* 29 */
	"```quiz\n"                                     /* 30 */
	"kind: numeric\n"                               /* 31 */
	"ask: What is the largest value of sigmoid'(x)?\n" /* 32 */
	"answer: 0.25\n"                                /* 33 */
	"tolerance: 0.001\n"                            /* 34 */
	"explain: σ'(0) = 0.5 × 0.5.\n"                 /* 35 */
	"```\n"                                         /* 36 */
	"```quiz\n"                                     /* 37 */
	"id: relu-zero\n"                               /* 38 */
	"kind: choice\n"                                /* 39 */
	"ask: Which one?\n"                             /* 40 */
	"choice: a | sigmoid\n"                         /* 41 */
	"choice: b | ReLU | with a bar\n"               /* 42 */
	"\n"                                            /* 43 */
	"answer: b\n"                                   /* 44 */
	"explain: ReLU is flat left of zero.\n"         /* 45 */
	"```\n"                                         /* 46 */
	"```quiz\n"                                     /* 47 */
	"kind: predict\n"                               /* 48 */
	"ask: tanh'(0.5)?\n"                            /* 49 */
	"answer: 0.786448\n"                            /* 50 */
	"tolerance: 0.01\n"                             /* 51 */
	"run: curves --act tanh --from 0.5 --to 0.5\n"  /* 52 */
	"explain: 1 − tanh²(0.5).\n"                    /* 53 */
	"```\n"                                         /* 54 */
	"Last words.";                                  /* 55, no newline */

static void test_well_formed_lesson(void **state)
{
	(void)state;
	LessonProblems ps = { 0 };
	Lesson *l = parse_ok(good, &ps);
	expect_no_problems(&ps);
	assert_string_equal(l->file, "t.md");
	assert_string_equal(l->title, "Activation functions");
	assert_int_equal(l->title_line, 1);
	assert_int_equal(l->n_cells, 5);
	assert_int_equal(l->n_quizzes, 3);

	static const struct {
		LessonBlockKind kind;
		int line;
	} want[] = {
		{ LESSON_HEADING, 1 }, { LESSON_PARAGRAPH, 3 }, { LESSON_HEADING, 6 },
		{ LESSON_ITEM, 8 },    { LESSON_ITEM, 10 },     { LESSON_ITEM, 11 },
		{ LESSON_CODE, 13 },   { LESSON_EXPERIMENT, 18 }, { LESSON_CHECK, 25 },
		{ LESSON_HEADING, 29 }, { LESSON_QUIZ, 30 },    { LESSON_QUIZ, 37 },
		{ LESSON_QUIZ, 47 },   { LESSON_PARAGRAPH, 55 },
	};
	assert_int_equal(l->n_blocks, (int)(sizeof want / sizeof want[0]));
	for (int i = 0; i < l->n_blocks; i++) {
		if (l->blocks[i].kind != want[i].kind || l->blocks[i].line != want[i].line)
			fail_msg("block %d: expected %s at line %d, got %s at line %d", i,
				 lesson_kind_name(want[i].kind), want[i].line,
				 lesson_kind_name(l->blocks[i].kind), l->blocks[i].line);
	}
	const LessonBlock *b = l->blocks;
	assert_int_equal(b[0].level, 1);
	assert_string_equal(b[0].text, "Activation functions");
	assert_string_equal(b[1].text, "Every hidden unit computes a weighted sum a and passes it through f.");
	assert_int_equal(b[2].level, 2);
	assert_string_equal(b[2].text, "Sigmoid");
	assert_int_equal(b[3].number, 0);
	assert_string_equal(b[3].text, "The derivative of an active unit is exactly 1.");
	assert_string_equal(b[4].text, "It is cheap.");
	assert_int_equal(b[5].number, 12);
	assert_string_equal(b[5].text, "Numbered too.");
	assert_string_equal(b[6].info, "math");
	assert_int_equal(b[6].n_lines, 2);
	assert_string_equal(b[6].lines[0], "σ'(x) = σ(x) · (1 − σ(x))");
	assert_string_equal(b[6].lines[1], "  indented");   /* code keeps its indentation */
	assert_int_equal(b[9].level, 3);
	assert_string_equal(b[13].text, "Last words.");

	const LessonCell *e = &b[7].cell;
	assert_string_equal(e->run.s, "norms --steps 30 --act sigmoid --radius 1.0");
	assert_int_equal(e->run.line, 19);
	assert_int_equal(e->n_vary, 2);
	assert_string_equal(e->vary[0].name, "act");
	assert_int_equal(e->vary[0].line, 20);
	assert_true(e->vary[0].is_choice);
	assert_int_equal(e->vary[0].n_choices, 3);
	assert_string_equal(e->vary[0].choices[2], "relu");
	assert_string_equal(e->vary[1].name, "radius");
	assert_int_equal(e->vary[1].line, 21);
	assert_false(e->vary[1].is_choice);
	assert_close(0.5, e->vary[1].lo, 0, 0);
	assert_close(5.0, e->vary[1].hi, 0, 0);
	assert_close(0.5, e->vary[1].step, 0, 0);
	assert_string_equal(e->caption.s, "The gradient: how much reaches step t.");
	assert_int_equal(e->caption.line, 22);
	assert_int_equal(b[7].n_lines, 4);

	assert_string_equal(b[8].cell.run.s, "check sigmoid --batch 2 --input 3");
	assert_int_equal(b[8].cell.run.line, 26);

	const LessonCell *q = &b[10].cell;
	assert_int_equal(q->kind, LESSON_QUIZ_NUMERIC);
	assert_int_equal(q->kind_line, 31);
	assert_int_equal(q->number, 1);
	assert_string_equal(q->id.s, "q1");
	assert_int_equal(q->id.line, 0);   /* computed */
	assert_string_equal(q->ask.s, "What is the largest value of sigmoid'(x)?");
	assert_int_equal(q->ask.line, 32);
	assert_close(0.25, q->answer_value, 0, 0);
	assert_int_equal(q->answer.line, 33);
	assert_close(0.001, q->tolerance, 0, 0);
	assert_int_equal(q->tolerance_line, 34);
	assert_string_equal(q->explain.s, "σ'(0) = 0.5 × 0.5.");
	assert_int_equal(q->explain.line, 35);

	q = &b[11].cell;
	assert_int_equal(q->kind, LESSON_QUIZ_CHOICE);
	assert_string_equal(q->id.s, "relu-zero");
	assert_int_equal(q->id.line, 38);
	assert_int_equal(q->number, 2);
	assert_int_equal(q->n_choices, 2);
	assert_string_equal(q->choices[0].key, "a");
	assert_string_equal(q->choices[0].text, "sigmoid");
	assert_string_equal(q->choices[1].key, "b");
	assert_string_equal(q->choices[1].text, "ReLU | with a bar");
	assert_int_equal(q->choices[1].line, 42);
	assert_string_equal(q->answer.s, "b");
	assert_int_equal(q->answer.line, 44);
	assert_true(isnan(q->tolerance));

	q = &b[12].cell;
	assert_int_equal(q->kind, LESSON_QUIZ_PREDICT);
	assert_string_equal(q->id.s, "q3");   /* from its position among the quizzes */
	assert_string_equal(q->run.s, "curves --act tanh --from 0.5 --to 0.5");
	assert_int_equal(q->run.line, 52);
	lesson_free(l);
	lesson_problems_free(&ps);
}

/* CR LF line ends give the same lesson as LF, and a byte-order mark is ignored. */
static void test_crlf_and_bom(void **state)
{
	(void)state;
	size_t n = strlen(good);
	char *crlf = malloc(2 * n + 8);
	assert_non_null(crlf);
	size_t k = 0;
	memcpy(crlf, "\xEF\xBB\xBF", 3);
	k = 3;
	for (size_t i = 0; i < n; i++) {
		if (good[i] == '\n')
			crlf[k++] = '\r';
		crlf[k++] = good[i];
	}
	LessonProblems ps = { 0 }, ps2 = { 0 };
	Lesson *a = parse_ok(good, &ps), *b = NULL;
	assert_int_equal(lesson_parse("t.md", crlf, k, &b, &ps2), ST_OK);
	expect_no_problems(&ps2);
	assert_int_equal(a->n_blocks, b->n_blocks);
	for (int i = 0; i < a->n_blocks; i++) {
		assert_int_equal(a->blocks[i].kind, b->blocks[i].kind);
		assert_int_equal(a->blocks[i].line, b->blocks[i].line);
		if (a->blocks[i].text)
			assert_string_equal(a->blocks[i].text, b->blocks[i].text);
		assert_null(b->blocks[i].text ? strchr(b->blocks[i].text, '\r') : NULL);
	}
	assert_string_equal(b->title, "Activation functions");
	assert_string_equal(b->blocks[7].cell.run.s, "norms --steps 30 --act sigmoid --radius 1.0");
	assert_string_equal(b->blocks[12].cell.explain.s, "1 − tanh²(0.5).");
	lesson_free(a);
	lesson_free(b);
	lesson_problems_free(&ps);
	lesson_problems_free(&ps2);
	free(crlf);
}

/* }==== */

/* {==== Joining wrapped lines ==== */

static void test_cjk_lines_join_without_space(void **state)
{
	(void)state;
	LessonProblems ps = { 0 };
	Lesson *l = parse_ok("# 标题\n"
			     "\n"
			     "每个隐藏单元先计算加权和 a，\n"   /* ends with a fullwidth comma */
			     "再把它送入激活函数 f。\n"         /* CJK after CJK punctuation */
			     "反向传播时，传回来的梯度要乘上\n" /* CJK, then ... */
			     "f'(a)。这一个因子\n"             /* ... Latin: a space, as typeset */
			     "决定了 tanh\n"                   /* Latin, then ... */
			     "and sigmoid 的\n"                /* ... Latin: a space */
			     "区别。\n"
			     "\n"
			     "- 存在反馈连接：隐藏层的输出\n"
			     "  是第 t 步的输入之一。\n"
			     "- English item\n"
			     "  wrapped.\n",
			     &ps);
	expect_no_problems(&ps);
	assert_int_equal(l->n_blocks, 4);
	assert_string_equal(l->blocks[1].text,
			    "每个隐藏单元先计算加权和 a，再把它送入激活函数 f。反向传播时，传回来的梯度要乘上"
			    " f'(a)。这一个因子决定了 tanh and sigmoid 的区别。");
	assert_string_equal(l->blocks[2].text, "存在反馈连接：隐藏层的输出是第 t 步的输入之一。");
	assert_string_equal(l->blocks[3].text, "English item wrapped.");
	lesson_free(l);
	lesson_problems_free(&ps);
}

static void test_latin_lines_join_with_one_space(void **state)
{
	(void)state;
	LessonProblems ps = { 0 };
	Lesson *l = parse_ok("# T\n\n  leading blanks   \nand trailing\t\n∂L/∂h ends\nσ starts\n", &ps);
	expect_no_problems(&ps);
	assert_string_equal(l->blocks[1].text, "leading blanks and trailing ∂L/∂h ends σ starts");
	lesson_free(l);
	lesson_problems_free(&ps);
}

/* }==== */

/* {==== Malformed input: each at its line, in plain words ==== */

static void test_cell_errors(void **state)
{
	(void)state;
	/* Unknown cell type. */
	check_one("# T\n\n```quizz\nkind: numeric\n```\n", 3, "unknown cell type 'quizz'");
	/* Unknown key, with the keys it could have been. */
	check_one("# T\n```check\nrun: check tanh\nvary: x = 1..2 step 1\n```\n", 4,
		  "unknown key 'vary' in a check cell (its keys are id, run)");
	check_one("# T\n```experiment\nrun: norms\nrange: 1\n```\n", 4,
		  "unknown key 'range' in an experiment cell (its keys are id, run, vary, caption)");
	/* Missing required keys, at the fence. */
	check_one("# T\n\n```experiment\ncaption: no run\n```\n", 3, "missing required key 'run'");
	check_one("# T\n```quiz\nkind: numeric\nanswer: 1\ntolerance: 0.1\nexplain: e\n```\n", 2,
		  "missing required key 'ask'");
	check_one("# T\n```quiz\nkind: numeric\nask: a\nanswer: 1\ntolerance: 0.1\n```\n", 2,
		  "missing required key 'explain'");
	check_one("# T\n```quiz\nkind: numeric\nask: a\nanswer: 1\nexplain: e\n```\n", 2,
		  "missing required key 'tolerance'");
	check_one("# T\n```quiz\nask: a\nanswer: 1\nexplain: e\n```\n", 2,
		  "missing required key 'kind'");
	check_one("# T\n```quiz\nkind: multiple\nask: a\nanswer: 1\nexplain: e\n```\n", 3,
		  "kind must be numeric, choice or predict, got 'multiple'");
	/* Numbers that do not parse, tolerance <= 0. */
	check_one("# T\n```quiz\nkind: numeric\nask: a\nanswer: 0.2.5\ntolerance: 0.1\nexplain: e\n```\n",
		  5, "answer of a numeric quiz must be a number, got '0.2.5'");
	check_one("# T\n```quiz\nkind: predict\nask: a\nanswer: 1\ntolerance: small\nexplain: e\n```\n",
		  6, "tolerance must be a number, got 'small'");
	check_one("# T\n```quiz\nkind: numeric\nask: a\nanswer: 1\ntolerance: 0\nexplain: e\n```\n", 6,
		  "tolerance must be greater than 0, got '0'");
	check_one("# T\n```quiz\nkind: numeric\nask: a\nanswer: 1\ntolerance: -0.1\nexplain: e\n```\n",
		  6, "tolerance must be greater than 0, got '-0.1'");
	/* Choices. */
	check_one("# T\n```quiz\nkind: choice\nask: a\nchoice: a | x\nchoice: b | y\nanswer: c\nexplain: e\n```\n",
		  7, "answer 'c' is not one of the choice keys (a, b)");
	check_one("# T\n```quiz\nkind: choice\nask: a\nchoice: a | x\nanswer: a\nexplain: e\n```\n", 5,
		  "a choice quiz needs two or more choice: lines, got 1");
	check_one("# T\n```quiz\nkind: choice\nask: a\nanswer: a\nexplain: e\n```\n", 2,
		  "a choice quiz needs two or more choice: lines, got 0");
	check_one("# T\n```quiz\nkind: choice\nask: a\nchoice: a | x\nchoice: A | y\nanswer: a\nexplain: e\n```\n",
		  6, "the choice key 'A' is used twice (first at line 5)");
	check_one("# T\n```quiz\nkind: choice\nask: a\nchoice: a x\nchoice: b | y\nanswer: b\nexplain: e\n```\n",
		  5, "choice must be 'KEY | text', got 'a x'");
	check_one("# T\n```quiz\nkind: choice\nask: a\nchoice: a b | x\nchoice: b | y\nanswer: b\nexplain: e\n```\n",
		  5, "the choice key must be one word");
	check_one("# T\n```quiz\nkind: choice\nask: a\nchoice: a | x\nchoice: b | y\nanswer: b\ntolerance: 1\nexplain: e\n```\n",
		  8, "tolerance: is for numeric and predict quizzes");
	check_one("# T\n```quiz\nkind: numeric\nask: a\nanswer: 1\ntolerance: 1\nchoice: a | x\nexplain: e\n```\n",
		  7, "choice: lines belong to choice quizzes");
	check_one("# T\n```quiz\nkind: numeric\nask: a\nanswer: 1\ntolerance: 1\nrun: curves\nexplain: e\n```\n",
		  7, "run: in a quiz is for predict quizzes only");
	/* Lines that are not key: value, empty values, duplicates. */
	check_one("# T\n```check\nrun: check tanh\nthis is prose\n```\n", 4,
		  "expected 'key: value', got 'this is prose'");
	check_one("# T\n```experiment\nrun:\n```\n", 3, "'run:' has no value");
	check_one("# T\n```check\nrun: check tanh\nrun: check relu\n```\n", 4,
		  "duplicate key 'run' (first at line 3)");
	check_one("# T\n```quiz\nid: 3 x\nkind: numeric\nask: a\nanswer: 1\ntolerance: 1\nexplain: e\n```\n",
		  3, "id must be letters, digits, '-' or '_', got '3 x'");
}

static void test_run_errors(void **state)
{
	(void)state;
	check_one("# T\n```check\nrun: check tanh --name \"a b\"\n```\n", 3,
		  "run: quotes and backslashes are not supported");
	check_one("# T\n```check\nrun: gradlab check tanh\n```\n", 3,
		  "run: leave out the leading 'gradlab'");
	check_one("# T\n```experiment\nrun: lessons --lint\n```\n", 3,
		  "run: 'lessons' is not a command a lesson may run");
	check_one("# T\n```check\nrun: norms --steps 3\n```\n", 3,
		  "run: a check cell runs 'check', not 'norms'");
	check_one("# T\n```quiz\nkind: predict\nask: a\nanswer: 1\ntolerance: 1\nrun: grad x\nexplain: e\n```\n",
		  7, "run: 'grad' is not a command a lesson may run");
}

/* {==== What a lesson may run ==== */

static LessonRunRefusal judge(const char *run, LessonBlockKind kind, char *word, size_t size)
{
	LessonArgv a = { 0 };
	assert_int_equal(lesson_argv_split(run, &a), ST_OK);
	int w = -1;
	LessonRunRefusal r = lesson_run_judge(&a, kind, &w);
	assert_true(w >= 0 && w < a.argc);
	assert_true((r == LESSON_RUN_OK) == (w == 0));
	snprintf(word, size, "%s", a.argv[w]);
	lesson_argv_free(&a);
	return r;
}

static void expect_judged(const char *run, LessonBlockKind kind, LessonRunRefusal want,
			  const char *want_word)
{
	char word[256];
	LessonRunRefusal got = judge(run, kind, word, sizeof word);
	if (got != want || (want != LESSON_RUN_OK && strcmp(word, want_word) != 0))
		fail_msg("'%s': refusal %d at '%s', expected %d at '%s'", run, got, word, want,
			 want_word);
}

static void test_run_rule(void **state)
{
	(void)state;
	LessonBlockKind E = LESSON_EXPERIMENT, C = LESSON_CHECK;
	/* What the six lessons do, in every form the parser of the commands takes. */
	expect_judged("norms --cell rnn --steps 40 --radius=1.0 --act tanh", E, LESSON_RUN_OK, "");
	expect_judged("curves --act tanh --from -6 --to -4 --points 3", E, LESSON_RUN_OK, "");
	expect_judged("check rnn --steps 8", C, LESSON_RUN_OK, "");
	expect_judged("check --list", C, LESSON_RUN_OK, "");
	expect_judged("sweep tanh --precision float --format json", E, LESSON_RUN_OK, "");
	expect_judged("attention --score dot --mask-last 2", E, LESSON_RUN_OK, "");
	expect_judged("bptt --steps 3 --loss last", E, LESSON_RUN_OK, "");
	expect_judged("unroll --view both", E, LESSON_RUN_OK, "");
	/* Any other command. */
	expect_judged("gradlab norms", E, LESSON_RUN_GRADLAB, "gradlab");
	expect_judged("book", E, LESSON_RUN_NOT_A_COMMAND, "book");
	expect_judged("grade --class x", E, LESSON_RUN_NOT_A_COMMAND, "grade");
	expect_judged("watch rnn_step", E, LESSON_RUN_NOT_A_COMMAND, "watch");
	expect_judged("grad /etc/passwd", E, LESSON_RUN_NOT_A_COMMAND, "grad");
	expect_judged("lessons --lint", E, LESSON_RUN_NOT_A_COMMAND, "lessons");
	expect_judged("demo", E, LESSON_RUN_NOT_A_COMMAND, "demo");
	expect_judged("--help", E, LESSON_RUN_NOT_A_COMMAND, "--help");
	expect_judged("norms", C, LESSON_RUN_CHECK_CELL, "norms");
	/* The options that write files or choose the output, in both forms. */
	expect_judged("norms --csv out.csv", E, LESSON_RUN_BOOK_OPTION, "--csv");
	expect_judged("norms --steps 3 --csv=/tmp/x", E, LESSON_RUN_BOOK_OPTION, "--csv=/tmp/x");
	expect_judged("curves --gnuplot-script x.gp", E, LESSON_RUN_BOOK_OPTION, "--gnuplot-script");
	expect_judged("attention --plot png:x.png", E, LESSON_RUN_BOOK_OPTION, "--plot");
	expect_judged("sweep tanh --plot=svg:x.svg", E, LESSON_RUN_BOOK_OPTION, "--plot=svg:x.svg");
	expect_judged("norms --plot-size 80x20", E, LESSON_RUN_BOOK_OPTION, "--plot-size");
	expect_judged("norms --lang zh", E, LESSON_RUN_BOOK_OPTION, "--lang");
	expect_judged("bptt --lang zh", E, LESSON_RUN_BOOK_OPTION, "--lang");
	/* Another command's options, no such option, no such form. */
	expect_judged("unroll --plot text", E, LESSON_RUN_UNKNOWN_OPTION, "--plot");
	expect_judged("check tanh --csv x", C, LESSON_RUN_UNKNOWN_OPTION, "--csv");
	expect_judged("norms --radius 1 --bogus 2", E, LESSON_RUN_UNKNOWN_OPTION, "--bogus");
	expect_judged("norms --help", E, LESSON_RUN_UNKNOWN_OPTION, "--help");
	expect_judged("norms -h", E, LESSON_RUN_UNKNOWN_OPTION, "-h");
	expect_judged("norms -- --csv", E, LESSON_RUN_UNKNOWN_OPTION, "--");
	expect_judged("check tanh --cell rnn", C, LESSON_RUN_UNKNOWN_OPTION, "--cell");
	/* A word starting with "--" is an option even where a value is due: a varied value
	 * put before it would turn it into one. */
	expect_judged("norms --act --csv --steps", E, LESSON_RUN_BOOK_OPTION, "--csv");
	/* Positional arguments: a MODEL for check and sweep, none for the rest. */
	expect_judged("norms out.csv", E, LESSON_RUN_ARGUMENT, "out.csv");
	expect_judged("check tanh extra", C, LESSON_RUN_ARGUMENT, "extra");
	expect_judged("curves --act tanh -", E, LESSON_RUN_ARGUMENT, "-");
	/* A vary names an option the command takes, not the book's, not a flag. */
	assert_int_equal(lesson_option_judge("norms", "radius"), LESSON_RUN_OK);
	assert_int_equal(lesson_option_judge("norms", "csv"), LESSON_RUN_BOOK_OPTION);
	assert_int_equal(lesson_option_judge("curves", "plot"), LESSON_RUN_BOOK_OPTION);
	assert_int_equal(lesson_option_judge("check", "list"), LESSON_RUN_UNKNOWN_OPTION);
	assert_int_equal(lesson_option_judge("unroll", "radius"), LESSON_RUN_UNKNOWN_OPTION);
	assert_int_equal(lesson_option_judge("book", "dir"), LESSON_RUN_NOT_A_COMMAND);
}

/* The parser applies the rule, marks the cell refused and names the line. */
static void test_run_rule_in_lessons(void **state)
{
	(void)state;
	check_one("# T\n```experiment\nrun: norms --steps 5 --csv out.csv\n```\n", 3,
		  "run: '--csv' is the book's to choose");
	check_one("# T\n```experiment\nrun: norms --steps 5\nvary: plot = text|dumb\n```\n", 4,
		  "vary plot: '--plot' is the book's to choose");
	check_one("# T\n```experiment\nrun: unroll --steps 2\nvary: radius = 1..2 step 1\n```\n", 4,
		  "vary radius: '--radius' is not an option of unroll");
	check_one("# T\n```experiment\nrun: attention extra\n```\n", 3,
		  "run: attention takes no argument 'extra'");
	check_one("# T\n```experiment\nrun: norms --\x1b[2Jx 1\n```\n", 3, "'--?[2Jx'");
	LessonProblems ps = { 0 };
	Lesson *l = parse_ok("# T\n```experiment\nrun: norms --steps 5\n"
			     "vary: csv = a.csv|b.csv\nvary: radius = 1..2 step 1\n```\n"
			     "```experiment\nrun: norms --steps 5\n```\n",
			     &ps);
	const LessonCell *bad = &l->blocks[1].cell, *fine = &l->blocks[2].cell;
	assert_int_equal(bad->refused, LESSON_RUN_BOOK_OPTION);
	assert_string_equal(bad->refused_word, "--csv");
	assert_int_equal(bad->refused_line, 4);
	assert_int_equal(fine->refused, LESSON_RUN_OK);
	assert_null(fine->refused_word);
	lesson_free(l);
	lesson_problems_free(&ps);
}

/* The rule's table is the commands' own options: each command's --help lists exactly the
 * options the table gives it (those that take a value with a META, flags without), and
 * the plot and export options where the table says it plots. */
static void help_options(const char *cmd, char *buf, size_t size, char *flags, size_t fsize)
{
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);
	FILE *err = fopen("/dev/null", "w");
	assert_non_null(out);
	assert_non_null(err);
	char *argv[] = { "gradlab", (char *)cmd, "--help", NULL };
	assert_int_equal(cli_run(3, argv, out, err), 0);
	fclose(out);
	fclose(err);
	buf[0] = flags[0] = '\0';
	for (const char *s = text; s && *s;) {
		const char *e = strchr(s, '\n');
		size_t n = e ? (size_t)(e - s) : strlen(s);
		if (n > 4 && strncmp(s, "  --", 4) == 0) {
			size_t k = strcspn(s + 4, " \n");
			/* "  --name META  help" or "  --name      help": a flag has no META. */
			int flag = s[4 + k] != ' ' || s[5 + k] == ' ';
			char *dst = flag ? flags : buf;
			size_t dsize = flag ? fsize : size;
			size_t used = strlen(dst);
			snprintf(dst + used, dsize - used, "%s%.*s", used ? " " : "", (int)k, s + 4);
		}
		s = e ? e + 1 : NULL;
	}
	free(text);
}

/* Both space-separated lists hold the same words, in any order. */
static int same_words(const char *x, const char *y)
{
	char a[2048], b[2048];
	snprintf(a, sizeof a, " %s ", x);
	snprintf(b, sizeof b, " %s ", y);
	for (int side = 0; side < 2; side++) {
		const char *from = side ? a : b, *in = side ? b : a;
		for (const char *s = from; *s;) {
			while (*s == ' ')
				s++;
			size_t n = strcspn(s, " ");
			if (!n)
				break;
			char w[128];
			snprintf(w, sizeof w, " %.*s ", (int)n, s);
			if (!strstr(in, w))
				return 0;
			s += n;
		}
	}
	return 1;
}

static void test_rule_matches_help(void **state)
{
	(void)state;
	const char *name, *options, *flags;
	int plots, n = 0;
	for (int i = 0; lesson_command_options(i, &name, &options, &flags, &plots); i++, n++) {
		char help[2048], help_flags[512], want[2048];
		help_options(name, help, sizeof help, help_flags, sizeof help_flags);
		snprintf(want, sizeof want, "%s%s", options,
			 plots ? " plot plot-size plot-glyphs gnuplot-script csv" : "");
		if (!same_words(help, want))
			fail_msg("gradlab %s --help lists the options '%s'; the lesson rule's table has '%s'",
				 name, help, want);
		if (!same_words(help_flags, flags))
			fail_msg("gradlab %s --help lists the flags '%s'; the lesson rule's table has '%s'",
				 name, help_flags, flags);
		assert_true(lesson_command_allowed(name));
	}
	assert_int_equal(n, 10);
}

/* }==== */

static void test_vary_errors(void **state)
{
	(void)state;
	const char *head = "# T\n```experiment\nrun: norms --radius 1.0 --act tanh\n";
	char text[512];
	static const struct {
		const char *vary, *what;
	} cases[] = {
		{ "radius 0.5..1.5 step 0.1", "vary must be 'NAME = LO..HI step S' or 'NAME = a|b|c'" },
		{ "radius = 0.5..1.5", "vary radius: a range is 'LO..HI step S', got '0.5..1.5'" },
		{ "radius = 0.5..1.5 by 0.1", "a range is 'LO..HI step S'" },
		{ "radius = 0.5..1.5 step 0.1 more", "a range is 'LO..HI step S'" },
		{ "radius = a..1.5 step 0.1", "vary radius: 'a' is not a number" },
		{ "radius = 0.5..1.5 step x", "vary radius: 'x' is not a number" },
		{ "radius = 1.5..0.5 step 0.1", "LO (1.5) must be less than HI (0.5)" },
		{ "radius = 0.5..1.5 step 0", "the step must be greater than 0, got '0'" },
		{ "radius = 0..2000 step 1", "0..2000 step 1 holds 2000 steps; the limit is 1000" },
		{ "radius = 0.5..1.5 step 0.3", "HI (1.5) is not LO (0.5) plus a whole number of steps of 0.3" },
		{ "radius = 2..5 step 1", "the value in run: (--radius 1.0) is not one of 2..5 step 1" },
		{ "radius = 0.25..1.75 step 0.5", "the value in run: (--radius 1.0) is not one of" },
		{ "act = relu|sigmoid", "the value in run: (--act tanh) is not one of relu|sigmoid" },
		{ "act = tanh", "vary act: expected 'LO..HI step S' or 'a|b|c' after '=', got 'tanh'" },
		{ "act = tanh||relu", "vary act: an empty choice" },
		{ "act = tanh|re lu", "vary act: the choice 're lu' has a space in it" },
		{ "act = tanh|relu|tanh", "vary act: 'tanh' is listed twice" },
		{ "--radius = 0.5..1.5 step 0.5", "vary: write the option without '--'" },
		{ "ra dius = 0.5..1.5 step 0.5", "vary: 'ra dius' is not an option name" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		snprintf(text, sizeof text, "%svary: %s\n```\n", head, cases[i].vary);
		LessonProblems ps = { 0 };
		Lesson *l = parse_ok(text, &ps);
		if (!has_problem(&ps, 4, cases[i].what)) {
			dump(&ps);
			fail_msg("vary: %s: no problem at line 4 containing \"%s\"", cases[i].vary,
				 cases[i].what);
		}
		lesson_free(l);
		lesson_problems_free(&ps);
	}
	/* At the limit is fine; a repeated name is not. */
	check_one("# T\n```experiment\nrun: norms\nvary: steps = 0..1000 step 1\nvary: steps = 1..2 step 1\n```\n",
		  5, "vary steps appears twice (first at line 4)");
	LessonProblems ps = { 0 };
	Lesson *l = parse_ok("# T\n```experiment\nrun: norms --radius=1.1\nvary: steps = 0..1000 step 1\n"
			     "vary: radius = 0.1..1.5 step 0.1\n```\n",
			     &ps);
	expect_no_problems(&ps);
	assert_int_equal(l->blocks[1].cell.n_vary, 2);
	lesson_free(l);
	lesson_problems_free(&ps);
}

static void test_structure_errors(void **state)
{
	(void)state;
	check_one("Text first.\n\n## Section\n", 1, "no title: the first line must be '# Title'");
	check_one("", 1, "no title");
	check_one("\n# Late\n", 2, "the title must be the first line");
	check_one("# One\n\ntext\n\n# Two\n", 5, "a second title (the first is at line 1)");
	check_one("# T\n#### Deep\n", 2, "a level-4 heading");
	check_one("# T\n##\n", 2, "an empty heading");
	/* An unclosed fence at the end, and one that runs into the next fence. */
	check_one("# T\n\n```math\nx = 1\n", 3, "unclosed ``` fence: it is still open at the end of the file");
	check_one("# T\n```quiz\nkind: numeric\n```check\nrun: check tanh\n```\n", 2,
		  "unclosed ``` fence: another one opens at line 4");
	/* A duplicate quiz id, given or computed. */
	const char *quiz = "```quiz\n%skind: numeric\nask: a\nanswer: 1\ntolerance: 1\nexplain: e\n```\n";
	char text[1024], q1[256], q2[256];
	snprintf(q1, sizeof q1, quiz, "id: same\n");
	snprintf(q2, sizeof q2, quiz, "id: same\n");
	snprintf(text, sizeof text, "# T\n%s%s", q1, q2);
	check_one(text, 11, "duplicate id 'same' (the quiz cell at line 2 has it)");
	snprintf(q1, sizeof q1, quiz, "id: q2\n");
	snprintf(q2, sizeof q2, quiz, "");
	snprintf(text, sizeof text, "# T\n%s%s", q1, q2);
	check_one(text, 10, "this quiz has no id: and gets 'q2' from its position, but the quiz cell at line 2 has that id");
	/* Experiments and checks take an id too (lessons/README.md maps questions to cells by
	 * it): one namespace with the quizzes', the same name rule. */
	snprintf(q1, sizeof q1, quiz, "id: symmetry\n");
	snprintf(text, sizeof text, "# T\n```check\nid: symmetry\nrun: check tanh\n```\n%s", q1);
	check_one(text, 7, "duplicate id 'symmetry' (the check cell at line 2 has it)");
	snprintf(q1, sizeof q1, quiz, "");
	snprintf(text, sizeof text, "# T\n```experiment\nid: q1\nrun: check tanh\n```\n%s", q1);
	check_one(text, 6, "this quiz has no id: and gets 'q1' from its position, but the experiment cell at line 2 has that id");
	check_one("# T\n```check\nid: a b\nrun: check tanh\n```\n", 3,
		  "id must be letters, digits, '-' or '_', got 'a b'");
	check_one("# T\n```experiment\nid: x\nrun: check tanh\nid: y\n```\n", 5,
		  "duplicate key 'id' (first at line 3)");
}

static void test_encoding_errors(void **state)
{
	(void)state;
	/* A Latin-1 byte on line 3, column 6; an overlong '/' and a lone continuation byte. */
	check_one("# T\n\nna\xefve caf\xe9\n", 3, "not valid UTF-8 at column 3 (byte 0xef)");
	check_one("# T\nok\n\xc0\xaf\n", 3, "not valid UTF-8 at column 1 (byte 0xc0)");
	check_one("# T\n\x80x\n", 2, "not valid UTF-8 at column 1 (byte 0x80)");
	check_one("# T\nend \xe4\xb8", 2, "not valid UTF-8 at column 5");   /* cut short */
	check_one("# T\nsurrogate \xed\xa0\x80\n", 2, "not valid UTF-8 at column 11 (byte 0xed)");
	/* The text is still parsed, with the bad bytes shown as '?'. */
	LessonProblems ps = { 0 };
	const char nul[] = "# T\n\nab\0cd\nx\ry\n";
	Lesson *l = NULL;
	assert_int_equal(lesson_parse("t.md", nul, sizeof nul - 1, &l, &ps), ST_OK);
	expect_problem(&ps, 3, "a NUL byte at column 3");
	expect_problem(&ps, 4, "a carriage return (CR) inside the line at column 2");
	assert_string_equal(l->blocks[1].text, "ab?cd x y");
	lesson_free(l);
	lesson_problems_free(&ps);
}

/* Many problems in one file: all of them are reported, in line order. */
static void test_every_problem_is_collected(void **state)
{
	(void)state;
	LessonProblems ps = { 0 };
	Lesson *l = parse_ok("## no title\n"
			     "```quiz\nkind: numeric\nask: a\nanswer: x\ntolerance: 0\n```\n"
			     "```experiment\nrun: norms\nvary: a = 1\nbogus: 1\n```\n"
			     "```widget\n```\n"
			     "# Two\n"
			     "```check\n",
			     &ps);
	expect_problem(&ps, 2, "missing required key 'explain'");
	expect_problem(&ps, 5, "answer of a numeric quiz must be a number");
	expect_problem(&ps, 6, "tolerance must be greater than 0");
	expect_problem(&ps, 10, "vary a: expected");
	expect_problem(&ps, 11, "unknown key 'bogus'");
	expect_problem(&ps, 13, "unknown cell type 'widget'");
	expect_problem(&ps, 15, "the title must be the first line");
	expect_problem(&ps, 16, "unclosed ``` fence");
	assert_int_equal(ps.n, 8);
	assert_int_equal(l->n_quizzes, 1);
	lesson_problems_sort(&ps, 0);
	for (int i = 1; i < ps.n; i++)
		assert_true(ps.items[i - 1].line <= ps.items[i].line);
	lesson_free(l);
	lesson_problems_free(&ps);
}

static void test_problems_print(void **state)
{
	(void)state;
	LessonProblems ps = { 0 };
	assert_int_equal(lesson_problem_add(&ps, "b.md", 7, "late %d", 1), ST_OK);
	assert_int_equal(lesson_problem_add(&ps, "a.md", 0, "whole file"), ST_OK);
	assert_int_equal(lesson_problem_add(&ps, "a.md", 3, "early"), ST_OK);
	lesson_problems_sort(&ps, 0);
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	lesson_problems_print(&ps, f);
	fclose(f);
	assert_string_equal(buf, "a.md: whole file\na.md:3: early\nb.md:7: late 1\n");
	free(buf);
	lesson_problems_free(&ps);
	assert_int_equal(ps.n, 0);
	lesson_problems_free(&ps);
	lesson_problems_free(NULL);
}

/* }==== */

/* {==== Files ==== */

static char tmpdir[64];

static void write_file(const char *path, const char *text, size_t len)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

static void test_load_files(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof tmpdir, "/tmp/gradlab-lesson-XXXXXX");
	assert_non_null(mkdtemp(tmpdir));
	char good_path[128], big_path[128], bad_name[128], missing[128];
	snprintf(good_path, sizeof good_path, "%s/01-good.md", tmpdir);
	snprintf(big_path, sizeof big_path, "%s/02-big.md", tmpdir);
	snprintf(bad_name, sizeof bad_name, "%s/notes.md", tmpdir);
	snprintf(missing, sizeof missing, "%s/03-missing.md", tmpdir);
	write_file(good_path, good, strlen(good));
	size_t big = LESSON_MAX_BYTES + 1;
	char *text = malloc(big);
	assert_non_null(text);
	memset(text, 'x', big);
	write_file(big_path, text, big);
	write_file(bad_name, "# x\n", 4);

	LessonProblems ps = { 0 };
	Lesson *l;
	assert_int_equal(lesson_load(good_path, &l, &ps), ST_OK);
	expect_no_problems(&ps);
	assert_string_equal(l->file, good_path);
	assert_int_equal(l->n_blocks, 14);
	lesson_free(l);

	assert_int_equal(lesson_load(big_path, &l, &ps), ST_ELIMIT);
	assert_null(l);
	expect_problem(&ps, 0, "the file is 1048577 bytes; a lesson file is at most 1048576 bytes (1 MiB)");
	assert_int_equal(lesson_parse("big.md", text, big, &l, &ps), ST_ELIMIT);
	assert_null(l);
	assert_int_equal(lesson_parse("ok.md", text, big - 1, &l, &ps), ST_OK);   /* at the limit */
	lesson_free(l);

	assert_int_equal(lesson_load(missing, &l, &ps), ST_EIO);
	assert_null(l);
	expect_problem(&ps, 0, "cannot read: No such file or directory");
	assert_int_equal(lesson_load(tmpdir, &l, &ps), ST_EIO);
	expect_problem(&ps, 0, "cannot read: Is a directory");
	lesson_problems_free(&ps);

	LessonNames names;
	assert_int_equal(lesson_list_dir(tmpdir, &names, &ps), ST_OK);
	assert_int_equal(names.n, 2);
	assert_string_equal(names.names[0], "01-good.md");
	assert_string_equal(names.names[1], "02-big.md");
	expect_problem(&ps, 0, "not a lesson file name");
	assert_int_equal(ps.n, 1);
	assert_string_equal(ps.items[0].file, bad_name);
	lesson_names_free(&names);
	lesson_names_free(&names);
	assert_int_equal(lesson_list_dir(missing, &names, &ps), ST_EIO);
	lesson_problems_free(&ps);

	assert_true(lesson_name_valid("01-activations.md"));
	assert_true(lesson_name_valid("12-lstm-gru2.md"));
	assert_false(lesson_name_valid("1-activations.md"));
	assert_false(lesson_name_valid("01-Activations.md"));
	assert_false(lesson_name_valid("01-.md"));
	assert_false(lesson_name_valid("01_x.md"));
	assert_false(lesson_name_valid("01-x.txt"));

	unlink(good_path);
	unlink(big_path);
	unlink(bad_name);
	rmdir(tmpdir);
	free(text);
}

/* }==== */

/* {==== run: lines, vary values, grading ==== */

static void test_argv(void **state)
{
	(void)state;
	LessonArgv a = { 0 };
	assert_int_equal(lesson_argv_split("  norms --steps 30\t--act=tanh  --radius 1.0 ", &a), ST_OK);
	assert_int_equal(a.argc, 7);
	assert_string_equal(a.argv[0], "gradlab");
	assert_string_equal(a.argv[1], "norms");
	assert_string_equal(a.argv[4], "--act=tanh");
	assert_null(a.argv[7]);
	assert_string_equal(lesson_argv_get(&a, "steps"), "30");
	assert_string_equal(lesson_argv_get(&a, "act"), "tanh");
	assert_string_equal(lesson_argv_get(&a, "radius"), "1.0");
	assert_null(lesson_argv_get(&a, "rad"));
	assert_null(lesson_argv_get(&a, "seed"));

	/* Replace in both forms, append when absent. */
	assert_int_equal(lesson_argv_set(&a, "act", "relu"), ST_OK);
	assert_int_equal(lesson_argv_set(&a, "radius", "0.5"), ST_OK);
	assert_int_equal(lesson_argv_set(&a, "seed", "7"), ST_OK);
	char buf[256];
	lesson_argv_join(&a, buf, sizeof buf);
	assert_string_equal(buf, "norms --steps 30 --act=relu --radius 0.5 --seed 7");
	assert_int_equal(a.argc, 9);
	assert_null(a.argv[9]);
	lesson_argv_free(&a);
	assert_int_equal(a.argc, 0);
	lesson_argv_free(&a);
	lesson_argv_free(NULL);

	/* --name last, or followed by another option: the value goes right after it. */
	assert_int_equal(lesson_argv_split("curves --from -6 --to", &a), ST_OK);
	assert_string_equal(lesson_argv_get(&a, "from"), "-6");
	assert_string_equal(lesson_argv_get(&a, "to"), "");
	assert_int_equal(lesson_argv_set(&a, "to", "6"), ST_OK);
	assert_int_equal(lesson_argv_set(&a, "from", "-10"), ST_OK);
	lesson_argv_join(&a, buf, sizeof buf);
	assert_string_equal(buf, "curves --from -10 --to 6");
	lesson_argv_free(&a);
	assert_int_equal(lesson_argv_split("check rnn --fast --steps 3", &a), ST_OK);
	assert_string_equal(lesson_argv_get(&a, "fast"), "");
	assert_int_equal(lesson_argv_set(&a, "fast", "2"), ST_OK);
	lesson_argv_join(&a, buf, sizeof buf);
	assert_string_equal(buf, "check rnn --fast 2 --steps 3");
	lesson_argv_join(&a, buf, 8);   /* truncated, still a string */
	assert_string_equal(buf, "check r");
	lesson_argv_free(&a);

	/* Refused: quotes, backslashes, nothing, too many words. */
	assert_int_equal(lesson_argv_split("norms --act 'tanh'", &a), ST_EPARSE);
	assert_non_null(strstr(status_detail(), "quotes"));
	assert_null(a.argv);
	assert_int_equal(lesson_argv_split("norms \"x\"", &a), ST_EPARSE);
	assert_int_equal(lesson_argv_split("norms a\\ b", &a), ST_EPARSE);
	assert_int_equal(lesson_argv_split("   ", &a), ST_EPARSE);
	assert_non_null(strstr(status_detail(), "empty"));
	char many[512] = "norms";
	for (int i = 0; i < LESSON_MAX_WORDS; i++)
		strcat(many, " x");
	assert_int_equal(lesson_argv_split(many, &a), ST_EPARSE);
	assert_non_null(strstr(status_detail(), "at most 64"));

	assert_true(lesson_command_allowed("bptt"));
	assert_false(lesson_command_allowed("lessons"));
	assert_false(lesson_command_allowed(NULL));
}

static void test_vary_values(void **state)
{
	(void)state;
	LessonProblems ps = { 0 };
	Lesson *l = parse_ok("# T\n```experiment\nrun: norms --radius 0.3\n"
			     "vary: radius = 0.1..1.5 step 0.1\nvary: act = tanh|relu\n"
			     "vary: forget-bias = -1..1 step 0.25\n```\n",
			     &ps);
	expect_no_problems(&ps);
	const LessonVary *r = &l->blocks[1].cell.vary[0], *c = &l->blocks[1].cell.vary[1],
			 *f = &l->blocks[1].cell.vary[2];
	char buf[32];
	assert_int_equal(lesson_vary_count(r), 15);
	lesson_vary_value(r, 2, buf, sizeof buf);
	assert_string_equal(buf, "0.3");   /* not 0.30000000000000004 */
	lesson_vary_value(r, 14, buf, sizeof buf);
	assert_string_equal(buf, "1.5");
	assert_int_equal(lesson_vary_index(r, "0.3"), 2);
	assert_int_equal(lesson_vary_index(r, "1.50"), 14);
	assert_int_equal(lesson_vary_index(r, "0.35"), -1);
	assert_int_equal(lesson_vary_index(r, "1.6"), -1);
	assert_int_equal(lesson_vary_index(r, "x"), -1);
	lesson_vary_value(f, 4, buf, sizeof buf);
	assert_string_equal(buf, "0");
	assert_int_equal(lesson_vary_count(c), 2);
	lesson_vary_value(c, 1, buf, sizeof buf);
	assert_string_equal(buf, "relu");
	assert_int_equal(lesson_vary_index(c, "relu"), 1);
	assert_int_equal(lesson_vary_index(c, "Relu"), -1);
	lesson_free(l);
	lesson_problems_free(&ps);
}

static void test_grading(void **state)
{
	(void)state;
	LessonProblems ps = { 0 };
	Lesson *l = parse_ok(good, &ps);
	const LessonCell *num = &l->blocks[10].cell, *choice = &l->blocks[11].cell,
			 *predict = &l->blocks[12].cell;
	assert_int_equal(lesson_grade(num, "0.25"), LESSON_CORRECT);
	assert_int_equal(lesson_grade(num, "  0.2500 "), LESSON_CORRECT);
	assert_int_equal(lesson_grade(num, "0.251"), LESSON_CORRECT);   /* exactly at the tolerance */
	assert_int_equal(lesson_grade(num, "0.249"), LESSON_CORRECT);
	assert_int_equal(lesson_grade(num, "2.5e-1"), LESSON_CORRECT);
	assert_int_equal(lesson_grade(num, "0.2515"), LESSON_INCORRECT);
	assert_int_equal(lesson_grade(num, "1"), LESSON_INCORRECT);
	assert_int_equal(lesson_grade(num, "1/4"), LESSON_CORRECT);   /* a fraction (learn/number.h) */
	assert_int_equal(lesson_grade(num, "a quarter"), LESSON_UNPARSEABLE);
	assert_int_equal(lesson_grade(num, "   "), LESSON_UNPARSEABLE);
	assert_int_equal(lesson_grade(num, NULL), LESSON_UNPARSEABLE);
	assert_int_equal(lesson_grade(num, "inf"), LESSON_UNPARSEABLE);
	assert_int_equal(lesson_grade(predict, "0.79"), LESSON_CORRECT);
	assert_int_equal(lesson_grade(predict, "0.8"), LESSON_INCORRECT);

	assert_int_equal(lesson_grade(choice, "b"), LESSON_CORRECT);
	assert_int_equal(lesson_grade(choice, " B  "), LESSON_CORRECT);
	assert_int_equal(lesson_grade(choice, "a"), LESSON_INCORRECT);
	assert_int_equal(lesson_grade(choice, "c"), LESSON_UNPARSEABLE);
	assert_int_equal(lesson_grade(choice, "ReLU"), LESSON_UNPARSEABLE);
	assert_int_equal(lesson_grade(choice, ""), LESSON_UNPARSEABLE);
	lesson_free(l);
	lesson_problems_free(&ps);

	/* A malformed quiz cannot be graded, whatever the answer. */
	l = parse_ok("# T\n```quiz\nkind: numeric\nask: a\nanswer: x\ntolerance: 0\nexplain: e\n```\n", &ps);
	assert_int_equal(lesson_grade(&l->blocks[1].cell, "1"), LESSON_UNPARSEABLE);
	lesson_free(l);
	lesson_problems_free(&ps);
}

/* }==== */

/* {==== Out of memory ==== */

/* Fail the n-th allocation for n = 0, 1, ... through a whole parse with problems: each
 * run ends with ST_ENOMEM and nothing leaked, or succeeds; never a crash. */
static void test_out_of_memory(void **state)
{
	(void)state;
	char text[4096];
	snprintf(text, sizeof text, "%s\n```quiz\nkind: choice\nask: a\nchoice: a | x\nanswer: z\n```\n"
				    "```experiment\nrun: norms \"q\"\nvary: x = 1..0 step 1\n```\n",
		 good);
	int failures = 0;
	for (long n = 0;; n++) {
		LessonProblems ps = { 0 };
		Lesson *l = NULL;
		mem_fail_after(n);
		Status st = lesson_parse("t.md", text, strlen(text), &l, &ps);
		mem_fail_after(-1);
		lesson_problems_free(&ps);
		if (st == ST_OK) {
			assert_non_null(l);
			lesson_free(l);
			break;
		}
		assert_int_equal(st, ST_ENOMEM);
		assert_null(l);
		failures++;
		assert_true(n < 100000);
	}
	assert_true(failures > 10);

	for (long n = 0;; n++) {
		LessonArgv a = { 0 };
		mem_fail_after(n);
		Status st = lesson_argv_split("norms --steps 3", &a);
		if (st == ST_OK)
			st = lesson_argv_set(&a, "act", "tanh");
		if (st == ST_OK)
			st = lesson_argv_set(&a, "steps", "4");
		mem_fail_after(-1);
		lesson_argv_free(&a);
		if (st == ST_OK)
			break;
		assert_int_equal(st, ST_ENOMEM);
	}
}

/* }==== */

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_well_formed_lesson),
		cmocka_unit_test(test_crlf_and_bom),
		cmocka_unit_test(test_cjk_lines_join_without_space),
		cmocka_unit_test(test_latin_lines_join_with_one_space),
		cmocka_unit_test(test_cell_errors),
		cmocka_unit_test(test_run_errors),
		cmocka_unit_test(test_run_rule),
		cmocka_unit_test(test_run_rule_in_lessons),
		cmocka_unit_test(test_rule_matches_help),
		cmocka_unit_test(test_vary_errors),
		cmocka_unit_test(test_structure_errors),
		cmocka_unit_test(test_encoding_errors),
		cmocka_unit_test(test_every_problem_is_collected),
		cmocka_unit_test(test_problems_print),
		cmocka_unit_test(test_load_files),
		cmocka_unit_test(test_argv),
		cmocka_unit_test(test_vary_values),
		cmocka_unit_test(test_grading),
		cmocka_unit_test(test_out_of_memory),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
