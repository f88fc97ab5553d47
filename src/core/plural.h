/* plural: the English noun for a count, "1 tensor" and "2 tensors". In src/core, for every
 * layer that words numbers in English (check's reports, the grader's, the CLI's); Chinese
 * has no plural and needs nothing. */
#ifndef GRADLAB_PLURAL_H
#define GRADLAB_PLURAL_H

/* one when n is 1 (or -1), else many: printf("%d %s", n, plural_en(n, "query", "queries")).
 * Both forms are given, as English plurals are not all an added s. */
const char *plural_en(long long n, const char *one, const char *many);

#endif
