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
