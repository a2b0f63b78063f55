/* SPDX-License-Identifier: ISC */
/*
 * stats.h: the --stats FILE figures every program can write.
 *
 * A flat JSON object.  stats_begin() records the start time; the program
 * adds its own counters; stats_write() adds the standard fields
 * ("program", "version", "seconds", "cpu_user_s", "cpu_sys_s",
 * "peak_rss_kb") and writes the file atomically.  Passwords never belong
 * here: callers pass only figures and names.
 */
#ifndef WIKIPIPE_STATS_H
#define WIKIPIPE_STATS_H

#include <stdint.h>

#include "util.h"

struct stats {
	struct buf body;	/* "key": value pairs written so far */
	double t0;		/* now_sec() at stats_begin */
};

/* stats_begin: zero st and start the clock. */
void stats_begin(struct stats *st);

/* Add one field (keys are not checked for duplicates). */
void stats_int(struct stats *st, const char *key, int64_t v);
void stats_num(struct stats *st, const char *key, double v);
void stats_str(struct stats *st, const char *key, const char *v);
/* stats_raw: a value that is already JSON text (an object or array). */
void stats_raw(struct stats *st, const char *key, const char *json);

/*
 * stats_write: add the standard fields and write the object to path
 * (temp file + rename).  path NULL does nothing.  Returns 0, or -1 after
 * printing an error.  Frees the body.
 */
int stats_write(struct stats *st, const char *path) RESULT_USED;

#endif
