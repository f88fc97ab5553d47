/* conv: 1-D and 2-D convolution exactly as torch.nn.functional.conv1d and conv2d compute it
 * (groups = 1, zero padding, float64): a cross-correlation of x with the kernel, plus a bias
 * per output channel. In src/nn, on core/ad as one custom op with a hand-written backward.
 * Tensors are in PyTorch's layout, laid out row-major in their Mat: x is N x Cin x H x W,
 * weight Cout x Cin x kH x kW, the output N x Cout x Hout x Wout; conv1d is conv2d with
 * H = kH = 1 (x N x Cin x L, weight Cout x Cin x k). */
#ifndef GRADLAB_CONV_H
#define GRADLAB_CONV_H

#include "core/ad.h"

/* The sizes of one convolution. Index 0 of the pairs is along H, 1 along W. */
typedef struct ConvGeom {
	int batch, in_channels, in_h, in_w;   /* x: N x Cin x H x W */
	int out_channels, kernel_h, kernel_w; /* weight: Cout x Cin x kH x kW */
	int stride[2], padding[2], dilation[2];
	int out_h, out_w;                     /* set by conv_geom_fit */
	/* zeros beyond padding at the end (bottom, right) only: PyTorch's padding='same' with
	 * an odd total, d*(k-1), puts the extra one there */
	int padding_end_extra[2];
} ConvGeom;

/* Whether the sizes make an output, as a fact for the layer that speaks. */
typedef enum ConvFit {
	CONV_FITS,
	CONV_EMPTY_H,     /* the output height would be 0 or less */
	CONV_EMPTY_W,     /* the output width (conv1d: length) would be 0 or less */
	CONV_BAD_SIZES,   /* a size below 1, a stride or dilation below 1, a negative padding
			     or extra */
	CONV_TOO_LARGE    /* the output has more numbers than an int counts */
} ConvFit;

/* The output length along one axis, in PyTorch's formula (no ceil_mode):
 * floor((in + 2*padding - dilation*(kernel - 1) - 1) / stride) + 1, the floor taken toward
 * minus infinity, in 64 bits (the sizes may be large); 0 or less means no output. */
long long conv_out_len(long long in, long long padding, long long dilation, long long kernel,
		       long long stride);
/* Check g's sizes and set out_h, out_w. */
ConvFit conv_geom_fit(ConvGeom *g);

/* y = conv2d(x, weight, bias) on the tape; bias may be NULL. x's value holds N*Cin*H*W
 * numbers, weight's Cout*Cin*kH*kW, bias's Cout (any rows x cols); the result is
 * (N*Cout*Hout) x Wout. g must have passed conv_geom_fit and is borrowed for the life of
 * the pass (replays and backward read it). Other sizes fail the tape with ST_ESHAPE. */
AdNode *conv2d_apply(Tape *t, AdNode *x, AdNode *weight, AdNode *bias, const ConvGeom *g);

#endif
