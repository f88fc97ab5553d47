/* textout: numbers fitted to columns, and ordinals; see textout.h. */
#include "cli/textout.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

const char *textout_number(char *buf, size_t size, double v, char conv, int digits, int width)
{
	if (isnan(v)) {
		snprintf(buf, size, "nan");
		return buf;
	}
	if (isinf(v)) {
		snprintf(buf, size, "%s", v < 0 ? "-inf" : "inf");
		return buf;
	}
	for (int d = digits; d >= 0; d--) {
		snprintf(buf, size, conv == 'e' ? "%.*e" : "%.*g", d, v);
		if ((int)strlen(buf) <= width)
			break;
	}
	return buf;
}

const char *textout_ordinal(char *buf, size_t size, int n)
{
	int teen = n % 100 >= 11 && n % 100 <= 13;
	const char *suffix = teen		? "th"
			     : n % 10 == 1 ? "st"
			     : n % 10 == 2 ? "nd"
			     : n % 10 == 3 ? "rd"
					   : "th";
	snprintf(buf, size, "%d%s", n, suffix);
	return buf;
}
