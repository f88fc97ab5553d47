/* msg: the one look-up of a row of a layer's message table; see msg.h. */
#include "core/msg.h"

const char *msg_lookup(const char *const *table, size_t n_ids, size_t n_langs, int id, int lang)
{
	if (id < 0 || (size_t)id >= n_ids)
		return "";
	if (lang < 0 || (size_t)lang >= n_langs)
		lang = 0;
	const char *s = table[(size_t)id * n_langs + (size_t)lang];
	return s ? s : "";
}
