/* quote: the one rule by which gradlab shows text it did not write (what the learner's code
 * or the compiler printed, a student's folder name, a key or value read from a JSON input or
 * a state file): valid UTF-8 without a single control character, each input told apart. In
 * src/core beside utf8, so that the grader's reports (grade/grade_report), `gradlab grad`'s
 * input errors (check/io's io_quote) and the state files' messages all show the same bytes
 * the same way. */
#ifndef GRADLAB_QUOTE_H
#define GRADLAB_QUOTE_H

#include <stddef.h>

/* Newlines stay as they are (text of many lines); without it a newline is \x0A (a name). */
#define QUOTE_KEEP_NEWLINE 1

/* src (n bytes; NULs are bytes like any other) shown by the rule into dst (size bytes, NUL
 * included): each byte that is not UTF-8, each C0 control and DEL becomes \xNN; a C1
 * control, a noncharacter (U+FFFE, U+FFFF, U+FDD0..U+FDEF, ...), U+2028, U+2029, U+FEFF and
 * the bidirectional formatting characters become \uXXXX (\UXXXXXXXX past U+FFFF); a
 * backslash that could be read as the start of one of these is doubled, so the shown text
 * tells every two inputs apart, and other backslashes (a "\n" in C source) stay single.
 * Stops at a whole unit when the next would not fit or after max_units units (characters
 * or bytes shown as \xNN; (size_t)-1 for no limit). Returns the bytes written; *cut (may be
 * NULL) is 1 when some of src was left out, 0 when all of it was shown. */
size_t quote_escape(const char *src, size_t n, char *dst, size_t size, int flags,
		    size_t max_units, int *cut);

#endif
