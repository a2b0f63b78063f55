/* SPDX-License-Identifier: ISC */
/*
 * unit.h: what the C unit tests share: a CHECK that counts and reports
 * without stopping, and a small deterministic random number generator
 * (xorshift64), so a failure replays the same way every run.
 *
 *	CHECK(cond);		count it; on failure print FILE:LINE and cond
 *	UNIT_DONE("name");	print "name: N checks, N failed"; the value
 *				for main to return (0 when all passed)
 */
#ifndef WIKIPIPE_UNIT_H
#define WIKIPIPE_UNIT_H

#include <stdint.h>
#include <stdio.h>

static int failures, checks;

#define CHECK(cond) do { checks++; if (!(cond)) { failures++; \
	fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); } } while (0)

#define UNIT_DONE(name) \
	(printf("%s: %d checks, %d failed\n", (name), checks, failures), failures != 0)

static uint64_t rng = 88172645463325252ull;

/* rnd: the next number of the sequence (one call per expression: the
 * order of two calls in one expression is unspecified). */
static inline uint64_t
rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

#endif
