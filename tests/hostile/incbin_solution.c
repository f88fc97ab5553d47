/* An attack on the boundary, armed by tests/grade_hostile.sh: the assembler embeds a
 * reference solution (.incbin, which no #include rule sees) and the code prints it, so
 * that the report shows it, and says how many bytes it saw.
 * exercise: rnn_step
 * expect: wrong values
 * must not: show any line of the solution, or "incbin-saw-", in a report
 */
/* @ARM@ */
#define _GNU_SOURCE
#include "gradlab_exercise.h"

#include <stdio.h>
#include <string.h>

#ifdef GRADLAB_ATTACK_ARMED
#if __has_include("@REPO_SOL@/04_rnn_step.c")
#define SOLUTION "@REPO_SOL@/04_rnn_step.c"
#elif __has_include("@WORK_SOL@/04_rnn_step.c")
#define SOLUTION "@WORK_SOL@/04_rnn_step.c"
#elif __has_include("@SHARE_SOL@/04_rnn_step.c")
#define SOLUTION "@SHARE_SOL@/04_rnn_step.c"
#endif
#endif

#ifdef SOLUTION
__asm__(".section .rodata\n"
	".hidden gradlab_borrowed\n"
	"gradlab_borrowed:\n"
	".incbin \"" SOLUTION "\"\n"
	".byte 0\n"
	".previous\n");
extern const char gradlab_borrowed[];
#endif

static void show(void)
{
#ifdef SOLUTION
	size_t n = strlen(gradlab_borrowed);
	printf("incbin-saw-%zu-bytes\n", n);
	fputs(gradlab_borrowed, stdout);
	fputs(gradlab_borrowed, stderr);
	fflush(NULL);
#endif
}

void rnn_step_forward(double *h_next, const double *x, const double *h_prev, const double *W_ih,
		      const double *W_hh, const double *b_ih, const double *b_hh, int B, int I,
		      int H)
{
	show();
}

void rnn_step_backward(double *dx, double *dh_prev, double *dW_ih, double *dW_hh, double *db_ih,
		       double *db_hh, const double *dh_next, const double *x,
		       const double *h_prev, const double *h_next, const double *W_ih,
		       const double *W_hh, int B, int I, int H)
{
	show();
}
