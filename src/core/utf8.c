/* utf8: one decoder and one column counter for every layer; see utf8.h. */
#include "core/utf8.h"

#include <stdint.h>
#include <string.h>
#include <wchar.h>

unsigned utf8_next(const char *s, size_t *i)
{
	return utf8_next_n(s, SIZE_MAX, i); /* the NUL, no continuation byte, ends a sequence */
}

unsigned utf8_next_n(const char *s, size_t n, size_t *i)
{
	const unsigned char *p = (const unsigned char *)s + *i;
	size_t left = n - *i;
	unsigned c = p[0], cp, need, min;
	if (c < 0x80) {
		*i += 1;
		return c;
	}
	if (c >= 0xc2 && c <= 0xdf)
		cp = c & 0x1f, need = 1, min = 0x80;
	else if (c >= 0xe0 && c <= 0xef)
		cp = c & 0x0f, need = 2, min = 0x800;
	else if (c >= 0xf0 && c <= 0xf4)
		cp = c & 0x07, need = 3, min = 0x10000;
	else
		goto bad;
	for (unsigned k = 1; k <= need; k++) {
		if (k >= left || (p[k] & 0xc0) != 0x80)
			goto bad;
		cp = cp << 6 | (p[k] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		goto bad;
	*i += need + 1;
	return cp;
bad:
	*i += 1;
	return 0xfffd;
}

/* East Asian Wide and Fullwidth, the blocks Chinese text uses. */
static int is_wide(unsigned cp)
{
	return (cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0x303e) ||
	       (cp >= 0x3041 && cp <= 0x33ff) || (cp >= 0x3400 && cp <= 0x4dbf) ||
	       (cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0xa000 && cp <= 0xa4cf) ||
	       (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xf900 && cp <= 0xfaff) ||
	       (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60) ||
	       (cp >= 0xffe0 && cp <= 0xffe6) || (cp >= 0x20000 && cp <= 0x3fffd);
}

int utf8_cols_n(const char *s, size_t n)
{
	int cols = 0;
	for (size_t i = 0; i < n && s[i];) {
		unsigned cp = utf8_next(s, &i);
		int w = cp < 0x80 ? 1 : wcwidth((wchar_t)cp);
		cols += w >= 0 ? w : is_wide(cp) ? 2 : 1;
	}
	return cols;
}

int utf8_cols(const char *s)
{
	return utf8_cols_n(s, strlen(s));
}

char *utf8_scrub(char *s)
{
	for (size_t i = 0; s[i];) {
		size_t at = i;
		unsigned cp = utf8_next(s, &i);
		int bad = cp < 0x20 || (cp >= 0x7f && cp < 0xa0) ||
			  (cp == 0xfffd && strncmp(s + at, "\xEF\xBF\xBD", 3) != 0);
		if (bad)
			memset(s + at, '?', i - at);
	}
	return s;
}
