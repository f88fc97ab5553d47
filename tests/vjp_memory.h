/* vjp_memory: the check that `gradlab grad`'s memory estimate bounds what a request really
 * takes, shared by test_vjp and test_vjp_layers. */
#ifndef GRADLAB_TEST_VJP_MEMORY_H
#define GRADLAB_TEST_VJP_MEMORY_H

#include "check/io.h"
#include "check/vjp.h"

#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* The line "key: N kB" of /proc/self/status: VmRSS now, VmHWM the peak. */
static long status_kib(const char *key)
{
	char line[256];
	long v = -1;
	FILE *f = fopen("/proc/self/status", "r");
	while (f && fgets(line, sizeof line, f))
		if (strncmp(line, key, strlen(key)) == 0)
			v = atol(line + strlen(key) + 1);
	if (f)
		fclose(f);
	return v;
}

/* The memory estimate bounds what a run takes: in a child, the peak resident memory of the
 * pass and of writing the answer, over what the request already took, is at most the
 * estimate, and the estimate is not so loose that it refuses what would fit (within 3x). */
static void expect_estimate_bounds(json_object *req, const char *what)
{
	VjpCost c;
	if (vjp_estimate(req, &c) != ST_OK)
		fail_msg("%s: %s", what, status_detail());
	double estimate = vjp_cost_bytes(&c);
	int fd[2];
	assert_int_equal(pipe(fd), 0);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		/* Give back what the parent freed, and start the peak from here (clear_refs 5). */
		malloc_trim(0);
		FILE *cr = fopen("/proc/self/clear_refs", "w");
		if (!cr || fputs("5", cr) < 0 || fclose(cr) != 0)
			_exit(1);
		long before = status_kib("VmRSS");
		json_object *resp;
		long used[2] = { -1, 0 };
		if (vjp_run(req, &resp) == ST_OK) {
			FILE *null = fopen("/dev/null", "w");
			io_write_json(null, resp);
			fclose(null);
			used[0] = status_kib("VmHWM") - before;
		}
		ssize_t n = write(fd[1], used, sizeof used);
		_exit(n == sizeof used ? 0 : 1);
	}
	close(fd[1]);
	long used[2];
	assert_int_equal(read(fd[0], used, sizeof used), sizeof used);
	close(fd[0]);
	int status;
	waitpid(pid, &status, 0);
	assert_true(used[0] >= 0);
	double actual = 1024.0 * (double)used[0];
	print_message("%s: estimate %.1f MB, peak %.1f MB\n", what, estimate / 1e6, actual / 1e6);
	if (actual > estimate || estimate > 3 * actual)
		fail_msg("%s: estimated %.1f MB, took %.1f MB", what, estimate / 1e6, actual / 1e6);
}

#endif
