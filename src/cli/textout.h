/* textout: numbers in the experiment commands' tables. In src/cli, under cmd_norms,
 * cmd_curves and cmd_sweep, beside lang.h (the --lang choice and padding by terminal
 * columns): a value fitted to its column so that one with a three-digit exponent does not
 * push the table apart, and ordinals for the notes under a table. */
#ifndef GRADLAB_TEXTOUT_H
#define GRADLAB_TEXTOUT_H

#include <stddef.h>

/* v with printf's conversion conv ('e' or 'g') and at most `digits` digits of precision,
 * fewer when needed to fit `width` characters: 1.0690e-122 becomes 1.069e-122 in 10.
 * Infinities and NaN as inf, -inf, nan. Returns buf. */
const char *textout_number(char *buf, size_t size, double v, char conv, int digits, int width);

/* "1st", "2nd", "3rd", "4th", "11th", "22nd" ... Returns buf. */
const char *textout_ordinal(char *buf, size_t size, int n);

#endif
