/* SPDX-License-Identifier: ISC */
/*
 * wiki-fetch-input.c: where the bytes come from.
 *
 * Two layers.  The raw layer reads a file, standard input or an http(s)
 * URL (libcurl, streamed: the multi interface is driven from src_read, so
 * no more than one network buffer is held).  The decoding layer looks at
 * the first bytes and either passes them through or decompresses bzip2:
 * every concatenated stream is read (Wikimedia's multistream dumps are
 * one stream per 100 pages), and for a regular file the streams are
 * decoded on several threads (wiki-fetch-bz2.c).  A shard of a
 * multistream file reads its range of streams (wiki-fetch-shard.c);
 * its index is read here, with src_open and src_line, and handed to
 * wiki-fetch-shard.c line by line, so that calls go one way: this file
 * calls wiki-fetch-shard.c, never the reverse.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <bzlib.h>
#include <curl/curl.h>

#include "common/log.h"
#include "common/suite.h"
#include "common/util.h"
#include "filters/wiki-fetch.h"

#define INSZ	((size_t)1 << 18)

enum raw_kind { RAW_FD, RAW_CURL };
enum dec_kind { DEC_PLAIN, DEC_BZ2, DEC_BZ2MT, DEC_RANGE };

struct src {
	char *name;
	enum raw_kind raw;
	enum dec_kind dec;
	int fd;
	int status;
	uint64_t nraw;		/* raw bytes read */
	unsigned char peek[16];	/* bytes read to sniff, served first */
	size_t npeek, ppeek;
	/* bzip2, sequential */
	bz_stream bz;
	int bz_live, bz_done, in_eof;
	unsigned char *in;
	int streams;
	/* curl */
	CURLM *multi;
	CURL *easy;
	struct buf cbuf;
	size_t cpos;
	int cdone;
	long http;
	char cerr[CURL_ERROR_SIZE];
	double last_progress;
	/* threaded bzip2 */
	struct bz2mt *mt;
	/* a shard's range of streams */
	struct srange *range;
};

static int open_status = EXIT_IO;

/* ---- raw layer ---- */

static size_t
curl_write(char *p, size_t size, size_t n, void *arg)
{
	struct src *s = arg;

	buf_add(&s->cbuf, p, size * n);
	return size * n;
}

static int
curl_open(struct src *s, const char *url)
{
	static int inited;

	if (!inited) {
		if (curl_global_init(CURL_GLOBAL_DEFAULT) != 0) {
			error("%s: cannot initialise libcurl", url);
			return -1;
		}
		inited = 1;
	}
	s->raw = RAW_CURL;
	s->easy = curl_easy_init();
	s->multi = curl_multi_init();
	if (!s->easy || !s->multi) {
		error("%s: cannot initialise libcurl", url);
		return -1;
	}
	curl_easy_setopt(s->easy, CURLOPT_URL, url);
	curl_easy_setopt(s->easy, CURLOPT_WRITEFUNCTION, curl_write);
	curl_easy_setopt(s->easy, CURLOPT_WRITEDATA, s);
	curl_easy_setopt(s->easy, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(s->easy, CURLOPT_FAILONERROR, 1L);
	curl_easy_setopt(s->easy, CURLOPT_ERRORBUFFER, s->cerr);
	curl_easy_setopt(s->easy, CURLOPT_USERAGENT, "wiki-fetch/"
	    WIKIPIPE_VERSION);
	curl_easy_setopt(s->easy, CURLOPT_CONNECTTIMEOUT, 30L);
	/* A stalled transfer (under 1 byte/s for 60 s) is a failure. */
	curl_easy_setopt(s->easy, CURLOPT_LOW_SPEED_LIMIT, 1L);
	curl_easy_setopt(s->easy, CURLOPT_LOW_SPEED_TIME, 60L);
	curl_multi_add_handle(s->multi, s->easy);
	return 0;
}

/* curl_fetch: make buffered bytes available; 0 at the end, -1 error. */
static int
curl_fetch(struct src *s)
{
	while (s->cpos == s->cbuf.len && !s->cdone) {
		int running = 0, left;
		CURLMsg *m;

		s->cbuf.len = s->cpos = 0;
		if (curl_multi_perform(s->multi, &running) != CURLM_OK) {
			error("%s: libcurl failed", s->name);
			s->status = EXIT_REMOTE;
			return -1;
		}
		while ((m = curl_multi_info_read(s->multi, &left))) {
			if (m->msg != CURLMSG_DONE)
				continue;
			s->cdone = 1;
			curl_easy_getinfo(s->easy, CURLINFO_RESPONSE_CODE,
			    &s->http);
			if (m->data.result != CURLE_OK) {
				error("%s: %s", s->name, s->cerr[0] ? s->cerr :
				    curl_easy_strerror(m->data.result));
				s->status = EXIT_REMOTE;
				return -1;
			}
		}
		if (!running)
			s->cdone = 1;
		else if (s->cbuf.len == 0)
			curl_multi_poll(s->multi, NULL, 0, 1000, NULL);
	}
	if (progress_enabled() && now_sec() - s->last_progress > 0.5) {
		s->last_progress = now_sec();
		progress(0, "%s: %.1f MB received", s->name, s->nraw / 1e6);
	}
	return s->cpos < s->cbuf.len;
}

/* raw_read: up to n raw bytes; 0 at the end, -1 after an error. */
static ssize_t
raw_read(struct src *s, void *buf, size_t n)
{
	ssize_t r;

	if (s->ppeek < s->npeek) {
		r = s->npeek - s->ppeek < n ? s->npeek - s->ppeek : n;
		memcpy(buf, s->peek + s->ppeek, r);
		s->ppeek += r;
		return r;
	}
	if (s->raw == RAW_CURL) {
		int k = curl_fetch(s);

		if (k <= 0)
			return k;
		r = s->cbuf.len - s->cpos < n ? s->cbuf.len - s->cpos : n;
		memcpy(buf, s->cbuf.p + s->cpos, r);
		s->cpos += r;
		s->nraw += r;
		return r;
	}
	do
		r = read(s->fd, buf, n);
	while (r < 0 && errno == EINTR);
	if (r < 0) {
		error("%s: read error:", s->name);
		s->status = EXIT_IO;
		return -1;
	}
	s->nraw += r;
	return r;
}

/* ---- bzip2, sequential ---- */

static int
bz_refill(struct src *s)
{
	ssize_t r;

	if (s->in_eof)
		return 0;
	if (s->bz.avail_in)
		memmove(s->in, s->bz.next_in, s->bz.avail_in);
	r = raw_read(s, s->in + s->bz.avail_in, INSZ - s->bz.avail_in);
	if (r < 0)
		return -1;
	if (r == 0)
		s->in_eof = 1;
	s->bz.next_in = (char *)s->in;
	s->bz.avail_in += (unsigned)r;
	return r > 0;
}

static ssize_t
bz_read(struct src *s, void *buf, size_t n)
{
	for (;;) {
		int ret;
		size_t produced;

		if (s->bz_done)
			return 0;
		if (!s->bz_live) {
			while (s->bz.avail_in < 4 && !s->in_eof)
				if (bz_refill(s) < 0)
					return -1;
			if (s->bz.avail_in == 0) {
				s->bz_done = 1;
				return 0;
			}
			if (s->bz.avail_in < 4 ||
			    memcmp(s->bz.next_in, "BZh", 3) != 0) {
				warn("%s: trailing garbage after bzip2 stream "
				    "%d ignored", s->name, s->streams);
				s->bz_done = 1;
				return 0;
			}
			if (BZ2_bzDecompressInit(&s->bz, 0, 0) != BZ_OK) {
				error("%s: cannot start the bzip2 decoder",
				    s->name);
				s->status = EXIT_IO;
				return -1;
			}
			s->bz_live = 1;
		}
		if (s->bz.avail_in == 0 && bz_refill(s) < 0)
			return -1;
		s->bz.next_out = buf;
		s->bz.avail_out = n > 1u << 30 ? 1u << 30 : (unsigned)n;
		ret = BZ2_bzDecompress(&s->bz);
		produced = (size_t)(s->bz.avail_out > n ? 0 :
		    (char *)s->bz.next_out - (char *)buf);
		if (ret == BZ_STREAM_END) {
			BZ2_bzDecompressEnd(&s->bz);
			s->bz_live = 0;
			s->streams++;
		} else if (ret != BZ_OK) {
			error("%s: corrupt bzip2 data in stream %d (error %d)",
			    s->name, s->streams + 1, ret);
			s->status = EXIT_DATA;
			return -1;
		} else if (!produced && s->bz.avail_in == 0 && s->in_eof) {
			error("%s: truncated bzip2 stream %d", s->name,
			    s->streams + 1);
			s->status = EXIT_DATA;
			return -1;
		}
		if (produced)
			return produced;
	}
}

/* ---- public ---- */

static int
is_url(const char *p)
{
	return strncasecmp(p, "http://", 7) == 0 ||
	    strncasecmp(p, "https://", 8) == 0;
}

#define INDEX_LINEMAX	((size_t)1 << 16)	/* longest index line */

/*
 * range_index: read the index path of the shard r (its lines to
 * srange_index_line).  Returns 0, or an exit status after printing why.
 */
static int
range_index(struct srange *r, struct shard *sh, const char *path,
    int threads)
{
	struct src *s = src_open(path, threads);
	struct lines l = {0};
	const unsigned char *p;
	size_t n;
	int status = 0, k;

	if (!s)
		return src_open_status();
	srange_index_begin(r, sh);
	while ((k = src_line(s, &l, INDEX_LINEMAX, &p, &n)) > 0) {
		int v = srange_index_line(r, sh, path, (const char *)p, n,
		    l.line);

		if (v < 0)
			break;
		if (v > 0) {
			status = v;
			break;
		}
	}
	if (!status && k == -2) {
		error("%s: line %llu: longer than %zu bytes", path, l.line + 1,
		    INDEX_LINEMAX);
		status = EXIT_DATA;
	} else if (!status && k == -1) {
		status = src_status(s);
	}
	buf_free(&l.b);
	src_close(s);
	return status ? status : srange_index_end(r, sh, path);
}

/* open_src: src_open, and with sh src_open_shard. */
static struct src *
open_src(const char *path, int threads, struct shard *sh)
{
	struct src *s = ecalloc(1, sizeof *s);
	struct stat st;
	ssize_t r;
	size_t got = 0;

	open_status = EXIT_IO;
	s->fd = -1;
	if (!path || strcmp(path, "-") == 0) {
		s->name = estrdup("<stdin>");
		s->fd = 0;
	} else if (is_url(path)) {
		s->name = estrdup(path);
		open_status = EXIT_REMOTE;
		if (curl_open(s, path) < 0)
			goto fail;
	} else {
		s->name = estrdup(path);
		if ((s->fd = open(path, O_RDONLY)) < 0) {
			error("%s:", path);
			goto fail;
		}
		if (fstat(s->fd, &st) == 0 && S_ISDIR(st.st_mode)) {
			error("%s: is a directory", path);
			open_status = EXIT_USAGE;
			goto fail;
		}
	}
	/* Sniff the compression from the first bytes. */
	while (got < 10) {
		r = raw_read(s, s->peek + got, 10 - got);
		if (r < 0) {
			open_status = s->status;
			goto fail;
		}
		if (r == 0)
			break;
		got += r;
	}
	s->npeek = got;
	if (got >= 4 && memcmp(s->peek, "BZh", 3) == 0 && s->peek[3] >= '1' &&
	    s->peek[3] <= '9') {
		s->dec = DEC_BZ2;
		/* Standard input is sharded by hash, even from a file. */
		if (sh && s->raw == RAW_FD && path && strcmp(path, "-")) {
			char *index = NULL;
			int st = 0;

			s->range = srange_plan(s->fd, s->name, threads, sh,
			    &index);
			if (s->range && index)
				st = range_index(s->range, sh, index, threads);
			if (s->range && !st)
				srange_start(s->range, sh, index);
			free(index);
			if (st) {
				open_status = st;
				goto fail;
			}
			if (s->range) {
				s->dec = DEC_RANGE;
				return s;
			}
		}
		if (s->raw == RAW_FD && bz2mt_want(s->fd, threads) &&
		    (s->mt = bz2mt_open(s->fd, s->name, threads)) != NULL) {
			s->dec = DEC_BZ2MT;
		} else {
			s->in = emalloc(INSZ);
		}
	} else if (got >= 2 && s->peek[0] == 0x1f && s->peek[1] == 0x8b) {
		error("%s: gzip-compressed input is not supported (use "
		    "zcat FILE | wiki-fetch)", s->name);
		open_status = EXIT_DATA;
		goto fail;
	} else if (got >= 6 && memcmp(s->peek, "\xfd" "7zXZ", 6) == 0) {
		error("%s: xz-compressed input is not supported (use "
		    "xzcat FILE | wiki-fetch)", s->name);
		open_status = EXIT_DATA;
		goto fail;
	} else if (got >= 4 && memcmp(s->peek, "\x28\xb5\x2f\xfd", 4) == 0) {
		error("%s: zstd-compressed input is not supported (use "
		    "zstdcat FILE | wiki-fetch)", s->name);
		open_status = EXIT_DATA;
		goto fail;
	}
	return s;
fail:
	src_close(s);
	return NULL;
}

struct src *
src_open(const char *path, int threads)
{
	return open_src(path, threads, NULL);
}

struct src *
src_open_shard(const char *path, int threads, struct shard *sh)
{
	sh->by = SHARD_HASH;
	sh->indexed = 0;
	return open_src(path, threads, sh);
}

int
src_open_status(void)
{
	return open_status;
}

ssize_t
src_read(struct src *s, void *buf, size_t n)
{
	switch (s->dec) {
	case DEC_BZ2:
		return bz_read(s, buf, n);
	case DEC_BZ2MT: {
		ssize_t r = bz2mt_read(s->mt, buf, n);

		if (r < 0)
			s->status = bz2mt_status(s->mt);
		return r;
	}
	case DEC_RANGE: {
		ssize_t r = srange_read(s->range, buf, n);

		if (r < 0)
			s->status = srange_status(s->range);
		return r;
	}
	default:
		return raw_read(s, buf, n);
	}
}

int
src_status(const struct src *s)
{
	return s->status;
}

const char *
src_name(const struct src *s)
{
	return s->name;
}

const char *
src_kind(const struct src *s)
{
	switch (s->dec) {
	case DEC_BZ2:
		return s->streams > 1 ? "bzip2 multistream" : "bzip2";
	case DEC_BZ2MT:
		return "bzip2 (threaded)";
	case DEC_RANGE:
		return "bzip2 multistream (a shard's streams)";
	default:
		return s->raw == RAW_CURL ? "plain (http)" : "plain";
	}
}

uint64_t
src_raw_bytes(const struct src *s)
{
	if (s->dec == DEC_BZ2MT)
		return bz2mt_raw_bytes(s->mt);
	if (s->dec == DEC_RANGE)
		return srange_raw_bytes(s->range);
	return s->nraw;
}

int
src_cut(const struct src *s)
{
	return s->dec == DEC_RANGE && srange_cut(s->range);
}

void
src_close(struct src *s)
{
	if (!s)
		return;
	if (s->mt)
		bz2mt_close(s->mt);
	if (s->range)
		srange_close(s->range);
	if (s->bz_live)
		BZ2_bzDecompressEnd(&s->bz);
	if (s->fd > 0)
		close(s->fd);
	if (s->easy) {
		if (s->multi)
			curl_multi_remove_handle(s->multi, s->easy);
		curl_easy_cleanup(s->easy);
	}
	if (s->multi)
		curl_multi_cleanup(s->multi);
	if (progress_enabled() && s->raw == RAW_CURL)
		progress_end();
	buf_free(&s->cbuf);
	free(s->in);
	free(s->name);
	free(s);
}

int
src_line(struct src *s, struct lines *l, size_t max,
    const unsigned char **p, size_t *n)
{
	struct buf *b = &l->b;

	for (;;) {
		unsigned char *nl = l->scan < b->len ? memchr(b->p + l->scan,
		    '\n', b->len - l->scan) : NULL;
		size_t end;

		if (!nl && !l->eof) {
			ssize_t k;

			if (l->start > 0) {
				memmove(b->p, b->p + l->start, b->len - l->start);
				b->len -= l->start;
				l->scan -= l->start;
				l->start = 0;
			}
			if (b->len > max)
				return -2;
			l->scan = b->len;
			buf_reserve(b, 1 << 20);
			if ((k = src_read(s, b->p + b->len, b->cap - b->len)) < 0)
				return -1;
			if (k == 0)
				l->eof = 1;
			b->len += k;
			continue;
		}
		if (!nl && l->start == b->len)
			return 0;
		l->line++;
		end = nl ? (size_t)(nl - b->p) : b->len;
		*p = b->p + l->start;
		*n = end - l->start;
		l->start = l->scan = nl ? end + 1 : b->len;
		return 1;
	}
}

enum src_fmt
sniff_format(const unsigned char *p, size_t n, const char **why)
{
	size_t i = 0;

	*why = NULL;
	if (n >= 2 && ((p[0] == 0xff && p[1] == 0xfe) ||
	    (p[0] == 0xfe && p[1] == 0xff))) {
		*why = "UTF-16 input (byte order mark) is not supported; "
		    "convert it with iconv -f UTF-16 -t UTF-8";
		return FMT_UNKNOWN;
	}
	if (n >= 4 && ((p[0] == 0 && p[1] == 0 && p[2] == 0xfe) ||
	    (p[0] == 0xff && p[1] == 0xfe && p[2] == 0 && p[3] == 0))) {
		*why = "UTF-32 input is not supported; convert it to UTF-8";
		return FMT_UNKNOWN;
	}
	if (n >= 2 && ((p[0] == '<' && p[1] == 0) || (p[0] == 0 &&
	    p[1] == '<'))) {
		*why = "UTF-16 input is not supported; convert it with "
		    "iconv -f UTF-16 -t UTF-8";
		return FMT_UNKNOWN;
	}
	if (n >= 3 && p[0] == 0xef && p[1] == 0xbb && p[2] == 0xbf)
		i = 3;	/* a UTF-8 byte order mark is harmless */
	while (i < n && (p[i] == ' ' || p[i] == '\n' || p[i] == '\t' ||
	    p[i] == '\r'))
		i++;
	if (i < n && p[i] == '<')
		return FMT_XML;
	if (i < n && p[i] == '{')
		return FMT_JSONL;
	if (i < n)
		*why = "neither a MediaWiki XML dump nor JSON lines "
		    "(first byte is not '<' or '{')";
	return FMT_UNKNOWN;
}
