/* SPDX-License-Identifier: ISC */
/*
 * wiki-fetch.h: the private interfaces between the parts of wiki-fetch.
 *
 *   wiki-fetch-input.c     byte sources: file, stdin, http(s) URLs;
 *                          bzip2 (sequential); format sniffing
 *   wiki-fetch-bz2.c       bzip2 files decoded on threads, in order
 *   wiki-fetch-shard.c     --shard: a range of a multistream file's
 *                          streams, planned with or without the index
 *   wiki-fetch-xml.c       streaming MediaWiki XML export reader
 *   wiki-fetch-jsonl.c     JSON lines of articles
 *   wiki-fetch-wikitext.c  wikitext to clean text, with
 *     wiki-fetch-wikitext-template.c, -markup.c, -scan.c and the
 *     private wiki-fetch-wikitext.h
 *   wiki-fetch.c           options, filters, records, counts
 *
 *   src --> xmlr or jsonr --> struct page --> filters --> wt_clean
 *       --> article record (struct rb) --> rw_put_rb
 *
 * Nothing here is part of common/: these functions are linked into
 * wiki-fetch alone.  Functions that can exit say so.
 */
#ifndef WIKI_FETCH_H
#define WIKI_FETCH_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "common/util.h"

/* ---- byte sources (wiki-fetch-input.c) ---- */

/* What the decoded bytes of a source look like. */
enum src_fmt { FMT_UNKNOWN, FMT_XML, FMT_JSONL };

struct src;

/*
 * src_open: open path ("-" = stdin, http:// or https:// = a URL) and
 * decode it as its content says (bzip2 magic, otherwise plain).  threads
 * is the number of bz2 decoding threads for regular files (0 = one per
 * CPU).  Returns NULL after printing why it cannot be opened (the caller
 * exits EXIT_IO, or EXIT_REMOTE when src_open_status says so).
 */
struct src *src_open(const char *path, int threads);
int src_open_status(void);

struct shard;

/*
 * src_open_shard: src_open for one shard.  A regular bzip2 file of more
 * than one stream is opened as the shard's range of streams (sh->by =
 * SHARD_STREAMS, the range and index fields set); anything else is
 * opened whole (SHARD_HASH: the caller keeps the shard's pages).
 */
struct src *src_open_shard(const char *path, int threads, struct shard *sh);

/*
 * src_read: up to n decoded bytes into buf.  Returns the count, 0 at the
 * end, or -1 after printing an error (src_status() gives the exit status:
 * EXIT_DATA for a corrupt bz2 stream, EXIT_IO, EXIT_REMOTE).
 */
ssize_t src_read(struct src *s, void *buf, size_t n);
int src_status(const struct src *s);

/* src_name: the name for messages ("<stdin>" for standard input). */
const char *src_name(const struct src *s);

/* src_kind: "plain", "bz2" or "bz2 multistream", for verbose output. */
const char *src_kind(const struct src *s);

/* src_raw_bytes: bytes read from the underlying file or URL so far. */
uint64_t src_raw_bytes(const struct src *s);

/*
 * src_cut: 1 once a shard's source has ended the document on purpose
 * before the dump's end (after its last page); the XML reader then takes
 * the end of input between pages as the end of the document.
 */
int src_cut(const struct src *s);

void src_close(struct src *s);

/*
 * Lines of a source, for the readers of JSON lines and of a multistream
 * index.  A zeroed struct lines is empty; bytes already read may be
 * added to b first.  line counts the lines returned.
 */
struct lines {
	struct buf b;		/* unconsumed input */
	size_t start, scan;	/* line start; where to look for '\n' */
	unsigned long long line;
	int eof;
};

/*
 * src_line: the next line of s, without its '\n' (the last one may lack
 * it), at *p for *n bytes, valid until the next call.  Returns 1, 0 at
 * the end, -1 on a read error (src_status), or -2 when a line passes max
 * bytes before its end (l->line + 1 is its number).
 */
int src_line(struct src *s, struct lines *l, size_t max,
    const unsigned char **p, size_t *n);

/*
 * sniff_format: the format of decoded bytes p[0..n) (the first bytes of
 * the input): XML, JSONL, or FMT_UNKNOWN.  *why is set to a refusal
 * message for UTF-16/32 input and other encodings we do not read.
 */
enum src_fmt sniff_format(const unsigned char *p, size_t n, const char **why);

/* ---- threaded bzip2 decoding (wiki-fetch-bz2.c) ---- */

struct bz2mt;

/* bz2mt_want: 1 if fd is a regular file worth decoding on threads. */
int bz2mt_want(int fd, int threads);

/*
 * bz2mt_open: decode the bzip2 file fd (positioned at 0) on threads
 * workers (0 = one per CPU), keeping the output in order.  Returns NULL
 * if that is not possible (the caller decodes sequentially).
 */
struct bz2mt *bz2mt_open(int fd, const char *name, int threads);

/*
 * bz2mt_open_range: the same for the streams in compressed bytes
 * [from, to) of the file (from and to are stream starts, or to is the
 * file's size).
 */
struct bz2mt *bz2mt_open_range(int fd, const char *name, int threads,
    size_t from, size_t to);

/* bz2mt_read: as src_read; -1 after printing an error. */
ssize_t bz2mt_read(struct bz2mt *m, void *buf, size_t n);
int bz2mt_status(const struct bz2mt *m);
uint64_t bz2mt_raw_bytes(const struct bz2mt *m);
void bz2mt_close(struct bz2mt *m);

/* bz2_is_header: 1 if p[0..n) starts with a bzip2 stream header and the
 * magic of its first block ("BZh" [1-9] 0x314159265359). */
int bz2_is_header(const unsigned char *p, size_t n);

/* bz2_find_header: the first stream header of map[0..size) that starts
 * in [from, to), or to. */
size_t bz2_find_header(const unsigned char *map, size_t size, size_t from,
    size_t to);

/* ---- shards (wiki-fetch-shard.c) ---- */

/* How one input is split among the shards. */
enum shard_by { SHARD_NONE, SHARD_STREAMS, SHARD_HASH };

/*
 * What --shard asks (i, n, index, more) and, filled by src_open_shard,
 * what was made of one input.  With SHARD_STREAMS the shard owns the
 * pages whose <page> tag lies in a stream starting in compressed bytes
 * [start, end); with an index the counts below are known too.
 */
struct shard {
	int i, n;		/* --shard I/N, 1 <= i <= n */
	const char *index;	/* --index FILE, NULL to look beside it */
	int more;		/* more inputs follow: count the whole index */
	enum shard_by by;
	uint64_t size;		/* the file's size */
	uint64_t start, end;	/* the streams owned */
	int indexed;		/* an index gave the fields below */
	uint64_t base;		/* index lines (pages) before start */
	uint64_t npages;	/* index lines in [start, end) */
	int64_t first_id;	/* page_id of the first of them */
	uint64_t total;		/* all index lines, if more; else 0 */
};

struct srange;

/*
 * Opening a shard of a multistream file takes three steps, so that the
 * index (a file of its own, maybe compressed) is read by the caller with
 * the readers of wiki-fetch-input.c, and calls go one way (input ->
 * shard):
 *
 * srange_plan: if fd (a regular file) is a multistream bzip2 file of
 * XML, the plan of shard sh->i of sh->n of it, and in *index the index
 * to read (sh->index, or one found beside it; NULL if none; the caller
 * frees it).  Returns NULL if the file is not one (the caller shards by
 * hash).
 *
 * srange_index_begin, srange_index_line, srange_index_end: read the
 * index (when there is one): each line (number line, 1-based, of the
 * file path) in turn to srange_index_line, which returns 0 to go on, -1
 * when the rest is not needed, or EXIT_DATA after printing why (a
 * malformed line, an offset that goes back or past the dump).
 * srange_index_end returns 0, or EXIT_DATA after printing why (the index
 * is not this dump's).
 *
 * srange_start: the range from the index, or found by scanning for
 * stream headers; start decoding it.
 */
struct srange *srange_plan(int fd, const char *name, int threads,
    struct shard *sh, char **index);
void srange_index_begin(struct srange *r, struct shard *sh);
int srange_index_line(struct srange *r, struct shard *sh, const char *path,
    const char *p, size_t n, unsigned long long line);
int srange_index_end(struct srange *r, struct shard *sh, const char *path);
void srange_start(struct srange *r, struct shard *sh, const char *index);

/*
 * srange_read: the shard's document: the dump's bytes before its first
 * <page>, then from the first <page> tag of the range to the end of the
 * page in progress at the range's end.  As src_read.
 */
ssize_t srange_read(struct srange *r, void *buf, size_t n);
int srange_status(const struct srange *r);
uint64_t srange_raw_bytes(const struct srange *r);
int srange_cut(const struct srange *r);
void srange_close(struct srange *r);

/* ---- MediaWiki XML reader (wiki-fetch-xml.c) ---- */

/* What <siteinfo> said; fields are empty strings when absent. */
struct siteinfo {
	char dbname[64];
	char base[512];		/* the Main Page URL */
	char sitename[128];
	char lang[24];		/* xml:lang of <mediawiki> */
	int present;		/* a <siteinfo> element was read */
	/* Localised names of the namespaces the cleaner must know. */
	char ns_file[64], ns_category[64], ns_media[64], ns_template[64];
};

/* One page of the dump, as read; strings are NUL-terminated. */
struct page {
	struct buf title;
	struct buf text;	/* raw wikitext, XML entities decoded */
	struct buf redirect;	/* <redirect title=...>, empty if none */
	char timestamp[40];
	int64_t page_id, rev_id;	/* -1 if absent */
	int64_t ns;		/* INT64_MIN if absent */
	int has_redirect;	/* a <redirect> element was present */
	int too_large;		/* text exceeded the cap and was cut */
	struct buf url;		/* JSON lines: the url given, else empty */
	size_t bad_utf8;	/* invalid UTF-8 replaced by the reader */
	uint64_t line;		/* line of the <page> tag */
};

struct xmlr;

/*
 * xmlr_open: a reader of MediaWiki XML from src, with the bytes already
 * read by the sniffer (pre, npre) served first.  max_page caps the text
 * of one page (bytes beyond it are discarded and page.too_large set).
 */
struct xmlr *xmlr_new(struct src *s, const unsigned char *pre, size_t npre,
    size_t max_page);

/*
 * xmlr_next: read the next <page>.  Returns 1 with *pg filled, 0 at the
 * end of the document, -1 after printing an error naming the line and
 * column (xmlr_status: EXIT_DATA for malformed or truncated XML, or the
 * source's status).  site is valid once the first page was returned.
 */
int xmlr_next(struct xmlr *x, struct page *pg);
int xmlr_status(const struct xmlr *x);
const struct siteinfo *xmlr_site(const struct xmlr *x);
void xmlr_free(struct xmlr *x);

void page_free(struct page *pg);

/* ---- JSON lines of articles (wiki-fetch-jsonl.c) ---- */

struct jsonr;

/* jsonr_new: a reader of JSON lines from s, pre[0..npre) served first. */
struct jsonr *jsonr_new(struct src *s, const unsigned char *pre,
    size_t npre, size_t max_page);

/*
 * jsonr_next: the next article into *pg (title, text, ids, redirect,
 * url).  Returns 1, 0 at the end, -1 after printing an error naming the
 * line (jsonr_status: EXIT_DATA, or the source's status).
 */
int jsonr_next(struct jsonr *j, struct page *pg);
int jsonr_status(const struct jsonr *j);
void jsonr_free(struct jsonr *j);

/* ---- wikitext cleaner (wiki-fetch-wikitext*.c) ---- */

enum { HEAD_KEEP, HEAD_DROP, HEAD_MARK };

/* Cleaner options. */
struct wt_opts {
	int headings;		/* HEAD_* */
	int tables;		/* keep table cells as text */
	int math;		/* keep <math> TeX (1) or drop it (0) */
	int lists;		/* keep list items (1) */
	int keep_sections;	/* keep reference and link sections (1) */
	const char *drop_sections;	/* more headings to drop, ',' between */
};

/* One heading of the clean text. */
struct wt_section {
	int level;		/* 2 for == x == */
	size_t title_off, title_len;	/* in wt_result.strs */
	size_t path_off, path_len;	/* " > "-joined path, in strs */
	size_t para;		/* index of its first paragraph in text */
	size_t offset;		/* byte offset of that paragraph in text */
};

/* A name = value pair of the infobox, both in strs. */
struct wt_field {
	size_t k_off, k_len, v_off, v_len;
};

/* What cleaning one page produced.  Zero it once, reuse it. */
struct wt_result {
	struct buf text;	/* clean text, paragraphs split by "\n\n" */
	struct buf strs;	/* storage for the strings below */
	struct wt_section *sec;
	size_t nsec, capsec;
	size_t *cat_off, *cat_len;	/* categories, in strs */
	size_t ncat, capcat;
	struct wt_field *box;	/* infobox fields */
	size_t nbox, capbox;
	size_t box_name_off, box_name_len;
	int has_box;
	int disambig;		/* a disambiguation marker was seen */
	size_t paras;		/* paragraphs in text */
};

struct wt;

/* wt_new: a cleaner (keeps scratch memory between pages). */
struct wt *wt_new(const struct wt_opts *o);
void wt_free(struct wt *w);

/*
 * wt_set_site: what <siteinfo> says (si may be NULL): the localised
 * names of File (6), Category (14), Media (-2) and Template (10), added
 * to the built-in ones, and the dump's language (from dbname, else from
 * the host of base), whose namespace aliases are added too (see
 * wiki-fetch-wikitext-lang.c).  Names of several dumps add up.
 */
void wt_set_site(struct wt *w, const struct siteinfo *si);

/*
 * wt_clean: turn n bytes of wikitext into res (reset first).  title is
 * used for {{PAGENAME}}.  Never fails: unbalanced markup is dropped.
 */
void wt_clean(struct wt *w, const char *title, const char *s, size_t n,
    struct wt_result *res);

void wt_result_free(struct wt_result *res);

/* How many sections of one heading the cleaner dropped. */
struct wt_drop {
	char *heading;		/* as first seen, rendered */
	uint64_t sections;
};

/*
 * wt_dropped: what w dropped so far, over all pages: the reference and
 * link sections (with their subsections) in *sections, the bytes of
 * their text in *bytes, and per heading (folded as names are matched,
 * shown as first seen) the list returned, *n entries in the order first
 * seen.  Valid until the next wt_clean or wt_free.
 */
const struct wt_drop *wt_dropped(const struct wt *w, size_t *n,
    uint64_t *sections, uint64_t *bytes);

/*
 * wt_redirect: if the wikitext s starts with a redirect magic word
 * (#REDIRECT in any case, or a localised form), copy the target title to
 * target (reset first) and return 1; else 0.
 */
int wt_redirect(const char *s, size_t n, struct buf *target);

/* wt_disambig_title: 1 if the title marks a disambiguation page. */
int wt_disambig_title(const char *title);

/*
 * wt_fix_utf8: replace each invalid UTF-8 sequence and each control
 * character other than tab and newline in b by U+FFFD (controls by a
 * space); returns the number of invalid sequences replaced.
 */
size_t wt_fix_utf8(struct buf *b);

/* wt_chars: the number of code points in valid UTF-8 s. */
size_t wt_chars(const char *s, size_t n);

#endif
