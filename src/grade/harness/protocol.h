/* protocol.h: what the grader (src/grade/harness.c) and the harness program every learner's
 * file is linked with (gradlab_harness.c) send each other. One definition for both sides:
 * the harness program is built apart from gradlab and includes nothing else of it.
 *
 * Grader -> program (standard input): an InHead, then per case an InCase, its n_target
 * class indices (int32) and per tensor an InTensor and its values, guards included.
 * Program -> grader (descriptor 3): records, each a RecHead and `bytes` of payload. */
#ifndef GRADLAB_HARNESS_PROTOCOL_H
#define GRADLAB_HARNESS_PROTOCOL_H

#include <stdint.h>

#define PROTO_MAGIC 0x474c48415231ULL /* "GLHAR1" */
#define PROTO_MAX_CASES 8
#define PROTO_MAX_TENSORS 20
#define PROTO_MAX_VALUES (1L << 24) /* values in one tensor, and class indices in a case */
#define PROTO_OUT_FD 3

/* A tensor's role, as checks.h numbers CkRole. */
enum { PROTO_ROLE_IN, PROTO_ROLE_OUT, PROTO_ROLE_GRAD, PROTO_ROLE_INOUT, PROTO_ROLE_AUX };

enum {
	REC_LOADED = 0x4c4f4144,
	REC_LOADERR,
	REC_MISSING,
	REC_INTERNAL,
	REC_BEGIN,
	REC_TENSOR,
	REC_END,
	REC_DONE,
};

typedef struct RecHead {
	uint64_t token;
	uint32_t kind, kase, slot, pad;
	uint64_t bytes; /* payload after the header */
} RecHead;

typedef struct InHead {
	uint64_t magic, token;
	char check[64];
	uint32_t n_cases, guard;
} InHead;

/* Where each exercise keeps its sizes (CkCase.dim, InCase.dim) and its numbers (scalar): the
 * grader's checks write them there and the harness program reads them by these names. */
enum CkDim {
	CK_DIM_N = 0,       /* activations, numeric_gradient, first_mismatch: values */
	CK_DIM_N_GRADS = 0, /* clip_grad_norm: gradients */
	CK_DIM_B = 0,       /* rows: softmax, softmax_xent (B, C), linear (B, I, O), the
			     * recurrent cells and bptt (B, I, H, T) */
	CK_DIM_C = 1,
	CK_DIM_I = 1,
	CK_DIM_O = 2,
	CK_DIM_H = 2,
	CK_DIM_T = 3,
	CK_DIM_TQ = 0,      /* attention: queries, keys, columns of Q and K, of V */
	CK_DIM_TK = 1,
	CK_DIM_D = 2,
	CK_DIM_DV = 3,
	CK_DIM_TRAINING = 1, /* dropout (N = CK_DIM_N values): 1 in training, 0 in eval */
	CK_DIM_NORM_C = 1,   /* batchnorm (N, C), layernorm (N, D): N at CK_DIM_N, C or D here */
	CK_DIM_CIN = 1,      /* conv2d: N at CK_DIM_N, then the sizes in the signature's order */
	CK_DIM_HIN = 2,
	CK_DIM_WIN = 3,
	CK_DIM_COUT = 4,
	CK_DIM_KH = 5,
	CK_DIM_KW = 6,
	CK_DIM_STRIDE_H = 7,
	CK_DIM_STRIDE_W = 8,
	CK_DIM_PAD_H = 9,
	CK_DIM_PAD_W = 10,
	CK_MAX_DIMS = 12,
};
enum CkScalar {
	CK_SCALAR_DLOSS = 0,    /* softmax_xent: the loss's upstream gradient */
	CK_SCALAR_EPS = 0,      /* numeric_gradient: the step */
	CK_SCALAR_ATOL = 0,     /* first_mismatch: the tolerances */
	CK_SCALAR_RTOL = 1,
	CK_SCALAR_MAX_NORM = 0, /* clip_grad_norm */
	CK_SCALAR_P = 0,        /* dropout: the probability of dropping */
	CK_SCALAR_NORM_EPS = 0, /* batchnorm, layernorm: the eps under the square root */
	CK_MAX_SCALARS = 4,
};

typedef struct InCase {
	int32_t n, n_target;
	int32_t dim[CK_MAX_DIMS];
	double scalar[CK_MAX_SCALARS];
} InCase;

typedef struct InTensor {
	char name[16];
	int32_t role, rows, cols, pad;
} InTensor;

#endif
