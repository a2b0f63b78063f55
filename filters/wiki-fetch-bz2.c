/* SPDX-License-Identifier: ISC */
/*
 * wiki-fetch-bz2.c: bzip2 files decoded on several threads, in order.
 *
 * A bzip2 file may be a concatenation of streams (Wikimedia's
 * multistream dumps put 100 pages in each), and every stream starts on a
 * byte boundary with "BZh" [1-9] and the block magic 0x314159265359.  The
 * file is mapped; a job is a run of whole streams of at least MINSEG
 * bytes, found by looking for the next stream header after that.  Workers
 * claim jobs in file order and decode them into chunk lists; the reader
 * (the parsing thread) takes the chunks of the oldest job first, so the
 * output is the file's content in order.
 *
 *   file:    | stream | stream | stream | stream | stream | ...
 *   jobs:    |<-- job 1 ----->|<-- job 2 ----->|<-- job 3 ...
 *   workers: decode job 1 | decode job 2 | ... (at most nthreads + 1
 *            jobs in flight, each holding at most MAXQ decoded bytes)
 *   reader:  chunks of job 1, then of job 2, ...
 *
 * When no stream header follows within SCANMAX bytes (a single-stream
 * file), the job's end is unknown: its worker decodes to the end of the
 * stream while the reader consumes the output as it comes (a pipeline of
 * two threads), and the next job starts where that stream ended.
 *
 * bz2mt_open_range decodes the streams of a byte range of the file only
 * (a shard's, wiki-fetch-shard.c): jobs are claimed from its start and
 * end at its end.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <bzlib.h>

#include "common/log.h"
#include "common/suite.h"
#include "filters/wiki-fetch.h"

#define MINSEG	((size_t)512 << 10)	/* smallest job, compressed */
#define SCANMAX	((size_t)16 << 20)	/* how far to look for a header */
#define CHUNK	((size_t)1 << 20)	/* decoded bytes per chunk */
#define MAXQ	((size_t)8 << 20)	/* decoded bytes queued per job */
#define MAXTH	16

struct chunk {
	struct chunk *next;
	size_t len, pos;
	unsigned char data[];
};

struct job {
	struct job *next;
	size_t start, end;	/* compressed bytes [start, end) */
	int fixed;		/* end was known when claimed */
	struct chunk *head, *tail;
	size_t queued;		/* decoded bytes waiting */
	int done;		/* the worker finished this job */
	int status;		/* EXIT_* of an error, 0 if none */
	char msg[200];
};

struct bz2mt {
	const unsigned char *map;
	size_t size;		/* of the file (and the mapping) */
	size_t lim;		/* end of the streams to decode */
	char *name;
	pthread_t th[MAXTH];
	int nth;		/* workers wanted (the jobs-ahead limit) */
	int started;		/* workers running */
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct job *jhead, *jtail;	/* jobs in order, jhead = oldest */
	int njobs;
	size_t next;		/* start of the next job to claim */
	int pending;		/* the last job's end is not known yet */
	int claimed_all;	/* no input left to claim */
	int stop;		/* the reader is closing */
	int status;
	uint64_t raw;		/* compressed bytes of finished jobs */
};

int
bz2_is_header(const unsigned char *p, size_t n)
{
	return n >= 10 && p[0] == 'B' && p[1] == 'Z' && p[2] == 'h' &&
	    p[3] >= '1' && p[3] <= '9' && memcmp(p + 4, "1AY&SY", 6) == 0;
}

size_t
bz2_find_header(const unsigned char *map, size_t size, size_t from,
    size_t to)
{
	const unsigned char *p = map + from, *e = map + to;

	while (p < e && (p = memchr(p, 'B', e - p)) != NULL) {
		if (bz2_is_header(p, map + size - p))
			return p - map;
		p++;
	}
	return to;
}


/* claim: a new job at m->next (with the lock held). */
static struct job *
claim(struct bz2mt *m)
{
	struct job *j = ecalloc(1, sizeof *j);
	size_t from = m->next + MINSEG, lim;

	j->start = m->next;
	if (from >= m->lim) {
		j->end = m->lim;
		j->fixed = 1;
	} else {
		lim = m->lim - from > SCANMAX ? from + SCANMAX : m->lim;
		j->end = bz2_find_header(m->map, m->size, from, lim);
		j->fixed = j->end < lim || lim == m->lim;
	}
	if (j->fixed) {
		m->next = j->end;
		m->claimed_all = j->end >= m->lim;
	} else {
		m->pending = 1;
	}
	if (m->jtail)
		m->jtail->next = j;
	else
		m->jhead = j;
	m->jtail = j;
	m->njobs++;
	return j;
}

/* push: queue a decoded chunk, waiting while the job's queue is full. */
static int
push(struct bz2mt *m, struct job *j, struct chunk *c)
{
	pthread_mutex_lock(&m->mu);
	while (j->queued >= MAXQ && !m->stop)
		pthread_cond_wait(&m->cv, &m->mu);
	if (m->stop) {
		pthread_mutex_unlock(&m->mu);
		free(c);
		return -1;
	}
	c->next = NULL;
	if (j->tail)
		j->tail->next = c;
	else
		j->head = c;
	j->tail = c;
	j->queued += c->len;
	pthread_cond_broadcast(&m->cv);
	pthread_mutex_unlock(&m->mu);
	return 0;
}

static void
job_error(struct job *j, int status, const char *msg, int streamno)
{
	j->status = status;
	snprintf(j->msg, sizeof j->msg, "%s (stream at byte %zu, %d in its "
	    "job)", msg, j->start, streamno);
}

/* decode: the worker's part of one job; returns where it ended. */
static size_t
decode(struct bz2mt *m, struct job *j)
{
	bz_stream bz;
	struct chunk *c = NULL;
	size_t pos = j->start, limit = j->fixed ? j->end : m->lim;
	int live = 0, streams = 0;

	memset(&bz, 0, sizeof bz);
	for (;;) {
		int ret;

		if (!live) {
			if (pos >= limit || (!j->fixed && streams > 0))
				break;
			if (!bz2_is_header(m->map + pos, m->size - pos) &&
			    !(limit - pos >= 4 && memcmp(m->map + pos, "BZh",
			    3) == 0)) {
				if (j->fixed && limit == m->lim &&
				    m->lim == m->size)
					break;	/* trailing garbage, as bzip2 */
				job_error(j, EXIT_DATA, "not a bzip2 stream",
				    streams + 1);
				break;
			}
			if (BZ2_bzDecompressInit(&bz, 0, 0) != BZ_OK) {
				job_error(j, EXIT_IO, "cannot start the bzip2 "
				    "decoder", streams + 1);
				break;
			}
			live = 1;
			bz.next_in = (char *)(m->map + pos);
			bz.avail_in = 0;
		}
		if (bz.avail_in == 0) {
			size_t left = limit - ((const unsigned char *)
			    bz.next_in - m->map);

			bz.avail_in = left > (1u << 30) ? 1u << 30 :
			    (unsigned)left;
		}
		if (!c) {
			c = emalloc(sizeof *c + CHUNK);
			c->len = c->pos = 0;
		}
		bz.next_out = (char *)c->data + c->len;
		bz.avail_out = (unsigned)(CHUNK - c->len);
		ret = BZ2_bzDecompress(&bz);
		c->len = CHUNK - bz.avail_out;
		pos = (const unsigned char *)bz.next_in - m->map;
		if (c->len == CHUNK || (ret == BZ_STREAM_END && c->len)) {
			if (push(m, j, c) < 0) {
				c = NULL;
				break;
			}
			c = NULL;
		}
		if (ret == BZ_STREAM_END) {
			BZ2_bzDecompressEnd(&bz);
			live = 0;
			streams++;
			continue;
		}
		if (ret != BZ_OK) {
			job_error(j, EXIT_DATA, "corrupt bzip2 data",
			    streams + 1);
			break;
		}
		if (bz.avail_in == 0 && pos >= limit && bz.avail_out > 0) {
			job_error(j, EXIT_DATA, "truncated bzip2 stream",
			    streams + 1);
			break;
		}
	}
	if (live)
		BZ2_bzDecompressEnd(&bz);
	if (c && c->len && !j->status)
		(void)push(m, j, c);
	else
		free(c);
	return pos;
}

static void *
worker(void *arg)
{
	struct bz2mt *m = arg;

	pthread_mutex_lock(&m->mu);
	for (;;) {
		struct job *j;
		size_t end;

		while (!m->stop && !m->claimed_all &&
		    (m->pending || m->njobs > m->nth))
			pthread_cond_wait(&m->cv, &m->mu);
		if (m->stop || m->claimed_all)
			break;
		j = claim(m);
		pthread_mutex_unlock(&m->mu);
		end = decode(m, j);
		pthread_mutex_lock(&m->mu);
		if (!j->fixed) {
			j->end = end;
			m->next = end;
			m->pending = 0;
			m->claimed_all = end >= m->lim || j->status ||
			    !bz2_is_header(m->map + end, m->size - end);
		}
		if (j->status)
			m->claimed_all = 1;
		j->done = 1;
		pthread_cond_broadcast(&m->cv);
	}
	pthread_mutex_unlock(&m->mu);
	return NULL;
}

/*
 * release: drop the mapped pages of a finished job, so that the resident
 * size stays bounded on a dump of many gigabytes.
 */
static void
release(const struct bz2mt *m, const struct job *j)
{
	size_t pg = (size_t)sysconf(_SC_PAGESIZE);
	size_t a = (j->start + pg - 1) / pg * pg, b = j->end / pg * pg;

	if (b > a)
		(void)madvise((void *)(m->map + a), b - a, MADV_DONTNEED);
}

int
bz2mt_want(int fd, int threads)
{
	struct stat st;

	return threads != 1 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
	    st.st_size > 0;
}

struct bz2mt *
bz2mt_open(int fd, const char *name, int threads)
{
	struct stat st;

	if (fstat(fd, &st) < 0 || st.st_size <= 0)
		return NULL;
	return bz2mt_open_range(fd, name, threads, 0, (size_t)st.st_size);
}

struct bz2mt *
bz2mt_open_range(int fd, const char *name, int threads, size_t from,
    size_t to)
{
	struct bz2mt *m;
	struct stat st;
	size_t pg = (size_t)sysconf(_SC_PAGESIZE), a;
	void *map;
	int i;

	if (fstat(fd, &st) < 0 || st.st_size <= 0 || to > (size_t)st.st_size ||
	    from > to)
		return NULL;
	map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (map == MAP_FAILED)
		return NULL;
	a = from / pg * pg;
	if (to > a)
		(void)madvise((char *)map + a, to - a, MADV_SEQUENTIAL);
	m = ecalloc(1, sizeof *m);
	m->map = map;
	m->size = (size_t)st.st_size;
	m->lim = to;
	m->next = from;
	m->claimed_all = from >= to;
	m->name = estrdup(name);
	if (threads <= 0) {
		long n = sysconf(_SC_NPROCESSORS_ONLN);

		threads = n > 0 ? (int)n : 2;
	}
	m->nth = threads > MAXTH ? MAXTH : threads;
	pthread_mutex_init(&m->mu, NULL);
	pthread_cond_init(&m->cv, NULL);
	for (i = 0; i < m->nth; i++) {
		if (pthread_create(&m->th[i], NULL, worker, m) != 0) {
			if (i == 0) {
				pthread_mutex_destroy(&m->mu);
				pthread_cond_destroy(&m->cv);
				munmap(map, m->size);
				free(m->name);
				free(m);
				return NULL;
			}
			break;
		}
	}
	m->started = i;
	return m;
}

ssize_t
bz2mt_read(struct bz2mt *m, void *buf, size_t n)
{
	ssize_t r = 0;

	pthread_mutex_lock(&m->mu);
	for (;;) {
		struct job *j = m->jhead;

		if (!j) {
			if (m->claimed_all)
				break;
			pthread_cond_wait(&m->cv, &m->mu);
			continue;
		}
		if (j->head) {
			struct chunk *c = j->head;
			size_t k = c->len - c->pos < n ? c->len - c->pos : n;

			memcpy(buf, c->data + c->pos, k);
			c->pos += k;
			if (c->pos == c->len) {
				j->head = c->next;
				if (!j->head)
					j->tail = NULL;
				j->queued -= c->len;
				free(c);
				pthread_cond_broadcast(&m->cv);
			}
			r = (ssize_t)k;
			break;
		}
		if (j->done) {
			if (j->status) {
				error("%s: %s", m->name, j->msg);
				m->status = j->status;
				r = -1;
				break;
			}
			m->jhead = j->next;
			if (!m->jhead)
				m->jtail = NULL;
			m->njobs--;
			m->raw += j->end - j->start;
			release(m, j);
			free(j);
			pthread_cond_broadcast(&m->cv);
			continue;
		}
		pthread_cond_wait(&m->cv, &m->mu);
	}
	pthread_mutex_unlock(&m->mu);
	return r;
}

int
bz2mt_status(const struct bz2mt *m)
{
	return m->status;
}

uint64_t
bz2mt_raw_bytes(const struct bz2mt *m)
{
	return m->raw;
}

void
bz2mt_close(struct bz2mt *m)
{
	struct job *j, *jn;
	struct chunk *c, *cn;
	int i;

	if (!m)
		return;
	pthread_mutex_lock(&m->mu);
	m->stop = 1;
	pthread_cond_broadcast(&m->cv);
	pthread_mutex_unlock(&m->mu);
	for (i = 0; i < m->started; i++)
		pthread_join(m->th[i], NULL);
	for (j = m->jhead; j; j = jn) {
		jn = j->next;
		for (c = j->head; c; c = cn) {
			cn = c->next;
			free(c);
		}
		free(j);
	}
	pthread_mutex_destroy(&m->mu);
	pthread_cond_destroy(&m->cv);
	munmap((void *)m->map, m->size);
	free(m->name);
	free(m);
}
