/* utf8: decoding UTF-8 by hand and measuring text in terminal columns. At the bottom of
 * src/core, beside mem: check/report (the Chinese tables), plot/cols (text plots) and cli
 * (--lang zh, --help) and the UI lay text out by columns and share this one decoder and
 * counter. A Chinese character takes two columns, a combining mark none. */
#ifndef GRADLAB_UTF8_H
#define GRADLAB_UTF8_H

#include <stddef.h>

/* The next code point of the NUL-terminated s at *i, advancing *i; a malformed or overlong
 * sequence or a surrogate gives U+FFFD and advances one byte. */
unsigned utf8_next(const char *s, size_t *i);
/* The same for the first n bytes of s, which need hold no NUL (a sequence that runs past n is
 * malformed). A valid U+FFFD advances 3 bytes, a malformed sequence 1. */
unsigned utf8_next_n(const char *s, size_t n, size_t *i);

/* {==== Columns ====
 * The one column counter of the project. A character takes the columns a UTF-8 terminal gives
 * it (wcwidth under C.UTF-8: 2 for Chinese, Japanese, Korean and fullwidth forms, 0 for a
 * combining mark, 1 for box drawing, braille and what wcwidth cannot measure), from a table,
 * so that the count is the same under every locale, the C locale included. A control
 * character (C0 with tab and newline, DEL, C1) counts 1: every layer draws it as one '?'
 * (utf8_scrub, the UI's tw_display, the text plots); text that means a tab as a jump to a
 * tab stop expands it to spaces before measuring (tw_display). A malformed byte is U+FFFD,
 * one column. amb_wide: nonzero counts the East Asian "ambiguous" characters (σ, ‖, ×, “ ”,
 * box drawing) two columns, as a terminal set up for CJK draws them (the UI's
 * --ambiguous-wide); zero counts them as wcwidth does. */

/* Columns of the code point cp: 0, 1 or 2. */
int utf8_cp_cols(unsigned cp, int amb_wide);
/* 1 for a control character: C0 (below U+0020), DEL and C1 (U+0080..U+009F). */
int utf8_is_control(unsigned cp);
/* 1 when cp is East Asian Width "A" (ambiguous) and not a combining mark or private use. */
int utf8_is_ambiguous(unsigned cp);
/* Columns of the first n bytes of s, stopping early at a NUL. */
int utf8_width(const char *s, size_t n, int amb_wide);
/* The bytes of the first n of s (up to a NUL) that fit in cols columns, whole characters
 * only (a wide one that would straddle the limit is left out); their columns into *used (may
 * be NULL). */
size_t utf8_fit(const char *s, size_t n, int cols, int amb_wide, int *used);
/* utf8_width(s, n, 0), and the same for all of s: for text written to files and standard
 * output, which has no --ambiguous-wide. */
int utf8_cols_n(const char *s, size_t n);
int utf8_cols(const char *s);

/* }==== */

/* cp (at most U+10FFFF) as UTF-8 into buf, which has room for 4 bytes; returns the bytes
 * written (no NUL). */
int utf8_encode(unsigned cp, char *buf);

/* 1 when the locale's character set (LC_CTYPE, after setlocale) is UTF-8, whatever its
 * spelling ("UTF-8", "utf8", ...): the one test behind --lang zh, the plots' glyphs and the
 * UI's ASCII mode. */
int utf8_locale(void);

/* s made safe to print on one line, in place and at the same length: each C0 control, DEL,
 * C1 control (U+0080..U+009F, both its bytes) and byte that is not UTF-8 becomes '?', so
 * that text read from a file or the environment sends no control to a terminal of any
 * character set. Returns s. */
char *utf8_scrub(char *s);

#endif
