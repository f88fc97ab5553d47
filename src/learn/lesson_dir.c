/* lesson_dir: the lesson files of a language folder (lesson.h), by name: NN-slug.md, sorted.
 * In src/learn; the lint and the UI list lessons/en and lessons/zh with it, and a *.md file
 * whose name breaks the pattern is a problem to report, not a file to skip in silence. */
#include "learn/lesson.h"

#include "core/mem.h"
#include "core/path.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int lesson_name_valid(const char *name)
{
	size_t n = strlen(name);
	if (n < 7 || strcmp(name + n - 3, ".md") != 0)
		return 0;
	if (!(name[0] >= '0' && name[0] <= '9' && name[1] >= '0' && name[1] <= '9' && name[2] == '-'))
		return 0;
	for (size_t i = 3; i < n - 3; i++) {
		char c = name[i];
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
			return 0;
	}
	return 1;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

Status lesson_list_dir(const char *lang_dir, LessonNames *out, LessonProblems *ps)
{
	out->names = NULL;
	out->n = 0;
	DIR *d = opendir(lang_dir);
	if (!d)
		return status_fail(ST_EIO, "cannot open %s: %s", lang_dir, strerror(errno));
	int cap = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		const char *name = e->d_name;
		size_t n = strlen(name);
		if (!lesson_name_valid(name)) {
			if (ps && n > 3 && strcmp(name + n - 3, ".md") == 0 && name[0] != '.') {
				char path[PATH_MAX];
				/* A path too long to name is told as that, never cut. */
				Status added =
					path_join(path, sizeof path, lang_dir, name) != ST_OK
						? lesson_problem_add(ps, lang_dir, 0, "%s", status_detail())
						: lesson_problem_add(ps, path, 0,
						       "not a lesson file name: lessons are NN-slug.md (two digits, then a-z, 0-9 and '-')");
				if (added != ST_OK)
					goto oom;
			}
			continue;
		}
		if (out->n == cap) {
			int c = cap ? 2 * cap : 16;
			char **names = mem_realloc(out->names, (size_t)c * sizeof *names);
			if (!names)
				goto oom;
			out->names = names;
			cap = c;
		}
		if (!(out->names[out->n] = mem_strdup(name)))
			goto oom;
		out->n++;
	}
	closedir(d);
	if (out->n > 1)
		qsort(out->names, (size_t)out->n, sizeof *out->names, by_name);
	return ST_OK;
oom:
	closedir(d);
	lesson_names_free(out);
	return status_fail(ST_ENOMEM, "out of memory listing %s", lang_dir);
}

void lesson_names_free(LessonNames *n)
{
	if (!n)
		return;
	for (int i = 0; i < n->n; i++)
		mem_free(n->names[i]);
	mem_free(n->names);
	n->names = NULL;
	n->n = 0;
}
