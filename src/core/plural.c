/* plural: see plural.h. */
#include "core/plural.h"

const char *plural_en(long long n, const char *one, const char *many)
{
	return n == 1 || n == -1 ? one : many;
}
