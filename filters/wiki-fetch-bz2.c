/* SPDX-License-Identifier: ISC */
/*
 * wiki-fetch-bz2.c: bzip2 decoding on several threads (not yet: the
 * sequential decoder of wiki-fetch-input.c is used).
 */
#include "filters/wiki-fetch.h"

int
bz2mt_want(int fd, int threads)
{
	(void)fd;
	(void)threads;
	return 0;
}

struct bz2mt *
bz2mt_open(int fd, const char *name, int threads)
{
	(void)fd;
	(void)name;
	(void)threads;
	return NULL;
}

ssize_t
bz2mt_read(struct bz2mt *m, void *buf, size_t n)
{
	(void)m;
	(void)buf;
	(void)n;
	return -1;
}

int
bz2mt_status(const struct bz2mt *m)
{
	(void)m;
	return 3;
}

uint64_t
bz2mt_raw_bytes(const struct bz2mt *m)
{
	(void)m;
	return 0;
}

void
bz2mt_close(struct bz2mt *m)
{
	(void)m;
}
