/* lang: the locale check behind --lang zh, and padding by terminal columns. */
#include "cli/lang.h"

#include "core/utf8.h"

#include <langinfo.h>
#include <string.h>

int lang_resolve_zh(const char *cmd, const char *lang, FILE *err)
{
	if (!lang || strcmp(lang, "zh") != 0)
		return 0;
	if (utf8_locale())
		return 1;
	const char *cs = nl_langinfo(CODESET);
	/* one wording for every command */
	fprintf(err, "gradlab %s: --lang zh needs a UTF-8 locale to show Chinese (this one is %s); "
		     "writing English\n",
		cmd, cs && cs[0] ? cs : "unknown");
	return 0;
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
