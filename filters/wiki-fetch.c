/* SPDX-License-Identifier: ISC */
/*
 * wiki-fetch: MediaWiki XML dumps (plain, bzip2 single- or multistream,
 * http(s) URLs) and JSON lines of articles to article records (1 page :
 * 0 or 1 record).
 *
 * Reads:  no records; dump files, URLs or standard input.
 * Writes: source, doc_id, page_id, rev_id, src_hash, ns, title, url,
 *         timestamp, article_index, text, sections, categories [, infobox,
 *         infobox_name] (and redirect records with redirect when asked).
 *
 * Every page read is either emitted or counted under one skip reason, and
 * the counts are printed at the end (and written by --stats), so that
 * pages read = emitted + skipped can be checked.
 *
 * Syncing a store with a newer dump: --known drops the pages whose
 * revision the store already holds before they are cleaned, and --seen
 * lists every doc id the dump still has, written only when the whole
 * dump was read, so that what vanished can be deleted safely.
 *
 * --shard I/N reads one of N disjoint parts: a range of a multistream
 * file's streams (wiki-fetch-shard.c), or of any other input the pages
 * whose page_id hashes to it.
 */
#include <getopt.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <xxhash.h>

#include "common/json.h"
#include "common/log.h"
#include "common/mp.h"
#include "common/opt.h"
#include "common/record.h"
#include "common/stats.h"
#include "common/util.h"
#include "filters/wiki-fetch.h"

#define SNIFF	4096

enum { OPT_SKIP = OPT_FIRST_PRIVATE, OPT_REDIRECTS, OPT_SKIP_DISAMBIG,
	OPT_MIN_CHARS, OPT_EXCLUDE, OPT_SOURCE, OPT_HEADINGS, OPT_TABLES,
	OPT_MATH, OPT_WIKITEXT, OPT_MAX_PAGE, OPT_NO_LISTS, OPT_DECOMPRESS,
	OPT_KNOWN, OPT_SEEN, OPT_SHARD, OPT_INDEX, OPT_KEEP_SECTIONS, OPT_OMIT,
	OPT_DROP_SECTIONS };

#define SHARD_MAX	4096

/* Why a page was not emitted. */
enum reason { SK_SKIP, SK_NAMESPACE, SK_TOO_LARGE, SK_REDIRECT, SK_EXCLUDED,
	SK_DISAMBIG, SK_SHORT, SK_UNCHANGED, NREASON };
static const char *const reason_name[NREASON] = { "skip", "namespace",
	"too_large", "redirect", "excluded", "disambiguation", "short",
	"unchanged" };

/* Where an emitted article stands against --known. */
enum { SYNC_NEW, SYNC_CHANGED };

struct opts {
	long long limit;	/* -n: stop after this many records, -1 all */
	long long skip;		/* --skip: pages to pass over first */
	long long min_chars;	/* --min-chars: shortest text emitted */
	int64_t *ns;		/* -N: namespaces kept (NULL = all) */
	size_t nns;
	int emit_redirects;	/* --redirects emit */
	int skip_disambig;	/* --skip-disambig */
	int wikitext;		/* --wikitext: JSONL text is wikitext */
	int decompress;		/* --decompress: copy the decoded input */
	int threads;		/* -j: bzip2 threads, 0 = per CPU */
	size_t max_page;	/* --max-page */
	const char *source;	/* --source */
	const char *exclude;	/* --exclude FILE */
	const char *known;	/* --known FILE: what the store holds */
	const char *seen;	/* --seen FILE: doc ids of the pages kept */
	int shard_i, shard_n;	/* --shard I/N, n 0 = the whole input */
	const char *index;	/* --index FILE: the multistream index */
	unsigned omit;		/* --omit: OMIT_* keys not written */
	struct wt_opts wt;	/* cleaner options */
};

/* --omit: article keys a pipeline may leave out. */
enum { OMIT_CATEGORIES = 1, OMIT_INFOBOX = 2 };

/* A set of strings (excluded ids), open addressing. */
struct set {
	char **slot;
	size_t cap, n;
};

/*
 * The --known set: doc id -> revision and src_hash the store holds.  A
 * slot is keyed by XXH3-64 of the doc id, not by the string, so that
 * 7 million pages fit in about 200 MB (24 bytes a slot, at most 80%
 * full).  Two doc ids with the same 64-bit hash would be confused; at
 * 7 million pages the chance is about 1 in 750,000.  Open addressing
 * with linear probing; key 0 marks a free slot.
 */
#define KN_REV	(1ull << 63)	/* meta: the line has a rev_id */
#define KN_HASH	(1ull << 62)	/* meta: the line has a src_hash */
#define KN_REVMAX	(KN_HASH - 1)	/* meta: the rev_id bits */

struct kslot {
	uint64_t key;		/* XXH3-64 of the doc id, never 0 */
	uint64_t meta;		/* KN_REV | KN_HASH | rev_id */
	uint64_t hash;		/* the src_hash, if KN_HASH */
};

struct known {
	struct kslot *slot;
	size_t cap, n;
};

struct run {
	struct opts o;
	struct common_opts co;
	struct rw *out;
	struct rb rb;
	struct wt *wt;
	struct wt_result res;
	struct set excl;
	struct known known;
	FILE *seen;		/* --seen: the temporary file */
	char *seen_tmp;		/* its name, FILE.tmp */
	struct page pg;
	struct buf redir, docid, url;
	uint64_t src_hash;	/* XXH3-64 of the page's source text */
	char source[128];
	char urlbase[512];
	uint64_t ordinal;	/* pages of the dump so far (article_index) */
	int no_ordinal;		/* ordinal unknown (a shard without index) */
	uint64_t nread;		/* pages read (of the shard) */
	struct shard sh;	/* how the current input is sharded */
	uint64_t in_read;	/* nread when the current input began */
	uint64_t other;		/* pages of other shards (by hash) */
	int by_seen;		/* 1 << SHARD_*: how the inputs were split */
	int nranges;		/* inputs read as a range of streams */
	uint64_t range[2];	/* the compressed bytes of the last one */
	uint64_t emitted, redirects_emitted;
	uint64_t skipped[NREASON];
	uint64_t sync[2];	/* emitted articles: SYNC_NEW, SYNC_CHANGED */
	uint64_t bad_utf8, bad_utf8_pages;
	uint64_t raw_in, chars_out;
	int done;		/* --limit reached */
	struct stats st;	/* --stats figures, started in main */
};

static void usage(FILE *fp, int status);

/* --omit LIST: categories, infobox (infobox_name with it). */
static unsigned
parse_omit(const char *list)
{
	unsigned m = 0;
	const char *p = list, *e;
	size_t n;

	for (;;) {
		e = strchr(p, ',');
		n = e ? (size_t)(e - p) : strlen(p);
		if (str_is("categories", p, n))
			m |= OMIT_CATEGORIES;
		else if (str_is("infobox", p, n))
			m |= OMIT_INFOBOX;
		else {
			error("--omit: no key '%.*s' to omit (categories, "
			    "infobox)", (int)n, p);
			usage(stderr, EXIT_USAGE);
		}
		if (!e)
			return m;
		p = e + 1;
	}
}

static void
usage(FILE *fp, int status)
{
	fprintf(fp,
	    "usage: wiki-fetch [-fhquVvz] [-j threads] [-N namespaces] "
	    "[-n limit]\n"
	    "                  [-o file] [--decompress] [--drop-sections list]\n"
	    "                  [--exclude file] [--headings keep|drop|mark]\n"
	    "                  [--index file] [--keep-sections] [--known file]\n"
	    "                  [--math keep|drop] [--max-page size] "
	    "[--min-chars n]\n"
	    "                  [--no-lists] [--omit keys] [--redirects skip|emit]\n"
	    "                  [--seen file] [--shard i/n] [--skip n] "
	    "[--skip-disambig]\n"
	    "                  [--source name] [--stats file] [--tables] "
	    "[--wikitext]\n"
	    "                  [file | url | - ...]\n"
	    "  -j, --threads N      bzip2 decoding threads (default: one per "
	    "CPU)\n"
	    "  -N, --namespaces L   namespaces to keep, comma-separated, or "
	    "'all' (0)\n"
	    "  -n, --limit N        stop after N records\n"
	    "      --decompress     write the decoded input (bzcat on threads), "
	    "no records\n"
	    "      --drop-sections L  more section headings to drop, "
	    "comma-separated\n"
	    "      --exclude FILE   doc ids or page ids (one a line) not to "
	    "emit\n"
	    "      --headings MODE  section headings: keep, drop or mark "
	    "(keep)\n"
	    "      --index FILE     multistream index (offset:page_id:title), "
	    "for --shard\n"
	    "      --keep-sections  keep reference, link and bibliography "
	    "sections\n"
	    "      --known FILE     skip pages whose DOC_ID<TAB>REV_ID<TAB>"
	    "SRC_HASH line\n"
	    "                       matches (unchanged since the store got "
	    "them)\n"
	    "      --math MODE      <math> TeX: keep or drop (keep)\n"
	    "      --max-page SIZE  skip pages whose text is larger (16M)\n"
	    "      --min-chars N    skip articles shorter than N characters "
	    "(1)\n"
	    "      --no-lists       drop list items\n"
	    "      --omit KEYS      leave out categories and/or infobox "
	    "(comma-separated)\n"
	    "      --redirects MODE skip or emit redirect records (skip)\n"
	    "      --seen FILE      list the doc ids kept, if the whole input "
	    "was read\n"
	    "      --shard I/N      read only the I-th of N disjoint parts of "
	    "the input\n"
	    "      --skip N         pass over the first N pages\n"
	    "      --skip-disambig  skip disambiguation pages\n"
	    "      --source NAME    dataset name (default: from the dump)\n"
	    "      --tables         keep table cells as text\n"
	    "      --wikitext       JSON lines text is wikitext, not plain "
	    "text\n"
	    COMMON_USAGE);
	exit(status);
}

/* ---- the exclusion set ---- */

static uint64_t
hash(const char *s)
{
	uint64_t h = 1469598103934665603ull;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211ull;
	return h;
}

/* Put the string p (owned by the set from now on) in a free slot; the set
 * has room. */
static void
set_put(struct set *st, char *p)
{
	size_t i;

	for (i = hash(p) & (st->cap - 1); st->slot[i];
	    i = (i + 1) & (st->cap - 1))
		;
	st->slot[i] = p;
	st->n++;
}

static void
set_add(struct set *st, const char *s)
{
	size_t i;

	if (st->n * 2 >= st->cap) {
		struct set nw = { ecalloc(st->cap ? st->cap * 2 : 64,
		    sizeof(char *)), st->cap ? st->cap * 2 : 64, 0 };

		/* Move the strings over; they are not copied. */
		for (i = 0; i < st->cap; i++)
			if (st->slot[i])
				set_put(&nw, st->slot[i]);
		free(st->slot);
		*st = nw;
	}
	for (i = hash(s) & (st->cap - 1); st->slot[i];
	    i = (i + 1) & (st->cap - 1))
		if (strcmp(st->slot[i], s) == 0)
			return;
	st->slot[i] = estrdup(s);
	st->n++;
}

static int
set_has(const struct set *st, const char *s)
{
	size_t i;

	if (!st->n)
		return 0;
	for (i = hash(s) & (st->cap - 1); st->slot[i];
	    i = (i + 1) & (st->cap - 1))
		if (strcmp(st->slot[i], s) == 0)
			return 1;
	return 0;
}

static void
load_exclude(struct set *st, const char *path)
{
	FILE *fp = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	unsigned long long lineno = 0;
	ssize_t n;

	if (!fp)
		die(EXIT_IO, "%s:", path);
	while ((n = list_next(fp, &line, &cap, &lineno)) >= 0) {
		while (n > 0 && (line[n - 1] == '\r' || line[n - 1] == ' '))
			line[--n] = '\0';
		if (n > 0)
			set_add(st, line);
	}
	if (ferror(fp))
		die(EXIT_IO, "%s: read error:", path);
	free(line);
	fclose(fp);
}

/* ---- the --known set ---- */

static uint64_t
known_key(const char *s, size_t n)
{
	uint64_t k = XXH3_64bits(s, n);

	return k ? k : 1;
}

/* Put a slot in a table with room; a key already there is replaced. */
static void
known_put(struct known *kn, const struct kslot *e)
{
	size_t i;

	for (i = e->key % kn->cap; kn->slot[i].key && kn->slot[i].key != e->key;
	    i = i + 1 == kn->cap ? 0 : i + 1)
		;
	if (!kn->slot[i].key)
		kn->n++;
	kn->slot[i] = *e;
}

static void
known_size(struct known *kn, size_t cap)
{
	struct known nw = { ecalloc(cap, sizeof(struct kslot)), cap, 0 };
	size_t i;

	for (i = 0; i < kn->cap; i++)
		if (kn->slot[i].key)
			known_put(&nw, &kn->slot[i]);
	free(kn->slot);
	*kn = nw;
}

static const struct kslot *
known_get(const struct known *kn, const char *s, size_t n)
{
	uint64_t k;
	size_t i;

	if (!kn->n)
		return NULL;
	k = known_key(s, n);
	for (i = k % kn->cap; kn->slot[i].key;
	    i = i + 1 == kn->cap ? 0 : i + 1)
		if (kn->slot[i].key == k)
			return &kn->slot[i];
	return NULL;
}

/*
 * known_same: whether a page (rev_id -1 if absent, its src_hash) is the
 * revision the line holds.  Revision ids decide when both sides have one,
 * else the source hashes; a line with neither never matches.
 */
static int
known_same(const struct kslot *e, int64_t rev, uint64_t hash)
{
	if ((e->meta & KN_REV) && rev >= 0)
		return (e->meta & KN_REVMAX) == (uint64_t)rev;
	return (e->meta & KN_HASH) && e->hash == hash;
}

/* Lines in fp, to size the table once; rewinds fp.  0 if unknown. */
static size_t
count_lines(FILE *fp)
{
	struct stat sb;
	char b[65536], *p;
	size_t n = 0, k;

	if (fstat(fileno(fp), &sb) < 0 || !S_ISREG(sb.st_mode))
		return 0;
	while ((k = fread(b, 1, sizeof b, fp)) > 0)
		for (p = b; (p = memchr(p, '\n', b + k - p)); p++)
			n++;
	rewind(fp);
	return n + 1;
}

/* known_line: parse one line into e; NULL, or why it is malformed. */
static const char *
known_line(char *line, struct kslot *e)
{
	char *rev, *hash, *p;

	if (!(rev = strchr(line, '\t')) || !(hash = strchr(rev + 1, '\t')))
		return "not DOC_ID<TAB>REV_ID<TAB>SRC_HASH";
	if (strchr(hash + 1, '\t'))
		return "more than three fields";
	if (rev == line)
		return "empty doc id";
	*rev++ = *hash++ = '\0';
	e->key = known_key(line, rev - 1 - line);
	e->meta = 0;
	e->hash = 0;
	if (*rev) {
		uint64_t v = 0;

		for (p = rev; *p; p++) {
			if (*p < '0' || *p > '9' || v > (KN_REVMAX - 9) / 10)
				return "REV_ID is not a revision id";
			v = v * 10 + (*p - '0');
		}
		e->meta = KN_REV | v;
	}
	if (*hash) {
		if (hex64(hash, strlen(hash), &e->hash) < 0)
			return "SRC_HASH is not 16 hex digits";
		e->meta |= KN_HASH;
	}
	return NULL;
}

/* load_known: read --known FILE; dies on a malformed line (EXIT_DATA). */
static void
load_known(struct known *kn, const char *path)
{
	FILE *fp = fopen(path, "r");
	char *line = NULL;
	const char *why;
	size_t cap = 0, want;
	unsigned long long lineno = 0;
	struct kslot e;

	if (!fp)
		die(EXIT_IO, "%s:", path);
	want = count_lines(fp);
	known_size(kn, want > 12 ? want / 4 * 5 + 1 : 16);
	while (list_next(fp, &line, &cap, &lineno) >= 0) {
		if ((why = known_line(line, &e)))
			die(EXIT_DATA, "%s: line %llu: %s", path, lineno, why);
		if ((kn->n + 1) * 5 > kn->cap * 4)
			known_size(kn, kn->cap * 2);
		known_put(kn, &e);
	}
	if (ferror(fp))
		die(EXIT_IO, "%s: read error:", path);
	free(line);
	fclose(fp);
	info(3, "%s: %zu doc ids, %.1f MB", path, kn->n,
	    kn->cap * sizeof(struct kslot) / 1e6);
}

/* ---- the --seen list ---- */

/* seen_open: remove a stale FILE (it must mean this run) and open
 * FILE.tmp; dies with EXIT_IO. */
static void
seen_open(struct run *r, const char *path)
{
	size_t n = strlen(path);

	if (unlink(path) < 0 && errno != ENOENT)
		die(EXIT_IO, "%s: cannot remove the old list:", path);
	r->seen_tmp = emalloc(n + 5);
	memcpy(r->seen_tmp, path, n);
	memcpy(r->seen_tmp + n, ".tmp", 5);
	if (!(r->seen = fopen(r->seen_tmp, "w")))
		die(EXIT_IO, "%s:", r->seen_tmp);
}

static void
seen_add(struct run *r)
{
	if (!r->seen)
		return;
	if (fwrite(r->docid.p, 1, r->docid.len, r->seen) != r->docid.len ||
	    putc('\n', r->seen) == EOF) {
		fclose(r->seen);
		unlink(r->seen_tmp);
		die(EXIT_IO, "%s: write error:", r->seen_tmp);
	}
}

/*
 * seen_close: publish FILE.tmp as FILE if the list is the whole input
 * (no error, no --limit stop, no --skip); otherwise remove it and say
 * why.  Returns the new exit status.
 */
static int
seen_close(struct run *r, int status)
{
	char why[64] = "";
	int bad;

	if (!r->seen)
		return status;
	if (status != EXIT_OK)
		snprintf(why, sizeof why, "the run stopped on an error");
	else if (r->o.limit >= 0 && r->done)
		snprintf(why, sizeof why, "--limit stopped reading");
	else if (r->skipped[SK_SKIP])
		snprintf(why, sizeof why, "--skip passed %llu pages over",
		    (unsigned long long)r->skipped[SK_SKIP]);
	bad = ferror(r->seen);
	bad |= fclose(r->seen) != 0;
	r->seen = NULL;
	if (*why) {
		unlink(r->seen_tmp);
		warn("--seen: not written: %s", why);
	} else if (bad) {
		error("%s: write error:", r->seen_tmp);
		unlink(r->seen_tmp);
		status = EXIT_IO;
	} else if (rename(r->seen_tmp, r->o.seen) < 0) {
		error("%s: cannot rename to %s:", r->seen_tmp, r->o.seen);
		unlink(r->seen_tmp);
		status = EXIT_IO;
	}
	free(r->seen_tmp);
	r->seen_tmp = NULL;
	return status;
}

/* ---- names ---- */

/*
 * derive_source: "<dbname>-<date>" from the siteinfo dbname (or the
 * file name's first word) and an 8-digit date or "latest" in the file
 * name.
 */
static void
derive_source(struct run *r, const char *path, const char *dbname)
{
	const char *base = path ? strrchr(path, '/') : NULL, *p;
	char db[64] = "";
	size_t n;

	base = base ? base + 1 : (path ? path : "");
	if (strcmp(base, "-") == 0)
		base = "";
	if (dbname && *dbname) {
		snprintf(db, sizeof db, "%s", dbname);
	} else {
		for (n = 0; base[n] && base[n] != '-' && base[n] != '.' &&
		    n < sizeof db - 1; n++)
			db[n] = base[n];
		db[n] = '\0';
		if (!*db)
			snprintf(db, sizeof db, "wiki");
	}
	for (p = base; (p = strchr(p, '-')); p++) {
		size_t k;

		for (k = 1; p[k] >= '0' && p[k] <= '9'; k++)
			;
		if (k == 9) {
			snprintf(r->source, sizeof r->source, "%s-%.8s", db,
			    p + 1);
			return;
		}
		if (strncmp(p + 1, "latest", 6) == 0) {
			snprintf(r->source, sizeof r->source, "%s-latest", db);
			return;
		}
	}
	snprintf(r->source, sizeof r->source, "%s", db);
}

/* url_base: "https://xx.wikipedia.org/wiki/" from <base> or dbname. */
static void
url_base(struct run *r, const struct siteinfo *si)
{
	const char *slash;
	size_t n;

	r->urlbase[0] = '\0';
	if (si && si->base[0] && (slash = strrchr(si->base, '/'))) {
		n = slash - si->base + 1;
		if (n < sizeof r->urlbase) {
			memcpy(r->urlbase, si->base, n);
			r->urlbase[n] = '\0';
		}
		return;
	}
	if (si && (n = strlen(si->dbname)) > 4 &&
	    strcmp(si->dbname + n - 4, "wiki") == 0 && n < 40) {
		char lang[40];
		size_t i;

		for (i = 0; i < n - 4; i++)
			lang[i] = si->dbname[i] == '_' ? '-' : si->dbname[i];
		lang[i] = '\0';
		snprintf(r->urlbase, sizeof r->urlbase,
		    "https://%s.wikipedia.org/wiki/", lang);
	}
}

static void
make_url(struct run *r, const char *title)
{
	static const char keep[] = "-_.~;:@$!*(),/'";
	const unsigned char *p;

	r->url.len = 0;
	buf_adds(&r->url, r->urlbase);
	for (p = (const unsigned char *)title; *p; p++) {
		if (*p == ' ')
			buf_addc(&r->url, '_');
		else if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr(keep, *p))
			buf_addc(&r->url, *p);
		else
			buf_printf(&r->url, "%%%02X", *p);
	}
}

/* ---- records ---- */

static void
put_common(struct run *r, const struct page *pg, const char *url)
{
	struct rb *b = &r->rb;
	char hex[17];

	rb_reset(b);
	rb_cstr(b, "source", r->source);
	rb_str(b, "doc_id", (char *)r->docid.p, r->docid.len);
	rb_int(b, "page_id", pg->page_id);
	if (pg->rev_id >= 0)
		rb_int(b, "rev_id", pg->rev_id);
	snprintf(hex, sizeof hex, "%016llx", (unsigned long long)r->src_hash);
	rb_str(b, "src_hash", hex, 16);
	rb_int(b, "ns", pg->ns == INT64_MIN ? 0 : pg->ns);
	rb_str(b, "title", (char *)pg->title.p, pg->title.len);
	if (url && *url)
		rb_cstr(b, "url", url);
	if (pg->timestamp[0])
		rb_cstr(b, "timestamp", pg->timestamp);
	if (!r->no_ordinal)
		rb_int(b, "article_index", (int64_t)r->ordinal - 1);
}

static void
put_article(struct run *r, const struct page *pg, const char *url)
{
	const struct wt_result *res = &r->res;
	struct rb *b = &r->rb;
	const char *strs = (const char *)res->strs.p;
	size_t i;

	put_common(r, pg, url);
	rb_str(b, "text", (char *)res->text.p, res->text.len);
	rb_key(b, "sections");
	mp_put_array(&b->body, (uint32_t)res->nsec);
	for (i = 0; i < res->nsec; i++) {
		const struct wt_section *s = &res->sec[i];

		mp_put_map(&b->body, 5);
		mp_put_cstr(&b->body, "level");
		mp_put_int(&b->body, s->level);
		mp_put_cstr(&b->body, "title");
		mp_put_str(&b->body, strs + s->title_off, s->title_len);
		mp_put_cstr(&b->body, "path");
		mp_put_str(&b->body, strs + s->path_off, s->path_len);
		mp_put_cstr(&b->body, "para");
		mp_put_uint(&b->body, s->para);
		mp_put_cstr(&b->body, "offset");
		mp_put_uint(&b->body, s->offset);
	}
	if (!(r->o.omit & OMIT_CATEGORIES)) {
		rb_key(b, "categories");
		mp_put_array(&b->body, (uint32_t)res->ncat);
		for (i = 0; i < res->ncat; i++)
			mp_put_str(&b->body, strs + res->cat_off[i],
			    res->cat_len[i]);
	}
	if (res->has_box && !(r->o.omit & OMIT_INFOBOX)) {
		rb_str(b, "infobox_name", strs + res->box_name_off,
		    res->box_name_len);
		rb_key(b, "infobox");
		mp_put_map(&b->body, (uint32_t)res->nbox);
		for (i = 0; i < res->nbox; i++) {
			mp_put_str(&b->body, strs + res->box[i].k_off,
			    res->box[i].k_len);
			mp_put_str(&b->body, strs + res->box[i].v_off,
			    res->box[i].v_len);
		}
	}
	ewput_rb(r->out, b);
}

static void
emitted(struct run *r)
{
	r->emitted++;
	if (r->o.limit >= 0 && (long long)r->emitted >= r->o.limit)
		r->done = 1;
}

static void
skip(struct run *r, enum reason why)
{
	r->skipped[why]++;
}

static int
ns_wanted(const struct opts *o, int64_t ns)
{
	size_t i;

	if (!o->ns)
		return 1;
	for (i = 0; i < o->nns; i++)
		if (o->ns[i] == ns)
			return 1;
	return 0;
}

/*
 * hash_mine: whether the page is this shard's when pages are split by
 * hash: XXH3-64 of the page_id as 8 little-endian bytes (of the doc id
 * when the page has none), modulo N, plus 1.
 */
static int
hash_mine(const struct run *r, const struct page *pg)
{
	unsigned char le[8];
	uint64_t h, v = (uint64_t)pg->page_id;
	int i;

	if (pg->page_id < 0) {
		h = XXH3_64bits(r->docid.p, r->docid.len);
	} else {
		for (i = 0; i < 8; i++)
			le[i] = (unsigned char)(v >> (8 * i));
		h = XXH3_64bits(le, sizeof le);
	}
	return h % (uint64_t)r->o.shard_n + 1 == (uint64_t)r->o.shard_i;
}

/*
 * page: filter, clean and emit one page (from XML or JSONL).  clean says
 * whether the text is wikitext to be cleaned or plain text.
 */
static void
page(struct run *r, struct page *pg, const char *url, int clean)
{
	size_t bad;
	int redirect, state = SYNC_NEW;

	r->ordinal++;
	r->docid.len = 0;
	buf_printf(&r->docid, "%s:%lld", r->source, (long long)pg->page_id);
	buf_cstr(&r->docid);
	if (r->sh.by == SHARD_HASH && !hash_mine(r, pg)) {
		r->other++;
		return;
	}
	r->nread++;
	if ((long long)r->nread <= r->o.skip) {
		skip(r, SK_SKIP);
		return;
	}
	if (!ns_wanted(&r->o, pg->ns == INT64_MIN ? 0 : pg->ns)) {
		skip(r, SK_NAMESPACE);
		return;
	}
	if (pg->too_large) {
		warn("%s: page %lld \"%s\": text larger than --max-page, "
		    "skipped", r->source, (long long)pg->page_id,
		    (char *)pg->title.p);
		skip(r, SK_TOO_LARGE);
		return;
	}
	bad = pg->bad_utf8 + wt_fix_utf8(&pg->title) +
	    wt_fix_utf8(&pg->text) + wt_fix_utf8(&pg->redirect);
	if (bad) {
		r->bad_utf8 += bad;
		r->bad_utf8_pages++;
	}
	r->src_hash = XXH3_64bits(pg->text.p, pg->text.len);
	if (r->excl.n) {
		char id[24];

		snprintf(id, sizeof id, "%lld", (long long)pg->page_id);
		if (set_has(&r->excl, (char *)r->docid.p) ||
		    set_has(&r->excl, id)) {
			seen_add(r);
			skip(r, SK_EXCLUDED);
			return;
		}
	}
	if (r->o.known) {
		const struct kslot *e = known_get(&r->known,
		    (char *)r->docid.p, r->docid.len);

		if (e && known_same(e, pg->rev_id, r->src_hash)) {
			seen_add(r);
			skip(r, SK_UNCHANGED);
			return;
		}
		state = e ? SYNC_CHANGED : SYNC_NEW;
	}
	if (!url && r->urlbase[0]) {
		make_url(r, (char *)pg->title.p);
		url = (char *)buf_cstr(&r->url);
	}
	redirect = pg->has_redirect;
	if (clean && wt_redirect((char *)pg->text.p, pg->text.len, &r->redir)) {
		redirect = 1;
		if (!pg->redirect.len)
			buf_add(&pg->redirect, r->redir.p, r->redir.len);
	}
	if (redirect) {
		if (!r->o.emit_redirects) {
			skip(r, SK_REDIRECT);
			return;
		}
		put_common(r, pg, url);
		rb_str(&r->rb, "redirect", (char *)pg->redirect.p,
		    pg->redirect.len);
		rb_str(&r->rb, "text", "", 0);
		ewput_rb(r->out, &r->rb);
		seen_add(r);
		r->redirects_emitted++;
		emitted(r);
		return;
	}
	if (clean) {
		wt_clean(r->wt, (char *)pg->title.p, (char *)pg->text.p,
		    pg->text.len, &r->res);
	} else {
		struct wt_result *res = &r->res;

		res->text.len = res->strs.len = 0;
		res->nsec = res->ncat = res->nbox = 0;
		res->has_box = res->disambig = 0;
		buf_add(&res->text, pg->text.p, pg->text.len);
	}
	if (r->o.skip_disambig && (r->res.disambig ||
	    wt_disambig_title((char *)pg->title.p))) {
		skip(r, SK_DISAMBIG);
		return;
	}
	/* Counting code points is needed only above one character. */
	if (r->o.min_chars > 1 ? (long long)wt_chars((char *)r->res.text.p,
	    r->res.text.len) < r->o.min_chars :
	    (long long)r->res.text.len < r->o.min_chars) {
		skip(r, SK_SHORT);
		return;
	}
	r->chars_out += r->res.text.len;
	put_article(r, pg, url);
	seen_add(r);
	r->sync[state]++;
	emitted(r);
}

/* ---- inputs ---- */

/*
 * index_first, index_count: a shard read with an index checks that the
 * index is this dump's (else its article indexes would be wrong): the
 * first page of the range is the index's, and the range holds as many
 * pages as it lists.  An exit status.
 */
static int
index_first(const struct run *r, const struct src *s)
{
	if (!r->sh.indexed || r->pg.page_id == r->sh.first_id)
		return EXIT_OK;
	error("%s: the first page of shard %d/%d has id %lld, the index "
	    "says %lld: not the index of this dump", src_name(s),
	    r->o.shard_i, r->o.shard_n, (long long)r->pg.page_id,
	    (long long)r->sh.first_id);
	return EXIT_DATA;
}

static int
index_count(const struct run *r, const struct src *s)
{
	if (!r->sh.indexed || r->nread - r->in_read == r->sh.npages)
		return EXIT_OK;
	error("%s: shard %d/%d has %llu pages, the index lists %llu: not the "
	    "index of this dump", src_name(s), r->o.shard_i, r->o.shard_n,
	    (unsigned long long)(r->nread - r->in_read),
	    (unsigned long long)r->sh.npages);
	return EXIT_DATA;
}

static int
run_xml(struct run *r, struct src *s, const char *path,
    const unsigned char *pre, size_t npre)
{
	struct xmlr *x = xmlr_new(s, pre, npre, r->o.max_page);
	int got = 0, first = 1, status = EXIT_OK;
	int prog = progress_enabled();

	while (!r->done && (got = xmlr_next(x, &r->pg)) > 0) {
		if (first) {
			const struct siteinfo *si = xmlr_site(x);

			if (!r->o.source)
				derive_source(r, path, si->dbname);
			url_base(r, si);
			wt_set_site(r->wt, si);
			first = 0;
			if ((status = index_first(r, s)) != EXIT_OK)
				break;
		}
		page(r, &r->pg, NULL, 1);
		if (prog)
			progress(0, "%s: %llu pages, %llu records, %.1f MB",
			    src_name(s), (unsigned long long)r->nread,
			    (unsigned long long)r->emitted,
			    src_raw_bytes(s) / 1e6);
	}
	if (!r->done && got < 0)
		status = xmlr_status(x);
	if (!r->done && status == EXIT_OK)
		status = index_count(r, s);
	xmlr_free(x);
	return status;
}

static int
run_jsonl(struct run *r, struct src *s, const char *path,
    const unsigned char *pre, size_t npre)
{
	struct jsonr *j = jsonr_new(s, pre, npre, r->o.max_page);
	int got = 0, status = EXIT_OK;

	if (!r->o.source)
		derive_source(r, path, NULL);
	url_base(r, NULL);
	while (!r->done && (got = jsonr_next(j, &r->pg)) > 0)
		page(r, &r->pg, r->pg.url.len ? (char *)r->pg.url.p : NULL,
		    r->o.wikitext);
	if (!r->done && got < 0)
		status = jsonr_status(j);
	jsonr_free(j);
	return status;
}

/* decompress: --decompress, the decoded bytes of s to the output. */
static int
decompress(struct run *r, struct src *s)
{
	unsigned char *b = emalloc((size_t)1 << 20);
	ssize_t k;

	while ((k = src_read(s, b, (size_t)1 << 20)) > 0)
		if (rw_write(r->out, b, (size_t)k) < 0) {
			free(b);
			return EXIT_IO;
		}
	free(b);
	return k < 0 ? src_status(s) : EXIT_OK;
}

/* no_ordinal: from here on the dump's ordinal is unknown; say so once. */
static void
no_ordinal(struct run *r, const char *name, int after)
{
	if (r->no_ordinal)
		return;
	r->no_ordinal = 1;
	if (after)
		warn("%s: shard %d/%d: without the index not all its pages are "
		    "counted, so the records of the inputs after it carry no "
		    "article_index (its index beside it makes it exact)", name,
		    r->o.shard_i, r->o.shard_n);
	else
		warn("%s: shard %d/%d: without the index the pages before the "
		    "shard are not counted, so its records carry no "
		    "article_index (--index FILE makes it exact)", name,
		    r->o.shard_i, r->o.shard_n);
}

/*
 * open_input: open path, for this shard with --shard, and place the
 * ordinal where the shard's first page is (*base is the ordinal before
 * the input).  NULL after printing why.
 */
static struct src *
open_input(struct run *r, const char *path, uint64_t *base)
{
	struct src *s;

	*base = r->ordinal;
	r->in_read = r->nread;
	if (!r->o.shard_n)
		return src_open(path, r->o.threads);
	if (!(s = src_open_shard(path, r->o.threads, &r->sh)))
		return NULL;
	r->by_seen |= 1 << r->sh.by;
	if (r->sh.by == SHARD_HASH) {
		if (r->o.index)
			warn("%s: not a multistream bzip2 dump file: --index "
			    "not used", src_name(s));
		info(3, "%s: shard %d/%d by page_id: the whole input is read",
		    src_name(s), r->o.shard_i, r->o.shard_n);
		return s;
	}
	r->nranges++;
	r->range[0] = r->sh.start;
	r->range[1] = r->sh.end;
	if (r->sh.indexed)
		r->ordinal += r->sh.base;
	else if (r->sh.start > 0)
		no_ordinal(r, src_name(s), 0);
	return s;
}

/* close_input: after a shard's range, the ordinal of the next input. */
static void
close_input(struct run *r, const struct src *s, uint64_t base)
{
	if (r->sh.by != SHARD_STREAMS || !r->sh.more ||
	    (r->sh.start == 0 && r->sh.end >= r->sh.size))
		return;
	if (r->sh.indexed)
		r->ordinal = base + r->sh.total;
	else
		no_ordinal(r, src_name(s), 1);
}

/* input: read one file or URL; returns an exit status. */
static int
input(struct run *r, const char *path)
{
	uint64_t base;
	struct src *s = open_input(r, path, &base);
	unsigned char pre[SNIFF];
	size_t npre = 0, skipbom = 0;
	const char *why;
	int status = EXIT_OK;
	enum src_fmt fmt;

	if (!s)
		return src_open_status();
	if (r->o.decompress) {
		status = decompress(r, s);
		goto out;
	}
	while (npre < sizeof pre) {
		ssize_t k = src_read(s, pre + npre, sizeof pre - npre);

		if (k < 0) {
			status = src_status(s);
			goto out;
		}
		if (k == 0)
			break;
		npre += k;
	}
	fmt = sniff_format(pre, npre, &why);
	if (npre >= 3 && memcmp(pre, "\xef\xbb\xbf", 3) == 0)
		skipbom = 3;
	switch (fmt) {
	case FMT_XML:
		status = run_xml(r, s, path, pre + skipbom, npre - skipbom);
		break;
	case FMT_JSONL:
		status = run_jsonl(r, s, path, pre + skipbom, npre - skipbom);
		break;
	default:
		if (why) {
			error("%s: %s", src_name(s), why);
			status = EXIT_DATA;
		}
		break;
	}
	info(3, "%s: %s, %llu bytes read", src_name(s), src_kind(s),
	    (unsigned long long)src_raw_bytes(s));
	r->raw_in += src_raw_bytes(s);
	close_input(r, s, base);
out:
	if (progress_enabled())
		progress_end();
	src_close(s);
	return status;
}

/* ---- options and the end ---- */

static void
parse_ns(struct opts *o, const char *arg)
{
	char *copy = estrdup(arg), *tok, *save = NULL;

	free(o->ns);
	o->ns = NULL;
	o->nns = 0;
	if (strcmp(arg, "all") == 0 || strcmp(arg, "*") == 0) {
		free(copy);
		return;
	}
	for (tok = strtok_r(copy, ",", &save); tok;
	    tok = strtok_r(NULL, ",", &save)) {
		o->ns = erealloc(o->ns, (o->nns + 1) * sizeof *o->ns);
		o->ns[o->nns++] = estrtonum(tok, -1000000, 1000000000,
		    "--namespaces");
	}
	if (!o->nns) {
		error("--namespaces: empty list");
		usage(stderr, EXIT_USAGE);
	}
	free(copy);
}

/* parse_shard: --shard I/N, 1 <= I <= N <= SHARD_MAX. */
static void
parse_shard(struct opts *o, const char *arg)
{
	const char *p = arg;
	long long v[2] = { 0, 0 };
	int k;

	for (k = 0; k < 2; k++) {
		if (*p < '0' || *p > '9')
			break;
		while (*p >= '0' && *p <= '9' && v[k] <= SHARD_MAX)
			v[k] = v[k] * 10 + (*p++ - '0');
		if (k == 0) {
			if (*p != '/')
				break;
			p++;
		}
	}
	if (k < 2 || *p || v[0] < 1 || v[0] > v[1] || v[1] > SHARD_MAX) {
		error("--shard: want I/N with 1 <= I <= N <= %d, not \"%s\"",
		    SHARD_MAX, arg);
		usage(stderr, EXIT_USAGE);
	}
	o->shard_i = (int)v[0];
	o->shard_n = (int)v[1];
}

static void
parse_opts(struct run *r, int argc, char *argv[])
{
	static const struct option longopts[] = {
		COMMON_LONGOPTS,
		{"decompress", no_argument, NULL, OPT_DECOMPRESS},
		{"drop-sections", required_argument, NULL, OPT_DROP_SECTIONS},
		{"exclude", required_argument, NULL, OPT_EXCLUDE},
		{"headings", required_argument, NULL, OPT_HEADINGS},
		{"index", required_argument, NULL, OPT_INDEX},
		{"keep-sections", no_argument, NULL, OPT_KEEP_SECTIONS},
		{"omit", required_argument, NULL, OPT_OMIT},
		{"known", required_argument, NULL, OPT_KNOWN},
		{"limit", required_argument, NULL, 'n'},
		{"math", required_argument, NULL, OPT_MATH},
		{"max-page", required_argument, NULL, OPT_MAX_PAGE},
		{"min-chars", required_argument, NULL, OPT_MIN_CHARS},
		{"namespaces", required_argument, NULL, 'N'},
		{"no-lists", no_argument, NULL, OPT_NO_LISTS},
		{"redirects", required_argument, NULL, OPT_REDIRECTS},
		{"seen", required_argument, NULL, OPT_SEEN},
		{"shard", required_argument, NULL, OPT_SHARD},
		{"skip", required_argument, NULL, OPT_SKIP},
		{"skip-disambig", no_argument, NULL, OPT_SKIP_DISAMBIG},
		{"source", required_argument, NULL, OPT_SOURCE},
		{"tables", no_argument, NULL, OPT_TABLES},
		{"threads", required_argument, NULL, 'j'},
		{"wikitext", no_argument, NULL, OPT_WIKITEXT},
		{0}
	};
	static const struct opt_word heads[] = {
		{"keep", HEAD_KEEP}, {"drop", HEAD_DROP}, {"mark", HEAD_MARK},
		{NULL, 0}
	};
	static const struct opt_word keepdrop[] = {
		{"drop", 0}, {"keep", 1}, {NULL, 0}
	};
	static const struct opt_word redirs[] = {
		{"skip", 0}, {"emit", 1}, {NULL, 0}
	};
	struct opts *o = &r->o;
	int c;

	opt_init(&r->co);
	o->limit = -1;
	o->min_chars = 1;
	o->max_page = (size_t)16 << 20;
	o->wt.headings = HEAD_KEEP;
	o->wt.math = 1;
	o->wt.lists = 1;
	parse_ns(o, "0");
	while ((c = getopt_long(argc, argv, COMMON_SHORTOPTS "N:j:n:",
	    longopts, NULL)) != -1) {
		switch (c) {
		case 'N':
			parse_ns(o, optarg);
			break;
		case 'j':
			o->threads = (int)estrtonum(optarg, 0, 64, "--threads");
			break;
		case 'n':
			o->limit = estrtonum(optarg, 0, LLONG_MAX, "--limit");
			break;
		case OPT_DECOMPRESS:
			o->decompress = 1;
			break;
		case OPT_DROP_SECTIONS:
			if (!*optarg || strspn(optarg, ", ") == strlen(optarg)) {
				error("--drop-sections: empty list");
				usage(stderr, EXIT_USAGE);
			}
			o->wt.drop_sections = optarg;
			break;
		case OPT_EXCLUDE:
			o->exclude = optarg;
			break;
		case OPT_KEEP_SECTIONS:
			o->wt.keep_sections = 1;
			break;
		case OPT_OMIT:
			o->omit |= parse_omit(optarg);
			break;
		case OPT_HEADINGS:
			o->wt.headings = opt_keyword(optarg, "--headings",
			    heads, usage);
			break;
		case OPT_INDEX:
			o->index = optarg;
			break;
		case OPT_KNOWN:
			o->known = optarg;
			break;
		case OPT_MATH:
			o->wt.math = opt_keyword(optarg, "--math", keepdrop,
			    usage);
			break;
		case OPT_MAX_PAGE:
			o->max_page = estrtosize(optarg, 1024, (size_t)1 << 34,
			    "--max-page");
			break;
		case OPT_MIN_CHARS:
			o->min_chars = estrtonum(optarg, 0, LLONG_MAX,
			    "--min-chars");
			break;
		case OPT_NO_LISTS:
			o->wt.lists = 0;
			break;
		case OPT_REDIRECTS:
			o->emit_redirects = opt_keyword(optarg, "--redirects",
			    redirs, usage);
			break;
		case OPT_SEEN:
			o->seen = optarg;
			break;
		case OPT_SHARD:
			parse_shard(o, optarg);
			break;
		case OPT_SKIP:
			o->skip = estrtonum(optarg, 0, LLONG_MAX, "--skip");
			break;
		case OPT_SKIP_DISAMBIG:
			o->skip_disambig = 1;
			break;
		case OPT_SOURCE:
			if (!*optarg || strlen(optarg) >= sizeof r->source) {
				error("--source: empty or too long");
				usage(stderr, EXIT_USAGE);
			}
			o->source = optarg;
			break;
		case OPT_TABLES:
			o->wt.tables = 1;
			break;
		case OPT_WIKITEXT:
			o->wikitext = 1;
			break;
		default:
			opt_common(c, optarg, &r->co, usage);
		}
	}
	if (o->decompress && (o->known || o->seen)) {
		error("--decompress reads no pages: no --known or --seen");
		usage(stderr, EXIT_USAGE);
	}
	if (o->decompress && o->shard_n) {
		error("--decompress copies whole inputs: no --shard");
		usage(stderr, EXIT_USAGE);
	}
	if (o->index && argc - optind > 1) {
		error("--index is the index of one dump: give one file");
		usage(stderr, EXIT_USAGE);
	}
}

/* shard_stats: --shard figures for --stats. */
static void
shard_stats(struct run *r)
{
	char b[32];

	snprintf(b, sizeof b, "%d/%d", r->o.shard_i, r->o.shard_n);
	stats_str(&r->st, "shard", b);
	stats_str(&r->st, "shard_by", r->by_seen == 1 << SHARD_STREAMS ?
	    "streams" : r->by_seen == 1 << SHARD_HASH ? "page_id" :
	    r->by_seen ? "mixed" : "none");
	if (r->nranges == 1) {
		stats_int(&r->st, "shard_start", (int64_t)r->range[0]);
		stats_int(&r->st, "shard_end", (int64_t)r->range[1]);
	}
	if (r->by_seen & 1 << SHARD_HASH)
		stats_int(&r->st, "pages_other_shards", (int64_t)r->other);
}

/*
 * drop_stats: the reference and link sections the cleaner dropped:
 * sections_dropped, section_bytes_dropped (their wikitext, pass 1) and
 * sections_dropped_by_heading {"References": n, ...}.
 */
static void
drop_stats(struct run *r, struct stats *st)
{
	const struct wt_drop *d = NULL;
	struct buf b = {0};
	uint64_t secs = 0, bytes = 0;
	size_t n = 0, i;

	if (r->wt)
		d = wt_dropped(r->wt, &n, &secs, &bytes);
	stats_int(st, "sections_dropped", (int64_t)secs);
	stats_int(st, "section_bytes_dropped", (int64_t)bytes);
	buf_addc(&b, '{');
	for (i = 0; i < n; i++) {
		if (i)
			buf_adds(&b, ", ");
		json_put_str(&b, d[i].heading, strlen(d[i].heading));
		buf_printf(&b, ": %llu", (unsigned long long)d[i].sections);
	}
	buf_addc(&b, '}');
	stats_raw(st, "sections_dropped_by_heading", buf_cstr(&b));
	buf_free(&b);
}

static int
report(struct run *r, int status)
{
	struct stats *st = &r->st;
	struct buf sk = {0}, human = {0};
	uint64_t total = 0;
	int i;

	for (i = 0; i < NREASON; i++)
		total += r->skipped[i];
	buf_adds(&sk, "{");
	for (i = 0; i < NREASON; i++)
		buf_printf(&sk, "%s\"%s\": %llu", i ? ", " : "", reason_name[i],
		    (unsigned long long)r->skipped[i]);
	buf_adds(&sk, "}");
	for (i = 0; i < NREASON; i++)
		if (r->skipped[i])
			buf_printf(&human, "%s%s %llu", human.len ? ", " : " (",
			    reason_name[i], (unsigned long long)r->skipped[i]);
	if (human.len)
		buf_addc(&human, ')');
	if (!r->o.decompress)
		info(2, "%llu pages read, %llu emitted (%llu redirects), %llu "
		    "skipped%s%s", (unsigned long long)r->nread,
		    (unsigned long long)r->emitted,
		    (unsigned long long)r->redirects_emitted,
		    (unsigned long long)total, human.len ?
		    (char *)buf_cstr(&human) : "",
		    status ? ", stopped by an error" : "");
	if (r->o.known)
		info(2, "sync: %llu unchanged, %llu changed, %llu new",
		    (unsigned long long)r->skipped[SK_UNCHANGED],
		    (unsigned long long)r->sync[SYNC_CHANGED],
		    (unsigned long long)r->sync[SYNC_NEW]);
	if (r->bad_utf8)
		warn("%llu invalid UTF-8 sequences in %llu pages replaced by "
		    "U+FFFD", (unsigned long long)r->bad_utf8,
		    (unsigned long long)r->bad_utf8_pages);
	if (r->co.stats) {
		stats_int(st, "pages_read", (int64_t)r->nread);
		stats_int(st, "emitted", (int64_t)r->emitted);
		stats_int(st, "redirects_emitted",
		    (int64_t)r->redirects_emitted);
		stats_int(st, "skipped", (int64_t)total);
		stats_raw(st, "skipped_by_reason", buf_cstr(&sk));
		stats_int(st, "invalid_utf8", (int64_t)r->bad_utf8);
		stats_int(st, "invalid_utf8_pages", (int64_t)r->bad_utf8_pages);
		stats_int(st, "input_bytes", (int64_t)r->raw_in);
		stats_int(st, "text_bytes", (int64_t)r->chars_out);
		drop_stats(r, st);
		if (r->o.known) {
			stats_int(st, "sync_unchanged",
			    (int64_t)r->skipped[SK_UNCHANGED]);
			stats_int(st, "sync_changed",
			    (int64_t)r->sync[SYNC_CHANGED]);
			stats_int(st, "sync_new", (int64_t)r->sync[SYNC_NEW]);
		}
		if (r->o.shard_n)
			shard_stats(r);
		stats_int(st, "complete", status == EXIT_OK);
		if (stats_write(st, r->co.stats) < 0 && !status)
			status = EXIT_IO;
	}
	buf_free(&sk);
	buf_free(&human);
	return status;
}

int
main(int argc, char *argv[])
{
	static struct run r;
	int i, status = EXIT_OK, st;

	log_init(argv[0]);
	stats_begin(&r.st);
	parse_opts(&r, argc, argv);
	if (r.o.source)
		snprintf(r.source, sizeof r.source, "%s", r.o.source);
	if (r.o.exclude)
		load_exclude(&r.excl, r.o.exclude);
	if (r.o.known)
		load_known(&r.known, r.o.known);
	opt_refuse_tty_stdin(argc - optind, usage);
	r.out = rw_open(r.co.output, ((r.co.nul & NUL_OUT) ? RW_NUL : 0) |
	    (r.co.force ? RW_FORCE : 0) | (r.co.unbuffered ? RW_UNBUFFERED : 0) |
	    (r.o.decompress ? RW_TEXT : 0));
	r.wt = wt_new(&r.o.wt);
	if (r.o.seen)
		seen_open(&r, r.o.seen);
	r.done = r.o.limit == 0;
	r.sh.i = r.o.shard_i;
	r.sh.n = r.o.shard_n;
	r.sh.index = r.o.index;
	if (optind == argc)
		status = input(&r, "-");
	for (i = optind; i < argc && status == EXIT_OK && !r.done; i++) {
		r.sh.more = i + 1 < argc;
		status = input(&r, argv[i]);
	}
	st = rw_close(r.out);
	if (st < 0 && status == EXIT_OK)
		status = EXIT_IO;
	status = seen_close(&r, status);
	status = report(&r, status);
	wt_free(r.wt);
	wt_result_free(&r.res);
	page_free(&r.pg);
	buf_free(&r.redir);
	buf_free(&r.docid);
	buf_free(&r.url);
	free(r.known.slot);
	return status;
}
