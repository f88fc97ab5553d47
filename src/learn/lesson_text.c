/* lesson_text: the small text tests every part of the lesson parser shares: blanks,
 * trimming, how much of a learner's text a message quotes, numbers and names. Below the
 * parser's stages (lesson_internal.h); the grading and the run: helpers use them too. */
#include "learn/lesson.h"

#include "learn/lesson_internal.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

int lesson_is_blank_char(char c)
{
	return c == ' ' || c == '\t';
}

int lesson_is_blank(const char *s)
{
	while (lesson_is_blank_char(*s))
		s++;
	return *s == '\0';
}

/* Skip leading blanks and cut trailing ones, in place. */
char *lesson_trim(char *s)
{
	while (lesson_is_blank_char(*s))
		s++;
	size_t n = strlen(s);
	while (n > 0 && lesson_is_blank_char(s[n - 1]))
		s[--n] = '\0';
	return s;
}

/* How many bytes of s to quote: at most QUOTE, ending on a character boundary. */
int lesson_quote_len(const char *s)
{
	size_t n = strlen(s);
	if (n <= QUOTE)
		return (int)n;
	n = QUOTE;
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	return (int)n;
}

/* After n = vsnprintf(msg, size, ...): a message that did not fit ends in "..." and is cut
 * between characters, never inside a UTF-8 sequence, so lint output stays valid text for
 * Chinese lessons. */
void lesson_cut_message(char *msg, size_t size, int n)
{
	if (n < (int)size || size < 4)
		return;
	size_t end = size - 4;
	while (end > 0 && ((unsigned char)msg[end] & 0xC0) == 0x80)
		end--;
	memcpy(msg + end, "...", 4);
}

/* A whole string that is a finite decimal number. */
int lesson_parse_number(const char *s, double *x)
{
	if (!*s || strspn(s, "0123456789+-.eE") != strlen(s))
		return 0;
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (end == s || *end || !isfinite(v))
		return 0;
	*x = v;
	return 1;
}

int lesson_is_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '_';
}

int lesson_is_name(const char *s)
{
	if (!*s || *s == '-')
		return 0;
	for (; *s; s++)
		if (!lesson_is_name_char(*s))
			return 0;
	return 1;
}

/* {==== Inline emphasis (lesson.h) ==== */

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static int is_punct(char c)
{
	return (c >= '!' && c <= '/') || (c >= ':' && c <= '@') || (c >= '[' && c <= '`') ||
	       (c >= '{' && c <= '~');
}

static int is_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* The length of the run of c at s[i] (n bytes in all). */
static size_t run_of(const char *s, size_t n, size_t i, char c)
{
	size_t j = i;
	while (j < n && s[j] == c)
		j++;
	return j - i;
}

/* Whether the run of '*' at s[i..j) may open or close emphasis: CommonMark's flanking
 * rules, with the intraword rule of its '_' (not after or before an ASCII letter or
 * digit), so that products such as 2*x*y stay products. Bytes past the ends count as
 * blanks; a non-ASCII byte counts as a letter of a word, so Chinese needs no spaces. */
static int can_open(const char *s, size_t n, size_t i, size_t j)
{
	char prev = i > 0 ? s[i - 1] : ' ', next = j < n ? s[j] : ' ';
	if (is_space(next) || is_alnum(prev))
		return 0;
	return !is_punct(next) || is_space(prev) || is_punct(prev);
}

static int can_close(const char *s, size_t n, size_t i, size_t j)
{
	char prev = i > 0 ? s[i - 1] : ' ', next = j < n ? s[j] : ' ';
	if (is_space(prev) || is_alnum(next))
		return 0;
	return !is_punct(prev) || is_space(next) || is_punct(next);
}

/* Where the code span opened by the k backquotes at s[i] ends: the index of its closing
 * run, or 0 when none closes it. */
static size_t code_end(const char *s, size_t n, size_t i, size_t k)
{
	for (size_t j = i + k; j < n;) {
		if (s[j] != '`') {
			j++;
			continue;
		}
		size_t m = run_of(s, n, j, '`');
		if (m == k)
			return j;
		j += m;
	}
	return 0;
}

/* Whether a run of k '*' (or of three, which closes both) after s[from] closes, outside
 * code spans and escapes. */
static int closer_after(const char *s, size_t n, size_t from, size_t k)
{
	for (size_t j = from; j < n;) {
		if (s[j] == '\\' && j + 1 < n && (s[j + 1] == '*' || s[j + 1] == '`')) {
			j += 2;
		} else if (s[j] == '`') {
			size_t m = run_of(s, n, j, '`'), e = code_end(s, n, j, m);
			j = e ? e + m : j + m;
		} else if (s[j] == '*') {
			size_t m = run_of(s, n, j, '*');
			if ((m == k || m == 3) && can_close(s, n, j, j + m))
				return 1;   /* *em in **strong*** ends at the *** */
			j += m;
		} else {
			j++;
		}
	}
	return 0;
}

size_t lesson_emphasis(const char *s, size_t n, char *out, unsigned char *attr)
{
	size_t o = 0;
	unsigned on = 0;
	for (size_t i = 0; i < n;) {
		char c = s[i];
		if (c == '\\' && i + 1 < n && (s[i + 1] == '*' || s[i + 1] == '`')) {
			if (attr)
				attr[o] = (unsigned char)on;
			out[o++] = s[i + 1];
			i += 2;
			continue;
		}
		if (c == '`') {
			size_t k = run_of(s, n, i, '`'), e = code_end(s, n, i, k);
			size_t a = i + k, b = e;
			if (!e) {   /* no closing run: the backquotes are text */
				a = i, b = i + k;
			} else if (b - a >= 2 && s[a] == ' ' && s[b - 1] == ' ' &&
				   run_of(s, b, a, ' ') < b - a) {
				a++, b--;
			}
			for (size_t q = a; q < b; q++) {
				if (attr)
					attr[o] = (unsigned char)(on | (e ? LESSON_CODE_SPAN : 0));
				out[o++] = s[q];
			}
			i = e ? e + k : i + k;
			continue;
		}
		if (c == '*') {
			size_t k = run_of(s, n, i, '*'), j = i + k;
			unsigned mark = k == 1 ? LESSON_EMPH : k == 2 ? LESSON_STRONG
				      : k == 3 ? LESSON_EMPH | LESSON_STRONG : 0;
			if (mark && (k == 3 ? on : (on & mark)) && can_close(s, n, i, j)) {
				on &= ~mark;
				i = j;
				continue;
			}
			if (mark && !(on & mark) && can_open(s, n, i, j) && closer_after(s, n, j, k)) {
				on |= mark;
				i = j;
				continue;
			}
			for (; i < j; i++) {   /* a product, a star of a name, an unpaired run */
				if (attr)
					attr[o] = (unsigned char)on;
				out[o++] = '*';
			}
			continue;
		}
		if (attr)
			attr[o] = (unsigned char)on;
		out[o++] = c;
		i++;
	}
	out[o] = '\0';
	if (attr)
		attr[o] = 0;
	return o;
}

/* }==== */
