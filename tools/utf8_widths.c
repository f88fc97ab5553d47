/* utf8_widths: prints the column table of src/core/utf8.c (the ranges of code points that
 * take 0 or 2 columns) from the C library's wcwidth under C.UTF-8, so that the counter in
 * core measures as a UTF-8 terminal does whatever the process locale is. Not built by make;
 * run it after a C library upgrade and paste its output over the table:
 *   cc -o /tmp/utf8_widths tools/utf8_widths.c && /tmp/utf8_widths
 * Control characters (below U+00A0) are left out: core counts them itself. */
#define _XOPEN_SOURCE 700
#include <locale.h>
#include <stdio.h>
#include <wchar.h>

int main(void)
{
	if (!setlocale(LC_CTYPE, "C.UTF-8")) {
		fputs("utf8_widths: no C.UTF-8 locale\n", stderr);
		return 1;
	}
	int prev = 1, n = 0;
	unsigned lo = 0;
	for (unsigned cp = 0xa0; cp <= 0x110000; cp++) {
		int w = cp < 0x110000 ? wcwidth((wchar_t)cp) : 1;
		w = w == 0 || w == 2 ? w : 1; /* what wcwidth cannot measure is drawn one column */
		if (w == prev)
			continue;
		if (prev != 1)
			printf("%s{ 0x%04X, 0x%04X, %d },", n++ % 3 ? " " : "\n\t", lo, cp - 1, prev);
		prev = w;
		lo = cp;
	}
	printf("\n");
	return 0;
}
