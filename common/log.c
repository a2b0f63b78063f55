/* SPDX-License-Identifier: ISC */
/*
 * log.c: the one error and progress channel (see log.h).  It depends on
 * nothing else of common/ (util.c calls die(); log.c reads the clock
 * itself), so the two never call each other.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "log.h"

static const char *progname = "wikipipe";
static int verbosity = 2;
static void (*exit_hook)(void);
static int progress_on = -1;	/* -1 = not decided yet */
static int progress_drawn;	/* a progress line is on the screen */
static double progress_last;

void
log_init(const char *argv0)
{
	const char *s;

	if (argv0 == NULL || *argv0 == '\0')
		return;
	s = strrchr(argv0, '/');
	progname = s ? s + 1 : argv0;
}

const char *
log_progname(void)
{
	return progname;
}

void
log_set_verbosity(int level)
{
	verbosity = level < 0 ? 0 : level > 4 ? 4 : level;
}

int
log_verbosity(void)
{
	return verbosity;
}

void
log_atexit(void (*hook)(void))
{
	exit_hook = hook;
}

/* Print one message: prefix, text, optional strerror, newline. */
static void
vlog(const char *fmt, va_list ap)
{
	int saved = errno;
	size_t n = strlen(fmt);

	fflush(stdout);
	if (progress_drawn) {
		fputs("\r\033[K", stderr);
		progress_drawn = 0;
	}
	fprintf(stderr, "%s: ", progname);
	vfprintf(stderr, fmt, ap);
	if (n > 0 && fmt[n - 1] == ':')
		fprintf(stderr, " %s", strerror(saved));
	fputc('\n', stderr);
	errno = saved;
}

void
vdie(int status, const char *fmt, va_list ap)
{
	vlog(fmt, ap);
	if (exit_hook) {
		void (*h)(void) = exit_hook;

		exit_hook = NULL;
		h();
	}
	exit(status);
}

void
die(int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vdie(status, fmt, ap);
}

void
warn(const char *fmt, ...)
{
	va_list ap;

	if (verbosity < 1)
		return;
	va_start(ap, fmt);
	vlog(fmt, ap);
	va_end(ap);
}

void
error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(fmt, ap);
	va_end(ap);
}

void
info(int level, const char *fmt, ...)
{
	va_list ap;

	if (verbosity < level)
		return;
	va_start(ap, fmt);
	vlog(fmt, ap);
	va_end(ap);
}

int
progress_enabled(void)
{
	if (progress_on < 0)
		progress_on = isatty(STDERR_FILENO) && getenv("WIKIPIPE_NO_PROGRESS") == NULL;
	return progress_on && verbosity >= 2;
}

void
progress(int force, const char *fmt, ...)
{
	va_list ap;
	struct timespec ts;
	double t;

	if (!progress_enabled())
		return;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	t = (double)ts.tv_sec + ts.tv_nsec / 1e9;
	if (!force && t - progress_last < 0.2)
		return;
	progress_last = t;
	fprintf(stderr, "\r\033[K%s: ", progname);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fflush(stderr);
	progress_drawn = 1;
}

void
progress_end(void)
{
	if (progress_drawn) {
		fputc('\n', stderr);
		progress_drawn = 0;
	}
}
