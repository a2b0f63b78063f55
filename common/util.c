/* SPDX-License-Identifier: ISC */
/*
 * util.c: allocation, number parsing, raw I/O and growable buffers.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "util.h"

void *
emalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL)
		die(EXIT_IO, "out of memory (%zu bytes)", n);
	return p;
}

void *
ecalloc(size_t nmemb, size_t size)
{
	void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);

	if (p == NULL)
		die(EXIT_IO, "out of memory (%zu x %zu bytes)", nmemb, size);
	return p;
}

void *
erealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (q == NULL)
		die(EXIT_IO, "out of memory (%zu bytes)", n);
	return q;
}

char *
estrdup(const char *s)
{
	return estrndup(s, strlen(s));
}

char *
estrndup(const char *s, size_t n)
{
	char *p = emalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

long long
estrtonum(const char *s, long long min, long long max, const char *what)
{
	char *end;
	long long v;

	errno = 0;
	if (s == NULL || *s == '\0' || isspace((unsigned char)*s))
		die(EXIT_USAGE, "%s: '%s': not a number", what, s ? s : "");
	v = strtoll(s, &end, 10);
	if (*end != '\0')
		die(EXIT_USAGE, "%s: '%s': not a number", what, s);
	if (errno == ERANGE || v < min || v > max)
		die(EXIT_USAGE, "%s: '%s': out of range [%lld, %lld]", what, s,
		    min, max);
	return v;
}

double
estrtod(const char *s, double min, double max, const char *what)
{
	char *end;
	double v;

	errno = 0;
	if (s == NULL || *s == '\0' || isspace((unsigned char)*s))
		die(EXIT_USAGE, "%s: '%s': not a number", what, s ? s : "");
	v = strtod(s, &end);
	if (*end != '\0' || !isfinite(v))
		die(EXIT_USAGE, "%s: '%s': not a number", what, s);
	if (errno == ERANGE || v < min || v > max)
		die(EXIT_USAGE, "%s: '%s': out of range [%g, %g]", what, s,
		    min, max);
	return v;
}

size_t
estrtosize(const char *s, size_t min, size_t max, const char *what)
{
	char *end;
	unsigned long long v, mul = 1;

	errno = 0;
	if (s == NULL || !isdigit((unsigned char)*s))
		die(EXIT_USAGE, "%s: '%s': not a size", what, s ? s : "");
	v = strtoull(s, &end, 10);
	switch (*end) {
	case 'k': case 'K': mul = 1ULL << 10; end++; break;
	case 'm': case 'M': mul = 1ULL << 20; end++; break;
	case 'g': case 'G': mul = 1ULL << 30; end++; break;
	}
	if (*end != '\0')
		die(EXIT_USAGE, "%s: '%s': not a size (use N, NK, NM or NG)",
		    what, s);
	if (errno == ERANGE || v > ULLONG_MAX / mul || v * mul < min ||
	    v * mul > max)
		die(EXIT_USAGE, "%s: '%s': out of range [%zu, %zu]", what, s,
		    min, max);
	return (size_t)(v * mul);
}

int
writeall(int fd, const void *buf, size_t n)
{
	const char *p = buf;

	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

ssize_t
readfull(int fd, void *buf, size_t n)
{
	char *p = buf;
	size_t got = 0;

	while (got < n) {
		ssize_t r = read(fd, p + got, n - got);

		if (r < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (r == 0)
			break;
		got += (size_t)r;
	}
	return (ssize_t)got;
}

double
now_sec(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

void
buf_reserve(struct buf *b, size_t extra)
{
	size_t need, cap;

	if (extra <= b->cap - b->len)
		return;
	if (extra > SIZE_MAX - b->len - 1)
		die(EXIT_IO, "out of memory (buffer overflow)");
	need = b->len + extra + 1;	/* room for buf_cstr's NUL */
	cap = b->cap ? b->cap : 256;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	b->p = erealloc(b->p, cap);
	b->cap = cap;
}

void
buf_add(struct buf *b, const void *p, size_t n)
{
	if (n == 0)
		return;
	buf_reserve(b, n);
	memcpy(b->p + b->len, p, n);
	b->len += n;
}

void
buf_addc(struct buf *b, int c)
{
	buf_reserve(b, 1);
	b->p[b->len++] = (unsigned char)c;
}

void
buf_adds(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void
buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
	va_list aq;
	int n;

	va_copy(aq, ap);
	n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (n < 0)
		return;
	buf_reserve(b, (size_t)n + 1);
	vsnprintf((char *)b->p + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
}

ssize_t
list_next(FILE *fp, char **line, size_t *cap, unsigned long long *lineno)
{
	ssize_t n;

	while ((n = getline(line, cap, fp)) > 0) {
		++*lineno;
		while (n > 0 && ((*line)[n - 1] == '\n' ||
		    (*line)[n - 1] == '\r'))
			(*line)[--n] = '\0';
		if (n > 0 && (*line)[0] != '#')
			return n;
	}
	return -1;
}

int
hex64(const char *s, size_t n, uint64_t *v)
{
	uint64_t h = 0;
	size_t i;

	if (n != 16)
		return -1;
	for (i = 0; i < n; i++) {
		int c = (unsigned char)s[i], d;

		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (c >= 'a' && c <= 'f')
			d = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			d = c - 'A' + 10;
		else
			return -1;
		h = h << 4 | (uint64_t)d;
	}
	*v = h;
	return 0;
}

char *
buf_cstr(struct buf *b)
{
	buf_reserve(b, 1);
	b->p[b->len] = '\0';
	return (char *)b->p;
}

void
buf_free(struct buf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
}
