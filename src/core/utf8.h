/* utf8: decoding UTF-8 by hand and measuring text in terminal columns. At the bottom of
 * src/core, beside mem: check/report (the Chinese tables), plot/cols (text plots) and cli
 * (--lang zh, --help) all lay text out by columns and share this one decoder and counter.
 * A Chinese character takes two columns, a combining mark none. */
#ifndef GRADLAB_UTF8_H
#define GRADLAB_UTF8_H

#include <stddef.h>

/* The next code point of the NUL-terminated s at *i, advancing *i; a malformed or overlong
 * sequence or a surrogate gives U+FFFD and advances one byte. */
unsigned utf8_next(const char *s, size_t *i);
/* The same for the first n bytes of s, which need hold no NUL (a sequence that runs past n is
 * malformed). A valid U+FFFD advances 3 bytes, a malformed sequence 1. */
unsigned utf8_next_n(const char *s, size_t n, size_t *i);

/* Columns the first n bytes of s (or up to its NUL) take in a terminal: wcwidth where the
 * locale knows the character, else 2 in the Unicode blocks of wide characters (CJK,
 * Hangul, fullwidth forms) and 1 elsewhere, so that the count is the same in the C locale.
 * utf8_cols(s) is utf8_cols_n(s, strlen(s)). */
int utf8_cols_n(const char *s, size_t n);
int utf8_cols(const char *s);

/* s made safe to print on one line, in place and at the same length: each C0 control, DEL,
 * C1 control (U+0080..U+009F, both its bytes) and byte that is not UTF-8 becomes '?', so
 * that text read from a file or the environment sends no control to a terminal of any
 * character set. Returns s. */
char *utf8_scrub(char *s);

#endif
