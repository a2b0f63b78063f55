/* SPDX-License-Identifier: ISC */
/*
 * util.h: allocation, number parsing and raw I/O helpers.
 *
 * Functions whose names start with 'e' exit the program through die() on
 * failure (EXIT_IO for memory, EXIT_USAGE for a bad number); the others
 * return a status and never exit.
 */
#ifndef WIKIPIPE_UTIL_H
#define WIKIPIPE_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdint.h>
#include <sys/types.h>

#include "suite.h"

/* emalloc, ecalloc, erealloc, estrdup, estrndup: as the libc functions, but
 * die(EXIT_IO) when memory runs out.  emalloc(0) returns a valid pointer. */
void *emalloc(size_t n);
void *ecalloc(size_t nmemb, size_t size);
void *erealloc(void *p, size_t n);
char *estrdup(const char *s);
char *estrndup(const char *s, size_t n);

/*
 * estrtonum: parse s as a base-10 integer in [min, max].  Leading or
 * trailing junk, an empty string, overflow or a value out of range is a
 * usage error: die(EXIT_USAGE) naming what (the option, e.g. "--limit").
 */
long long estrtonum(const char *s, long long min, long long max,
    const char *what);

/* estrtod: the same for a finite floating-point number in [min, max]. */
double estrtod(const char *s, double min, double max, const char *what);

/*
 * estrtosize: parse a byte size with an optional suffix K, M or G (powers
 * of 1024), e.g. "64M"; the result must lie in [min, max].  Dies with
 * EXIT_USAGE on junk.
 */
size_t estrtosize(const char *s, size_t min, size_t max, const char *what);

/*
 * writeall: write all n bytes of buf to fd, retrying after EINTR and short
 * writes.  Returns 0, or -1 with errno set.
 */
int writeall(int fd, const void *buf, size_t n) RESULT_USED;

/*
 * readfull: read up to n bytes, retrying after EINTR and short reads until
 * n bytes or EOF.  Returns the count read (less than n only at EOF), or -1
 * with errno set.
 */
ssize_t readfull(int fd, void *buf, size_t n) RESULT_USED;

/*
 * list_next: the next item of a list file (one a line, as wiki-fetch
 * --exclude and --known and cpe-commit --delete read them) from fp into
 * getline's buffer (*line, *cap): the trailing CR/LF removed, blank lines
 * and lines starting with '#' passed over.  *lineno counts every line
 * read (for messages).  Returns the item's length, or -1 at the end of fp
 * or on a read error (the caller checks ferror(fp)).
 */
ssize_t list_next(FILE *fp, char **line, size_t *cap,
    unsigned long long *lineno);

/*
 * hex64: the value of s, exactly 16 hexadecimal digits (either case; the
 * form of wiki-fetch's src_hash), into *v.  Returns 0, or -1 if s is
 * anything else.
 */
int hex64(const char *s, size_t n, uint64_t *v);

/*
 * str_is: is the C string s exactly the n bytes at p (chars or bytes)?  Reads s only up to
 * its NUL (or the first byte that differs), never strlen(s) of it, so a
 * table of words is searched at the cost of the first bytes.
 */
static inline int
str_is(const char *s, const void *p, size_t n)
{
	const char *q = p;
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] != q[i] || s[i] == '\0')
			return 0;
	return s[n] == '\0';
}

/* now_sec: a monotonic clock in seconds, for rates and timeouts. */
double now_sec(void);

/*
 * Growable byte buffer.  A zeroed struct buf is empty and valid.  buf_add
 * and friends die(EXIT_IO) on out of memory.  buf_free releases the memory
 * and leaves an empty buffer.
 */
struct buf {
	unsigned char *p;	/* bytes; NUL-terminated after buf_cstr */
	size_t len;		/* bytes in use */
	size_t cap;		/* bytes allocated */
};
void buf_reserve(struct buf *b, size_t extra);
void buf_add(struct buf *b, const void *p, size_t n);
void buf_addc(struct buf *b, int c);
void buf_adds(struct buf *b, const char *s);
void buf_printf(struct buf *b, const char *fmt, ...) PRINTF(2, 3);
/* buf_vprintf: buf_printf with a va_list (ap is consumed). */
void buf_vprintf(struct buf *b, const char *fmt, va_list ap);
/* buf_cstr: NUL-terminate (not counted in len) and return the bytes. */
char *buf_cstr(struct buf *b);
void buf_free(struct buf *b);

#endif
