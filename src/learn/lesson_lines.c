/* lesson_lines: the line reader, the parser's first stage (lesson_internal.h). The lesson's
 * copy of the text is made valid UTF-8 in place, CR LF becomes LF, and the text is cut into
 * NUL-terminated lines that the block parser (lesson_blocks.c) reads. A bad byte is a
 * problem to report, not a reason to stop: it becomes '?' and the line is kept. */
#include "learn/lesson.h"

#include "core/utf8.h"
#include "learn/lesson_internal.h"

/* The length of the valid UTF-8 character at s (n bytes left), 0 when invalid or NUL: core's
 * decoder gives U+FFFD and one byte for a malformed sequence, three for a U+FFFD written. */
static int utf8_len(const unsigned char *s, size_t n)
{
	size_t i = 0;
	unsigned cp = utf8_next_n((const char *)s, n, &i);
	return cp == 0 || (cp == 0xFFFD && i == 1) ? 0 : (int)i;
}

/* Make every line valid UTF-8 in place (a bad byte becomes '?', reported once a line),
 * drop the CR of CR LF, and cut the text into lines. */
Line *lesson_lines_split(Parser *p, char *text, size_t len, int *n_lines)
{
	int n = 1;
	for (size_t i = 0; i < len; i++)
		n += text[i] == '\n';
	if (len > 0 && text[len - 1] == '\n')
		n--;
	Line *lines = lesson_alloc(p, (size_t)(n > 0 ? n : 1) * sizeof *lines);
	if (!lines)
		return NULL;
	int k = 0;
	for (size_t i = 0; k < n; k++) {
		char *s = text + i;
		size_t end = i;
		while (end < len && text[end] != '\n')
			end++;
		size_t m = end - i;
		if (m > 0 && s[m - 1] == '\r')
			s[--m] = '\0';
		int reported_utf8 = 0, reported_cr = 0;
		for (size_t j = 0; j < m;) {
			if (s[j] == '\r') {
				if (!reported_cr++)
					lesson_problem_at(p, k + 1, "a carriage return (CR) inside the line at column %zu; lines end with LF or CR LF",
						j + 1);
				s[j++] = ' ';
				continue;
			}
			int c = utf8_len((unsigned char *)s + j, m - j);
			if (c > 0) {
				j += (size_t)c;
				continue;
			}
			if (!reported_utf8++) {
				if (s[j] == '\0')
					lesson_problem_at(p, k + 1, "a NUL byte at column %zu", j + 1);
				else
					lesson_problem_at(p, k + 1, "not valid UTF-8 at column %zu (byte 0x%02x); lessons are UTF-8 text",
						j + 1, (unsigned char)s[j]);
			}
			s[j++] = '?';
		}
		s[m] = '\0';
		lines[k] = (Line){ s, k + 1 };
		i = end + 1;
	}
	*n_lines = n;
	return lines;
}
