/* quote: the one escaping rule for text gradlab did not write (see quote.h). Used by the
 * grader's reports and by io_quote's one-line input messages; the formats (JSON, XML, YAML,
 * CSV) add their own escapes on top of text this rule has already made safe. */
#include "core/quote.h"

#include "core/utf8.h"

#include <stdio.h>
#include <string.h>

/* How the unit of text at p is shown: as it is, as \xNN (a byte that is not UTF-8, a C0
 * control, DEL), or as \uXXXX / \UXXXXXXXX (a C1 control, a noncharacter such as U+FFFE, a
 * line or paragraph separator, a byte order mark, a bidirectional formatting character: each
 * can garble a terminal, a parser or the order in which a line reads). */
enum { SHOW_AS_IS, SHOW_BYTE, SHOW_CODE };

typedef struct Unit {
	int len, show;
	unsigned cp;
} Unit;

static Unit unit_at(const unsigned char *p, size_t n, int flags)
{
	size_t at = 0;
	unsigned cp = utf8_next_n((const char *)p, n, &at);
	int len = (int)at;
	if (cp == 0xfffd && len != 3) /* not UTF-8 (a real U+FFFD takes 3 bytes) */
		return (Unit){ 1, SHOW_BYTE, p[0] };
	int show = SHOW_AS_IS;
	if ((cp < 0x20 && !(cp == '\n' && (flags & QUOTE_KEEP_NEWLINE))) || cp == 0x7f)
		show = SHOW_BYTE;
	else if ((cp >= 0x80 && cp <= 0x9f) || (cp & 0xfffe) == 0xfffe ||
		 (cp >= 0xfdd0 && cp <= 0xfdef) || cp == 0x2028 || cp == 0x2029 || cp == 0xfeff ||
		 cp == 0x061c || cp == 0x200e || cp == 0x200f || (cp >= 0x202a && cp <= 0x202e) ||
		 (cp >= 0x2066 && cp <= 0x2069))
		show = SHOW_CODE;
	return (Unit){ len, show, cp };
}

/* A backslash is doubled when what follows it could be read as one of the escapes, so that
 * the shown text says exactly which bytes there were; elsewhere (a "\n" in C source) it
 * stays single, as the learner wrote it. */
static int backslash_doubled(const unsigned char *p, size_t n, int flags)
{
	if (n < 2)
		return 0;
	if (p[1] == '\\' || p[1] == 'x' || p[1] == 'u' || p[1] == 'U')
		return 1;
	return unit_at(p + 1, n - 1, flags).show != SHOW_AS_IS;
}

size_t quote_escape(const char *src, size_t n, char *dst, size_t size, int flags,
		    size_t max_units, int *cut)
{
	const unsigned char *p = (const unsigned char *)src;
	size_t o = 0, i = 0;
	for (size_t units = 0; i < n && units < max_units; units++) {
		Unit u = unit_at(p + i, n - i, flags);
		char esc[16];
		const char *put = esc;
		size_t k;
		if (u.show == SHOW_BYTE) {
			k = (size_t)snprintf(esc, sizeof esc, "\\x%02X", p[i]);
		} else if (u.show == SHOW_CODE) {
			k = (size_t)snprintf(esc, sizeof esc, u.cp > 0xffff ? "\\U%08X" : "\\u%04X",
					     u.cp);
		} else if (p[i] == '\\' && backslash_doubled(p + i, n - i, flags)) {
			put = "\\\\";
			k = 2;
		} else {
			put = (const char *)p + i;
			k = (size_t)u.len;
		}
		if (o + k + 1 > size)
			break;
		memcpy(dst + o, put, k);
		o += k;
		i += (size_t)u.len;
	}
	if (size)
		dst[o] = '\0';
	if (cut)
		*cut = i < n;
	return o;
}
