/* lang: --lang for the commands whose text a person reads (check, unroll, bptt, the
 * experiments), its values those of core/lang.h, and text padded to terminal columns
 * (core/utf8 counts them) to lay it out. In src/cli, under those commands. Some languages
 * need a UTF-8 locale to be shown at all; where there is none the commands write English and
 * say why, once, on standard error. */
#ifndef GRADLAB_LANG_H
#define GRADLAB_LANG_H

#include "core/lang.h"

#include <stdio.h>

/* The language (a Lang, core/lang.h) whose code lang is, the index into every message table.
 * LANG_EN for "en", NULL or a code of none; for a language that needs a UTF-8 locale where
 * the locale's character set is not UTF-8, LANG_EN too, after one line on err: "gradlab
 * CMD: --lang zh needs ...", in English since that language could not be shown. --lang's
 * choices for an option table are LANG_CHOICES (core/lang.h). */
int lang_resolve(const char *cmd, const char *lang, FILE *err);

/* s and then spaces up to cols terminal columns (left), or spaces and then s (right),
 * counted by core/utf8's utf8_cols; s wider than cols is written whole. */
void lang_put_left(FILE *out, const char *s, int cols);
void lang_put_right(FILE *out, const char *s, int cols);

#endif
