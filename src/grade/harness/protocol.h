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

typedef struct InCase {
	int32_t n, n_target;
	int32_t dim[6];
	double scalar[4];
} InCase;

typedef struct InTensor {
	char name[16];
	int32_t role, rows, cols, pad;
} InTensor;

#endif
