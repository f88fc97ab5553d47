/* lang: --lang en|zh for the commands whose text a person reads (check, unroll, bptt, the
 * experiments), and text padded to terminal columns (core/utf8 counts them) to lay it out.
 * In src/cli, under those commands. Chinese needs a UTF-8 locale to be shown at all; where
 * there is none the commands write English and say why, once, on standard error. */
#ifndef GRADLAB_LANG_H
#define GRADLAB_LANG_H

#include <stdio.h>

/* The language's index in cli_msg's table (cli_msg.h): CLI_ZH (1) when lang is "zh" and the
 * locale's character set is UTF-8. CLI_EN (0) for "en" (or NULL), and for "zh" elsewhere,
 * after one line on err: "gradlab CMD: --lang zh needs ...", in English since Chinese could
 * not be shown. */
int lang_resolve_zh(const char *cmd, const char *lang, FILE *err);

/* s and then spaces up to cols terminal columns (left), or spaces and then s (right),
 * counted by core/utf8's utf8_cols; s wider than cols is written whole. */
void lang_put_left(FILE *out, const char *s, int cols);
void lang_put_right(FILE *out, const char *s, int cols);

#endif
