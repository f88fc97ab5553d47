/* check_msg: every sentence a gradient check or a step-size sweep says to a person, in
 * English and Simplified Chinese, from one table (check_msg.c), as src/ui/strings.c does for
 * the book and src/grade/grade_msg.c for the grader. In src/check: gradcheck, models and vjp
 * find facts (a tensor, an index, a kind of non-finite value, numbers); report.c words them
 * with the ids here. Most are printf formats: the comment beside each id says which
 * arguments it takes, the same in every language (by position where a language orders them
 * differently, or consumes one with %.0s). A language is an index into core/lang.h's list;
 * a third language is one more column in the table. */
#ifndef GRADLAB_CHECK_MSG_H
#define GRADLAB_CHECK_MSG_H

#include "core/lang.h"

/* An id marked "one" is followed by its "many" (the _MANY id): check_msg_n picks one of the
 * two by a count, as English needs; a language without plurals gives both the same text. */
typedef enum CheckMsg {
	CKM_NONE,                 /* "" */
	/* {---- How the tables are laid out ---- */
	CKM_TABLE_LAYOUT,         /* "wide": one line per tensor (120 columns); "narrow": tables
				    that fit 80 columns, aligned by terminal columns (CJK) */
	/* {---- The gradient check ---- */
	CKM_CHECK_TITLE,          /* %s model, %g eps, %g atol, %g rtol, %s CKM_RANDOM_DIRECTIONS
				    or "" */
	CKM_RANDOM_DIRECTIONS,
	CKM_LOSS,                 /* %.17g loss */
	CKM_HEAD_TENSOR,          /* table heads, in both layouts unless said */
	CKM_HEAD_SHAPE,
	CKM_HEAD_CHECKED,
	CKM_HEAD_FAILED,
	CKM_HEAD_KINKS,
	CKM_HEAD_MAX_ABS_ERR,
	CKM_HEAD_MAX_REL_ERR,
	CKM_HEAD_WORST,
	CKM_HEAD_NUMERIC,         /* narrow */
	CKM_HEAD_ANALYTIC,        /* narrow */
	CKM_HEAD_DIRECTION,       /* narrow */
	CKM_HEAD_REL_ERR,         /* narrow */
	CKM_HEAD_RESULT,          /* narrow */
	CKM_WORST_WIDE,           /* %s tensor, %d row, %d col, %.10g numeric, %.10g analytic */
	CKM_DIRECTION_WIDE,       /* %-3d direction, %.12g numeric, %.12g analytic, %.3g rel err,
				    %s CKM_DIRECTION_AGREES or _DISAGREES */
	CKM_DIRECTION_AGREES,
	CKM_DIRECTION_DISAGREES,
	CKM_FAIL,                 /* %s what (report_nonfinite's words) */
	CKM_TENSOR_FAILS,         /* one, by checked: %1$s tensor, %2$d failed, %3$d checked,
				    %4$d row, %5$d col, %6$.10g numeric, %7$.10g analytic,
				    %8$.3g relative error */
	CKM_TENSOR_FAILS_MANY,
	CKM_KINKS,                /* one: %d values on a kink */
	CKM_KINKS_MANY,
	CKM_PASS_DIRECTIONS,      /* one: %d directions, %ld loss evaluations */
	CKM_PASS_DIRECTIONS_MANY,
	CKM_PASS_VALUES,          /* one, by values: %d values, %s CKM_N_TENSORS, %ld evaluations */
	CKM_PASS_VALUES_MANY,
	CKM_N_TENSORS,            /* one: %d tensors */
	CKM_N_TENSORS_MANY,
	CKM_FAIL_DIRECTION,
	/* {---- Non-finite values, in GcNonfiniteKind's order from FORWARD ---- */
	CKM_NONFINITE_FORWARD,    /* %g value, %d node, %s op, %ld row, %ld col */
	CKM_NONFINITE_LOSS,
	CKM_NONFINITE_STEP,       /* %g value, %s tensor, %ld row, %ld col, %+g step */
	CKM_NONFINITE_ANALYTIC,   /* %s tensor, %ld row, %ld col, %g value */
	/* {---- The step-size sweep ---- */
	CKM_SWEEP_TITLE,          /* %s model, %s tensor, %d row, %d col, %.17g analytic */
	CKM_SWEEP_HEAD_STEP,
	CKM_SWEEP_HEAD_CENTRAL,
	CKM_SWEEP_HEAD_FORWARD,
	CKM_SWEEP_BEST,           /* %.0e step */
	CKM_COUNT
} CheckMsg;

/* The text of id in lang (English where lang is out of range, "" where id is, or where the
 * table has no text: a gap the table test fails on, never filled in from another language).
 * Never NULL. */
const char *check_msg(int lang, CheckMsg id);
/* id's text when n is 1 (or -1), else the text of the "many" id after it. */
const char *check_msg_n(int lang, CheckMsg id, long long n);

#endif
