/* SPDX-License-Identifier: ISC */
/*
 * wiki-fetch-xml.c: a streaming reader of MediaWiki XML export dumps
 * (schema 0.10 and 0.11; the version is not checked).
 *
 * A hand-written XML tokenizer over a refillable buffer: it keeps only
 * the unconsumed bytes of the input plus the fields of the current page,
 * so memory is bounded by the largest page (and the --max-page cap), not
 * by the dump.  It checks well-formedness where it matters for not losing
 * data: every end tag must match its start tag, entities must be known,
 * and the end of input inside an element is an error (a truncated dump).
 * Errors name the line and column (in bytes) of the offending markup.
 *
 * Only the elements of pages (title, ns, id, redirect, revision/id,
 * revision/timestamp, revision/text) and of <siteinfo> (dbname, base,
 * sitename, the names of namespaces 6, 14, 10 and -2) are kept; text of
 * other elements is skipped with memchr.  With several revisions per page
 * the last one wins.
 */
#define _GNU_SOURCE	/* memmem */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/log.h"
#include "common/suite.h"
#include "common/util.h"
#include "filters/wiki-fetch.h"

#define BUFSZ	((size_t)1 << 20)
#define MAXDEPTH 64
#define SMALL	512

enum cap { CAP_NONE, CAP_SMALL, CAP_BUF, CAP_TEXT };

/* What a small captured field is for. */
enum field { F_NONE, F_SITENAME, F_DBNAME, F_BASE, F_NS_NAME, F_TITLE,
	F_NS, F_PAGE_ID, F_REV_ID, F_TIMESTAMP, F_TEXT };

struct xmlr {
	struct src *src;
	unsigned char *buf;
	size_t len, pos, cap;
	size_t max_page, max_buf;
	int eof;
	uint64_t lines;		/* newlines before buf[cpos] */
	size_t cpos;		/* buf bytes counted into lines */
	int status;
	int depth;
	char stack[MAXDEPTH][16];	/* element names (truncated) */
	int root_done;		/* the document element was closed */
	int in_site, in_page, in_rev, in_contrib;
	int pd;			/* depth of the <page> being read */
	int ns_key;		/* key of the <namespace> being read */
	enum cap cap_kind;
	enum field field;
	struct buf sm;		/* a small captured field */
	int started;		/* a token was read */
	struct buf *target;	/* CAP_BUF / CAP_TEXT destination */
	struct page *pg;
	struct siteinfo site;
};

static void
count_lines(struct xmlr *x, size_t upto)
{
	const unsigned char *p = x->buf + x->cpos, *e = x->buf + upto;

	while (p < e && (p = memchr(p, '\n', e - p))) {
		x->lines++;
		p++;
	}
	x->cpos = upto;
}

/* xerr: report malformed input at buffer position at; returns -1. */
static int
xerr(struct xmlr *x, size_t at, const char *fmt, ...)
{
	char msg[256];
	va_list ap;
	size_t col;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (at > x->len)
		at = x->len;
	if (at >= x->cpos) {
		count_lines(x, at);
	}
	for (col = at; col > 0 && x->buf[col - 1] != '\n'; col--)
		;
	error("%s: line %llu, column %zu: %s", src_name(x->src),
	    (unsigned long long)x->lines + 1, at - col + 1, msg);
	x->status = EXIT_DATA;
	return -1;
}

/*
 * fill: move the unconsumed bytes to the front and read more.  Returns 1
 * when bytes were added, 0 at the end of input, -1 on error.
 */
static int
fill(struct xmlr *x)
{
	ssize_t r;

	if (x->eof)
		return 0;
	if (x->pos > 0) {
		count_lines(x, x->pos);
		memmove(x->buf, x->buf + x->pos, x->len - x->pos);
		x->len -= x->pos;
		x->cpos -= x->pos;
		x->pos = 0;
	}
	if (x->len == x->cap) {
		if (x->cap >= x->max_buf)
			return xerr(x, x->pos, "markup longer than %zu bytes",
			    x->max_buf);
		x->cap *= 2;
		x->buf = erealloc(x->buf, x->cap);
	}
	r = src_read(x->src, x->buf + x->len, x->cap - x->len);
	if (r < 0) {
		x->status = src_status(x->src);
		return -1;
	}
	if (r == 0) {
		x->eof = 1;
		return 0;
	}
	x->len += r;
	return 1;
}

/*
 * find: the offset (from pos) of term in the buffer, searching from
 * pos+from and reading more as needed.  -1 on error, -2 at EOF.
 */
static long
find(struct xmlr *x, size_t from, const char *term)
{
	size_t tl = strlen(term);

	for (;;) {
		const unsigned char *h = x->buf + x->pos + from;
		size_t hl = x->len - x->pos - from;
		const unsigned char *q = hl >= tl ? memmem(h, hl, term, tl) :
		    NULL;
		int r;

		if (q)
			return q - (x->buf + x->pos);
		if (hl >= tl)
			from += hl - tl + 1;
		r = fill(x);
		if (r < 0)
			return -1;
		if (r == 0)
			return -2;
	}
}

/* ---- text delivery ---- */

static int
decode_entity(struct xmlr *x, const unsigned char *s, const unsigned char *e,
    struct buf *b, size_t *used)
{
	const unsigned char *semi = memchr(s, ';', e - s < 12 ? e - s : 12);
	size_t n;
	unsigned long cp = 0;

	if (!semi)
		return xerr(x, s - x->buf, "'&' that starts no entity");
	n = semi - s - 1;
	*used = n + 2;
	if (n == 2 && memcmp(s + 1, "lt", 2) == 0)
		buf_addc(b, '<');
	else if (n == 2 && memcmp(s + 1, "gt", 2) == 0)
		buf_addc(b, '>');
	else if (n == 3 && memcmp(s + 1, "amp", 3) == 0)
		buf_addc(b, '&');
	else if (n == 4 && memcmp(s + 1, "quot", 4) == 0)
		buf_addc(b, '"');
	else if (n == 4 && memcmp(s + 1, "apos", 4) == 0)
		buf_addc(b, '\'');
	else if (n >= 2 && s[1] == '#') {
		const unsigned char *p = s + 2;
		int hex = *p == 'x';
		unsigned char u[4];

		for (p += hex; p < semi; p++) {
			int c = *p, d;

			if (c >= '0' && c <= '9')
				d = c - '0';
			else if (hex && (c | 32) >= 'a' && (c | 32) <= 'f')
				d = (c | 32) - 'a' + 10;
			else
				return xerr(x, s - x->buf, "bad character reference");
			cp = cp * (hex ? 16 : 10) + d;
			if (cp > 0x10ffff)
				return xerr(x, s - x->buf, "bad character reference");
		}
		if (p == s + 2 + hex || cp == 0 || (cp >= 0xd800 && cp <= 0xdfff))
			return xerr(x, s - x->buf, "bad character reference");
		if (cp < 0x80) {
			buf_addc(b, (int)cp);
		} else if (cp < 0x800) {
			u[0] = 0xc0 | cp >> 6, u[1] = 0x80 | (cp & 0x3f);
			buf_add(b, u, 2);
		} else if (cp < 0x10000) {
			u[0] = 0xe0 | cp >> 12, u[1] = 0x80 | (cp >> 6 & 0x3f);
			u[2] = 0x80 | (cp & 0x3f);
			buf_add(b, u, 3);
		} else {
			u[0] = 0xf0 | cp >> 18, u[1] = 0x80 | (cp >> 12 & 0x3f);
			u[2] = 0x80 | (cp >> 6 & 0x3f), u[3] = 0x80 | (cp & 0x3f);
			buf_add(b, u, 4);
		}
	} else {
		return xerr(x, s - x->buf, "unknown entity '&%.*s;'", (int)n,
		    s + 1);
	}
	return 0;
}

/* decode: append s..e with entities decoded to b. */
static int
decode(struct xmlr *x, const unsigned char *s, const unsigned char *e,
    struct buf *b)
{
	while (s < e) {
		const unsigned char *a = memchr(s, '&', e - s);
		size_t used = 0;

		if (!a) {
			buf_add(b, s, e - s);
			return 0;
		}
		buf_add(b, s, a - s);
		if (decode_entity(x, a, e, b, &used) < 0)
			return -1;
		s = a + used;
	}
	return 0;
}

/* deliver: character data s..e (raw: no entities, e.g. CDATA). */
static int
deliver(struct xmlr *x, const unsigned char *s, const unsigned char *e,
    int raw)
{
	struct buf *b;

	switch (x->cap_kind) {
	case CAP_NONE: {
		const unsigned char *p;

		if (x->depth > 0)
			return 0;
		for (p = s; p < e; p++)
			if (*p != ' ' && *p != '\n' && *p != '\t' && *p != '\r')
				return xerr(x, p - x->buf, x->root_done ?
				    "text after the document element" :
				    "text before the document element");
		return 0;
	}
	case CAP_SMALL:
		if (x->sm.len > SMALL)
			return 0;
		if (raw) {
			buf_add(&x->sm, s, e - s);
			return 0;
		}
		return decode(x, s, e, &x->sm);
	case CAP_TEXT:
		if (x->pg->too_large)
			return 0;
		if (x->target->len + (e - s) > x->max_page) {
			x->pg->too_large = 1;
			return 0;
		}
		/* FALLTHROUGH */
	case CAP_BUF:
		b = x->target;
		if (raw) {
			buf_add(b, s, e - s);
			return 0;
		}
		return decode(x, s, e, b);
	}
	return 0;
}

/* ---- tags ---- */

struct attr {
	const unsigned char *name, *val;
	size_t nlen, vlen;
};

static int
namechar(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '_' || c == ':' || c == '-' ||
	    c == '.' || c >= 0x80;
}

static int
isspace_x(int c)
{
	return c == ' ' || c == '\n' || c == '\t' || c == '\r';
}

/*
 * tag_close: in buf[pos..), the offset of the '>' that ends the tag at
 * pos, honouring quoted attribute values; reads more as needed.  -1
 * error, -2 EOF.
 */
static long
tag_close(struct xmlr *x)
{
	size_t i = 1;
	int q = 0;

	for (;;) {
		for (; x->pos + i < x->len; i++) {
			int c = x->buf[x->pos + i];

			if (q) {
				if (c == q)
					q = 0;
			} else if (c == '"' || c == '\'') {
				q = c;
			} else if (c == '>') {
				return (long)i;
			} else if (c == '<') {
				return xerr(x, x->pos + i, "'<' inside a tag");
			}
		}
		switch (fill(x)) {
		case -1:
			return -1;
		case 0:
			return -2;
		}
	}
}

/* find_attr: the value of attribute name in the tag s..e (raw). */
static int
find_attr(struct xmlr *x, const unsigned char *s, const unsigned char *e,
    const char *name, struct attr *a)
{
	size_t nl = strlen(name);

	while (s < e) {
		const unsigned char *ns, *q;
		int quote;

		while (s < e && isspace_x(*s))
			s++;
		if (s >= e || *s == '/')
			return 0;
		for (ns = s; s < e && namechar(*s); s++)
			;
		if (s == ns)
			return xerr(x, s - x->buf, "bad attribute");
		a->name = ns;
		a->nlen = s - ns;
		while (s < e && isspace_x(*s))
			s++;
		if (s >= e || *s != '=')
			return xerr(x, s - x->buf, "attribute without value");
		for (s++; s < e && isspace_x(*s); s++)
			;
		if (s >= e || (*s != '"' && *s != '\''))
			return xerr(x, s - x->buf, "unquoted attribute value");
		quote = *s++;
		q = memchr(s, quote, e - s);
		if (!q)
			return xerr(x, s - x->buf, "unterminated attribute value");
		a->val = s;
		a->vlen = q - s;
		s = q + 1;
		if (a->nlen == nl && memcmp(a->name, name, nl) == 0)
			return 1;
	}
	return 0;
}

static int
eq(const unsigned char *s, size_t n, const char *w)
{
	return str_is(w, s, n);
}

static void
reset_page(struct page *pg)
{
	pg->title.len = pg->text.len = pg->redirect.len = pg->url.len = 0;
	pg->timestamp[0] = '\0';
	pg->page_id = pg->rev_id = -1;
	pg->ns = INT64_MIN;
	pg->has_redirect = pg->too_large = 0;
	pg->bad_utf8 = 0;
}

static void
capture_small(struct xmlr *x, enum field f)
{
	x->cap_kind = CAP_SMALL;
	x->field = f;
	x->sm.len = 0;
}

static void
capture_buf(struct xmlr *x, enum field f, struct buf *b, int text)
{
	x->cap_kind = text ? CAP_TEXT : CAP_BUF;
	x->field = f;
	x->target = b;
	b->len = 0;
}

/* start: the start tag name (n bytes) at depth x->depth (already pushed);
 * attrs is the rest of the tag. */
static int
start(struct xmlr *x, const unsigned char *nm, size_t n,
    const unsigned char *as, const unsigned char *ae)
{
	struct attr a;
	int d = x->depth, r;

	/* Pages are children of the root, or top-level page elements of
	 * a dump fragment. */
	if ((d == 2 || d == 1) && !x->in_page && eq(nm, n, "page")) {
		x->in_page = 1;
		x->pd = d;
		reset_page(x->pg);
		count_lines(x, x->pos);
		x->pg->line = x->lines + 1;
		return 0;
	}
	if (d == 1 && eq(nm, n, "mediawiki")) {
		/* xml:lang of the root: the dump's language. */
		if ((r = find_attr(x, as, ae, "xml:lang", &a)) < 0)
			return -1;
		if (r && a.vlen < sizeof x->site.lang) {
			memcpy(x->site.lang, a.val, a.vlen);
			x->site.lang[a.vlen] = '\0';
		}
		return 0;
	}
	if (d == 2 && eq(nm, n, "siteinfo")) {
		x->in_site = 1;
		x->site.present = 1;
		return 0;
	}
	if (x->in_site) {
		if (d == 3 && eq(nm, n, "sitename"))
			capture_small(x, F_SITENAME);
		else if (d == 3 && eq(nm, n, "dbname"))
			capture_small(x, F_DBNAME);
		else if (d == 3 && eq(nm, n, "base"))
			capture_small(x, F_BASE);
		else if (d == 4 && eq(nm, n, "namespace")) {
			if ((r = find_attr(x, as, ae, "key", &a)) < 0)
				return -1;
			x->ns_key = 0;
			if (r && a.vlen < 8) {
				char k[8];

				memcpy(k, a.val, a.vlen);
				k[a.vlen] = '\0';
				x->ns_key = atoi(k);
			}
			if (x->ns_key == 6 || x->ns_key == 14 ||
			    x->ns_key == -2 || x->ns_key == 10)
				capture_small(x, F_NS_NAME);
		}
		return 0;
	}
	if (!x->in_page)
		return 0;
	d += 2 - x->pd;
	if (d == 3) {
		if (eq(nm, n, "title"))
			capture_buf(x, F_TITLE, &x->pg->title, 0);
		else if (eq(nm, n, "ns"))
			capture_small(x, F_NS);
		else if (eq(nm, n, "id"))
			capture_small(x, F_PAGE_ID);
		else if (eq(nm, n, "revision"))
			x->in_rev = 1;
		else if (eq(nm, n, "redirect")) {
			x->pg->has_redirect = 1;
			if ((r = find_attr(x, as, ae, "title", &a)) < 0)
				return -1;
			if (r) {
				x->pg->redirect.len = 0;
				if (decode(x, a.val, a.val + a.vlen,
				    &x->pg->redirect) < 0)
					return -1;
			}
		}
	} else if (d == 4 && x->in_rev) {
		if (eq(nm, n, "id"))
			capture_small(x, F_REV_ID);
		else if (eq(nm, n, "timestamp"))
			capture_small(x, F_TIMESTAMP);
		else if (eq(nm, n, "text")) {
			x->pg->too_large = 0;
			capture_buf(x, F_TEXT, &x->pg->text, 1);
		}
	}
	return 0;
}

static int
small_int(struct xmlr *x, int64_t *v)
{
	char *str = buf_cstr(&x->sm), *end;
	long long n;

	n = strtoll(str, &end, 10);
	while (*end == ' ' || *end == '\n' || *end == '\t' || *end == '\r')
		end++;
	if (end == str || *end)
		return xerr(x, x->pos, "not an integer: '%.40s'", str);
	*v = n;
	return 0;
}

static void
small_copy(struct xmlr *x, char *dst, size_t cap)
{
	size_t n = x->sm.len < cap - 1 ? x->sm.len : cap - 1;

	if (n > 0)	/* sm.p is NULL while nothing was kept */
		memcpy(dst, x->sm.p, n);
	dst[n] = '\0';
}

/* end: the end of element nm at depth x->depth (before the pop).
 * Returns 1 when a page is complete. */
static int
end(struct xmlr *x, const unsigned char *nm, size_t n)
{
	int d = x->depth;
	struct page *pg = x->pg;

	if (x->in_page)
		d += 2 - x->pd;
	if (x->cap_kind != CAP_NONE) {
		switch (x->field) {
		case F_SITENAME:
			small_copy(x, x->site.sitename, sizeof x->site.sitename);
			break;
		case F_DBNAME:
			small_copy(x, x->site.dbname, sizeof x->site.dbname);
			break;
		case F_BASE:
			small_copy(x, x->site.base, sizeof x->site.base);
			break;
		case F_NS_NAME:
			small_copy(x, x->ns_key == 6 ? x->site.ns_file :
			    x->ns_key == 14 ? x->site.ns_category :
			    x->ns_key == 10 ? x->site.ns_template :
			    x->site.ns_media, sizeof x->site.ns_file);
			break;
		case F_NS:
			if (small_int(x, &pg->ns) < 0)
				return -1;
			break;
		case F_PAGE_ID:
			if (small_int(x, &pg->page_id) < 0)
				return -1;
			break;
		case F_REV_ID:
			if (small_int(x, &pg->rev_id) < 0)
				return -1;
			break;
		case F_TIMESTAMP:
			small_copy(x, pg->timestamp, sizeof pg->timestamp);
			break;
		default:
			break;
		}
		x->cap_kind = CAP_NONE;
		x->field = F_NONE;
	}
	if (d == 2 && x->in_site && eq(nm, n, "siteinfo"))
		x->in_site = 0;
	if (d == 3 && x->in_rev && eq(nm, n, "revision"))
		x->in_rev = 0;
	if (d == 2 && x->in_page && eq(nm, n, "page")) {
		x->in_page = 0;
		buf_cstr(&pg->title);
		buf_cstr(&pg->text);
		buf_cstr(&pg->redirect);
		return 1;
	}
	return 0;
}

static int
push(struct xmlr *x, const unsigned char *nm, size_t n)
{
	if (x->depth == 0 && x->root_done && !eq(nm, n, "page"))
		return xerr(x, x->pos, "a second document element");
	if (x->depth >= MAXDEPTH)
		return xerr(x, x->pos, "elements nested deeper than %d",
		    MAXDEPTH);
	if (n > sizeof x->stack[0] - 1)
		n = sizeof x->stack[0] - 1;
	memcpy(x->stack[x->depth], nm, n);
	x->stack[x->depth][n] = '\0';
	x->depth++;
	return 0;
}

/* element: a start or end tag at pos; tl is the offset of its '>'. */
static int
element(struct xmlr *x, size_t tl)
{
	const unsigned char *t = x->buf + x->pos, *te = t + tl, *nm, *p;
	size_t n;
	int closing = t[1] == '/', selfclose, r = 0;

	nm = t + 1 + closing;
	for (p = nm; p < te && namechar(*p); p++)
		;
	n = p - nm;
	if (!n)
		return xerr(x, x->pos, "bad tag");
	if (closing) {
		size_t k = n < sizeof x->stack[0] - 1 ? n :
		    sizeof x->stack[0] - 1;

		while (p < te && isspace_x(*p))
			p++;
		if (p != te)
			return xerr(x, x->pos, "bad end tag");
		if (x->depth == 0)
			return xerr(x, x->pos, "end tag </%.*s> without a start "
			    "tag", (int)n, nm);
		if (strlen(x->stack[x->depth - 1]) != k ||
		    memcmp(x->stack[x->depth - 1], nm, k) != 0)
			return xerr(x, x->pos, "end tag </%.*s> does not match "
			    "<%s>", (int)n, nm, x->stack[x->depth - 1]);
		r = end(x, nm, n);
		x->depth--;
		if (x->depth == 0)
			x->root_done = 1;
		x->pos += tl + 1;
		return r;
	}
	selfclose = te[-1] == '/';
	if (push(x, nm, n) < 0)
		return -1;
	if (start(x, nm, n, p, selfclose ? te - 1 : te) < 0)
		return -1;
	if (selfclose) {
		r = end(x, nm, n);
		x->depth--;
		if (x->depth == 0)
			x->root_done = 1;
	}
	x->pos += tl + 1;
	return r;
}

/* decl: the XML declaration; refuse encodings other than UTF-8. */
static int
decl(struct xmlr *x, size_t tl)
{
	const unsigned char *s = x->buf + x->pos, *e = s + tl;
	const unsigned char *enc = memmem(s, e - s, "encoding", 8);
	const unsigned char *q;

	if (!enc)
		return 0;
	for (q = enc + 8; q < e && *q != '"' && *q != '\''; q++)
		;
	if (q < e) {
		const unsigned char *v = q + 1;
		const unsigned char *ve = memchr(v, *q, e - v);

		if (ve && !((ve - v == 5 && strncasecmp((char *)v, "utf-8", 5) ==
		    0) || (ve - v == 4 && strncasecmp((char *)v, "utf8", 4) ==
		    0)))
			return xerr(x, x->pos, "encoding '%.*s' is not supported "
			    "(convert the dump to UTF-8 first, e.g. with iconv)",
			    (int)(ve - v), v);
	}
	return 0;
}

/* markup: handle the token starting with '<' at pos. */
static int
markup(struct xmlr *x)
{
	long k;

	while (x->len - x->pos < 9 && !x->eof)
		if (fill(x) < 0)
			return -1;
	if (x->len - x->pos >= 4 && memcmp(x->buf + x->pos, "<!--", 4) == 0) {
		if ((k = find(x, 4, "-->")) < 0)
			goto eof;
		x->pos += k + 3;
		return 0;
	}
	if (x->len - x->pos >= 9 &&
	    memcmp(x->buf + x->pos, "<![CDATA[", 9) == 0) {
		if ((k = find(x, 9, "]]>")) < 0)
			goto eof;
		if (x->depth == 0)
			return xerr(x, x->pos, "CDATA outside the document "
			    "element");
		if (deliver(x, x->buf + x->pos + 9, x->buf + x->pos + k, 1) < 0)
			return -1;
		x->pos += k + 3;
		return 0;
	}
	if (x->len - x->pos >= 2 && x->buf[x->pos + 1] == '?') {
		if ((k = find(x, 2, "?>")) < 0)
			goto eof;
		if (!x->started && decl(x, (size_t)k) < 0)
			return -1;
		x->pos += k + 2;
		return 0;
	}
	if (x->len - x->pos >= 2 && x->buf[x->pos + 1] == '!') {
		/* <!DOCTYPE ...> possibly with an internal subset. */
		if ((k = find(x, 2, ">")) < 0)
			goto eof;
		if (memchr(x->buf + x->pos, '[', k) &&
		    (k = find(x, 2, "]>")) < 0)
			goto eof;
		x->pos += k + 1 + (x->buf[x->pos + k] == ']');
		return 0;
	}
	if ((k = tag_close(x)) < 0)
		goto eof;
	return element(x, (size_t)k);
eof:
	if (k == -1)
		return -1;
	return xerr(x, x->pos, "unexpected end of input inside markup "
	    "(truncated dump?)");
}

/* text: character data at pos, up to the next '<' or a safe cut. */
static int
text(struct xmlr *x)
{
	for (;;) {
		unsigned char *s = x->buf + x->pos, *e = x->buf + x->len;
		unsigned char *lt = memchr(s, '<', e - s);
		int r;

		if (lt) {
			if (deliver(x, s, lt, 0) < 0)
				return -1;
			x->pos = lt - x->buf;
			return 0;
		}
		if (!x->eof) {
			/* Do not cut an entity in two. */
			unsigned char *cut = e, *q = e - (e - s < 12 ? e - s : 12);
			unsigned char *amp = NULL;

			for (; q < e; q++)
				if (*q == '&')
					amp = q;
				else if (*q == ';')
					amp = NULL;
			if (amp)
				cut = amp;
			if (deliver(x, s, cut, 0) < 0)
				return -1;
			x->pos = cut - x->buf;
		} else {
			if (deliver(x, s, e, 0) < 0)
				return -1;
			x->pos = x->len;
			return 0;
		}
		if ((r = fill(x)) < 0)
			return -1;
		if (r == 0 && x->pos == x->len)
			return 0;
	}
}

struct xmlr *
xmlr_new(struct src *s, const unsigned char *pre, size_t npre,
    size_t max_page)
{
	struct xmlr *x = ecalloc(1, sizeof *x);

	x->src = s;
	x->cap = BUFSZ > npre ? BUFSZ : npre * 2;
	x->buf = emalloc(x->cap);
	memcpy(x->buf, pre, npre);
	x->len = npre;
	x->max_page = max_page;
	x->max_buf = max_page + BUFSZ > 2 * BUFSZ ? max_page + BUFSZ :
	    2 * BUFSZ;
	return x;
}

int
xmlr_next(struct xmlr *x, struct page *pg)
{
	int r;

	x->pg = pg;
	for (;;) {
		if (x->pos == x->len) {
			if ((r = fill(x)) < 0)
				return -1;
			if (r == 0)
				break;
		}
		if (x->buf[x->pos] == '<')
			r = markup(x);
		else
			r = text(x);
		x->started = 1;
		if (r != 0)
			return r;
	}
	/* A shard's document ends after its last page, inside the root. */
	if (x->depth > 0 && !x->in_page && src_cut(x->src))
		return 0;
	if (x->depth > 0) {
		if (x->in_page)
			return xerr(x, x->len, "unexpected end of input inside "
			    "<page> of line %llu (truncated dump?); the pages "
			    "before it were read",
			    (unsigned long long)pg->line);
		return xerr(x, x->len, "unexpected end of input: <%s> not "
		    "closed (truncated dump?)", x->stack[x->depth - 1]);
	}
	return 0;
}

int
xmlr_status(const struct xmlr *x)
{
	return x->status;
}

const struct siteinfo *
xmlr_site(const struct xmlr *x)
{
	return &x->site;
}

void
xmlr_free(struct xmlr *x)
{
	if (!x)
		return;
	free(x->buf);
	buf_free(&x->sm);
	free(x);
}

void
page_free(struct page *pg)
{
	buf_free(&pg->title);
	buf_free(&pg->text);
	buf_free(&pg->redirect);
	buf_free(&pg->url);
}
