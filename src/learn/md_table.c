/* md_table: reading the lesson folder's README.md, a small Markdown file of sections and
 * tables: shared by the glossary (lint.c) and the map of questions to cells (lint_map.c). */
#include "learn/md_table.h"

#include "core/mem.h"
#include "learn/lesson.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A regular file's text, NUL-terminated, or *text NULL when there is none: *err is then the
 * errno of a file that could not be opened or read, EFBIG for one larger than a lesson may
 * be, MD_NOT_REGULAR for one that is not a regular file. The file is opened without waiting,
 * so a FIFO in its place cannot block the lint. */
Status md_read_regular(const char *path, char **text, size_t *len, int *err)
{
	*text = NULL;
	*len = 0;
	*err = 0;
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	struct stat sb;
	if (fd < 0) {
		*err = errno;
		return ST_OK;
	}
	if (fstat(fd, &sb) != 0)
		*err = errno;
	else if (!S_ISREG(sb.st_mode))
		*err = MD_NOT_REGULAR;
	else if (sb.st_size > LESSON_MAX_BYTES)
		*err = EFBIG;
	if (*err) {
		close(fd);
		return ST_OK;
	}
	char *t = mem_alloc((size_t)sb.st_size + 1);
	if (!t) {
		close(fd);
		return status_fail(ST_ENOMEM, "out of memory reading %s", path);
	}
	size_t n = 0;
	while (n < (size_t)sb.st_size) {
		ssize_t r = read(fd, t + n, (size_t)sb.st_size - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			*err = errno;
			close(fd);
			mem_free(t);
			return ST_OK;
		}
		if (r == 0)
			break;   /* the file shrank meanwhile */
		n += (size_t)r;
	}
	close(fd);
	t[n] = '\0';
	*text = t;
	*len = n;
	return ST_OK;
}

/* The next line of [*s, end) without its CR LF; *s moves past it. 0 at the end. */
int md_next_line(const char **s, const char *end, const char **b, size_t *n)
{
	if (*s >= end)
		return 0;
	const char *e = memchr(*s, '\n', (size_t)(end - *s));
	const char *stop = e ? e : end;
	*b = *s;
	*n = (size_t)(stop - *s);
	if (*n > 0 && (*b)[*n - 1] == '\r')
		(*n)--;
	*s = e ? e + 1 : end;
	return 1;
}

char *md_dup_trimmed(const char *b, size_t n)
{
	while (n > 0 && (*b == ' ' || *b == '\t'))
		b++, n--;
	while (n > 0 && (b[n - 1] == ' ' || b[n - 1] == '\t'))
		n--;
	char *s = mem_alloc(n + 1);
	if (s) {
		memcpy(s, b, n);
		s[n] = '\0';
	}
	return s;
}

/* A table's |---|:--:| line. */
int md_is_rule_row(const char *b, size_t n)
{
	int dash = 0;
	for (size_t i = 0; i < n; i++) {
		if (b[i] == '-')
			dash = 1;
		else if (!strchr("|: \t", b[i]))
			return 0;
	}
	return n > 0 && b[0] == '|' && dash;
}

/* Split a row "| a | b | c |" into at most max trimmed cells; returns how many. */
int md_row_cells(const char *b, size_t n, const char *cell[], size_t cell_n[], int max)
{
	int k = 0;
	size_t i = 1;   /* past the leading '|' */
	while (i < n && k < max) {
		const char *e = memchr(b + i, '|', n - i);
		size_t stop = e ? (size_t)(e - b) : n;
		const char *c = b + i;
		size_t cn = stop - i;
		while (cn > 0 && (*c == ' ' || *c == '\t'))
			c++, cn--;
		while (cn > 0 && (c[cn - 1] == ' ' || c[cn - 1] == '\t'))
			cn--;
		if (!e && cn == 0)
			break;   /* nothing after the last '|' */
		cell[k] = c;
		cell_n[k++] = cn;
		i = stop + 1;
	}
	return k;
}

/* "## Title" is 2, "# Title" 1, anything else 0. */
int md_heading_level(const char *b, size_t n)
{
	size_t i = 0;
	while (i < n && b[i] == '#')
		i++;
	return i > 0 && i < n && b[i] == ' ' ? (int)i : 0;
}

