/* SPDX-License-Identifier: ISC */
/*
 * fuzz.h: small helpers shared by the libFuzzer harnesses in fuzz/.
 *
 * Each harness is one fuzz/fuzz_NAME.c defining LLVMFuzzerTestOneInput;
 * fuzz/run.sh builds it with clang -fsanitize=fuzzer,address,undefined
 * against an instrumented copy of the common/ objects (and, for the
 * programs' private parsers, their filters/*.c files).
 *
 * The harnesses must never reach exit(): libFuzzer treats that as a crash,
 * which is what we want, since a parser of outside input may only fail by
 * returning a status.  die() on an allocation is therefore a finding too.
 */
#ifndef WIKIPIPE_FUZZ_H
#define WIKIPIPE_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "common/log.h"

/* The two entry points libFuzzer calls (declared once, for -Wmissing-
 * prototypes). */
int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* fuzz_quiet: the program's name for messages, and no messages: a parser
 * may report every bad input, and the fuzzer must not drown in them. */
static inline void
fuzz_quiet(char **argv)
{
	log_init(argv[0]);
	log_set_verbosity(0);
}

/* FUZZ_QUIET_INIT: the whole LLVMFuzzerInitialize of a harness that needs
 * nothing else. */
#define FUZZ_QUIET_INIT \
	int LLVMFuzzerInitialize(int *argc, char ***argv) \
	{ \
		(void)argc; \
		fuzz_quiet(*argv); \
		return 0; \
	}

/* FUZZ_CHECK: an invariant of the code under test; a violation aborts,
 * which libFuzzer reports as a crash with the input saved. */
#define FUZZ_CHECK(c) do { if (!(c)) { \
	fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, \
	    __LINE__, #c); abort(); } } while (0)

/*
 * fuzz_memfd_path: put n bytes into an anonymous in-memory file and return
 * a path that opens it afresh from offset 0 ("/proc/self/fd/N").  The file
 * is created once per process and rewritten on each call.  Returns NULL if
 * the kernel refuses (then the harness skips the input).
 */
static inline const char *
fuzz_memfd_path(const uint8_t *data, size_t n)
{
	static int fd = -1;
	static char path[64];
	size_t off = 0;

	if (fd < 0) {
		fd = memfd_create("fuzz-input", 0);
		if (fd < 0)
			return NULL;
		snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	}
	if (ftruncate(fd, 0) < 0)
		return NULL;
	while (off < n) {
		ssize_t w = pwrite(fd, data + off, n - off, (off_t)off);

		if (w <= 0)
			return NULL;
		off += (size_t)w;
	}
	return path;
}

/* fuzz_dup: a malloc'd copy of the input with a NUL after it, so that
 * ASan sees reads past n as overflows, and C string functions stop. */
static inline char *
fuzz_dup(const uint8_t *data, size_t n)
{
	char *p = malloc(n + 1);

	if (p == NULL)
		abort();
	if (n)
		memcpy(p, data, n);
	p[n] = '\0';
	return p;
}

#endif
