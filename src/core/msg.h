/* msg: the look-up that every layer's message table shares (cli/cli_msg, grade/grade_msg,
 * check/check_msg, plot/plot_msg, ui/strings). Each layer keeps its own table and ids, as
 * each words its own facts; only the reading of a row is here. */
#ifndef GRADLAB_MSG_H
#define GRADLAB_MSG_H

#include <stddef.h>

/* The text of row id in column lang of a table `const char *const table[n_ids][n_langs]`,
 * passed as table[0]. A lang out of range reads column 0 (English); an id out of range, or
 * a cell left NULL, gives "" so that a caller may always print the result. */
const char *msg_lookup(const char *const *table, size_t n_ids, size_t n_langs, int id, int lang);

#endif
