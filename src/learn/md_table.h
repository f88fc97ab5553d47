/* md_table: reading the lesson folder's README.md (src/learn, below lint): a regular file's
 * text, its lines, headings and table rows. Used by the glossary and the question map. */
#ifndef GRADLAB_MD_TABLE_H
#define GRADLAB_MD_TABLE_H

#include <stddef.h>

#include "core/status.h"

#define MD_NOT_REGULAR (-1)   /* md_read_regular's *err for a folder, FIFO, device... */

/* A regular file's text, NUL-terminated, or *text NULL when there is none: *err is then the
 * errno of a file that could not be opened or read, EFBIG for one larger than a lesson may
 * be, MD_NOT_REGULAR for one that is not a regular file. A FIFO cannot block it. ST_ENOMEM. */
Status md_read_regular(const char *path, char **text, size_t *len, int *err);

/* The next line of [*s, end) without its CR LF; *s moves past it. 0 at the end. */
int md_next_line(const char **s, const char *end, const char **b, size_t *n);

/* b[0..n) without surrounding blanks, in new memory (mem_free); NULL when out of memory. */
char *md_dup_trimmed(const char *b, size_t n);

/* A table's |---|:--:| line. */
int md_is_rule_row(const char *b, size_t n);

/* Split a row "| a | b | c |" into at most max trimmed cells; returns how many. */
int md_row_cells(const char *b, size_t n, const char *cell[], size_t cell_n[], int max);

/* "## Title" is 2, "# Title" 1, anything else 0. */
int md_heading_level(const char *b, size_t n);

#endif
