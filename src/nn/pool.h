/* pool: 2-D max and average pooling exactly as torch.nn.functional.max_pool2d and
 * avg_pool2d compute them with their defaults (ceil_mode=False; max pooling's padding is
 * -infinity and its tie goes to the first maximum in scan order, row by row; avg_pool2d's
 * count_include_pad=True divides by the whole window, padding included). In src/nn, on
 * core/ad as one custom op with a hand-written backward; x is N x C x H x W, laid out
 * row-major in its Mat, and so is the output N x C x Hout x Wout. */
#ifndef GRADLAB_POOL_H
#define GRADLAB_POOL_H

#include "core/ad.h"

typedef enum PoolKind { POOL_MAX, POOL_AVG } PoolKind;

/* The sizes of one pooling. Index 0 of the pairs is along H, 1 along W. */
typedef struct PoolGeom {
	PoolKind kind;
	int batch, channels, in_h, in_w;  /* x: N x C x H x W */
	int kernel[2], stride[2], padding[2]; /* no dilation: see pool_geom_fit */
	int count_include_pad;            /* average pooling only: PyTorch's default is 1 */
	int out_h, out_w;                 /* set by pool_geom_fit */
} PoolGeom;

/* Whether the sizes make an output, as a fact for the layer that speaks. */
typedef enum PoolFit {
	POOL_FITS,
	POOL_PAD_H,       /* padding[0] is more than kernel[0] / 2, as PyTorch refuses */
	POOL_PAD_W,
	POOL_EMPTY_H,     /* the output height would be 0 or less */
	POOL_EMPTY_W,
	POOL_BAD_SIZES,   /* a size, kernel or stride below 1, a negative padding */
	POOL_TOO_LARGE    /* the output has more numbers than an int counts */
} PoolFit;

/* Check g's sizes and set out_h, out_w (conv_out_len's formula, dilation 1). PyTorch pads
 * at most kernel / 2 (rounded down) on each side, which keeps at least one real element in
 * every window. (That is why there is no dilation here: PyTorch's max_pool2d with a dilation
 * wider than the input lets a window see only padding and answers -inf.) */
PoolFit pool_geom_fit(PoolGeom *g);

/* y = max_pool2d(x) or avg_pool2d(x) on the tape, by g->kind. x's value holds N*C*H*W
 * numbers (any rows x cols); the result is (N*C*Hout) x Wout. g must have passed
 * pool_geom_fit and is borrowed for the life of the pass. Max pooling notes each window's
 * winner as a kink of the tape (ad_tape_kinks), so a gradient check knows when a step
 * changed it. */
AdNode *pool2d_apply(Tape *t, AdNode *x, const PoolGeom *g);

#endif
