/* verdict: judges one case of a check from the arrays the sandboxed child sent back. In
 * src/grade, between checks (the right answers) and the runner (which calls it per case).
 * The message names every wrong output with its first wrong element, what finite
 * differences say there, and a guess at the mistake when the numbers fit one: nothing
 * added, = instead of +=, a flipped sign, a doubled value, a transposed matrix. */
#ifndef GRADLAB_VERDICT_H
#define GRADLAB_VERDICT_H

#include "grade/checks.h"
#include "grade/result.h"

#include <stddef.h>

/* got[i]: tensor i of c as it came back, guards included (CK_GUARD + rows*cols + CK_GUARD);
 * NULL for tensors not sent (CK_AUX). want[i]: checks_want's answers. Returns 1 when the case
 * passes; otherwise sets out->problem, appends to out->message and fills out->wrong. c's
 * inputs are perturbed and restored for finite differences. The message is written in
 * every language (out->message[lang]). */
int verdict_case(const CkCheck *check, CkCase *c, const double *const *got,
		 double *const *want, GradeCheck *out);

/* "[2,1]", "[5]" or "[13,2] (gate o, unit 1)" for element i of t, the gate and unit in lang
 * (a Lang): "[13,2]（门 o，单元 1）". */
void verdict_index(const CkTensor *t, size_t i, int lang, char *buf, size_t size);
/* |want - got| / max(|want|, |got|); 0 when both are 0, inf when either is not finite. */
double verdict_rel_err(double want, double got);

#endif
