/* SPDX-License-Identifier: ISC */
/*
 * log.h: the one error and progress channel of every program.
 *
 * Every message goes to stderr prefixed "NAME: ".  A format that ends in ':'
 * gets ": strerror(errno)" appended, as in sbase's eprintf.  stdout is
 * flushed before anything is written to stderr so that interleaving on a
 * shared terminal stays readable.
 *
 * Verbosity is one number: 0 quiet (errors only), 1 warnings, 2 default
 * (warnings and summaries), 3 verbose, 4 debug.  -q sets 0, each -v adds one.
 */
#ifndef WIKIPIPE_LOG_H
#define WIKIPIPE_LOG_H

#include <stdarg.h>

#include "suite.h"

/*
 * log_init: remember the program name (the basename of argv0) for the
 * message prefix.  Call first thing in main().
 */
void log_init(const char *argv0);

/* log_progname: the name set by log_init ("wikipipe" before it). */
const char *log_progname(void);

/* log_set_verbosity / log_verbosity: set or read the verbosity (0..4). */
void log_set_verbosity(int level);
int log_verbosity(void);

/*
 * die: print "NAME: message" and exit with status (an EXIT_* value).
 * Runs the cleanup hook set by log_atexit first (used to remove -o temp
 * files).  Never returns.
 */
void die(int status, const char *fmt, ...) NORETURN PRINTF(2, 3);

/* vdie: die() with a va_list. */
void vdie(int status, const char *fmt, va_list ap) NORETURN;

/* warn: print "NAME: message" when verbosity >= 1.  Errors use die(). */
void warn(const char *fmt, ...) PRINTF(1, 2);

/* error: print "NAME: message" whatever the verbosity (for an error that
 * the caller reports and then handles, e.g. before returning a status). */
void error(const char *fmt, ...) PRINTF(1, 2);

/* info: print "NAME: message" when verbosity >= level (2 = default). */
void info(int level, const char *fmt, ...) PRINTF(2, 3);

/*
 * log_atexit: set one hook that die() calls before exiting (NULL clears
 * it).  The hook must not call die().
 */
void log_atexit(void (*hook)(void));

/*
 * Progress on a terminal.  progress_enabled() is true only when stderr is a
 * tty and verbosity >= 2; progress() then redraws one status line ("\r" and
 * clear-to-end), rate-limited to about 5 updates a second unless force is
 * set; progress_end() finishes the line.  In a pipe or a log file both do
 * nothing, so long jobs never litter logs.
 */
int progress_enabled(void);
void progress(int force, const char *fmt, ...) PRINTF(2, 3);
void progress_end(void);

#endif
