/* SPDX-License-Identifier: ISC */
/*
 * wiki-fetch-shard.c: one shard of a multistream bzip2 dump (--shard).
 *
 * A multistream file is a concatenation of bzip2 streams, each starting
 * on a byte boundary.  Shard I of N owns the streams that start in
 * compressed bytes [floor((I-1)*S/N), floor(I*S/N)), S the file's size:
 * the range snaps to the first stream starts at or after both bounds,
 * taken from the index (Wikimedia's offset:page_id:title lines) when
 * there is one, else found by scanning for stream headers.  A page
 * belongs to the shard whose streams hold its <page> tag (the '<');
 * "<page" never occurs in XML text, where '<' is &lt;.
 *
 *   file:   |hdr| s1 | s2 | s3 | s4 | s5 | s6 |end|
 *   shard 2 of 3:       [start ......... end)
 *   read:   |hdr|...    | s3 | s4 | s5 |.s6...
 *   kept:   bytes before the dump's first <page>, then from the first
 *           <page> tag in s3 to the first <page> tag in s6 or later
 *
 * The dump's bytes before its first <page> (siteinfo) are decoded from
 * byte 0 in the main thread (the prologue); the range is decoded on
 * threads (wiki-fetch-bz2.c), which start at once and so overlap the
 * prologue, or in the main thread at -j 1; the streams
 * after it (the tail) are decoded only until the next <page> tag, which
 * closes the page in progress.  Every decoded byte goes through feed(),
 * which finds the <page> tags and keeps or drops bytes:
 *
 *   HEAD --tag before start--> SKIP --tag in range--> OWN --tag after--> STOP
 *     \-------------------tag in range-------------->/
 *
 * When the shard's document ends before the dump's (STOP, or no page in
 * the range), srange_cut says so, and the XML reader takes the end of
 * input between two pages as a clean end.
 *
 * Calls go one way: wiki-fetch-input.c opens a shard (srange_plan, the
 * index lines it reads with its own readers, srange_start) and reads it
 * (srange_read); this file calls nothing of wiki-fetch-input.c, only
 * the bzip2 decoders of wiki-fetch-bz2.c below it.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <bzlib.h>

#include "common/log.h"
#include "common/suite.h"
#include "common/util.h"
#include "filters/wiki-fetch.h"

#define DECSZ	((size_t)1 << 18)	/* decoded bytes per feed */
#define SCANLIM	((size_t)64 << 20)	/* where a second stream must start */

/* Where decoded bytes come from, against the shard's range. */
enum zone { Z_PRE, Z_OWN, Z_POST };

/* What the bytes fed so far make of the next ones. */
enum state { ST_HEAD, ST_SKIP, ST_OWN, ST_STOP };

enum phase { PH_PRO, PH_BODY, PH_TAIL, PH_DONE };

/* A sequential decoder of the streams in compressed bytes [pos, lim). */
struct seq {
	bz_stream bz;
	size_t pos, lim;
	int live;		/* a stream is open */
};

struct srange {
	char *name;
	int fd;			/* not owned */
	int threads;
	const unsigned char *map;
	size_t size;
	size_t start, end;	/* the shard's streams */
	enum phase phase;
	enum state state;
	struct seq sq;		/* prologue, tail, and the range at -j 1 */
	struct bz2mt *mt;	/* the range on threads */
	unsigned char pend[8];	/* a "<page" prefix cut by a chunk's end */
	size_t npend;
	enum zone pend_zone;	/* where its '<' was */
	unsigned char *dec;	/* one decoded chunk */
	struct buf out;		/* what the shard keeps of it */
	size_t opos;
	int status;
	int cut;		/* the document ends before the dump's */
	uint64_t raw;		/* compressed bytes decoded */
	uint64_t ix_lo, ix_hi;	/* the range's bounds, for the index */
	uint64_t ix_prev;	/* the index's last offset */
	int ix_own, ix_past;	/* index lines in and past the range */
};

/* ---- the plan ---- */

/* part: floor(k * s / n) without overflow. */
static uint64_t
part(uint64_t s, uint64_t k, uint64_t n)
{
	return s / n * k + s % n * k / n;
}

/* first_start: the first stream start in [from, size), or size. */
static size_t
first_start(const unsigned char *map, size_t size, size_t from)
{
	if (from == 0)
		return 0;
	return bz2_find_header(map, size, from, size);
}

/* not_start: off if it lies inside the file but no stream starts there,
 * else 0. */
static uint64_t
not_start(const struct srange *r, uint64_t off)
{
	if (off == 0 || off >= r->size ||
	    bz2_is_header(r->map + off, r->size - off))
		return 0;
	return off;
}

/* index_line: parse "offset:page_id:title"; -1 if malformed. */
static int
index_line(const char *p, size_t n, uint64_t *off, int64_t *id)
{
	const char *e = p + n;
	uint64_t v = 0;
	int64_t w = 0;

	if (p == e || *p < '0' || *p > '9')
		return -1;
	for (; p < e && *p >= '0' && *p <= '9'; p++) {
		if (v > (UINT64_MAX - 9) / 10)
			return -1;
		v = v * 10 + (*p - '0');
	}
	if (p == e || *p++ != ':' || p == e || *p < '0' || *p > '9')
		return -1;
	for (; p < e && *p >= '0' && *p <= '9'; p++) {
		if (w > (INT64_MAX - 9) / 10)
			return -1;
		w = w * 10 + (*p - '0');
	}
	if (p == e || *p != ':')
		return -1;
	*off = v;
	*id = w;
	return 0;
}

/*
 * The index is read by the caller (wiki-fetch-input.c, which owns the
 * readers of files and their decoding) and handed here line by line:
 * srange_index_begin, srange_index_line for each line, srange_index_end.
 * They plan sh from the index over the dump r: the range, the pages
 * before and in it, the first one's id.
 */
void
srange_index_begin(struct srange *r, struct shard *sh)
{
	r->ix_lo = part(r->size, sh->i - 1, sh->n);
	r->ix_hi = part(r->size, sh->i, sh->n);
	r->ix_prev = 0;
	r->ix_own = r->ix_past = 0;
	sh->start = r->ix_lo == 0 ? 0 : r->size;
	sh->end = r->ix_hi == 0 ? 0 : r->size;
	sh->base = sh->npages = sh->total = 0;
	sh->first_id = -1;
}

int
srange_index_line(struct srange *r, struct shard *sh, const char *path,
    const char *p, size_t n, unsigned long long line)
{
	uint64_t off;
	int64_t id;

	if (n && p[n - 1] == '\r')
		n--;
	if (n == 0)
		return 0;
	if (index_line(p, n, &off, &id) < 0) {
		error("%s: line %llu: not OFFSET:PAGE_ID:TITLE", path, line);
		return EXIT_DATA;
	}
	if (off < r->ix_prev || off >= r->size) {
		error("%s: line %llu: offset %llu %s: not the index of %s",
		    path, line, (unsigned long long)off, off < r->ix_prev ?
		    "goes back" : "is beyond the end of the dump", r->name);
		return EXIT_DATA;
	}
	r->ix_prev = off;
	sh->total++;
	if (off < r->ix_lo) {
		sh->base++;
	} else if (off < r->ix_hi) {
		if (!r->ix_own++) {
			if (r->ix_lo > 0)
				sh->start = off;
			sh->first_id = id;
		}
		sh->npages++;
	} else {
		if (!r->ix_past++) {
			if (!r->ix_own && r->ix_lo > 0)
				sh->start = off;
			if (r->ix_hi > 0)
				sh->end = off;
		}
		if (!sh->more)
			return -1;	/* enough read */
	}
	return 0;
}

int
srange_index_end(struct srange *r, struct shard *sh, const char *path)
{
	uint64_t off;

	if (!sh->more)
		sh->total = 0;
	/* An index of another file would give wrong article indexes. */
	if ((off = not_start(r, sh->start)) != 0 ||
	    (off = not_start(r, sh->end)) != 0) {
		error("%s: no bzip2 stream starts at byte %llu, where %s says "
		    "one does: not the index of this dump", r->name,
		    (unsigned long long)off, path);
		return EXIT_DATA;
	}
	sh->indexed = 1;
	return 0;
}

/* is_xml: whether the file's first decoded bytes are XML (a multistream
 * file of JSON lines is sharded by hash). */
static int
is_xml(const unsigned char *map, size_t size)
{
	unsigned char b[4096];
	const char *why;
	bz_stream bz;
	int ret;

	memset(&bz, 0, sizeof bz);
	if (BZ2_bzDecompressInit(&bz, 0, 0) != BZ_OK)
		return 0;
	bz.next_in = (char *)map;
	bz.avail_in = size > (1u << 30) ? 1u << 30 : (unsigned)size;
	bz.next_out = (char *)b;
	bz.avail_out = sizeof b;
	do
		ret = BZ2_bzDecompress(&bz);
	while (ret == BZ_OK && bz.avail_out > 0 && bz.avail_in > 0);
	BZ2_bzDecompressEnd(&bz);
	return sniff_format(b, sizeof b - bz.avail_out, &why) == FMT_XML;
}

/* index_beside: NAME with "multistream.xml.bz2" made
 * "multistream-index.txt.bz2", if that file is readable; else NULL. */
static char *
index_beside(const char *name)
{
	static const char from[] = "multistream.xml.bz2";
	static const char to[] = "multistream-index.txt.bz2";
	const char *p = NULL, *q;
	struct buf b = {0};

	for (q = name; (q = strstr(q, from)) != NULL; q++)
		p = q;
	if (!p)
		return NULL;
	buf_add(&b, name, p - name);
	buf_adds(&b, to);
	buf_adds(&b, p + sizeof from - 1);
	if (access((char *)buf_cstr(&b), R_OK) < 0) {
		info(3, "%s: no readable index %s beside it", name,
		    (char *)b.p);
		buf_free(&b);
		return NULL;
	}
	return (char *)b.p;
}

/* ---- decoding ---- */

/* fail: record an error for srange_read; returns -1. */
static ssize_t
fail(struct srange *r, int status, const char *what, size_t at)
{
	error("%s: %s (stream at byte %zu)", r->name, what, at);
	r->status = status;
	return -1;
}

/* seq_read: up to n decoded bytes of q's streams; 0 at its end. */
static ssize_t
seq_read(struct srange *r, struct seq *q, unsigned char *out, size_t n)
{
	for (;;) {
		size_t got, at;
		int ret;

		if (!q->live) {
			if (q->pos >= q->lim)
				return 0;
			if (!bz2_is_header(r->map + q->pos, r->size - q->pos) &&
			    !(q->lim - q->pos >= 4 &&
			    memcmp(r->map + q->pos, "BZh", 3) == 0)) {
				if (q->lim == r->size) {
					q->pos = q->lim;	/* as bzip2 */
					return 0;
				}
				return fail(r, EXIT_DATA, "not a bzip2 stream",
				    q->pos);
			}
			if (BZ2_bzDecompressInit(&q->bz, 0, 0) != BZ_OK)
				return fail(r, EXIT_IO, "cannot start the "
				    "bzip2 decoder", q->pos);
			q->live = 1;
			q->bz.next_in = (char *)(r->map + q->pos);
			q->bz.avail_in = 0;
		}
		if (q->bz.avail_in == 0) {
			size_t left = q->lim - q->pos;

			q->bz.avail_in = left > (1u << 30) ? 1u << 30 :
			    (unsigned)left;
		}
		q->bz.next_out = (char *)out;
		q->bz.avail_out = n > (1u << 30) ? 1u << 30 : (unsigned)n;
		at = q->pos;
		ret = BZ2_bzDecompress(&q->bz);
		got = (n > (1u << 30) ? 1u << 30 : n) - q->bz.avail_out;
		q->pos = (const unsigned char *)q->bz.next_in - r->map;
		r->raw += q->pos - at;
		if (ret == BZ_STREAM_END) {
			BZ2_bzDecompressEnd(&q->bz);
			q->live = 0;
		} else if (ret != BZ_OK) {
			return fail(r, EXIT_DATA, "corrupt bzip2 data", q->pos);
		} else if (!got && q->bz.avail_in == 0 && q->pos >= q->lim) {
			return fail(r, EXIT_DATA, "truncated bzip2 stream",
			    q->pos);
		}
		if (got)
			return (ssize_t)got;
	}
}

static void
seq_start(struct seq *q, size_t from, size_t to)
{
	if (q->live)
		BZ2_bzDecompressEnd(&q->bz);
	memset(q, 0, sizeof *q);
	q->pos = from;
	q->lim = to;
}

/* ---- keeping the shard's bytes ---- */

static void
keep(struct srange *r, const unsigned char *p, size_t n)
{
	if (n && (r->state == ST_HEAD || r->state == ST_OWN))
		buf_add(&r->out, p, n);
}

/* tag: a <page> tag begins in zone z. */
static void
tag(struct srange *r, enum zone z)
{
	switch (r->state) {
	case ST_HEAD:
		r->state = z == Z_PRE ? ST_SKIP : z == Z_OWN ? ST_OWN :
		    ST_STOP;
		break;
	case ST_SKIP:
		if (z != Z_PRE)
			r->state = z == Z_OWN ? ST_OWN : ST_STOP;
		break;
	case ST_OWN:
		if (z == Z_POST)
			r->state = ST_STOP;
		break;
	case ST_STOP:
		break;
	}
}

/* match: p[0..n) starts with '<': 1 a <page> tag, 0 not one, -1 too
 * short to tell. */
static int
match(const unsigned char *p, size_t n)
{
	if (memcmp(p, "<page", n < 5 ? n : 5) != 0)
		return 0;
	if (n < 6)
		return -1;
	return p[5] == '>' || p[5] == ' ' || p[5] == '\t' || p[5] == '\n' ||
	    p[5] == '\r' || p[5] == '/';
}

/* feed: n decoded bytes of zone z through the states, into r->out. */
static void
feed(struct srange *r, const unsigned char *p, size_t n, enum zone z)
{
	const unsigned char *lt;
	size_t i = 0, j = 0;

	if (r->npend) {
		unsigned char t[8];
		size_t k = 6 - r->npend < n ? 6 - r->npend : n;
		int m;

		memcpy(t, r->pend, r->npend);
		memcpy(t + r->npend, p, k);
		if ((m = match(t, r->npend + k)) < 0) {
			memcpy(r->pend + r->npend, p, n);
			r->npend += n;
			return;
		}
		if (m)
			tag(r, r->pend_zone);
		keep(r, r->pend, r->npend);
		r->npend = 0;
	}
	/* The range's bytes after its first page need no look. */
	while (!(r->state == ST_OWN && z == Z_OWN) && r->state != ST_STOP &&
	    j < n && (lt = memchr(p + j, '<', n - j)) != NULL) {
		size_t at = lt - p;
		int m = match(lt, n - at);

		if (m < 0) {
			keep(r, p + i, at - i);
			memcpy(r->pend, lt, n - at);
			r->npend = n - at;
			r->pend_zone = z;
			return;
		}
		if (m) {
			keep(r, p + i, at - i);
			i = at;
			tag(r, z);
		}
		j = at + 1;
	}
	if (r->state != ST_STOP)
		keep(r, p + i, n - i);
}

/* ---- phases ---- */

static ssize_t
body_read(struct srange *r, unsigned char *buf, size_t n)
{
	ssize_t k;

	if (!r->mt)
		return seq_read(r, &r->sq, buf, n);
	if ((k = bz2mt_read(r->mt, buf, n)) < 0)
		r->status = bz2mt_status(r->mt);
	return k;
}

/* finish: the shard's document is over; cut if before the dump's. */
static void
finish(struct srange *r, int cut)
{
	if (r->npend && r->state != ST_STOP)
		keep(r, r->pend, r->npend);
	r->npend = 0;
	r->phase = PH_DONE;
	r->cut = cut;
}

static void
next_phase(struct srange *r)
{
	switch (r->phase) {
	case PH_PRO:
		/* A page begun before the range is an earlier shard's. */
		if (r->state == ST_SKIP)
			r->npend = 0;
		r->phase = PH_BODY;
		seq_start(&r->sq, r->start, r->end);
		break;
	case PH_BODY:
		if (r->mt) {
			r->raw += bz2mt_raw_bytes(r->mt);
			bz2mt_close(r->mt);
			r->mt = NULL;
		}
		/* No page starts in the range, unless a tag cut by the
		 * range's end began in it. */
		if (r->state == ST_SKIP && !r->npend)
			finish(r, 1);
		else if (r->end >= r->size)
			finish(r, 0);
		else {
			r->phase = PH_TAIL;
			seq_start(&r->sq, r->end, r->size);
		}
		break;
	default:
		finish(r, r->state == ST_STOP);
		break;
	}
}

ssize_t
srange_read(struct srange *r, void *buf, size_t n)
{
	for (;;) {
		ssize_t k;
		enum zone z;

		if (r->opos < r->out.len) {
			size_t m = r->out.len - r->opos < n ?
			    r->out.len - r->opos : n;

			memcpy(buf, r->out.p + r->opos, m);
			r->opos += m;
			return (ssize_t)m;
		}
		r->out.len = r->opos = 0;
		if (r->status)
			return -1;
		if (r->phase == PH_DONE)
			return 0;
		if (r->phase == PH_BODY && r->state == ST_OWN && !r->npend) {
			if ((k = body_read(r, buf, n)) != 0)
				return k;
			next_phase(r);
			continue;
		}
		switch (r->phase) {
		case PH_PRO:
			k = seq_read(r, &r->sq, r->dec, DECSZ);
			z = Z_PRE;
			break;
		case PH_BODY:
			k = body_read(r, r->dec, DECSZ);
			z = Z_OWN;
			break;
		default:
			k = seq_read(r, &r->sq, r->dec, DECSZ);
			z = Z_POST;
			break;
		}
		if (k < 0)
			return -1;
		if (k == 0) {
			next_phase(r);
			continue;
		}
		feed(r, r->dec, (size_t)k, z);
		if (r->state == ST_STOP)
			finish(r, 1);
		else if (r->state == ST_SKIP && r->phase == PH_PRO)
			next_phase(r);
	}
}

/* ---- opening ---- */

struct srange *
srange_plan(int fd, const char *name, int threads, struct shard *sh,
    char **index)
{
	struct srange *r;
	struct stat st;
	void *map;
	size_t scan;

	*index = NULL;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_size < 10)
		return NULL;
	map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (map == MAP_FAILED)
		return NULL;
	scan = (size_t)st.st_size < SCANLIM ? (size_t)st.st_size : SCANLIM;
	if (!bz2_is_header(map, (size_t)st.st_size) ||
	    bz2_find_header(map, (size_t)st.st_size, 4, scan) == scan ||
	    !is_xml(map, (size_t)st.st_size)) {
		munmap(map, (size_t)st.st_size);
		return NULL;
	}
	r = ecalloc(1, sizeof *r);
	r->name = estrdup(name);
	r->fd = fd;
	r->threads = threads;
	r->map = map;
	r->size = (size_t)st.st_size;
	sh->by = SHARD_STREAMS;
	sh->size = r->size;
	sh->indexed = 0;
	if (sh->index)
		*index = estrdup(sh->index);
	else if ((*index = index_beside(name)) != NULL)
		info(3, "%s: using the index %s beside it", name, *index);
	return r;
}

void
srange_start(struct srange *r, struct shard *sh, const char *index)
{
	if (!sh->indexed) {
		sh->start = first_start(r->map, r->size, part(r->size,
		    sh->i - 1, sh->n));
		sh->end = first_start(r->map, r->size, part(r->size, sh->i,
		    sh->n));
	}
	r->start = sh->start;
	r->end = sh->end;
	info(3, "%s: shard %d/%d: streams in compressed bytes [%llu, %llu) "
	    "of %llu%s%s", r->name, sh->i, sh->n, (unsigned long long)r->start,
	    (unsigned long long)r->end, (unsigned long long)r->size,
	    index ? ", index " : "", index ? index : "");
	r->dec = emalloc(DECSZ);
	r->phase = PH_PRO;
	r->state = ST_HEAD;
	seq_start(&r->sq, 0, r->start);
	if (r->start == r->end)
		finish(r, 1);	/* no stream, no page */
	else if (r->threads != 1)	/* the range decodes during the prologue */
		r->mt = bz2mt_open_range(r->fd, r->name, r->threads, r->start,
		    r->end);
}

int
srange_status(const struct srange *r)
{
	return r->status;
}

uint64_t
srange_raw_bytes(const struct srange *r)
{
	return r->raw + (r->mt ? bz2mt_raw_bytes(r->mt) : 0);
}

int
srange_cut(const struct srange *r)
{
	return r->cut;
}

void
srange_close(struct srange *r)
{
	if (!r)
		return;
	if (r->mt)
		bz2mt_close(r->mt);
	if (r->sq.live)
		BZ2_bzDecompressEnd(&r->sq.bz);
	munmap((void *)r->map, r->size);
	buf_free(&r->out);
	free(r->dec);
	free(r->name);
	free(r);
}
