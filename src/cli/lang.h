/* lang: --lang en|zh for the commands whose text a person reads (check, unroll, bptt), and
 * text measured in terminal columns to lay it out. In src/cli, under those commands and
 * args (which wraps --help with it). Chinese needs a UTF-8 locale to be shown at all; where
 * there is none the commands write English and say why, once, on standard error. */
#ifndef GRADLAB_LANG_H
#define GRADLAB_LANG_H

#include <stddef.h>
#include <stdio.h>

/* 1 when lang is "zh" and the locale's character set is UTF-8. 0 for "en" (or NULL), and
 * for "zh" elsewhere, after one line on err: "gradlab CMD: --lang zh needs ...". */
int lang_resolve_zh(const char *cmd, const char *lang, FILE *err);

/* Columns the first n bytes of the UTF-8 text s take in a terminal: 2 for a Chinese
 * character or fullwidth punctuation, 0 for a combining mark, else 1. By wcwidth where the
 * locale knows the character, else by the Unicode ranges of wide characters, so the count
 * is the same in the C locale. */
int lang_cols_n(const char *s, size_t n);
int lang_cols(const char *s);

/* s and then spaces up to cols columns (left), or spaces and then s (right); s wider than
 * cols is written whole. */
void lang_put_left(FILE *out, const char *s, int cols);
void lang_put_right(FILE *out, const char *s, int cols);

#endif
