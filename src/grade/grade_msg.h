/* grade_msg: every sentence the grader says to a person, in English and Simplified Chinese,
 * from one table (grade_msg.c), as src/ui/strings.c does for the book. In src/grade. The
 * checks, the verdict and the runner find facts (a tensor, an index, a signal, numbers) and
 * word them with an id from here; the report writers pick the language. Most are printf
 * formats: the comment beside each id says which arguments it takes, the same in every
 * language (a column that does not show one consumes it with %.0s). The language is an index
 * into core/lang.h's list; a third language is one more column in the table. */
#ifndef GRADLAB_GRADE_MSG_H
#define GRADLAB_GRADE_MSG_H

#include <stddef.h>

#include "core/lang.h"

typedef enum GradeMsg {
	GM_NONE,                /* "" */
	/* {---- Problems: a few words each, in GradeProblem's order ---- */
	GM_PROBLEM_OK,
	GM_PROBLEM_NOT_COMPILED,
	GM_PROBLEM_NO_FILE,
	GM_PROBLEM_MISSING,
	GM_PROBLEM_WRONG,
	GM_PROBLEM_SHAPE,
	GM_PROBLEM_INPUT_CHANGED,
	GM_PROBLEM_CRASHED,
	GM_PROBLEM_TIMEOUT,
	GM_PROBLEM_EXITED,
	GM_PROBLEM_ESCAPED,
	GM_PROBLEM_GARBLED,
	GM_PROBLEM_INTERNAL,
	GM_PROBLEM_UNKNOWN,
	/* {---- The verdict on one case ---- */
	GM_GATE_UNIT,           /* %c gate, %d unit: after an index */
	GM_SHAPE_FIRST,         /* the first line's opening */
	GM_SHAPE,               /* %s opening, %s tensor, %d rows, %d cols, %zu values, %s where
				   (one of the three below, each a whole phrase to translate) */
	GM_SHAPE_BEFORE,
	GM_SHAPE_BOTH,
	GM_SHAPE_AFTER,
	GM_INPUT_CHANGED,       /* %s tensor, %s tensor, %s index, %s was, %s now, %s advice */
	GM_WRONG_VALUE,         /* %s tensor, %s index, %s expected, %s got */
	GM_WRONG_NAN,
	GM_WRONG_INF,
	GM_WRONG_REL,           /* %.3g relative error */
	GM_WRONG_FD,            /* %.9g finite differences */
	GM_NEWLINE,
	GM_WHY,                 /* %s tensor, %s reason */
	GM_RIGHT,               /* %s the outputs that are right */
	GM_GUESS_NOTHING_ADDED,
	GM_GUESS_LEFT,
	GM_GUESS_NOT_WRITTEN,
	GM_GUESS_ASSIGNED,
	GM_GUESS_SIGN,
	GM_GUESS_TWICE,
	GM_GUESS_TRANSPOSED,    /* %s tensor */
	/* {---- A run that did not come back whole ---- */
	GM_ESCAPED,             /* %s files */
	GM_TIMEOUT,             /* %.1f seconds, %s clock, %g limit */
	GM_CLOCK_WALL,
	GM_CLOCK_CPU,
	GM_CRASHED_WITH,        /* %s what */
	GM_CRASHED_SIGNAL,      /* %d signal, %s its description, %s its abbreviation */
	GM_SIG_SEGV,
	GM_SIG_BUS,
	GM_SIG_ABRT,
	GM_SIG_FPE,
	GM_SIG_ILL,
	GM_SIG_KILL,
	GM_SIG_XFSZ,
	GM_SIG_PIPE,
	GM_GARBLED,             /* %s why */
	GM_GARBLE_TOO_MUCH,
	GM_GARBLE_RECORD_LEFT,  /* %u bytes; each garble id is given two %u, used or not */
	GM_GARBLE_FOREIGN,
	GM_GARBLE_CUT,
	GM_GARBLE_AFTER_LAST,
	GM_GARBLE_CASE_RANGE,   /* %u case, %u cases */
	GM_GARBLE_BEGAN_TWICE,  /* %u case */
	GM_GARBLE_ARRAY,        /* %u case, %u array */
	GM_GARBLE_ARRAY_TWICE,  /* %u case, %u array */
	GM_GARBLE_KIND,         /* %u kind */
	GM_NO_CASE,             /* %s why */
	GM_UNDEFINED,           /* %s symbol */
	GM_CANNOT_LOAD,         /* %s why */
	GM_ENDED_LOADING,       /* %d exit status */
	GM_NOT_DEFINED,         /* %s file, %s function */
	GM_ENDED_EARLY,         /* %d exit status */
	GM_INTERRUPTED_LINE,
	GM_CANNOT_START,        /* %s why */
	GM_NO_MEMORY_READ,      /* %s why */
	GM_NO_ANSWERS,          /* %s why */
	GM_ARRAY_MISSING,       /* %d case */
	/* {---- A file that is not graded at all ---- */
	GM_INTERRUPTED,
	GM_UID_COLLISION,       /* %s why */
	GM_ERRNO_ENOENT,        /* %s the system's words */
	GM_ERRNO_EACCES,        /* %s the system's words */
	GM_ERRNO_EISDIR,        /* %s the system's words */
	GM_ERRNO_OTHER,         /* %s the system's words */
	GM_CANNOT_READ,         /* %s file, %s why */
	GM_NOT_REGULAR,         /* %s file, %s kind */
	GM_KIND_LINK,
	GM_KIND_FIFO,
	GM_KIND_DIR,
	GM_KIND_DEVICE,
	GM_KIND_PROC,
	GM_KIND_OTHER,
	GM_TOO_LARGE,
	GM_NO_TMPDIR,           /* %s why */
	GM_CC_HIDDEN,           /* %.300s compiler */
	GM_CC_START,            /* %s why */
	GM_CC_TIMEOUT,          /* %g seconds */
	GM_CC_SIGNAL,           /* %d signal */
	GM_NOT_COMPILED,        /* %s file */
	GM_WORKER_SIGNAL,       /* %d signal, %s its description, %s its abbreviation */
	GM_WORKER_FAILED,       /* %d exit status */
	GM_WORKER_START,        /* %s why */
	GM_WORKER_TOO_LONG,
	GM_PATH_TOO_LONG,       /* %zu bytes, %d PATH_MAX */
	/* {---- The sandbox, in a few words ---- */
	GM_SANDBOX_NAMESPACES,
	GM_SANDBOX_USERNS,
	GM_SANDBOX_UID_LANDLOCK,
	GM_SANDBOX_UID,
	GM_SANDBOX_BASIC_LANDLOCK,
	GM_SANDBOX_BASIC,
	/* {---- Cases, in words ---- */
	GM_NOTE_N,              /* %d n */
	GM_NOTE_RELU,           /* %d n, %s kink */
	GM_NOTE_KINK_ONE,
	GM_NOTE_KINK_SOME,
	GM_NOTE_BC,             /* %d B, %d C, %s kind */
	GM_NOTE_LOGITS_HIGH,
	GM_NOTE_LOGITS_LOW,
	GM_NOTE_LOGITS_SPAN,
	GM_NOTE_LOGITS_ONE,
	GM_NOTE_LOGITS_KINDS,
	GM_NOTE_DLOSS,          /* %.3g dloss */
	GM_NOTE_DLOSS_PLAIN,    /* %.3g dloss: after a note of numbers only */
	GM_NOTE_BIO,            /* %d B, %d I, %d O */
	GM_NOTE_BIH,            /* %d B, %d I, %d H */
	GM_NOTE_TBIH,           /* %d T, %d B, %d I, %d H */
	GM_NOTE_EPS,            /* %d n, %.3g eps */
	GM_NOTE_MISMATCH,       /* %d n, %.3g atol, %.3g rtol, %s what */
	GM_MISMATCH_AGREE,
	GM_MISMATCH_SEVERAL,
	GM_MISMATCH_NAN_NUMERIC,
	GM_MISMATCH_NAN_ANALYTIC,
	GM_MISMATCH_TINY,
	GM_MISMATCH_LARGE,
	GM_MISMATCH_INF,
	GM_MISMATCH_THEY_AGREE,
	GM_MISMATCH_THEY_DISAGREE,
	GM_NOTE_CLIP_RNN,       /* %d H, %d I, %.3g norm, %.3g max_norm */
	GM_NOTE_CLIP,           /* %d gradients, %d values, %.3g norm, %.3g max_norm */
	GM_NOTE_QKV,            /* %d Tq, %d Tk, %d D, %d Dv */
	GM_NOTE_SCORES,         /* %s kind, %.0f lowest, %.0f highest */
	GM_SCORES_SPAN,
	GM_SCORES_KINDS,
	GM_SCORES_LARGE,
	/* {---- Mistakes a check knows ---- */
	GM_EXPLAIN_RELU_KINK,
	GM_EXPLAIN_LOGITS_HIGH,
	GM_EXPLAIN_SCORES_HIGH, /* %.5g largest */
	GM_EXPLAIN_ROW_LOW,     /* %s what, %.5g largest, %s what */
	GM_EXPLAIN_ROW_SPAN,    /* %s what, %.5g span, %.5g lowest, %.5g highest */
	GM_EXPLAIN_ONE_SIDED,
	GM_EXPLAIN_WIDE,
	GM_EXPLAIN_FIXED_STEP,  /* %g step, %.3g eps */
	GM_RESTORE_X,
	GM_EXPLAIN_INDEX_RANGE, /* %d n */
	GM_EXPLAIN_NAN_SIDE,    /* %s side, %d index */
	GM_EXPLAIN_INF_SIDE,    /* %s side, %d index, %s inf */
	GM_EXPLAIN_LAST,        /* %d index, %d first */
	GM_EXPLAIN_DISAGREE,    /* %d index, %.3g difference, %.3g bound */
	GM_EXPLAIN_AGREE,       /* %d index, %.3g difference, %.3g bound, %s term */
	GM_EXPLAIN_NORM_AFTER,  /* %.6g after, %.6g before */
	GM_EXPLAIN_NORM_PART,   /* %d first, %d n_grads */
	GM_EXPLAIN_OWN_NORM,    /* %.6g own, %.6g global */
	GM_EXPLAIN_LEFT,        /* %.6g own, %.6g global */
	GM_EXPLAIN_NO_EPS,
	/* {---- Reports ---- */
	GM_REPORT_POINTS,
	GM_REPORT_HINT,
	GM_REPORT_NEXT_HINT,
	GM_REPORT_PRINTED,
	GM_REPORT_MORE_OUTPUT,
	GM_REPORT_CASE,
	GM_REPORT_OK,           /* 6 columns wide with its spaces, so the check names line up */
	GM_REPORT_FAIL,         /* the same */
	GM_REPORT_COLON,
	GM_REPORT_COMMA,
	GM_REPORT_TITLE,        /* %s exercise, %s ": " or "", %s title, %s file, %s score,
				   %s max, %s "points" */
	GM_REPORT_ONE_SEED,     /* %llu seed */
	GM_REPORT_NOTE,         /* %llu seed, %.2f seconds, %s sandbox */
	GM_REPORT_TOTAL,        /* %s score, %s max, %d passed, %d exercises, %llu seed */
	GM_REPORT_SUMMARY,      /* %s score, %s max, %llu seed: the JSON report's summary */
	/* {---- Exercises 11-14: dropout, batchnorm, layernorm, conv2d (checks_layers.c) ---- */
	GM_NOTE_DROPOUT,        /* %d n, %.3g p, %s mode */
	GM_DROPOUT_TRAINING,
	GM_DROPOUT_EVAL,
	GM_NOTE_BATCHNORM,      /* %d N, %d C, %.3g eps, %s kind, %s kind */
	GM_NOTE_LAYERNORM,      /* %d N, %d D, %.3g eps, %s kind, %s kind */
	GM_NORM_CONST_COLUMN,
	GM_NORM_CONST_ROW,
	GM_NORM_OFFSET,
	GM_NORM_TINY,
	GM_NOTE_CONV,           /* %d N, %d Cin, %d H, %d W, %d Cout, %d kH, %d kW, %d stride_h,
				   %d stride_w, %d pad_h, %d pad_w */
	GM_EXPLAIN_DROPOUT_SCALE, /* %.3g 1 - p */
	GM_EXPLAIN_DROPOUT_EVAL,
	GM_EXPLAIN_NORM_CONSTANTS,
	GM_EXPLAIN_CONV_FLIP,
	GM_EXPLAIN_CONV_STRIDE, /* %d stride_h, %d stride_w */
	GM_EXPLAIN_NORM_CANCEL,
	GM_COUNT
} GradeMsg;

/* The text of id in lang (English where lang is out of range, "" where id is, or where the
 * table has no text: a gap the table test fails on, never filled in from another language).
 * Never NULL. */
const char *grade_msg(int lang, GradeMsg id);

/* Append message id, formatted with the same arguments in every language, to text[lang]:
 * text points at LANG_COUNT buffers of size bytes each, one after the other (a
 * char [LANG_COUNT][size] array). Each is cut to fit. */
void grade_say(char *text, size_t size, GradeMsg id, ...);
/* The same for one language's buffer. */
void grade_say_in(int lang, char *buf, size_t size, GradeMsg id, ...);

/* grade_say into a two-dimensional array of texts (gc->message, c->note, ...). */
#define GRADE_SAY_ALL(texts, id, ...) \
	grade_say(&(texts)[0][0], sizeof (texts)[0], id, ##__VA_ARGS__)

#endif
