/* report: a gradient check's result as a table for people or JSON for programs.
 * In src/check, beside gradcheck; it prints, it never decides a verdict. */
#ifndef GRADLAB_REPORT_H
#define GRADLAB_REPORT_H

#include "check/gradcheck.h"

#include <stdio.h>

void report_check_table(FILE *out, const char *model, const GcOptions *o, const GcReport *r);
void report_check_json(FILE *out, const char *model, const GcOptions *o, const GcReport *r);

void report_sweep_table(FILE *out, const char *model, const GcSweep *s);
void report_sweep_csv(FILE *out, const char *model, const GcSweep *s);
void report_sweep_json(FILE *out, const char *model, const GcSweep *s);

#endif
