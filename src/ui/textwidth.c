/* textwidth: ASCII spellings and line breaking for the UI; see textwidth.h. */
#include "ui/textwidth.h"

#include "core/mem.h"
#include "core/utf8.h"

#include <stdio.h>
#include <string.h>

/* {==== ASCII spellings ==== */

enum { PLAIN, SUP, SUB };

typedef struct Spelling {
	uint32_t cp;
	unsigned char kind;   /* SUP: written after '^', SUB: after '_' (once per run) */
	const char *ascii;
} Spelling;

/* Sorted by code point. What the lessons and the commands print, and the UI's own marks. */
static const Spelling spellings[] = {
	{ 0x00A0, PLAIN, " " }, { 0x00A9, PLAIN, "(c)" }, { 0x00AB, PLAIN, "<<" },
	{ 0x00AD, PLAIN, "" }, { 0x00B0, PLAIN, " deg" }, { 0x00B1, PLAIN, "+-" },
	{ 0x00B2, SUP, "2" }, { 0x00B3, SUP, "3" }, { 0x00B5, PLAIN, "u" },
	{ 0x00B7, PLAIN, "." }, { 0x00B9, SUP, "1" }, { 0x00BB, PLAIN, ">>" },
	{ 0x00BC, PLAIN, "1/4" }, { 0x00BD, PLAIN, "1/2" }, { 0x00BE, PLAIN, "3/4" },
	{ 0x00D7, PLAIN, "x" }, { 0x00E9, PLAIN, "e" }, { 0x00F6, PLAIN, "o" },
	{ 0x00F7, PLAIN, "/" }, { 0x00FC, PLAIN, "u" }, { 0x0177, PLAIN, "y^" },
	{ 0x0300, PLAIN, "" }, { 0x0301, PLAIN, "" }, { 0x0302, PLAIN, "^" },
	{ 0x0303, PLAIN, "~" }, { 0x0304, PLAIN, "" }, { 0x0307, PLAIN, "" },
	{ 0x0391, PLAIN, "A" }, { 0x0392, PLAIN, "B" }, { 0x0393, PLAIN, "Gamma" },
	{ 0x0394, PLAIN, "Delta" }, { 0x0395, PLAIN, "E" }, { 0x0396, PLAIN, "Z" },
	{ 0x0397, PLAIN, "H" }, { 0x0398, PLAIN, "Theta" }, { 0x0399, PLAIN, "I" },
	{ 0x039A, PLAIN, "K" }, { 0x039B, PLAIN, "Lambda" }, { 0x039C, PLAIN, "M" },
	{ 0x039D, PLAIN, "N" }, { 0x039E, PLAIN, "Xi" }, { 0x039F, PLAIN, "O" },
	{ 0x03A0, PLAIN, "Prod" }, { 0x03A1, PLAIN, "P" }, { 0x03A3, PLAIN, "Sum" },
	{ 0x03A4, PLAIN, "T" }, { 0x03A5, PLAIN, "Y" }, { 0x03A6, PLAIN, "Phi" },
	{ 0x03A7, PLAIN, "X" }, { 0x03A8, PLAIN, "Psi" }, { 0x03A9, PLAIN, "Omega" },
	{ 0x03B1, PLAIN, "alpha" }, { 0x03B2, PLAIN, "beta" }, { 0x03B3, PLAIN, "gamma" },
	{ 0x03B4, PLAIN, "delta" }, { 0x03B5, PLAIN, "eps" }, { 0x03B6, PLAIN, "zeta" },
	{ 0x03B7, PLAIN, "eta" }, { 0x03B8, PLAIN, "theta" }, { 0x03B9, PLAIN, "iota" },
	{ 0x03BA, PLAIN, "kappa" }, { 0x03BB, PLAIN, "lambda" }, { 0x03BC, PLAIN, "mu" },
	{ 0x03BD, PLAIN, "nu" }, { 0x03BE, PLAIN, "xi" }, { 0x03BF, PLAIN, "o" },
	{ 0x03C0, PLAIN, "pi" }, { 0x03C1, PLAIN, "rho" }, { 0x03C2, PLAIN, "sigma" },
	{ 0x03C3, PLAIN, "sigma" }, { 0x03C4, PLAIN, "tau" }, { 0x03C5, PLAIN, "upsilon" },
	{ 0x03C6, PLAIN, "phi" }, { 0x03C7, PLAIN, "chi" }, { 0x03C8, PLAIN, "psi" },
	{ 0x03C9, PLAIN, "omega" }, { 0x1D40, SUP, "T" }, { 0x1D4F, SUP, "k" },
	{ 0x2010, PLAIN, "-" }, { 0x2011, PLAIN, "-" }, { 0x2012, PLAIN, "-" },
	{ 0x2013, PLAIN, "-" }, { 0x2014, PLAIN, "--" }, { 0x2015, PLAIN, "--" },
	{ 0x2016, PLAIN, "||" }, { 0x2018, PLAIN, "'" }, { 0x2019, PLAIN, "'" },
	{ 0x201C, PLAIN, "\"" }, { 0x201D, PLAIN, "\"" }, { 0x2020, PLAIN, "+" },
	{ 0x2022, PLAIN, "*" }, { 0x2026, PLAIN, "..." }, { 0x2030, PLAIN, "%o" },
	{ 0x2032, PLAIN, "'" }, { 0x2033, PLAIN, "''" }, { 0x2039, PLAIN, "<" },
	{ 0x203A, PLAIN, ">" }, { 0x2070, SUP, "0" }, { 0x2071, SUP, "i" },
	{ 0x2074, SUP, "4" }, { 0x2075, SUP, "5" }, { 0x2076, SUP, "6" },
	{ 0x2077, SUP, "7" }, { 0x2078, SUP, "8" }, { 0x2079, SUP, "9" },
	{ 0x207A, SUP, "+" }, { 0x207B, SUP, "-" }, { 0x207C, SUP, "=" },
	{ 0x207D, SUP, "(" }, { 0x207E, SUP, ")" }, { 0x207F, SUP, "n" },
	{ 0x2080, SUB, "0" }, { 0x2081, SUB, "1" }, { 0x2082, SUB, "2" },
	{ 0x2083, SUB, "3" }, { 0x2084, SUB, "4" }, { 0x2085, SUB, "5" },
	{ 0x2086, SUB, "6" }, { 0x2087, SUB, "7" }, { 0x2088, SUB, "8" },
	{ 0x2089, SUB, "9" }, { 0x208A, SUB, "+" }, { 0x208B, SUB, "-" },
	{ 0x2096, SUB, "k" }, { 0x209C, SUB, "t" }, { 0x2190, PLAIN, "<-" },
	{ 0x2191, PLAIN, "^" }, { 0x2192, PLAIN, "->" }, { 0x2193, PLAIN, "v" },
	{ 0x2194, PLAIN, "<->" }, { 0x21B3, PLAIN, "->" }, { 0x21D0, PLAIN, "<=" },
	{ 0x21D2, PLAIN, "=>" }, { 0x21D4, PLAIN, "<=>" }, { 0x2200, PLAIN, "for all " },
	{ 0x2202, PLAIN, "d" }, { 0x2207, PLAIN, "grad " }, { 0x2208, PLAIN, " in " },
	{ 0x2211, PLAIN, "Sum" }, { 0x2212, PLAIN, "-" }, { 0x2213, PLAIN, "-+" },
	{ 0x2215, PLAIN, "/" }, { 0x2217, PLAIN, "*" }, { 0x2218, PLAIN, "o" },
	{ 0x2219, PLAIN, "." }, { 0x221A, PLAIN, "sqrt" }, { 0x221D, PLAIN, "~" },
	{ 0x221E, PLAIN, "inf" }, { 0x2223, PLAIN, "|" }, { 0x2225, PLAIN, "||" },
	{ 0x2227, PLAIN, "and" }, { 0x2228, PLAIN, "or" }, { 0x222B, PLAIN, "integral " },
	{ 0x223C, PLAIN, "~" }, { 0x2243, PLAIN, "~=" }, { 0x2245, PLAIN, "~=" },
	{ 0x2248, PLAIN, "~" }, { 0x2260, PLAIN, "!=" }, { 0x2261, PLAIN, "==" },
	{ 0x2264, PLAIN, "<=" }, { 0x2265, PLAIN, ">=" }, { 0x226A, PLAIN, "<<" },
	{ 0x226B, PLAIN, ">>" }, { 0x2295, PLAIN, "(+)" }, { 0x2297, PLAIN, "(x)" },
	{ 0x2299, PLAIN, "(.)" }, { 0x22C5, PLAIN, "." }, { 0x22EF, PLAIN, "..." },
	{ 0x2500, PLAIN, "-" }, { 0x2502, PLAIN, "|" }, { 0x250C, PLAIN, "+" },
	{ 0x2510, PLAIN, "+" }, { 0x2514, PLAIN, "+" }, { 0x2518, PLAIN, "+" },
	{ 0x251C, PLAIN, "+" }, { 0x2524, PLAIN, "+" }, { 0x252C, PLAIN, "+" },
	{ 0x2534, PLAIN, "+" }, { 0x253C, PLAIN, "+" }, { 0x2550, PLAIN, "=" },
	{ 0x2551, PLAIN, "|" }, { 0x25B2, PLAIN, "^" }, { 0x25B6, PLAIN, ">" },
	{ 0x25B8, PLAIN, ">" }, { 0x25BC, PLAIN, "v" }, { 0x25C0, PLAIN, "<" },
	{ 0x25C2, PLAIN, "<" }, { 0x25CB, PLAIN, "o" },
	{ 0x25CF, PLAIN, "*" }, { 0x2713, PLAIN, "+" }, { 0x2714, PLAIN, "+" },
	{ 0x2717, PLAIN, "x" }, { 0x2718, PLAIN, "x" }, { 0x3000, PLAIN, "  " },
	{ 0x3001, PLAIN, ", " }, { 0x3002, PLAIN, ". " }, { 0x300A, PLAIN, "<<" },
	{ 0x300B, PLAIN, ">>" }, { 0x300C, PLAIN, "\"" }, { 0x300D, PLAIN, "\"" },
	{ 0x300E, PLAIN, "\"" }, { 0x300F, PLAIN, "\"" }, { 0xFEFF, PLAIN, "" },
	{ 0xFFFD, PLAIN, "?" },
};

static const Spelling *spelling_of(uint32_t cp)
{
	int lo = 0, hi = (int)(sizeof spellings / sizeof spellings[0]) - 1;
	while (lo <= hi) {
		int mid = (lo + hi) / 2;
		if (cp < spellings[mid].cp)
			hi = mid - 1;
		else if (cp > spellings[mid].cp)
			lo = mid + 1;
		else
			return &spellings[mid];
	}
	return NULL;
}

/* An ASCII spelling of cp into buf (NUL-terminated), or 0 when there is none. Box drawing,
 * blocks and braille (the text plots) and fullwidth forms are spelt by rule. */
static int ascii_of(uint32_t cp, char *buf, size_t size, int *kind)
{
	const Spelling *sp = spelling_of(cp);
	*kind = PLAIN;
	if (sp) {
		*kind = sp->kind;
		snprintf(buf, size, "%s", sp->ascii);
		return 1;
	}
	if (cp >= 0xFF01 && cp <= 0xFF5E) {        /* fullwidth ASCII */
		snprintf(buf, size, "%c", (char)(cp - 0xFF01 + '!'));
		return 1;
	}
	if (cp >= 0x2500 && cp <= 0x257F) {        /* box drawing */
		static const char h[] = "-", v[] = "|";
		const char *s = (cp <= 0x2501 || (cp >= 0x2504 && cp <= 0x2505) ||
				 (cp >= 0x2508 && cp <= 0x2509) || cp == 0x254C || cp == 0x254D ||
				 cp == 0x2550 || cp == 0x2574 || cp == 0x2576 || cp == 0x2578 ||
				 cp == 0x257A || cp == 0x257C || cp == 0x257E) ? h
			: (cp <= 0x2503 || (cp >= 0x2506 && cp <= 0x2507) ||
			   (cp >= 0x250A && cp <= 0x250B) || cp == 0x254E || cp == 0x254F ||
			   cp == 0x2551 || cp == 0x2575 || cp == 0x2577 || cp == 0x2579 ||
			   cp == 0x257B || cp == 0x257D || cp == 0x257F) ? v : "+";
		snprintf(buf, size, "%s", s);
		return 1;
	}
	if (cp >= 0x2580 && cp <= 0x259F) {        /* blocks and shades */
		snprintf(buf, size, "%s", cp == 0x2591 ? "." : cp == 0x2592 ? ":" : "#");
		return 1;
	}
	if (cp >= 0x2800 && cp <= 0x28FF) {        /* braille dots */
		snprintf(buf, size, "%s", cp == 0x2800 ? " " : "*");
		return 1;
	}
	return 0;
}

typedef struct Buf {
	char *s;
	size_t n, cap;
	int failed;
} Buf;

static void buf_add(Buf *b, const char *s, size_t n)
{
	if (!b->failed && mem_append(&b->s, &b->n, &b->cap, s, n, 64) != 0)
		b->failed = 1;
}

char *tw_display(const char *s, size_t len, TwMode mode, size_t *out_len)
{
	Buf b = { 0 };
	int col = 0, prev_kind = PLAIN;
	size_t i = 0;
	buf_add(&b, "", 0);
	while (i < len && !b.failed) {
		size_t next = i;
		uint32_t cp = utf8_next_n(s, len, &next);
		int n = (int)(next - i), kind = PLAIN;
		char tmp[32];
		if (cp == '\t') {
			int to = (col / 8 + 1) * 8;
			for (; col < to; col++)
				buf_add(&b, " ", 1);
		} else if (utf8_is_control(cp)) {
			buf_add(&b, "?", 1);
			col++;
		} else if (cp < 0x80) {
			buf_add(&b, s + i, 1);
			col++;
		} else if (mode == TW_UTF8 ||
			   (mode == TW_AMBIGUOUS_WIDE && !utf8_is_ambiguous(cp) && cp != 0xFFFD)) {
			if (cp == 0xFFFD && n == 1)
				buf_add(&b, "\xEF\xBF\xBD", 3);
			else
				buf_add(&b, s + i, (size_t)n);
			col += utf8_cp_cols(cp, mode == TW_AMBIGUOUS_WIDE);
		} else if (ascii_of(cp, tmp, sizeof tmp, &kind)) {
			if (kind != PLAIN && kind != prev_kind)
				buf_add(&b, kind == SUP ? "^" : "_", 1), col++;
			buf_add(&b, tmp, strlen(tmp));
			col += (int)strlen(tmp);
		} else if (mode == TW_AMBIGUOUS_WIDE) {
			/* No spelling: keep it, measured two columns wide. */
			buf_add(&b, s + i, (size_t)n);
			col += 2;
		} else {
			int w = utf8_cp_cols(cp, 0);
			buf_add(&b, w == 2 ? "??" : w == 0 ? "" : "?", (size_t)w);
			col += w;
		}
		prev_kind = kind;
		i += (size_t)n;
	}
	if (b.failed) {
		mem_free(b.s);
		return NULL;
	}
	if (out_len)
		*out_len = b.n;
	return b.s;
}

char *tw_display_aligned(const char *s, size_t len, TwMode mode, size_t *out_len)
{
	if (mode == TW_UTF8 || memchr(s, '\t', len))
		return tw_display(s, len, mode, out_len);
	int amb = mode == TW_AMBIGUOUS_WIDE;
	Buf b = { 0 };
	int debt = 0;   /* columns the shown text is ahead of the text as written */
	size_t i = 0;
	buf_add(&b, "", 0);
	while (i < len && !b.failed) {
		size_t j = i;
		if (s[i] == ' ') {
			while (j < len && s[j] == ' ')
				j++;
			int run = (int)(j - i);
			if (run >= 2 && debt != 0) {
				/* A gap between columns: give back what the words before took. */
				int to = run - debt < 1 ? 1 : run - debt;
				debt -= run - to;
				run = to;
			}
			for (int k = 0; k < run; k++)
				buf_add(&b, " ", 1);
		} else {
			while (j < len && s[j] != ' ')
				j++;
			size_t n;
			char *d = tw_display(s + i, j - i, mode, &n);
			if (!d) {
				b.failed = 1;
				break;
			}
			debt += utf8_width(d, n, amb) - utf8_width(s + i, j - i, 0);
			buf_add(&b, d, n);
			mem_free(d);
		}
		i = j;
	}
	if (b.failed) {
		mem_free(b.s);
		return NULL;
	}
	if (out_len)
		*out_len = b.n;
	return b.s;
}

/* }==== */

/* {==== Line breaking ==== */

/* Never at the start of a line: closing punctuation, CJK and ASCII. */
static int no_start(uint32_t cp)
{
	static const uint32_t cjk[] = { 0xFF0C, 0x3002, 0x3001, 0xFF1B, 0xFF1A, 0xFF1F, 0xFF01,
					0xFF09, 0x300B, 0x300D, 0x300F, 0x201D, 0x2019, 0x3011,
					0x3009, 0xFF0E, 0x30FB, 0x2026, 0x22EF, 0xFF5E, 0x00B7 };
	if (cp < 0x80)
		return cp && strchr(",.;:?!)]}%", (int)cp) != NULL;
	for (size_t i = 0; i < sizeof cjk / sizeof cjk[0]; i++)
		if (cp == cjk[i])
			return 1;
	return 0;
}

/* Never at the end of a line: opening punctuation. */
static int no_end(uint32_t cp)
{
	static const uint32_t cjk[] = { 0xFF08, 0x300A, 0x300C, 0x300E, 0x201C, 0x2018, 0x3010,
					0x3008 };
	if (cp < 0x80)
		return cp && strchr("([{", (int)cp) != NULL;
	for (size_t i = 0; i < sizeof cjk / sizeof cjk[0]; i++)
		if (cp == cjk[i])
			return 1;
	return 0;
}

static int add_line(TwLines *out, size_t start, size_t len, int cols)
{
	if (out->n == out->cap) {
		int cap = out->cap ? 2 * out->cap : 16;
		TwLine *items = mem_realloc(out->items, (size_t)cap * sizeof *items);
		if (!items)
			return -1;
		out->items = items;
		out->cap = cap;
	}
	out->items[out->n++] = (TwLine){ start, len, cols };
	return 0;
}

/* The start of the character before byte i (i > 0). */
static size_t prev_char(const char *s, size_t i)
{
	do
		i--;
	while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80);
	return i;
}

int tw_wrap(const char *s, size_t len, int width, TwWrap how, int amb_wide, TwLines *out)
{
	int hard = how == TW_WRAP_CUT;
	if (width < 1)
		width = 1;
	size_t pos = 0;
	if (how == TW_WRAP_WORDS)
		while (pos < len && s[pos] == ' ')
			pos++;
	if (pos >= len)
		return add_line(out, 0, 0, 0);
	while (pos < len) {
		size_t start = pos, i = pos;
		size_t brk_end = 0, brk_next = 0;   /* the last break: line ends, next starts */
		int cols = 0, brk_cols = 0, have_brk = 0;
		uint32_t prev = 0;
		size_t end = len, next = len;
		int end_cols = -1;
		while (i < len) {
			size_t after = i;
			uint32_t cp = utf8_next_n(s, len, &after);
			int n = (int)(after - i), w = utf8_cp_cols(cp, amb_wide);
			if (!hard && cp == ' ') {
				if (!have_brk || brk_end != i) {
					brk_end = i;
					brk_cols = cols;
				}
				have_brk = 1;
				size_t j = i;
				while (j < len && s[j] == ' ')
					j++;
				brk_next = j;
				/* Spaces never overflow: they vanish at a break. */
				for (; i < j; i++)
					cols++;
				prev = ' ';
				continue;
			}
			if (!hard && i > start && prev != ' ' &&
			    (utf8_cp_cols(prev, amb_wide) == 2 || w == 2) && !no_start(cp) &&
			    !no_end(prev)) {
				brk_end = brk_next = i;
				brk_cols = cols;
				have_brk = 1;
			}
			if (cols + w > width && i > start) {
				if (have_brk && brk_end > start) {
					end = brk_end, next = brk_next, end_cols = brk_cols;
				} else {
					/* Cut the word; keep closing punctuation with what it closes
					 * and opening punctuation with what it opens. */
					size_t cut = i;
					uint32_t at = cp;
					while (!hard && cut > start) {
						size_t p = prev_char(s, cut), q = p;
						uint32_t before = utf8_next_n(s, len, &q);
						if (!no_start(at) && !no_end(before))
							break;
						if (p == start) {
							cut = i;   /* no better place: cut where it overflows */
							break;
						}
						cut = p;
						at = before;
					}
					end = next = cut;
					end_cols = -1;
				}
				break;
			}
			cols += w;
			prev = cp;
			i += (size_t)n;
		}
		if (i >= len && end == len) {
			end = next = len;
			end_cols = -1;
		}
		size_t e = end;
		if (!hard)
			while (e > start && s[e - 1] == ' ')
				e--;
		if (end_cols < 0 || e != end)
			end_cols = utf8_width(s + start, e - start, amb_wide);
		if (add_line(out, start, e - start, end_cols) < 0)
			return -1;
		pos = next;
		if (!hard)
			while (pos < len && s[pos] == ' ')
				pos++;
	}
	return 0;
}

void tw_lines_free(TwLines *l)
{
	if (!l)
		return;
	mem_free(l->items);
	l->items = NULL;
	l->n = l->cap = 0;
}

/* }==== */
