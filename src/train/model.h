/* model: what `gradlab train` trains, built from src/nn layers. In src/train, on nn and core.
 * A recurrent cell (nn/recurrent, PyTorch's layout) with a linear read-out of its last
 * state (adding) or of its last S states (copy), or an MLP of --layers hidden layers of
 * --width units (plain or residual) and a linear output layer (spirals, deep). The model
 * owns its parameters and their gradients as one flat list in PyTorch's order
 * (model.parameters()), which the optimizer, the clipper and the checkpoint walk. */
#ifndef GRADLAB_TRAIN_MODEL_H
#define GRADLAB_TRAIN_MODEL_H

#include "core/ad.h"
#include "nn/activation.h"
#include "nn/dropout.h"
#include "nn/linear.h"
#include "nn/norm.h"
#include "nn/recurrent.h"
#include "train/seq2seq.h"
#include "train/task.h"

typedef enum ModelInit {
	INIT_PYTORCH,    /* each layer's own default: uniform in +-1/sqrt(fan_in) */
	INIT_ZEROS,      /* every weight and bias 0: every hidden unit stays identical */
	INIT_NORMAL,     /* N(0, 1), torch.nn.init.normal_'s default; biases 0 */
	INIT_XAVIER,     /* xavier_uniform_: +-sqrt(6 / (fan_in + fan_out)); biases 0 */
	INIT_HE,         /* kaiming_normal_ (relu): N(0, 2 / fan_in); biases 0 */
	INIT_ORTHOGONAL, /* orthogonal_ (each gate block of a recurrent W_hh); biases 0 */
	INIT_COUNT
} ModelInit;

/* LOSS_SOFTMAX_MSE: the squared error of softmax's probabilities against one-hot targets,
 * the loss that learns slowly where the output is confidently wrong (lesson 07). */
typedef enum LossKind { LOSS_MSE, LOSS_CROSS_ENTROPY, LOSS_SOFTMAX_MSE, LOSS_COUNT } LossKind;

#define MODEL_MAX_LAYERS 50
#define MODEL_MAX_WIDTH 4096

typedef struct ModelConfig {
	RecurrentKind cell;   /* adding, copy */
	int hidden;
	int layers, width;    /* spirals, deep: hidden layers and their width */
	Activation act;       /* the MLP's activation, and the RNN cell's */
	int residual;         /* h = h + act(W h + b) for every hidden layer after the first */
	ModelInit init;
	double radius;        /* > 0: each gate block of W_hh gets this spectral norm */
	double forget_bias;   /* LSTM: added to bias_ih's forget-gate block (0: PyTorch's) */
	LossKind loss;        /* spirals, deep; adding is MSE and copy cross-entropy */
	/* MLPs (spirals, deep): */
	double dropout;       /* in [0, 1): nn/dropout after each hidden activation; 0 off */
	int batch_norm;       /* nn/norm's BatchNorm after each hidden linear layer, before
			       * the activation */
	uint64_t dropout_seed; /* the masks' stream (one per purpose); trainer_new sets it */
	int one_hot;          /* charlm: one-hot inputs instead of an embedding */
	int embed;            /* charlm: the embedding's dimensions */
} ModelConfig;

typedef struct Model {
	ModelConfig c;
	const Task *task;     /* borrowed */
	Recurrent *rnn;
	Linear **layer;       /* MLP: layers + 1 (the output layer); recurrent: 1 (the read-out) */
	int n_layer;
	int n_params;
	Mat **param, **grad;  /* n_params each, views of the layers' own matrices */
	char (*name)[48];     /* "weight_ih", "layer3.weight", "readout.bias" ... */
	Mat *target;          /* spirals' one-hot MSE targets of the last pass */
	/* MLPs with --batch-norm: one per hidden layer, whose weight and bias are parameters
	 * (after their layer's, PyTorch's order) and whose running statistics are buffers:
	 * saved and restored with the weights, never stepped. */
	BatchNorm **bn;
	int n_buffers;
	Mat **buffer;         /* running_mean, running_var of each BatchNorm, in order */
	char (*buffer_name)[48];
	Dropout **drop;       /* MLPs with --dropout: one per hidden layer (its own mask) */
	int training;         /* 1 (the default): batch statistics and dropout masks; 0: eval */
	struct CharModel *lm; /* charlm: the embedding and the carried state (train/charlm.h) */
	Seq2seq *s2s;         /* reverse: the encoder-decoder (then rnn and layer are NULL) */
} Model;

const char *model_init_name(ModelInit i);
Status model_init_parse(const char *name, ModelInit *out);
const char *loss_kind_name(LossKind k);
Status loss_kind_parse(const char *name, LossKind *out);
/* Whether k is a squared error (its unit and its baseline are those of MSE). */
int loss_kind_squared(LossKind k);

/* The model for task, its weights drawn from rng (the init stream). NULL with
 * status_detail() on bad sizes or out of memory. */
Model *model_new(const ModelConfig *c, const Task *task, Rng *rng);
void model_free(Model *m);
void model_zero_grad(Model *m);

/* PyTorch's model.train() / model.eval(): batch normalisation by the batch's statistics or
 * the running ones, dropout on or off. */
void model_set_training(Model *m, int training);

/* Each hidden layer's dropout stream, for the checkpoint: 4 words per layer (n_layer - 1
 * layers with --dropout, none without); get copies them out, set back. */
int model_rng_words(const Model *m);
void model_rng_get(const Model *m, uint64_t *words);
void model_rng_set(Model *m, const uint64_t *words);

/* Which loss a task trains with. */
LossKind model_loss_kind(const Model *m);

/* The mean loss over batch b on tape t (reset by the caller), the root node for
 * ad_backward; *correct (may be NULL) gets the number of right answers (classifiers: the
 * argmax against each label; adding: none). NULL with the tape's status on failure.
 * layer_out (MLP, may be NULL) receives each hidden layer's output node. */
AdNode *model_loss(Model *m, Tape *t, const Batch *b, long *correct, AdNode **layer_out);

/* 1 when every hidden unit is identical: in each hidden layer (or the recurrent cell)
 * every unit's incoming weights and bias equal every other's, and every unit's outgoing
 * weights likewise, so no gradient step can ever tell them apart (zero initialisation). */
int model_units_identical(const Model *m);

/* The MLP's hidden layer k's weight gradient (for per-layer norms); NULL otherwise. */
const Mat *model_layer_grad(const Model *m, int k);

#endif
