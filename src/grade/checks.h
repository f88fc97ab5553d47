/* checks: what gradlab checks in each exercise, and how the right answers are found.
 * In src/grade, above core, nn and check. A check calls one of the learner's functions on a
 * few random cases. A case is a set of named tensors drawn from a seed, here in the grader's
 * process, which sends every input to the harness program (src/grade/harness/) that calls
 * the learner's code by the check's name, and works out the right answer itself on the
 * autodiff tape. The program only sends back the raw arrays after the call; the grader
 * compares them and never takes the program's word for a verdict. Every array carries guard
 * values on both sides, so a write past either end (a shape mistake) is seen too. */
#ifndef GRADLAB_CHECKS_H
#define GRADLAB_CHECKS_H

#include "core/ad.h"
#include "grade/grade_msg.h"
#include "grade/harness/protocol.h"
#include "nn/recurrent.h"

#include <stddef.h>
#include <stdint.h>

#define CK_MAX_TENSORS 20
#define CK_MAX_NEEDS 3
#define CK_GUARD 4 /* guard values on each side of every array */

typedef enum CkRole {
	CK_IN,    /* read by the learner's function; must be left unchanged */
	CK_OUT,   /* written (=); compared as it is */
	CK_GRAD,  /* added to (+=); compared by what the call added */
	CK_INOUT, /* changed in place (clipping); compared as it is */
	CK_AUX,   /* the grader's own (the x behind a sigmoid's y); never passed to the learner */
} CkRole;

typedef struct CkTensor {
	char name[16];     /* as in the exercise's signature: "dW_hh" */
	CkRole role;
	int rows, cols;
	int block;         /* rows per stacked gate block (gated weights), else 0 */
	const char *gates; /* one letter per block: "ifgo", "rzn"; NULL if none */
	double *mem;       /* CK_GUARD + rows*cols + CK_GUARD values */
	double *v;         /* mem + CK_GUARD: the tensor itself */
	double *start;     /* rows*cols values: what v held before the call */
} CkTensor;

typedef struct CkCase {
	CkTensor t[CK_MAX_TENSORS];
	int n;
	int dim[CK_MAX_DIMS];          /* the sizes, at their CK_DIM_ names */
	int *target;                   /* class indices (softmax_xent), dim[CK_DIM_B] of them */
	double scalar[CK_MAX_SCALARS]; /* the numbers, at their CK_SCALAR_ names */
	char note[LANG_COUNT][160]; /* the case in words, per language: "B=2 I=3 H=4" */
} CkCase;

typedef struct CkTape CkTape;

typedef struct CkCheck {
	const char *name;               /* the function it grades: "rnn_step_backward" */
	const char *needs[CK_MAX_NEEDS]; /* the functions it calls (the harness calls them) */
	int weight;                     /* share of the exercise's points */
	int n_cases;
	double atol, rtol;              /* |want - got| <= atol + rtol * max(|want|, |got|) */
	/* Case k: its sizes and values, drawn from r only (the same every time). The harness
	 * program finds the arrays by the names the exercise's signature gives them. */
	Status (*make)(CkCase *c, Rng *r, int k);
	/* In the parent, on the tape: register every CK_OUT tensor's right value with ck_output
	 * and return the loss whose gradients the CK_GRAD tensors are (NULL if there are none).
	 * A CK_GRAD tensor "dX" is the gradient with respect to the input named "X". */
	AdNode *(*build)(CkTape *ct);
	/* Or, for checks that are not a function on the tape: the right values directly, want[i]
	 * for every tensor i that is not CK_IN or CK_AUX (for CK_GRAD: what must be added). */
	Status (*expect)(CkCase *c, double **want);
	/* Optional: a sentence on a mistake this check knows well, for element i of t, which
	 * came back as got (the raw array value), in lang (a Lang, worded from
	 * grade_msg.h); NULL when it does not recognise one. */
	const char *(*explain)(CkCase *c, const CkTensor *t, size_t i, double got, int lang,
			       char *buf, size_t size);
	/* Optional: advice (a grade_msg id, GM_NONE for none) added to the verdict when the
	 * learner's code changed input t, which it should only read. */
	GradeMsg (*input_changed)(const CkTensor *t);
} CkCheck;

typedef struct CkExercise {
	const char *name;   /* as in exercises.list: "rnn_step" */
	const CkCheck *checks;
	int n_checks;
} CkExercise;

/* The exercise of that name, NULL if gradlab has no checks for it. */
const CkExercise *checks_find(const char *name);
int checks_count(void);
const CkExercise *checks_at(int i);

/* {==== Cases ==== */
/* Build case k of check from the grading seed (allocating its arrays); ST_ENOMEM or the
 * check's own refusal. ck_case_free frees what it allocated and accepts a zeroed case. */
Status checks_case_make(const CkCheck *check, uint64_t seed, int k, CkCase *c);
void checks_case_free(CkCase *c);
/* A new tensor of c with its guards; its values are uniform in [-1, 1) from r. NULL when out
 * of memory or c is full. For make(). */
double *ck_tensor(CkCase *c, Rng *r, const char *name, CkRole role, int rows, int cols);
CkTensor *ck_find(CkCase *c, const char *name);
/* The bit pattern of a guard value: a NaN no arithmetic produces. */
int ck_is_guard(double v);
/* }==== */

/* {==== The right answers ==== */
/* want[i] (rows*cols values, allocated here; free with checks_want_free) for every tensor
 * that is not CK_IN or CK_AUX. */
Status checks_want(const CkCheck *check, CkCase *c, double **want);
void checks_want_free(double **want);
/* For build(): input tensor `name` as a tape leaf (a parameter when some "d<name>" wants its
 * gradient, else a constant); its value and gradient as Mats, for layers that own Mats. */
AdNode *ck_in(CkTape *ct, const char *name);
Mat *ck_value(CkTape *ct, const char *name);
Mat *ck_gradient(CkTape *ct, const char *name);
Tape *ck_tape(CkTape *ct);
CkCase *ck_case(CkTape *ct);
/* Record node as the right value of the CK_OUT tensor `name`. */
void ck_output(CkTape *ct, const char *name, AdNode *node);
/* sum(node .* upstream): a loss whose gradient at node is the input tensor `upstream`. */
AdNode *ck_dot(CkTape *ct, AdNode *node, const char *upstream);
/* The central difference of the check's loss in element i of the input behind CK_GRAD
 * tensor grad (its name without the 'd'); NaN when the check has no loss or no such input. */
double checks_finite_difference(const CkCheck *check, CkCase *c, int grad, size_t i);
/* }==== */

/* {==== Per-exercise tables (checks_*.c) ==== */
extern const CkExercise ck_activations, ck_softmax_xent, ck_linear, ck_rnn_step, ck_bptt,
	ck_gradcheck, ck_clip, ck_lstm_step, ck_gru_step, ck_attention;
extern const CkExercise ck_dropout, ck_batchnorm, ck_layernorm, ck_conv2d; /* checks_layers.c */
extern const CkExercise ck_maxpool, ck_adam, ck_masked_xent, ck_adding_train;

/* For make(): return ST_ENOMEM from it when p is NULL (ck_tensor's way of failing). */
#define CK_TRY(p)                                                                   \
	do {                                                                        \
		if (!(p))                                                           \
			return status_fail(ST_ENOMEM, "grader: out of memory");     \
	} while (0)

/* For make(): an int in [lo, hi]; one in [lo, hi] other than not (so that two sizes of a
 * case can never be confused). */
int ck_between(Rng *r, int lo, int hi);
int ck_between_except(Rng *r, int lo, int hi, int not);
void ck_snapshot(CkCase *c); /* start = v for every tensor; checks_case_make calls it */

/* For explain(): why an output of a softmax over row (n logits, or scores when scores) came
 * back as got, when got is NaN, inf or 0 and the row is one exp cannot take as it is: a
 * value above 709, every value below -708, or a span above 709. NULL otherwise. */
const char *ck_explain_softmax_row(const double *row, int n, double got, int scores, int lang,
				   char *buf, size_t size);

/* For the recurrent cells (rnn, lstm, gru), whose cases keep B, I, H at CK_DIM_B, _I, _H and name
 * their weights W_ih, W_hh, b_ih, b_hh as the exercises do. */
/* The gradients a cell's backward adds to, after every other tensor of the case: dx (B, I),
 * dh_prev (B, H), dc_prev (B, H) when with_cell, dW_ih (G*H, I), dW_hh (G*H, H), db_ih and
 * db_hh (1, G*H); with gates (G letters, or NULL for one block), the weights' gradients and
 * the case's "gates" tensor are marked as stacked gate blocks of H. */
Status ck_cell_gradients(CkCase *c, Rng *r, int G, const char *gates, int with_cell);
/* Mark tensor name as stacked gate blocks of H (rows or columns), for messages. */
void ck_stacked(CkCase *c, const char *name, const char *gates, int H);
/* A view of the case's weights as an nn/recurrent layer of that kind, built on the stack:
 * the tape reads the case's arrays and sends the gradients into the CkTape's buffers. */
Recurrent ck_layer(CkTape *ct, RecurrentKind kind);
/* }==== */

/* {==== Checks judged as a whole ==== */
/* A check with no right array to compare (a training run, judged by what its weights do on
 * data it never saw) has a judge: after the guards and the inputs pass, it gets the case
 * and the arrays that came back (got[i] as verdict_case has them, guards included) and
 * returns 1 when the case passes; otherwise it sets out->problem, out->wrong and
 * out->message itself. */
struct GradeCheck;
typedef int (*CkJudge)(CkCase *c, const double *const *got, struct GradeCheck *out);
/* check's judge; NULL for the checks compared element by element (all but a few). */
CkJudge checks_judge(const CkCheck *check);
/* adding_train's reference: the training loop the task asks for, run by the grader on case
 * c from its starting weights (nn/recurrent's LSTM on the tape, optim's Adam). The trained
 * weights go to w[0..5] (W_ih, W_hh, b_ih, b_hh, W_out, b_out; w or an entry NULL: not
 * wanted), their held-out MSE to *mse. make() keeps only cases on which it ends well. */
Status checks_train_reference(CkCase *c, double *const *w, double *mse);
/* }==== */

#endif
