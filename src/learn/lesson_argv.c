/* lesson_argv: a cell's run: line as the argv main() gets, and the changes the UI and the
 * lint make to it (lesson.h): read an option's value, put a varied value in its place, join
 * the words back into a line. In src/learn; the cell parser splits every run: line with it,
 * and the UI and the lint hand the result to the caller's command runner. */
#include "learn/lesson.h"

#include "core/mem.h"
#include "learn/lesson_internal.h"

#include <stdio.h>
#include <string.h>

Status lesson_argv_split(const char *run, LessonArgv *out)
{
	out->argc = 0;
	out->argv = NULL;
	if (strpbrk(run, "'\"\\`"))
		return status_fail(ST_EPARSE, "quotes and backslashes are not supported: the words of a run: line are split at spaces");
	int n = 0;
	for (const char *s = run; *s;) {
		while (lesson_is_blank_char(*s))
			s++;
		if (!*s)
			break;
		n++;
		while (*s && !lesson_is_blank_char(*s))
			s++;
	}
	if (n == 0)
		return status_fail(ST_EPARSE, "the line is empty; it names a command and its options");
	if (n > LESSON_MAX_WORDS)
		return status_fail(ST_EPARSE, "%d words; a run: line has at most %d", n, LESSON_MAX_WORDS);
	char **argv = mem_calloc((size_t)n + 2, sizeof *argv);
	if (!argv)
		goto oom;
	out->argv = argv;
	if (!(argv[0] = mem_strdup("gradlab")))
		goto oom;
	out->argc = 1;
	for (const char *s = run; *s;) {
		while (lesson_is_blank_char(*s))
			s++;
		if (!*s)
			break;
		const char *w = s;
		while (*s && !lesson_is_blank_char(*s))
			s++;
		char *word = mem_alloc((size_t)(s - w) + 1);
		if (!word)
			goto oom;
		memcpy(word, w, (size_t)(s - w));
		word[s - w] = '\0';
		argv[out->argc++] = word;
	}
	return ST_OK;
oom:
	lesson_argv_free(out);
	return status_fail(ST_ENOMEM, "out of memory splitting a run: line");
}

/* Whether word is --name (1), --name=VALUE (2), or neither (0). */
static int option_form(const char *word, const char *name)
{
	size_t n = strlen(name);
	if (strncmp(word, "--", 2) != 0 || strncmp(word + 2, name, n) != 0)
		return 0;
	return word[2 + n] == '\0' ? 1 : word[2 + n] == '=' ? 2 : 0;
}

const char *lesson_argv_get(const LessonArgv *a, const char *name)
{
	const char *value = NULL;
	for (int i = 2; i < a->argc; i++) {
		int form = option_form(a->argv[i], name);
		if (form == 2)
			value = a->argv[i] + strlen(name) + 3;
		else if (form == 1)
			value = i + 1 < a->argc && strncmp(a->argv[i + 1], "--", 2) != 0 ? a->argv[++i] : "";
	}
	return value;
}

/* Insert word at position at, shifting the rest; the array keeps its NULL at argc. */
static Status insert_word(LessonArgv *a, int at, const char *word)
{
	char *w = mem_strdup(word);
	char **argv = w ? mem_realloc(a->argv, (size_t)(a->argc + 2) * sizeof *argv) : NULL;
	if (!argv) {
		mem_free(w);
		return status_fail(ST_ENOMEM, "out of memory changing a run: line");
	}
	a->argv = argv;
	memmove(argv + at + 1, argv + at, (size_t)(a->argc - at) * sizeof *argv);
	argv[at] = w;
	a->argc++;
	argv[a->argc] = NULL;
	return ST_OK;
}

static Status replace_word(LessonArgv *a, int at, const char *prefix, const char *value)
{
	size_t n = strlen(prefix) + strlen(value) + 1;
	char *w = mem_alloc(n);
	if (!w)
		return status_fail(ST_ENOMEM, "out of memory changing a run: line");
	snprintf(w, n, "%s%s", prefix, value);
	mem_free(a->argv[at]);
	a->argv[at] = w;
	return ST_OK;
}

Status lesson_argv_set(LessonArgv *a, const char *name, const char *value)
{
	int found = 0;
	Status st = ST_OK;
	for (int i = 2; i < a->argc && st == ST_OK; i++) {
		int form = option_form(a->argv[i], name);
		if (form == 2) {
			char prefix[256];
			snprintf(prefix, sizeof prefix, "--%s=", name);
			st = replace_word(a, i, prefix, value);
			found = 1;
		} else if (form == 1) {
			if (i + 1 < a->argc && strncmp(a->argv[i + 1], "--", 2) != 0)
				st = replace_word(a, i + 1, "", value);
			else
				st = insert_word(a, i + 1, value);
			i++;
			found = 1;
		}
	}
	if (st != ST_OK || found)
		return st;
	char opt[256];
	snprintf(opt, sizeof opt, "--%s", name);
	if ((st = insert_word(a, a->argc, opt)) != ST_OK)
		return st;
	return insert_word(a, a->argc, value);
}

void lesson_argv_join(const LessonArgv *a, char *buf, size_t size)
{
	if (size == 0)
		return;
	buf[0] = '\0';
	size_t n = 0;
	for (int i = 1; i < a->argc && n < size; i++)
		n += (size_t)snprintf(buf + n, size - n, "%s%s", i > 1 ? " " : "", a->argv[i]);
}

void lesson_argv_free(LessonArgv *a)
{
	if (!a)
		return;
	if (a->argv)
		for (int i = 0; i < a->argc; i++)
			mem_free(a->argv[i]);
	mem_free(a->argv);
	a->argv = NULL;
	a->argc = 0;
}
