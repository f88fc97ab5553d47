/* verdict: judges one case of a check from the arrays the sandboxed child sent back. In
 * src/grade, between checks (the right answers) and the runner (which calls it per case).
 * It returns facts, not sentences: which tensors were written outside, which input element
 * changed from what to what, each wrong output's first wrong element with the value wanted,
 * the value got, what finite differences say there and the kind of mistake the numbers fit
 * (nothing added, = instead of +=, a flipped sign, a doubled value, a transposed matrix).
 * The report layer words them (grade_report_verdict, through grade_msg.c). */
#ifndef GRADLAB_VERDICT_H
#define GRADLAB_VERDICT_H

#include "grade/checks.h"
#include "grade/result.h"

#include <stddef.h>

/* The mistake an output's numbers fit, judged from the whole array. */
typedef enum VerdictGuess {
	VERDICT_GUESS_NONE,
	VERDICT_GUESS_NOTHING_ADDED, /* a gradient left as it came in */
	VERDICT_GUESS_LEFT,          /* an in-out array left as it came in */
	VERDICT_GUESS_NOT_WRITTEN,   /* an output never written */
	VERDICT_GUESS_ASSIGNED,      /* = where += was due: the gradient overwritten */
	VERDICT_GUESS_SIGN,          /* the right values with the sign flipped */
	VERDICT_GUESS_TWICE,         /* the right values doubled */
	VERDICT_GUESS_TRANSPOSED     /* the right matrix transposed */
} VerdictGuess;

/* One tensor written outside its array: before its start, past its end, or both. */
typedef struct VerdictOutside {
	int tensor;                  /* index in the case */
	int before, after;
} VerdictOutside;

/* The first wrong element of one output; its numbers are in the GradeCheck's wrong[]. */
typedef struct VerdictWrong {
	int tensor;                  /* index in the case */
	size_t index;                /* the element, row-major */
	double raw;                  /* the array's value there, as the learner's code left it */
	VerdictGuess guess;
} VerdictWrong;

typedef struct Verdict {
	GradeProblem problem;        /* GRADE_OK, GRADE_SHAPE, GRADE_INPUT_CHANGED or GRADE_WRONG */
	int n_outside;               /* GRADE_SHAPE */
	VerdictOutside outside[CK_MAX_TENSORS];
	int changed;                 /* GRADE_INPUT_CHANGED: the input tensor, */
	size_t changed_index;        /* its first changed element, */
	double was, now;             /* and the value before and after */
	int n_wrong;                 /* GRADE_WRONG: as out->n_wrong */
	VerdictWrong wrong[GRADE_MAX_WRONG];
	int n_right;                 /* the outputs that came back right, in order */
	int right[CK_MAX_TENSORS];
} Verdict;

/* got[i]: tensor i of c as it came back, guards included (CK_GUARD + rows*cols + CK_GUARD);
 * NULL for tensors not sent (CK_AUX). want[i]: checks_want's answers. Returns 1 when the case
 * passes; otherwise fills *v, sets out->problem and fills out->wrong with the numbers (all
 * but the index text, which grade_report_verdict writes). c's inputs are perturbed and
 * restored for finite differences. */
int verdict_case(const CkCheck *check, CkCase *c, const double *const *got,
		 double *const *want, Verdict *v, GradeCheck *out);

/* |want - got| / max(|want|, |got|); 0 when both are 0, inf when either is not finite. */
double verdict_rel_err(double want, double got);

#endif
