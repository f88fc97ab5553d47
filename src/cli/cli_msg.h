/* cli_msg: every sentence the commands in src/cli say to a person, in English and Simplified
 * Chinese, from one table (cli_msg.c), as src/ui/strings.c does for the book and
 * src/grade/grade_msg.c for the grader. In src/cli. The labs (src/lab) and the models
 * (src/nn) return numbers; the commands word them with an id from here. The language is an
 * index into core/lang.h's list (what lang_resolve returns), never a branch: a command passes it
 * to cli_msg and cli_say and lays out text by its terminal columns (lang_put_left/right),
 * never by its byte length. Most texts are printf formats: the comment beside each id says
 * which arguments it takes, the same in every language (a column that does not show one
 * consumes it with %.0s). Words that change with a count (step, steps) are two ids, one and
 * many, chosen by the count; a language without plurals gives both the same text. A third
 * language is one more column in the table. */
#ifndef GRADLAB_CLI_MSG_H
#define GRADLAB_CLI_MSG_H

#include <stddef.h>
#include <stdio.h>

#include "core/lang.h"

typedef enum CliMsg {
	CM_NONE,                /* "" */
	/* {---- Shared by several commands ---- */
	CM_COMMA,               /* between a header and its seed */
	CM_SEED_SPACE,          /* after CM_COMMA when the seed fits on the line */
	CM_SEED,                /* %llu seed */
	CM_FORMULA,
	CM_FORMULA_SUM,         /* the formula's column head where it is a sum */
	CM_AUTODIFF,
	CM_FINITE_DIFF,
	CM_SUM,
	CM_ONE_IN_SHOWN,        /* %d steps: one shown in so many */
	CM_FORGET_BIAS,         /* %g forget bias: after the sizes */
	/* {---- bptt ---- */
	CM_BPTT_HEAD,           /* %d T, %d H, %d I, %s activation */
	CM_BPTT_FORWARD,        /* %s f or the activation's name */
	CM_BPTT_LINEAR,
	CM_BPTT_LOSS_ALL,       /* %d T, %s CM_BPTT_R_HAND or CM_BPTT_R_RANDOM */
	CM_BPTT_LOSS_LAST,      /* %1$d T, %2$s CM_BPTT_R_HAND or CM_BPTT_R_RANDOM */
	CM_BPTT_R_HAND,
	CM_BPTT_R_RANDOM,
	CM_BPTT_LOSS_VALUE,     /* %.9f L */
	CM_BPTT_THREE_WAYS,     /* %g eps */
	CM_BPTT_MODEL_GIVEN,
	CM_BPTT_MODEL_SOME,
	CM_BPTT_MODEL_DRAWN,
	CM_BPTT_R_SCORED,       /* a column head; its width sets the column's */
	CM_BPTT_H0_RANDOM,
	CM_BPTT_H0_ZERO,
	CM_BPTT_AGREEMENT,      /* %.1e autodiff, %.1e finite */
	CM_BPTT_TERM_AGREEMENT, /* %s the copy, %.1e autodiff, %.1e finite */
	CM_BPTT_STEP1,
	CM_BPTT_STEP2,          /* %s activation */
	CM_BPTT_STEP3,
	CM_BPTT_STEP4,
	CM_BPTT_STEP5,
	CM_BPTT_ENTRY,          /* 8 columns: the head of the entry column */
	CM_BPTT_TOTALS,
	CM_BPTT_BIAS_AD,        /* autodiff above a bias's name; short enough, beside it */
	CM_BPTT_BIAS_FD,        /* finite diff, the same */
	CM_BPTT_BIAS_KEY,       /* what the short forms mean, where they are short ("" if not) */
	CM_BPTT_PATHS_INTRO,
	CM_BPTT_PATHS_ALL,      /* %d paths, %d T */
	CM_BPTT_PATHS_LAST,     /* %d paths, %s CM_PATH_ONE or CM_PATH_MANY */
	CM_PATH_ONE,
	CM_PATH_MANY,
	CM_BPTT_PATH,           /* a column head */
	CM_BPTT_PART_NORM,      /* a column head */
	CM_BPTT_PATH_SUM,
	CM_BPTT_PATH_FORMULA,
	CM_BPTT_PRODUCT,
	CM_BPTT_MATRICES,       /* %d paths, %.1e difference */
	CM_BPTT_COST,
	CM_BPTT_SUMMARY,        /* %24s "" */
	CM_BPTT_PER_STEP,
	CM_BPTT_SUMMARY_EPS,    /* %g eps */
	CM_BPTT_BAD_SHOW,       /* %.*s the word (int, then char *), %s the choices */
	/* {---- unroll ---- */
	CM_UNROLL_HEAD,         /* %d T, %s step(s), %d H, %s hidden unit(s), %d I, %s input(s),
				   %s activation */
	CM_STEP_ONE,
	CM_STEP_MANY,
	CM_HIDDEN_ONE,
	CM_HIDDEN_MANY,
	CM_INPUT_ONE,
	CM_INPUT_MANY,
	CM_UNROLL_LINEAR,       /* the formula of the linear cell */
	CM_UNROLL_LINEAR_SHORT, /* at most 7 columns */
	CM_UNROLL_LOOP,         /* under the folded cell */
	CM_UNROLL_FOLDED,       /* %d T */
	CM_UNROLL_PARAMS,       /* %d H, %d I, %d H, %d H, %d H, %d count */
	CM_UNROLL_AS_RNN,       /* %d H, %d I, %d H, %d H, %d H, %d H */
	CM_UNROLL_SAME,
	CM_UNROLL_FROM_ZERO,
	CM_UNROLL_FROM_GIVEN,
	CM_UNROLL_UNROLLED,     /* %d T, %s copy or copies, %s where from, %s formula */
	CM_COPY_ONE,
	CM_COPY_MANY,
	CM_UNROLL_STEPS_FIRST,  /* %d last step */
	CM_UNROLL_STEPS_MORE,   /* %d first step, %d last step, %d the step before */
	/* {---- tiny RNN options (bptt, unroll) ---- */
	CM_TINY_NOT_NUMBER,     /* %s command, %s option, %.*s the word (int, then char *) */
	CM_TINY_COUNT,          /* %s command, %s option, %d wanted, %s number(s), %s shape,
				   %s sizes, %s CM_TINY_OR_ONE or "", %d given */
	CM_NUMBER_ONE,
	CM_NUMBER_MANY,
	CM_TINY_OR_ONE,
	CM_TINY_RANGE,          /* %s command, %s option, %d which, %g value, %d limit */
	/* {---- check ---- */
	CM_CHECK_FAULT,         /* %s fault */
	/* {---- gates ---- */
	CM_GATES_HEAD,          /* %s cell, %d steps, %d H, %d I, %s CM_FORGET_BIAS or "" */
	CM_GATES_UNIT,          /* %d unit */
	CM_GATES_MEAN,          /* %d units */
	CM_GATES_LSTM_KEY,
	CM_GATES_GRU_KEY,
	CM_GATES_PLOT_UNIT,     /* %d unit */
	CM_GATES_PLOT_MEAN,     /* %d units */
	CM_GATES_PLOT_TITLE,    /* %s cell, %d steps, %s unit or mean, %s CM_FORGET_BIAS or "" */
	CM_GATES_X,
	CM_GATES_Y,
	/* {---- relu ---- */
	CM_RELU_LEAKY,          /* %g slope */
	CM_RELU_STEP,           /* a column head */
	CM_RELU_ACTIVE,         /* a column head */
	CM_RELU_LOSS,           /* a column head */
	CM_RELU_HEAD,           /* %d points, %g lr, %g w, %g b */
	CM_RELU_KEY,
	CM_RELU_PLOT_TITLE,     /* %d steps, %g b, %g lr */
	/* {---- The experiments with plots: norms, sweep, curves, attention ---- */
	CM_NORMS_PLOT_SEED,     /* %llu seed: at the end of a plot's subtitle */
	CM_NORMS_EVERY,         /* %s every (a number), %s the same as an ordinal ("3rd") */
	CM_NORMS_HEAD,          /* %d T, %s CM_STEP_ONE or CM_STEP_MANY, %d H, %d I,
				   %s CM_NORMS_ORTHOGONAL or CM_NORMS_GAUSSIAN, %g R,
				   %s CM_NORMS_LOSS_ALL or CM_NORMS_LOSS_LAST */
	CM_NORMS_ORTHOGONAL,
	CM_NORMS_GAUSSIAN,
	CM_NORMS_LOSS_ALL,
	CM_NORMS_LOSS_LAST,
	CM_NORMS_CUT_EACH,      /* truncated BPTT with K = 1 */
	CM_NORMS_CUT_EVERY,     /* %d K */
	CM_NORMS_CELL,          /* %s cell, %s " " or "", %s activation or "", %.6g ||W_hh||,
				   %.6g gradient norm */
	CM_NORMS_CLIPPED,       /* %.6g clipped norm */
	CM_NORMS_RHO,           /* %.4g spectral radius */
	CM_NORMS_STACKS,        /* %d G, %g R, %s "=" or "<=", %d G, %g R */
	CM_NORMS_OVERFLOW,      /* %d step */
	CM_NORMS_RATIO_HEAD,    /* column heads, 11 columns */
	CM_NORMS_BOUND_HEAD,
	CM_NORMS_PROD_F_HEAD,
	CM_NORMS_PROD_Z_HEAD,
	CM_NORMS_TERM_HEAD,
	CM_NORMS_RATIO_NOTE,    /* what the columns mean, under the tables */
	CM_NORMS_BOUND_NOTE,
	CM_NORMS_PROD_F_NOTE,
	CM_NORMS_PROD_Z_NOTE,
	CM_NORMS_TERM_NOTE,     /* %s CM_NORMS_AFTER_CLIP or "" */
	CM_NORMS_AFTER_CLIP,
	CM_NORMS_PLOT_TITLE,    /* %d T, %s CM_STEP_ONE or CM_STEP_MANY */
	CM_NORMS_PLOT_SUB,      /* %d H, %s CM_NORMS_PLOT_ORTHOGONAL or _GAUSSIAN, %g R,
				   %s CM_NORMS_PER_BLOCK or "" */
	CM_NORMS_PLOT_ORTHOGONAL,
	CM_NORMS_PLOT_GAUSSIAN,
	CM_NORMS_PER_BLOCK,
	CM_NORMS_PLOT_LOSS_ALL,
	CM_NORMS_PLOT_TRUNCATED, /* %d K */
	CM_NORMS_X,
	CM_NORMS_ZERO,          /* the legend of the zeros truncation makes */
	CM_SWEEP_NO_STEP,       /* in a column of 10 */
	CM_SWEEP_HEAD,          /* %s model, %s coordinate, %.17g x, %.17g exact */
	CM_SWEEP_STEP,          /* a column head, 8 columns */
	CM_SWEEP_DOUBLE_CTR,    /* column heads, 10 columns */
	CM_SWEEP_DOUBLE_FWD,
	CM_SWEEP_SINGLE_CTR,
	CM_SWEEP_SINGLE_FWD,
	CM_SWEEP_BEST,          /* %s CM_SWEEP_DOUBLE or CM_SWEEP_SINGLE, %.0e step, %.2e error */
	CM_SWEEP_DOUBLE,
	CM_SWEEP_SINGLE,
	CM_SWEEP_KEY,           /* %s CM_SWEEP_NO_STEP_KEY or "" */
	CM_SWEEP_NO_STEP_KEY,
	CM_SWEEP_DOUBLE_CENTRAL, /* legends */
	CM_SWEEP_DOUBLE_ONE_SIDED,
	CM_SWEEP_SINGLE_CENTRAL,
	CM_SWEEP_SINGLE_ONE_SIDED,
	CM_SWEEP_PLOT_TITLE,    /* %s model */
	CM_SWEEP_PLOT_AT_WHH,   /* %.6g W_hh[0][0], %llu seed */
	CM_SWEEP_PLOT_AT_X,     /* %g x */
	CM_SWEEP_NAN_BOTH,      /* legends of the NaN gaps: in both precisions, or in one */
	CM_SWEEP_NAN_DOUBLE,
	CM_SWEEP_NAN_SINGLE,
	CM_SWEEP_ZERO,
	CM_SWEEP_X,
	CM_SWEEP_Y,
	CM_SWEEP_CENTRAL,       /* legends of a model's sweep */
	CM_SWEEP_ONE_SIDED,
	CM_SWEEP_MODEL_TITLE,   /* %s model */
	CM_SWEEP_MODEL_AT,      /* %s tensor, %d row, %d col, %llu seed */
	CM_SWEEP_MODEL_Y,
	CM_CURVES_SATURATED,    /* %1$d saturated points, %2$d points */
	CM_CURVES_DEAD,         /* %d dead points */
	CM_CURVES_KEY,          /* %g the saturation bound */
	CM_CURVES_EVERY,        /* %s every (a number), %s the same as an ordinal, %d points */
	CM_CURVES_LEAKY,        /* %g slope */
	CM_CURVES_ELU,          /* %g alpha */
	CM_CURVES_PLOT_TITLE,   /* %s CM_CURVES_LEAKY and CM_CURVES_ELU, or "" */
	CM_ATTN_HEAD,           /* %s score, %d Tq, %s CM_QUERY_ONE or _MANY, %d Tk,
				   %s CM_KEY_ONE or _MANY, %d D, %s CM_ATTN_HEAD_MASKED or "" */
	CM_ATTN_HEAD_MASKED,    /* %s masked keys (a number) */
	CM_QUERY_ONE,
	CM_QUERY_MANY,
	CM_KEY_ONE,
	CM_KEY_MANY,
	CM_ATTN_SCORES,         /* the four matrices' titles */
	CM_ATTN_WEIGHTS,
	CM_ATTN_CONTEXT,
	CM_ATTN_DSCORES,
	CM_ATTN_PLOT_TITLE,     /* %s score */
	CM_ATTN_PLOT_SUB,       /* %d Tq, %d Tk, %d D, %llu seed */
	CM_ATTN_PLOT_MASKED,    /* %d masked keys, %s CM_KEY_ONE or _MANY */
	CM_ATTN_X,
	CM_ATTN_Y,
	/* {---- grade ---- */
	CM_GRADE_STOPPED,       /* %s signal's abbreviation */
	CM_GRADE_INSTALLED,     /* %s folder, %s folder */
	CM_GRADE_CLASS_LINK,    /* %s folder */
	CM_GRADE_CLASS_REPORTS, /* %s folder */
	CM_GRADE_CLASS_MANY,    /* %d limit */
	CM_GRADE_CLASS_TICK,    /* %d done, %d total */
	CM_GRADE_CLASS_LINE_ONE,  /* %6s score, %-4s max, %2d passed, %d exercises: 1 exercise */
	CM_GRADE_CLASS_LINE_MANY, /* the same, for another number of exercises */
	CM_GRADE_CLASS_REPORT,  /* %s file, %s extension */
	CM_GRADE_OUT_TAKEN,     /* %s folder, %s name, %s name, %s name, %d tries */
	CM_GRADE_CLASS_DONE,    /* %d students, %s student(s), %d exercises, %s exercise(s),
				   %.1f seconds, %llu seed, %s gradebook, %s reports */
	CM_STUDENT_ONE,
	CM_STUDENT_MANY,
	CM_EXERCISE_ONE,
	CM_EXERCISE_MANY,
	/* {---- watch ---- */
	CM_WATCH_KEYS,          /* %s CM_WATCH_KEY_A_LINE or "" */
	CM_WATCH_KEY_A_LINE,
	CM_WATCH_WATCHING,      /* %s folder, %s file */
	CM_WATCH_GRADING,       /* %s exercise */
	CM_WATCH_NEW,           /* a status, in 7 columns with its padding */
	CM_WATCH_FAILED,
	CM_WATCH_PASSED,
	CM_WATCH_HINT,          /* %d hint, %d hints, %s text */
	CM_WATCH_GONE,          /* %s folder */
	/* {---- the progress file (grade, watch) ---- */
	CM_STATE_SET_ASIDE,     /* %s command, %s file, %s why, %s moved to */
	CM_STATE_NO_SAVE,       /* %s command, %s why */
	CM_STATE_SAVE_FAILED,   /* %s command, %s why */
	/* {---- train ---- */
	CM_TRAIN_HEAD_SEQ,      /* %s task, %s cell, %d hidden, %d steps, %d batch, %s optimizer, %g lr */
	CM_TRAIN_HEAD_MLP,      /* %s task, %d layers, %d width, %s activation, %s CM_TRAIN_RESIDUAL or "", %s init, %s loss, %d batch, %s optimizer, %g lr */
	CM_TRAIN_RESIDUAL,
	CM_TRAIN_CLIP,          /* %g max norm */
	CM_TRAIN_SEED,          /* %llu seed */
	CM_TRAIN_RESUMED,       /* %s file, %ld iteration */
	CM_TRAIN_COL_ITER,      /* column heads */
	CM_TRAIN_COL_TRAIN,
	CM_TRAIN_COL_TEST,
	CM_TRAIN_COL_ACC,
	CM_TRAIN_FINISHED,      /* %ld iterations, %.1f seconds */
	CM_TRAIN_DIVERGED,      /* %ld iteration, %s CM_TRAIN_WHAT_LOSS or _GRAD, %g last finite norm */
	CM_TRAIN_WHAT_LOSS,
	CM_TRAIN_WHAT_GRAD,
	CM_TRAIN_STOPPED,       /* %ld iteration, %ld evaluations, %ld best iteration */
	CM_TRAIN_INTERRUPTED,   /* %ld iteration */
	CM_TRAIN_RESULT,        /* %.6g train loss, %.6g test loss, %.6g baseline, %s unit */
	CM_TRAIN_UNIT_MSE,
	CM_TRAIN_UNIT_NATS,
	CM_TRAIN_ACCURACY,      /* %.1f accuracy %, %.1f chance % */
	CM_TRAIN_IDENTICAL,
	CM_TRAIN_LAYER_HEAD,
	CM_TRAIN_COL_LAYER,
	CM_TRAIN_COL_INIT,
	CM_TRAIN_COL_LAST,
	CM_TRAIN_SAVED,         /* %s file, %ld iteration */
	CM_TRAIN_PROGRESS,      /* %ld iteration, %ld of, %.4g loss, %.3g norm, %.0f it/s, %.0f s left */
	CM_TRAIN_PLOT_TITLE,    /* %s task */
	CM_TRAIN_PLOT_X,
	CM_TRAIN_PLOT_LOSS,
	CM_TRAIN_PLOT_NORM,
	/* train mlp */
	CM_TRAIN_DROPOUT,       /* %g probability */
	CM_TRAIN_BATCH_NORM,
	CM_TRAIN_IDENTICAL_DROPOUT,
	CM_TRAIN_COL_FIRST_GRAD,   /* deep's column heads */
	CM_TRAIN_COL_LAST_GRAD,
	/* train charlm */
	CM_TRAIN_CHARLM_TEXT,     /* %s text, %ld characters, %ld training, %ld held out, %d vocabulary */
	CM_TRAIN_CHARLM_EMBED,    /* %d dimensions */
	CM_TRAIN_CHARLM_ONE_HOT,
	CM_TRAIN_CHARLM_RESULT,   /* %.4f train bits, %.4f test bits, %.4g perplexity, %.4f unigram entropy */
	CM_TRAIN_CHARLM_SAMPLE,   /* %ld characters, %g temperature */
	/* train reverse */
	CM_TRAIN_HEAD_S2S,      /* %d shortest, %d longest, %d hidden, %d batch, %s optimizer, %g lr */
	CM_TRAIN_ACCURACY_S2S,  /* %.1f whole strings right, greedy, % */
	CM_TRAIN_BEAM_HEAD,     /* %ld strings, %.1f greedy %, %d width, %.1f beam %, %d length limit */
	CM_TRAIN_BEAM_GREEDY,   /* before greedy's output */
	CM_TRAIN_BEAM_BEAM,     /* before the beam's output */
	CM_TRAIN_BEAM_LOGP,     /* %.4f log-probability of a finished output */
	CM_TRAIN_BEAM_LOGP_CUT, /* %.4f log-probability of an output cut at the length limit */
	CM_TRAIN_BEAM_BETTER,   /* %ld more probable, %ld of */
	CM_TRAIN_BEAM_NONE,
	/* train --layer-stats, --grad-noise (cli/train_probe.c) */
	CM_TRAIN_PROBE_LAYERS,    /* %d training examples */
	CM_TRAIN_PROBE_COL_ACT,
	CM_TRAIN_PROBE_COL_GRAD,
	CM_TRAIN_PROBE_NOISE,     /* %d draws, %d training examples */
	CM_TRAIN_PROBE_COL_BATCH,
	CM_TRAIN_PROBE_COL_EPOCH,
	CM_TRAIN_PROBE_COL_NOISE,
	CM_TRAIN_PLOT_LR,         /* train's plot: the third panel's name */
	/* train --search (cli/train_search.c) */
	CM_TRAIN_SEARCH_HEAD,     /* %s grid|random, %d trials, %s task, %ld iterations, %g %g lr range, %g %g wd range */
	CM_TRAIN_SEARCH_COL_TRIAL,
	CM_TRAIN_SEARCH_COL_WD,
	CM_TRAIN_SEARCH_DIVERGED, /* after a trial's row */
	CM_TRAIN_SEARCH_STOPPED,  /* %d of %d trials done */
	CM_TRAIN_SEARCH_BEST,     /* %d trial, %g lr, %g wd, %g test loss */
	CM_TRAIN_SEARCH_DISTINCT, /* %d trials, %d learning rates */
	CM_TRAIN_SEARCH_PLOT_TITLE, /* %s grid|random */
	CM_TRAIN_SEARCH_PLOT_WD,  /* %.2g weight decay: a grid's line */
	CM_TRAIN_SEARCH_PLOT_RANDOM,
	CM_TRAIN_SEARCH_GRID,     /* the kinds' names in the head and the title */
	CM_TRAIN_SEARCH_RANDOM,
	CM_TRAIN_PLOT_HELD_OUT,   /* train's plot: the held-out loss at each evaluation */
	CM_COUNT
} CliMsg;

/* The text of id in lang (English where lang is out of range, "" where id is, or where the
 * table has no text: a gap the table test fails on, never filled in from another language).
 * Never NULL. */
const char *cli_msg(int lang, CliMsg id);
/* One of two ids by a count: one when n is 1 or -1, else many (as core/plural's plural_en). */
const char *cli_msg_n(int lang, long long n, CliMsg one, CliMsg many);
/* Message id in lang, formatted with the arguments its comment names, to out. */
void cli_say(FILE *out, int lang, CliMsg id, ...);
/* The same into buf (cut to fit, always terminated when size > 0). */
void cli_format(char *buf, size_t size, int lang, CliMsg id, ...);

#endif
