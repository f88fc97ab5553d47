/* lang: the locale check behind --lang zh, and widths in terminal columns. */
#include "cli/lang.h"

#include <langinfo.h>
#include <string.h>
#include <strings.h>
#include <wchar.h>

int lang_resolve_zh(const char *cmd, const char *lang, FILE *err)
{
	if (!lang || strcmp(lang, "zh") != 0)
		return 0;
	const char *cs = nl_langinfo(CODESET);
	if (cs && (strcasecmp(cs, "UTF-8") == 0 || strcasecmp(cs, "utf8") == 0))
		return 1;
	/* the words of cli/textout's, so that every command says it alike */
	fprintf(err, "gradlab %s: --lang zh needs a UTF-8 locale to show Chinese (this one is %s); "
		     "writing English\n",
		cmd, cs && cs[0] ? cs : "unknown");
	return 0;
}

/* The next code point of s[*i .. n), advancing *i; a malformed byte counts as one. */
static unsigned next_cp(const char *s, size_t n, size_t *i)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned c = p[*i], cp, need;
	if (c < 0x80 || c < 0xc2 || c > 0xf4) {
		*i += 1;
		return c < 0x80 ? c : 0xfffd;
	}
	need = c >= 0xf0 ? 3 : c >= 0xe0 ? 2 : 1;
	cp = c & (0x3f >> need);
	for (unsigned k = 1; k <= need; k++) {
		if (*i + k >= n || (p[*i + k] & 0xc0) != 0x80) {
			*i += 1;
			return 0xfffd;
		}
		cp = cp << 6 | (p[*i + k] & 0x3f);
	}
	*i += need + 1;
	return cp;
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

int lang_cols_n(const char *s, size_t n)
{
	int cols = 0;
	for (size_t i = 0; i < n && s[i];) {
		unsigned cp = next_cp(s, n, &i);
		int w = cp < 0x80 ? 1 : wcwidth((wchar_t)cp);
		cols += w >= 0 ? w : is_wide(cp) ? 2 : 1;
	}
	return cols;
}

int lang_cols(const char *s)
{
	return lang_cols_n(s, strlen(s));
}

void lang_put_left(FILE *out, const char *s, int cols)
{
	fputs(s, out);
	for (int w = lang_cols(s); w < cols; w++)
		fputc(' ', out);
}

void lang_put_right(FILE *out, const char *s, int cols)
{
	for (int w = lang_cols(s); w < cols; w++)
		fputc(' ', out);
	fputs(s, out);
}
