/* SPDX-License-Identifier: ISC */
/*
 * stats.c: the --stats FILE JSON object (see stats.h).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

#include "json.h"
#include "log.h"
#include "record.h"
#include "stats.h"

void
stats_begin(struct stats *st)
{
	memset(st, 0, sizeof *st);
	st->t0 = now_sec();
}

static void
stats_key(struct stats *st, const char *key)
{
	buf_adds(&st->body, st->body.len ? ",\n  " : "  ");
	json_put_str(&st->body, key, strlen(key));
	buf_adds(&st->body, ": ");
}

void
stats_int(struct stats *st, const char *key, int64_t v)
{
	stats_key(st, key);
	buf_printf(&st->body, "%lld", (long long)v);
}

void
stats_num(struct stats *st, const char *key, double v)
{
	stats_key(st, key);
	if (isfinite(v))
		buf_printf(&st->body, "%.6g", v);
	else
		buf_adds(&st->body, "null");
}

void
stats_str(struct stats *st, const char *key, const char *v)
{
	stats_key(st, key);
	json_put_str(&st->body, v, strlen(v));
}

void
stats_raw(struct stats *st, const char *key, const char *json)
{
	stats_key(st, key);
	buf_adds(&st->body, json);
}

int
stats_write(struct stats *st, const char *path)
{
	struct rusage ru;
	struct rw *w;
	int rc;

	if (path == NULL) {
		buf_free(&st->body);
		return 0;
	}
	getrusage(RUSAGE_SELF, &ru);
	stats_str(st, "program", log_progname());
	stats_str(st, "version", WIKIPIPE_VERSION);
	stats_num(st, "seconds", now_sec() - st->t0);
	stats_num(st, "cpu_user_s", ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6);
	stats_num(st, "cpu_sys_s", ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6);
	stats_int(st, "peak_rss_kb", ru.ru_maxrss);
	buf_adds(&st->body, "\n}\n");
	w = rw_open(path, RW_TEXT);
	rc = rw_write(w, "{\n", 2) < 0 ||
	    rw_write(w, st->body.p, st->body.len) < 0 ? -1 : 0;
	if (rc < 0)
		rw_abort(w);
	else
		rc = rw_close(w);
	buf_free(&st->body);
	return rc;
}
