/* text: a text as code points over its vocabulary; see text.h. */
#include "train/text.h"

#include "core/datadir.h"
#include "core/file.h"
#include "core/lang.h"
#include "core/mem.h"
#include "core/path.h"
#include "core/utf8.h"

#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int cmp_unsigned(const void *a, const void *b)
{
	unsigned x = *(const unsigned *)a, y = *(const unsigned *)b;
	return (x > y) - (x < y);
}

int chartext_index(const CharText *t, unsigned cp)
{
	int lo = 0, hi = t->vocab_size - 1;
	while (lo <= hi) {
		int mid = lo + (hi - lo) / 2;
		if (t->vocab[mid] == cp)
			return mid;
		if (t->vocab[mid] < cp)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -1;
}

Status chartext_from_bytes(const char *bytes, size_t len, const char *name, CharText **out)
{
	*out = NULL;
	CharText *t = mem_calloc(1, sizeof *t);
	unsigned *cp = NULL;
	if (!t)
		goto nomem;
	snprintf(t->name, sizeof t->name, "%s", name);
	if (!(cp = mem_alloc((len ? len : 1) * sizeof *cp)))
		goto nomem;
	long n = 0;
	for (size_t i = 0; i < len;) {
		size_t at = i;
		unsigned c = utf8_next_n(bytes, len, &i);
		/* A malformed sequence decodes to U+FFFD and advances one byte; a real U+FFFD
		 * takes three. */
		if (c == 0xFFFD && i - at != 3) {
			chartext_free(t);
			mem_free(cp);
			return status_fail(ST_EPARSE, "%s: not UTF-8 at byte %zu", name, at);
		}
		cp[n++] = c;
	}
	if (n == 0) {
		chartext_free(t);
		mem_free(cp);
		return status_fail(ST_EINVAL, "%s: the text is empty", name);
	}
	uint64_t h = 0xcbf29ce484222325ULL;
	for (size_t i = 0; i < len; i++) {
		h ^= (unsigned char)bytes[i];
		h *= 0x100000001b3ULL;
	}
	t->hash = h;
	t->n = n;
	if (!(t->vocab = mem_alloc((size_t)n * sizeof *t->vocab)) ||
	    !(t->id = mem_alloc((size_t)n * sizeof *t->id)))
		goto nomem;
	memcpy(t->vocab, cp, (size_t)n * sizeof *cp);
	qsort(t->vocab, (size_t)n, sizeof *t->vocab, cmp_unsigned);
	int v = 0;
	for (long i = 0; i < n; i++)
		if (i == 0 || t->vocab[i] != t->vocab[v - 1])
			t->vocab[v++] = t->vocab[i];
	t->vocab_size = v;
	for (long i = 0; i < n; i++)
		t->id[i] = chartext_index(t, cp[i]);
	mem_free(cp);
	*out = t;
	return ST_OK;
nomem:
	mem_free(cp);
	chartext_free(t);
	return status_fail(ST_ENOMEM, "out of memory for the text %s", name);
}

void chartext_free(CharText *t)
{
	if (!t)
		return;
	mem_free(t->id);
	mem_free(t->vocab);
	mem_free(t);
}

/* {==== The lessons ==== */
static int lessons_lang; /* the language datadir_find's test looks for */

static int has_lang(const char *dir)
{
	char sub[PATH_MAX];
	struct stat sb;
	return path_join(sub, sizeof sub, dir, lang_code(lessons_lang)) == ST_OK &&
	       stat(sub, &sb) == 0 && S_ISDIR(sb.st_mode);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int is_md(const char *name)
{
	size_t n = strlen(name);
	return n > 3 && strcmp(name + n - 3, ".md") == 0 && name[0] != '.';
}

/* Every .md of dir, in name order (strcmp: the same under every locale), joined. */
static Status read_lessons(const char *dir, const char *name, CharText **out)
{
	DIR *d = opendir(dir);
	if (!d)
		return status_fail(ST_EIO, "%s: the lessons folder %s cannot be read", name, dir);
	char **files = NULL, *all = NULL;
	size_t n = 0, cap = 0, len = 0;
	Status st = ST_OK;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (!is_md(e->d_name))
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 16;
			char **more = mem_realloc(files, cap * sizeof *files);
			if (!more)
				goto nomem;
			files = more;
		}
		if (!(files[n] = mem_alloc(strlen(e->d_name) + 1)))
			goto nomem;
		strcpy(files[n++], e->d_name);
	}
	if (n == 0) {
		st = status_fail(ST_EIO, "%s: no lessons (*.md) in %s", name, dir);
		goto done;
	}
	qsort(files, n, sizeof *files, cmp_str);
	for (size_t i = 0; i < n; i++) {
		char path[PATH_MAX], why[160], *text;
		size_t tl;
		if ((st = path_join(path, sizeof path, dir, files[i])))
			goto done;
		FileRead fr = file_read_capped(path, TEXT_MAX_BYTES, &text, &tl, why, sizeof why);
		if (fr != FILE_READ_OK) {
			st = status_fail(ST_EIO, "%s: %s", path,
					 fr == FILE_READ_MISSING ? "no such file" : why);
			goto done;
		}
		/* Each lesson is checked on its own, so that a bad byte names its file. */
		CharText *one;
		if ((st = chartext_from_bytes(text, tl, path, &one))) {
			mem_free(text);
			goto done;
		}
		chartext_free(one);
		char *more = len + tl > TEXT_MAX_BYTES ? NULL : mem_realloc(all, len + tl + 1);
		if (!more) {
			mem_free(text);
			st = status_fail(ST_ELIMIT, "%s: the lessons are larger than %zu bytes", name,
					 TEXT_MAX_BYTES);
			goto done;
		}
		all = more;
		memcpy(all + len, text, tl);
		len += tl;
		mem_free(text);
	}
	st = chartext_from_bytes(all, len, name, out);
	goto done;
nomem:
	st = status_fail(ST_ENOMEM, "out of memory reading the lessons");
done:
	closedir(d);
	for (size_t i = 0; i < n; i++)
		mem_free(files[i]);
	mem_free(files);
	mem_free(all);
	return st;
}
/* }==== */

Status chartext_load(const char *source, CharText **out)
{
	*out = NULL;
	size_t k = strlen(TEXT_LESSONS);
	if (!source || strcmp(source, TEXT_LESSONS) == 0 ||
	    (strncmp(source, TEXT_LESSONS, k) == 0 && source[k] == ':')) {
		const char *code = source && source[k] == ':' ? source + k + 1 : lang_code(LANG_EN);
		int lang = lang_of_code(code);
		if (lang < 0)
			return status_fail(ST_EINVAL, "--text %s: no lessons in a language '%s'",
					   source, code);
		char name[32], dir[PATH_MAX], sub[PATH_MAX];
		snprintf(name, sizeof name, "%s:%s", TEXT_LESSONS, lang_code(lang));
		lessons_lang = lang;
		if (!datadir_find("lessons", has_lang, dir, sizeof dir))
			return status_fail(ST_EIO, "%s: no lessons folder with %s/ found (looked last "
					   "in %s)", name, lang_code(lang), dir);
		Status st = path_join(sub, sizeof sub, dir, lang_code(lang));
		return st ? st : read_lessons(sub, name, out);
	}
	char *text, why[160];
	size_t len;
	FileRead fr = file_read_capped(source, TEXT_MAX_BYTES, &text, &len, why, sizeof why);
	if (fr == FILE_READ_MISSING)
		return status_fail(ST_EIO, "--text %s: no such file", source);
	if (fr != FILE_READ_OK)
		return status_fail(ST_EIO, "--text %s: %s", source, why);
	Status st = chartext_from_bytes(text, len, source, out);
	mem_free(text);
	return st;
}
