/* vjp_model: what a model of `gradlab grad` sees (check/vjp.c's engine runs it). A model reads
 * and checks its options and tensors in prepare (and charges its cost), then builds its
 * outputs on the tape in forward. Models come in families, one table per file: vjp.c holds
 * the recurrent cells, attention, activations and losses; each further family is a file of
 * its own (check/vjp_<family>.c) listed once in vjp.c's families. Internal to src/check. */
#ifndef GRADLAB_VJP_MODEL_H
#define GRADLAB_VJP_MODEL_H

#include "check/io.h"
#include "check/vjp.h"
#include "core/ad.h"
#include "nn/activation.h"
#include "nn/attention.h"
#include "nn/recurrent.h"

#define MAX_TENSORS 8
#define MAX_OUTPUTS 3

/* A parameter or real-valued input of the request, and its gradient (same shape). */
typedef struct Tensor {
	const char *key;    /* "weight_hh" */
	char path[48];      /* "params.weight_hh" */
	IoShape shape;
	Mat *value, *grad;
	Mat *layer_grad;    /* where a layer accumulated the gradient, copied to grad after */
} Tensor;

typedef struct Output {
	const char *name;
	IoShape shape;
	AdNode *node;
	int required;       /* dout must give its upstream gradient; otherwise zeros */
	Mat *dout;
	int buffer;         /* not differentiated: dout may not name it (vjp_add_buffer) */
} Output;

typedef struct Model Model;

typedef struct Job {
	const Model *model;
	json_object *options, *params, *inputs, *dout; /* borrowed from the request */
	Tensor tensors[MAX_TENSORS]; /* parameters first, then inputs: the order of "grads" */
	int n_tensors;
	int *ints;           /* cross_entropy's target or attention's mask */
	IoShape ints_shape;
	Activation act;
	double act_param;
	AttnScore score;
	const char *attn_score_name; /* for messages */
	Attention *attn;
	RecurrentKind kind;
	Recurrent *rec;
	AdNode **h, **c;     /* the recurrent states of every step */
	int steps, batch, batched;
	VjpCost cost;        /* the estimate, held against the limits before the pass */
	Tape *t;
	Output out[MAX_OUTPUTS];
	int n_out;
	int estimate_only;   /* vjp_estimate: stop once the cost is known */
	/* A model's own state beyond the fields above (a layer's options, index arrays):
	 * set by its prepare, released with priv_free after the answer. */
	void *priv;
	void (*priv_free)(void *priv);
} Job;

struct Model {
	const char *name;
	const char *const *options; /* the option keys it takes */
	Status (*prepare)(Job *j);
	Status (*forward)(Job *j);
	const char *doc;            /* for --help */
};

typedef struct ModelFamily {
	const Model *models;
	int n;
} ModelFamily;

/* {==== For the models ==== */
extern const char *const VJP_NONE[]; /* takes no options, parameters or inputs */
/* params.key (required) or inputs.key as a tensor with a zeroed gradient of its shape; an
 * absent optional input leaves *out NULL; an absent required one is refused listing known. */
Status vjp_take_param(Job *j, const char *key, const char *const *known, Tensor **out);
Status vjp_take_input(Job *j, const char *key, int required, const char *const *known,
		      Tensor **out);
/* ST_ESHAPE "PATH must be WANTED (RULE), got SHAPE" unless t is a vector of d0 (ndim 1) or a
 * d0 x d1 matrix (ndim 2). */
Status vjp_want(const Tensor *t, int ndim, int d0, int d1, const char *rule);
/* options.key as a string or a number; *out untouched when absent. */
Status vjp_option_string(Job *j, const char *key, const char **out);
Status vjp_option_number(Job *j, const char *key, double *out);
/* t on the tape as a leaf that collects its gradient (NULL for NULL). */
AdNode *vjp_leaf(Job *j, Tensor *t);
/* A layer keeps its own copy of a parameter: fill it from t, and fetch its gradient after. */
void vjp_bind(Tensor *t, Mat *layer_value, Mat *layer_grad);
/* An output of the answer; dout must give its upstream gradient when required. */
void vjp_add_output(Job *j, const char *name, AdNode *node, IoShape shape, int required);
/* An output that is not differentiated (batch_norm's running statistics, buffers in
 * PyTorch): in the answer, but dout may not give it an upstream gradient. */
void vjp_add_buffer(Job *j, const char *name, AdNode *node, IoShape shape);
/* }==== */

#endif
