/* harness: the grader's side of the harness program (src/grade/harness/gradlab_harness.c),
 * which is compiled with the learner's file and runs it in the sandbox. In src/grade, between
 * checks and runner.
 *
 * The grader builds every case of a check from the grading seed, here, and sends the program
 * every input (arrays with their guards, sizes, scalars, targets) on its standard input. The
 * program, which holds no reference code, calls the learner's function on each case and
 * writes the raw arrays (guards included) to its result channel as records stamped with a
 * token drawn for this run. It judges nothing. The parent checks every record's token, kind,
 * case and length, notices what is missing (a crash, an early exit) and what does not belong
 * (anything else written to the channel), and hands the arrays to the verdict. */
#ifndef GRADLAB_HARNESS_H
#define GRADLAB_HARNESS_H

#include "grade/checks.h"

#include <stddef.h>
#include "grade/harness/protocol.h"

#include <stdint.h>

#define HARNESS_MAX_CASES PROTO_MAX_CASES

/* The harness program, compiled when gradlab was built, embedded (harness_text.S). */
extern const unsigned char harness_object[];
extern const unsigned long harness_object_size;

/* Every case of check from seed, as the harness program reads them, stamped with token; free
 * *data with mem_free. ST_ENOMEM, or the check's own refusal to build a case. */
Status harness_input(const CkCheck *check, uint64_t seed, uint64_t token, unsigned char **data,
		     size_t *len);

typedef struct HarnessCase {
	int begun, ended;
	double *got[CK_MAX_TENSORS]; /* guards included; NULL when not sent */
	size_t len[CK_MAX_TENSORS];  /* values in got[i] */
} HarnessCase;

typedef struct HarnessReport {
	int loaded;             /* the harness program started and read its cases */
	char load_error[400];   /* why it did not */
	char missing[64];       /* a function the check needs that it lacks */
	char internal[200];     /* the grader could not build a case */
	HarnessCase cases[HARNESS_MAX_CASES];
	int done;               /* every case ran and was sent */
	int garbled;
	/* What did not belong on the channel, as facts the runner words: which thing
	 * (a GM_GARBLE_ id) and its numbers (a case, an array, bytes, a record kind). */
	GradeMsg garble;
	unsigned garble_a, garble_b;
} HarnessReport;

/* Read the records; never fails on bad data (that is out->garbled), only ST_ENOMEM. Free
 * with harness_report_free. */
Status harness_parse(const unsigned char *data, size_t len, uint64_t token, const CkCheck *check,
		     HarnessReport *out);
void harness_report_free(HarnessReport *r);

#endif
