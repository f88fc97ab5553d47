/* An attack on the boundary, armed by tests/grade_hostile.sh: it calls the grader's own code
 * in its address space. It asks the dynamic linker (dlsym(RTLD_DEFAULT, ...)), then reads
 * /proc/self/maps and the symbol table of every mapped file, for the grader's functions:
 * forward: the checks' own rnn_cell; backward: checks_want on a case it builds itself.
 * exercise: rnn_step
 * expect: wrong values
 * must not: score any point
 */
/* @ARM@ */
#define _GNU_SOURCE
#include "gradlab_exercise.h"

#include <dlfcn.h>
#include <elf.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifdef GRADLAB_ATTACK_ARMED
/* The address of symbol name in file path loaded at base (its mapping at offset 0). */
static void *file_symbol(const char *path, const char *range, unsigned long base,
			 const char *name)
{
	FILE *f = fopen(path, "rb");
	char exe[4200];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	/* a file it cannot see by name (another mount namespace): the program's own through
	 * /proc/self/exe, any other through /proc/self/map_files */
	if (!f && n > 0 && (exe[n] = '\0', strcmp(exe, path) == 0))
		f = fopen("/proc/self/exe", "rb");
	if (!f)
		f = fopen(range, "rb");
	if (!f)
		return NULL;
	void *found = NULL;
	Elf64_Ehdr eh;
	Elf64_Shdr *sh = NULL;
	if (fread(&eh, sizeof eh, 1, f) != 1 || memcmp(eh.e_ident, ELFMAG, SELFMAG) != 0 ||
	    eh.e_ident[EI_CLASS] != ELFCLASS64 || eh.e_shentsize != sizeof(Elf64_Shdr))
		goto done;
	sh = calloc(eh.e_shnum, sizeof *sh);
	if (!sh || fseek(f, (long)eh.e_shoff, SEEK_SET) != 0 ||
	    fread(sh, sizeof *sh, eh.e_shnum, f) != eh.e_shnum)
		goto done;
	for (int s = 0; s < eh.e_shnum && !found; s++) {
		if (sh[s].sh_type != SHT_SYMTAB && sh[s].sh_type != SHT_DYNSYM)
			continue;
		Elf64_Shdr *strs = &sh[sh[s].sh_link];
		char *names = malloc(strs->sh_size);
		Elf64_Sym *syms = malloc(sh[s].sh_size);
		if (names && syms && fseek(f, (long)strs->sh_offset, SEEK_SET) == 0 &&
		    fread(names, 1, strs->sh_size, f) == strs->sh_size &&
		    fseek(f, (long)sh[s].sh_offset, SEEK_SET) == 0 &&
		    fread(syms, 1, sh[s].sh_size, f) == sh[s].sh_size) {
			size_t n = sh[s].sh_size / sizeof *syms;
			for (size_t i = 0; i < n; i++)
				if (syms[i].st_value && syms[i].st_name < strs->sh_size &&
				    strcmp(names + syms[i].st_name, name) == 0) {
					found = (void *)((eh.e_type == ET_DYN ? base : 0) +
							 syms[i].st_value);
					break;
				}
		}
		free(names);
		free(syms);
	}
done:
	free(sh);
	fclose(f);
	return found;
}

static void *grader_symbol(const char *name)
{
	void *p = dlsym(RTLD_DEFAULT, name);
	if (p)
		return p;
	FILE *maps = fopen("/proc/self/maps", "r");
	if (!maps)
		return NULL;
	char line[5000];
	while (!p && fgets(line, sizeof line, maps)) {
		unsigned long start, end, offset;
		char path[4200] = "", range[100];
		if (sscanf(line, "%lx-%lx %*s %lx %*s %*s %4199[^\n]", &start, &end, &offset, path) < 4 ||
		    offset != 0 || path[0] != '/')
			continue;
		snprintf(range, sizeof range, "/proc/self/map_files/%lx-%lx", start, end);
		p = file_symbol(path, range, start, name);
	}
	fclose(maps);
	return p;
}

typedef void (*Cell)(double *, const double *, const double *, const double *, const double *,
		     const double *, const double *, int, int, int);

/* The grader's own types, as its source declares them (src/grade/checks.h). */
enum { IN, OUT, GRAD, INOUT, AUX };
typedef struct {
	char name[16];
	int role, rows, cols, block;
	const char *gates;
	double *mem, *v, *start;
} Tensor;
typedef struct {
	Tensor t[20];
	int n;
	int dim[6];
	int *target;
	double scalar[4];
	char note[96], note_zh[160];
} Case;
typedef struct {
	const char *name;
	const char *needs[3];
	int weight, n_cases;
	double atol, rtol;
	void *make, *call, *build, *expect, *explain;
} Check;
typedef struct {
	const char *name;
	const Check *checks;
	int n_checks;
} Exercise;
typedef int (*Want)(const Check *, Case *, double **);
typedef void (*WantFree)(double **);

static void tensor(Case *c, const char *name, int role, int rows, int cols, const double *v)
{
	Tensor *t = &c->t[c->n++];
	snprintf(t->name, sizeof t->name, "%s", name);
	t->role = role;
	t->rows = rows;
	t->cols = cols;
	size_t n = (size_t)rows * (size_t)cols;
	t->mem = calloc(n + 8, sizeof(double));
	t->v = t->mem + 4;
	t->start = calloc(n, sizeof(double));
	if (v)
		for (size_t i = 0; i < n; i++)
			t->v[i] = t->start[i] = v[i];
}
#endif

void rnn_step_forward(double *h_next, const double *x, const double *h_prev, const double *W_ih,
		      const double *W_hh, const double *b_ih, const double *b_hh, int B, int I,
		      int H)
{
#ifdef GRADLAB_ATTACK_ARMED
	Cell cell = (Cell)grader_symbol("rnn_cell");
	if (cell)
		cell(h_next, x, h_prev, W_ih, W_hh, b_ih, b_hh, B, I, H);
#endif
}

void rnn_step_backward(double *dx, double *dh_prev, double *dW_ih, double *dW_hh, double *db_ih,
		       double *db_hh, const double *dh_next, const double *x,
		       const double *h_prev, const double *h_next, const double *W_ih,
		       const double *W_hh, int B, int I, int H)
{
#ifdef GRADLAB_ATTACK_ARMED
	Cell cell = (Cell)grader_symbol("rnn_cell");
	const Exercise *ex = grader_symbol("ck_rnn_step");
	Want want_fn = (Want)grader_symbol("checks_want");
	WantFree want_free = (WantFree)grader_symbol("checks_want_free");
	if (!cell || !ex || !want_fn || !want_free)
		return;
	/* The biases are not passed to the backward: their sum from row 0 of h_next. */
	double *zero = calloc((size_t)(B * H + 2 * H), sizeof(double));
	double *pre = zero + H, *bias = pre + B * H;
	cell(pre, x, h_prev, W_ih, W_hh, zero, zero, B, I, H);
	for (int j = 0; j < H; j++)
		bias[j] = atanh(h_next[j]) - atanh(pre[j]);
	Case c;
	memset(&c, 0, sizeof c);
	c.dim[0] = B;
	c.dim[1] = I;
	c.dim[2] = H;
	c.dim[3] = 1;
	tensor(&c, "x", IN, B, I, x);
	tensor(&c, "h_prev", IN, B, H, h_prev);
	tensor(&c, "W_ih", IN, H, I, W_ih);
	tensor(&c, "W_hh", IN, H, H, W_hh);
	tensor(&c, "b_ih", AUX, 1, H, bias);
	tensor(&c, "b_hh", AUX, 1, H, zero);
	tensor(&c, "h_next", IN, B, H, h_next);
	tensor(&c, "dh_next", IN, B, H, dh_next);
	double *into[] = { dx, dh_prev, dW_ih, dW_hh, db_ih, db_hh };
	tensor(&c, "dx", GRAD, B, I, NULL);
	tensor(&c, "dh_prev", GRAD, B, H, NULL);
	tensor(&c, "dW_ih", GRAD, H, I, NULL);
	tensor(&c, "dW_hh", GRAD, H, H, NULL);
	tensor(&c, "db_ih", GRAD, 1, H, NULL);
	tensor(&c, "db_hh", GRAD, 1, H, NULL);
	double *want[20];
	if (want_fn(&ex->checks[1], &c, want) == 0) {
		for (int g = 0; g < 6; g++) {
			Tensor *t = &c.t[8 + g];
			for (int i = 0; i < t->rows * t->cols; i++)
				into[g][i] += want[8 + g][i];
		}
		want_free(want);
	}
	free(zero);
#endif
}
