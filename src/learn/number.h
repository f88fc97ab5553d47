/* number: the numbers a learner or a lesson may write for a quiz's answer. In src/learn,
 * beside lesson_quiz (which grades with it) and the lint (which checks a lesson's answer:
 * lines with it). Besides a decimal (0.25, -3, 1e-3) it reads a power (0.9^50, 2^-10) and a
 * fraction of two of them (1/1024, 3^2/2^5): what a learner works out on paper, typed as
 * is. Nothing more: no brackets, no second '/' or '^', so that what is read is never in
 * doubt. A sign before a power is the power's (-2^2 is -4). Spaces around '/' and '^' are
 * allowed. A refusal is a fact (what, and at which byte); the layer above words it. */
#ifndef GRADLAB_NUMBER_H
#define GRADLAB_NUMBER_H

#include <stddef.h>

typedef enum NumberError {
	NUMBER_OK,
	NUMBER_EMPTY,          /* nothing but spaces */
	NUMBER_EXPECTED,       /* a number was expected at `at` (at == strlen: the text ended) */
	NUMBER_UNEXPECTED,     /* the character at `at` cannot come there */
	NUMBER_DIVIDE_BY_ZERO, /* a fraction's bottom is 0 */
	NUMBER_NOT_FINITE      /* too large (1e999, 10^400) or 0 to a negative power */
} NumberError;

/* The number s writes, into *x. *at (may be NULL) is the byte offset of the problem, 0
 * when there is none. */
NumberError number_parse(const char *s, double *x, size_t *at);

#endif
