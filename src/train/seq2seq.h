/* seq2seq: `gradlab train reverse`, an encoder-decoder GRU with attention that learns to
 * reverse a string of digits. In src/train, on nn (recurrent, attention, linear), core/ad
 * and train/beam.
 * Data (task.c draws through seq2seq_draw): a string of L digits, L uniform in
 * [min_steps, steps]; the encoder reads it one-hot (10 columns), rows past L all zero; the
 * labels are the reversed string, then the end token, then SEQ2SEQ_IGNORE up to steps + 1.
 * Model: the encoder GRU's state at the string's last real step starts the decoder GRU,
 * whose input is the previous target token one-hot (11 columns: the digits and the start
 * token; teacher forcing in training). Every decoder state d_s attends over the encoder
 * states (nn/attention's general score d_s^T W e_t, Luong's), the padded steps masked out
 * (ad_mask_columns through attention_forward's keep), and [d_s; context_s] goes through a
 * linear layer to 11 logits (the digits and the end token). The loss is the cross-entropy
 * per token over the real positions (ad_cross_entropy_ex's ignore_index skips the padding),
 * so a batch of strings of different lengths is padded only to its own longest one.
 * A string counts as right when every position's argmax is its label under teacher
 * forcing, which is exactly when greedy decoding gives the reversed string. */
#ifndef GRADLAB_TRAIN_SEQ2SEQ_H
#define GRADLAB_TRAIN_SEQ2SEQ_H

#include "core/ad.h"
#include "core/rng.h"
#include "nn/attention.h"
#include "nn/linear.h"
#include "nn/recurrent.h"
#include "train/task.h"

#define SEQ2SEQ_DIGITS 10
#define SEQ2SEQ_END 10        /* the output token after the reversed string */
#define SEQ2SEQ_START 10      /* the decoder's first input (its one-hot column) */
#define SEQ2SEQ_OUT 11        /* output classes: digits and the end token */
#define SEQ2SEQ_DEC_IN 11     /* decoder input columns: digits and the start token */
#define SEQ2SEQ_IGNORE (-100) /* padded label positions: PyTorch's ignore_index */
#define SEQ2SEQ_MAX_STEPS 100

typedef struct Seq2seq {
	int hidden;
	Recurrent *enc, *dec;
	Attention *attn;
	Linear *out;
	/* Buffers the tape borrows until the backward pass (grown as batches need). */
	double *dec_x;  /* decoder one-hot inputs */
	int *keep;      /* attention masks, one row of keys per example */
	size_t cap_dec_x, cap_keep;
} Seq2seq;

/* Draw example i of b (made by batch_new for a TASK_REVERSE task) from r. */
void seq2seq_draw(const TaskConfig *c, Rng *r, Batch *b, int i);
/* The length of example i of b, read from its labels. */
int seq2seq_length(const Batch *b, int i);

/* The positions b's loss counts: every string's tokens and its end token. */
long seq2seq_tokens(const Batch *b);

/* The model with PyTorch's initialisation from rng, in parameter order: encoder, decoder
 * (weight_ih, weight_hh, bias_ih, bias_hh each), attention W, out.weight, out.bias. */
Seq2seq *seq2seq_new(int hidden, Rng *rng);
void seq2seq_free(Seq2seq *s);
#define SEQ2SEQ_N_PARAMS (2 * REC_N_PARAMS + 3)
/* The parameters, their gradients and names ("encoder.weight_ih", ...). */
void seq2seq_params(Seq2seq *s, Mat **param, Mat **grad, char (*name)[48]);

/* The mean cross-entropy per real token over b on tape t; *correct (may be NULL) gets the
 * number of strings whose every position is right. NULL with the tape's error. */
AdNode *seq2seq_loss(Seq2seq *s, Tape *t, const Batch *b, long *correct);

/* {==== Decoding ==== */
typedef struct Seq2seqDecoded {
	int len, finished;
	double logp;
	int tok[SEQ2SEQ_MAX_STEPS * 2];
} Seq2seqDecoded;

typedef struct Seq2seqExample {
	int index;                 /* in the held-out set */
	int src_len;
	int src[SEQ2SEQ_MAX_STEPS];
	Seq2seqDecoded greedy, beam;
} Seq2seqExample;

#define SEQ2SEQ_SHOW 3
typedef struct Seq2seqDecodeReport {
	int width, max_len;
	long n, greedy_right, beam_right;
	long beam_more_probable;   /* examples where the beam found another, more probable output */
	int n_shown;
	Seq2seqExample shown[SEQ2SEQ_SHOW]; /* the first examples */
	int has_better;
	Seq2seqExample better;     /* the first where the beam found a more probable output */
} Seq2seqDecodeReport;

/* Greedy and beam search (width K) decoding of one string src (len digits), at most
 * max_len output tokens before the end token. */
Status seq2seq_decode(Seq2seq *s, const int *src, int len, int K, int max_len,
		      Seq2seqDecoded *greedy, Seq2seqDecoded *beam);
/* Decode every held-out string of task both ways; *rep gets the facts. */
Status seq2seq_decode_test(Seq2seq *s, const Task *task, int K, Seq2seqDecodeReport *rep);
/* }==== */

#endif
