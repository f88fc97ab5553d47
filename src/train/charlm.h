/* charlm: `gradlab train charlm`, a character-level language model. In src/train, on text,
 * nn/embedding, nn/recurrent and nn/linear; task.c, model.c, loop.c and checkpoint.c call in
 * here for this task. The text (train/text.h) is split once: the first part trains, the last
 * CHARLM_HOLD_OUT_PERCENT (or --test-size characters) is held out, never a training input
 * or target. The training part is cut into B (--batch) parallel streams of equal length; an
 * iteration is the next window of --steps characters of every stream, and the hidden state
 * at the end of a window is carried into the next one as a constant (truncated BPTT: a new
 * tape each window, so no gradient crosses a window's start). When the streams run out they
 * start again from the beginning with a zero state. Input: an Embedding (PyTorch's
 * nn.Embedding, N(0, 1)) of --embed dimensions, or one-hot vectors (--one-hot); then the
 * recurrent cell and a linear read-out, cross-entropy per character (mean over the window).
 * The held-out loss runs the tail as CHARLM_EVAL_STREAMS streams from a zero state. Losses
 * on the tape are in nats; the CLI words them as bits per character and perplexity. */
#ifndef GRADLAB_CHARLM_H
#define GRADLAB_CHARLM_H

#include "nn/embedding.h"
#include "train/model.h"
#include "train/task.h"
#include "train/text.h"

#define CHARLM_HOLD_OUT_PERCENT 10
#define CHARLM_EVAL_STREAMS 16
#define CHARLM_MAX_SAMPLE 1000000

typedef struct CharStreams {
	CharText *text;
	long n_train;       /* characters 0 .. n_train-1 train; the rest is held out */
	long stream_len;    /* inputs per stream: (n_train - 1) / B */
	long windows;       /* windows of --steps per pass over the streams */
	long pos;           /* the next window, 0 .. windows-1: every stream's position */
	double entropy;     /* the unigram entropy of the training part, bits per character */
} CharStreams;

typedef struct CharModel {
	Embedding *emb;     /* NULL with --one-hot */
	Mat *h, *c;         /* (B, H): the state carried into the next training window */
	Mat *h_in, *c_in;   /* this window's first state, which the tape borrows */
	Mat *onehot;        /* --one-hot: this pass's inputs, borrowed by the tape */
	AdNode **hs, **cs;  /* one node per step */
	int cap;            /* steps hs and cs hold */
} CharModel;

/* {==== The data (task.c) ==== */
/* The task: the text loaded from c->text, split, cut into c->batch streams of c->steps
 * windows. NULL with status_detail() (the text, or too short for the streams). */
Task *charlm_task_new(const TaskConfig *c);
void charlm_streams_free(CharStreams *s);
/* n streams' window: index and label (steps*n each, step-major: step s of stream b at
 * s*n + b), label the character after index. */
Batch *charlm_batch_new(const Task *t, int n);
/* The next window of every stream; b->reset set when it is the streams' first window. */
void charlm_next_batch(Task *t, Batch *b);
/* The training part's unigram entropy in bits: the best constant predictor's loss. */
double charlm_baseline(const Task *t);
/* The character position of input s of stream b at window w (for tests). */
long charlm_position(const Task *t, long w, int b, int s);
/* }==== */

/* {==== The model (model.c, loop.c) ==== */
/* m->c and m->task set: the embedding (unless one-hot, drawn from rng first, as PyTorch
 * builds nn.Embedding before the LSTM) and the carried state; *input gets the recurrent
 * cell's input size. */
Status charlm_model_init(Model *m, Rng *rng, int *input);
void charlm_model_free(CharModel *lm);
/* The mean cross-entropy (nats) of window b from the carried state, which it then moves to
 * the window's last state. */
AdNode *charlm_loss(Model *m, Tape *t, const Batch *b);
/* The held-out tail's mean cross-entropy in nats per character. */
Status charlm_evaluate(Model *m, Tape *t, double *nats);
/* The streams' position and the carried state, as doubles, for the checkpoint. */
size_t charlm_state_size(const Model *m);
void charlm_state_get(const Task *t, const Model *m, double *v);
/* ST_EINVAL when v does not fit (a position outside the streams). */
Status charlm_state_set(Task *t, Model *m, const double *v);
/* n characters (vocabulary indices into out) after the prompt (n_prompt indices; none:
 * the text's first character), each drawn from softmax(logits / temperature) with a
 * stream seeded by seed. temperature > 0. */
Status charlm_sample(Model *m, Tape *t, const int *prompt, int n_prompt, long n,
		     double temperature, uint64_t seed, int *out);
/* The next character's probabilities at temperature after the prompt, into p (V). */
Status charlm_next_probs(Model *m, Tape *t, const int *prompt, int n_prompt, double temperature,
			 double *p);
/* }==== */

#endif
