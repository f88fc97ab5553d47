/* textwidth: UTF-8 text wrapped and shown in terminal columns. In src/ui, under the canvas and
 * the screens. Columns are counted by core/utf8 (utf8_width, utf8_fit, utf8_cp_cols with the
 * UI's amb_wide, from --ambiguous-wide): a Chinese character takes two columns, a combining
 * mark none. Lines break at spaces and beside wide characters, and never start with closing
 * punctuation (，。、；：？！）》」』”). Text to show is first passed through tw_display, which
 * turns what the terminal cannot draw into ASCII: everything outside ASCII under a
 * non-UTF-8 locale, the "ambiguous-width" characters (σ, ‖, ×, “”) on terminals that draw
 * them two columns wide. */
#ifndef GRADLAB_TEXTWIDTH_H
#define GRADLAB_TEXTWIDTH_H

#include "core/utf8.h" /* the widths every caller of tw_wrap also needs */

#include <stddef.h>
#include <stdint.h>

typedef enum TwMode {
	TW_UTF8,             /* draw every character as it is */
	TW_AMBIGUOUS_WIDE,   /* the terminal draws East Asian "ambiguous" characters wide */
	TW_ASCII             /* the locale is not UTF-8: ASCII only */
} TwMode;

/* The text as it can be shown in mode, as a new NUL-terminated string (free with mem_free;
 * NULL when out of memory), its length in *out_len (may be NULL). Tabs become spaces to the
 * next multiple of 8 columns, other control characters and malformed bytes become '?'. */
char *tw_display(const char *s, size_t len, TwMode mode, size_t *out_len);

/* As tw_display, for a line laid out in columns with runs of spaces (a table in a code
 * block): where spelling a character out in ASCII made a word wider (σ is "sigma"), the
 * next gap of two or more spaces gives the columns back, keeping one, so that the columns
 * after it stay where they were written. */
char *tw_display_aligned(const char *s, size_t len, TwMode mode, size_t *out_len);

/* A wrapped line: bytes [start, start + len) of the text, cols columns wide. */
typedef struct TwLine {
	size_t start, len;
	int cols;
} TwLine;

typedef struct TwLines {
	TwLine *items;
	int n, cap;
} TwLines;   /* start zeroed */

typedef enum TwWrap {
	TW_WRAP_WORDS,   /* prose: break at spaces (dropped there) and beside wide characters;
			  * leading spaces go; a word longer than a line is cut */
	TW_WRAP_CUT,     /* every line cut at exactly the width, spaces kept */
	TW_WRAP_PRE      /* preformatted (code, command output): as WORDS, but the leading
			  * spaces of the first line are kept */
} TwWrap;

/* Wrap len bytes of s (one line, no newlines) to width columns, appending the lines to
 * out. An empty text gives one empty line. 0, or -1 when out of memory. */
int tw_wrap(const char *s, size_t len, int width, TwWrap how, int amb_wide, TwLines *out);
void tw_lines_free(TwLines *l);

#endif
