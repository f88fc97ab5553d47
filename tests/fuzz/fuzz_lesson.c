/* fuzz_lesson: libFuzzer target for the lesson parser (src/learn). The bytes are a lesson
 * file: lesson_parse reads them, then what the book and the lint do with a parsed lesson runs
 * over every cell: the run: line split into an argv, each vary value put into it, each quiz
 * graded with its own answer, and lint_runs with a runner that only checks the argv it gets
 * (running the experiments themselves would measure them, not the parser), and the prose's
 * emphasis markers read as the book reads them. The problems are
 * printed to /dev/null. Build and run: `make fuzz` (tests/fuzz/README). */
#include "learn/lesson.h"
#include "learn/lint.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* What the CLI would get: argc words, argv[argc] NULL, each a string. */
static int fake_run(int argc, char **argv, FILE *out, FILE *err)
{
	(void)out;
	if (argc < 2 || argv[argc] != NULL)
		abort();
	size_t n = 0;
	for (int i = 0; i < argc; i++)
		n += strlen(argv[i]);
	fprintf(err, "%zu\n", n);
	return (int)(n % 3 == 0);
}

/* Prose as the book and --show draw it (lesson_emphasis): never longer, NUL-terminated. */
static void prose(const char *s)
{
	if (!s)
		return;
	size_t n = strlen(s);
	char *out = malloc(n + 1);
	unsigned char *attr = malloc(n + 1);
	if (out && attr && (lesson_emphasis(s, n, out, attr) > n || strlen(out) > n))
		abort();
	free(out);
	free(attr);
}

static void cell(const LessonCell *c, FILE *null)
{
	if (c->run.s) {
		LessonArgv a = { 0 };
		if (lesson_argv_split(c->run.s, &a) == ST_OK) {
			char buf[512];
			for (int v = 0; v < c->n_vary; v++) {
				int n = lesson_vary_count(&c->vary[v]);
				for (int i = 0; i < n && i < 50; i++) {
					lesson_vary_value(&c->vary[v], i, buf, sizeof buf);
					lesson_vary_index(&c->vary[v], buf);
					lesson_argv_set(&a, c->vary[v].name, buf);
				}
				(void)lesson_argv_get(&a, c->vary[v].name);
			}
			lesson_argv_join(&a, buf, sizeof buf);
			fputs(buf, null);
		}
		lesson_argv_free(&a);
	}
	if (c->answer.s)
		(void)lesson_grade(c, c->answer.s);
	for (int i = 0; i < c->n_choices; i++)
		(void)lesson_grade(c, c->choices[i].key);
	(void)lesson_grade(c, " 0.5 ");
	prose(c->ask.s);
	prose(c->caption.s);
	prose(c->explain.s);
	for (int i = 0; i < c->n_choices; i++)
		prose(c->choices[i].text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	LessonProblems ps = { 0 };
	Lesson *l = NULL;
	FILE *null = fopen("/dev/null", "w");
	if (!null)
		return 0;
	if (lesson_parse("fuzz.md", (const char *)data, size, &l, &ps) == ST_OK && l) {
		for (int i = 0; i < l->n_blocks; i++) {
			if (lesson_is_cell(l->blocks[i].kind))
				cell(&l->blocks[i].cell, null);
			else
				prose(l->blocks[i].text);
		}
		lint_runs(l, fake_run, &ps);
		/* a lesson against itself: every cell must compare equal */
		lint_compare(l, l, &ps);
	}
	lesson_problems_sort(&ps, 0);
	lesson_problems_print(&ps, null);
	lesson_free(l);
	lesson_problems_free(&ps);
	fclose(null);
	return 0;
}
