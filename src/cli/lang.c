/* lang: --lang's value as a language of core/lang.h, the locale check behind it, and padding
 * by terminal columns. */
#include "cli/lang.h"

#include "core/lang.h"
#include "core/utf8.h"

#include <langinfo.h>
#include <string.h>

int lang_resolve(const char *cmd, const char *lang, FILE *err)
{
	int l = lang_of_code(lang);
	if (l <= 0)
		return LANG_EN;
	if (!lang_info(l)->utf8 || utf8_locale())
		return l;
	const char *cs = nl_langinfo(CODESET);
	/* one wording for every command */
	fprintf(err, "gradlab %s: --lang %s needs a UTF-8 locale to show %s (this one is %s); "
		     "writing English\n",
		cmd, lang_code(l), lang_info(l)->name, cs && cs[0] ? cs : "unknown");
	return LANG_EN;
}

void lang_put_left(FILE *out, const char *s, int cols)
{
	fputs(s, out);
	for (int w = utf8_cols(s); w < cols; w++)
		fputc(' ', out);
}

void lang_put_right(FILE *out, const char *s, int cols)
{
	for (int w = utf8_cols(s); w < cols; w++)
		fputc(' ', out);
	fputs(s, out);
}
