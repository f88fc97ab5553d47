/* report: a gradient check's result as a table for people or JSON for programs.
 * In src/check, beside gradcheck; it prints, it never decides a verdict. */
#ifndef GRADLAB_REPORT_H
#define GRADLAB_REPORT_H

#include "check/check_msg.h"
#include "check/gradcheck.h"

#include <stdio.h>

/* The check for people, worded in lang (a Lang, core/lang.h) from
 * one message table. The table's layout is the language's too: English on one line per
 * tensor, Chinese in tables that fit 80 columns, aligned by the columns a terminal gives
 * each character (a Chinese one takes two). */
void report_check_table(FILE *out, const char *model, const GcOptions *o, const GcReport *r,
			int lang);
void report_check_json(FILE *out, const char *model, const GcOptions *o, const GcReport *r);
/* Where a non-finite value appeared, in words of lang (a Lang) into buf; "" when nf's
 * kind is GC_NONFINITE_NONE. JSON carries the English words. */
void report_nonfinite(const GcNonfinite *nf, int lang, char *buf, size_t size);

/* In lang (a Lang), the header aligned by terminal columns as in report_check_table. */
void report_sweep_table(FILE *out, const char *model, const GcSweep *s, int lang);
void report_sweep_csv(FILE *out, const char *model, const GcSweep *s);
void report_sweep_json(FILE *out, const char *model, const GcSweep *s);

#endif
