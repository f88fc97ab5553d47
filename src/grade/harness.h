/* harness: one check of one exercise, run inside the sandbox, and the parent's reading of
 * what came back. In src/grade, between sandbox and runner.
 *
 * The child loads the learner's compiled library, builds every case of the check from the
 * grading seed, calls the learner's function on each, and writes the raw arrays (guards
 * included) to its result channel as records stamped with a token drawn for this run. It
 * judges nothing. The parent checks every record's token, kind, case and length, notices what
 * is missing (a crash, an early exit) and what does not belong (anything else written to the
 * channel), and hands the arrays to the verdict. */
#ifndef GRADLAB_HARNESS_H
#define GRADLAB_HARNESS_H

#include "grade/checks.h"

#include <stddef.h>
#include <stdint.h>

#define HARNESS_MAX_CASES 8

typedef struct HarnessJob {
	const CkCheck *check;
	uint64_t seed, token;
	int so_fd; /* the learner's library, opened by the parent */
} HarnessJob;

/* The sandbox function (SandboxFn): ctx is a HarnessJob. Always returns 0. */
int harness_child(void *ctx, int data_fd);

typedef struct HarnessCase {
	int begun, ended;
	double *got[CK_MAX_TENSORS]; /* guards included; NULL when not sent */
	size_t len[CK_MAX_TENSORS];  /* values in got[i] */
} HarnessCase;

typedef struct HarnessReport {
	int loaded;             /* the library loaded */
	char load_error[400];   /* why it did not */
	char missing[64];       /* a function the check needs that it lacks */
	char internal[200];     /* the grader could not build a case */
	HarnessCase cases[HARNESS_MAX_CASES];
	int done;               /* every case ran and was sent */
	int garbled;
	char garble[200];       /* what did not belong on the channel */
	char garble_zh[300];    /* the same in Chinese */
} HarnessReport;

/* Read the records; never fails on bad data (that is out->garbled), only ST_ENOMEM. Free
 * with harness_report_free. */
Status harness_parse(const unsigned char *data, size_t len, uint64_t token, const CkCheck *check,
		     HarnessReport *out);
void harness_report_free(HarnessReport *r);

#endif
