/* SPDX-License-Identifier: ISC */
/*
 * suite.h: exit statuses and attributes shared by every wikipipe program.
 *
 * The exit statuses are the only ones any program may return (DESIGN 7,
 * man/wikipipe.7).  A pipeline driver tells a bad record (1) from a typo (2),
 * a broken disk (3) and a service that may come back (4).
 */
#ifndef WIKIPIPE_SUITE_H
#define WIKIPIPE_SUITE_H

#include "version.h"

enum {
	EXIT_OK = 0,		/* success */
	EXIT_DATA = 1,		/* malformed, truncated or ill-typed input */
	EXIT_USAGE = 2,		/* bad option or operand */
	EXIT_IO = 3,		/* I/O or system error, including ENOMEM */
	EXIT_REMOTE = 4		/* remote or transient failure, safe to retry */
};

#define NORETURN	__attribute__((noreturn))
#define PRINTF(f, a)	__attribute__((format(printf, f, a)))
#define RESULT_USED	__attribute__((warn_unused_result))

#endif
