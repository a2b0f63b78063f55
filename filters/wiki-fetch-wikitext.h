/* SPDX-License-Identifier: ISC */
/*
 * wiki-fetch-wikitext.h: what the files of wiki-fetch's wikitext cleaner
 * share.  Its public interface (wt_new, wt_clean ...) is in wiki-fetch.h.
 *
 *   wiki-fetch-wikitext.c           the loop of pass 1, pass 2, the
 *                                   entry points
 *   wiki-fetch-wikitext-template.c  templates and the infobox
 *   wiki-fetch-wikitext-markup.c    links, tags, tables
 *   wiki-fetch-wikitext-scan.c      matching under the scan budget,
 *                                   entities; redirects, UTF-8; names
 *                                   folded for matching
 *   wiki-fetch-wikitext-lang.c      what differs by the dump's language:
 *                                   namespace aliases, the headings of
 *                                   reference sections
 *
 * Calls go one way: wiki-fetch-wikitext.c (entry points, the passes) ->
 * -template.c and -markup.c -> -lang.c -> -scan.c -> the inline helpers
 * below, but for wt_p1, which template and markup call back to render
 * nested wikitext (the grammar's recursion; see those files).
 *
 * Included by those files alone.  Text is given as s..e (e is one past
 * the last byte) and appended to a struct buf; no function here fails or
 * exits (but for emalloc's out of memory): broken markup is dropped.
 */
#ifndef WIKI_FETCH_WIKITEXT_H
#define WIKI_FETCH_WIKITEXT_H

#include <stddef.h>
#include <string.h>

#include "common/util.h"
#include "filters/wiki-fetch.h"

/*
 * Marks in the text of pass 1.  Bytes 1 to 3 of the page itself become
 * spaces there, so these are never page text.
 */
#define LIT_ON	'\x01'	/* literal text follows, not markup */
#define LIT_OFF	'\x02'	/* end of the literal text */
#define BR	'\x03'	/* a line break inside a paragraph (<br>) */

/* Nesting limit of pass 1; what is deeper is dropped. */
#define MAXDEPTH 60

/*
 * Namespace names (File, Category, Template), built-in and from
 * <siteinfo>, kept as wt_fold_name made them, so that a name matches as
 * MediaWiki matches it: in any case (Unicode simple case folding), '_'
 * as ' ', runs of blanks as one, blanks at either end ignored.
 */
#define NAME_MAX_BYTES 96
#define NAMES_MAX 128
struct names {
	char v[NAMES_MAX][NAME_MAX_BYTES];
	unsigned char len[NAMES_MAX];
	int n;
};

/* A field of the infobox as written: name ks..ke, value s..e (page text). */
struct wt_boxarg {
	const char *ks, *ke, *s, *e;
};

/*
 * A cleaner: its options, the namespace names, the scratch buffers kept
 * between pages, and the state of the page being cleaned (wt_clean).
 */
struct wt {
	struct wt_opts o;
	const char *title;
	struct names file, cat, tpl;
	struct names refs;	/* headings of sections to drop */
	int drop_level;		/* level of the section being dropped, 0 */
	struct wt_drop *drop;	/* dropped sections by heading */
	char (*drop_key)[NAME_MAX_BYTES];	/* their folded names */
	size_t ndrop, capdrop;
	uint64_t drop_sections, drop_bytes;
	struct wt_boxarg *boxarg;	/* infobox fields to render */
	size_t nboxarg, capboxarg;
	struct buf mid;		/* pass-1 output */
	struct buf para;	/* paragraph being built (rendered) */
	struct buf line;	/* one rendered line */
	struct buf norm;	/* normalised paragraph */
	struct buf htitle[7];	/* current heading title per level */
	int hvalid[7], hpend[7];
	int kind;		/* paragraph kind: 0 none, 1 text, 2 list */
	int depth;
	struct wt_result *res;
};

/* ---- small helpers ---- */

/* isws: c is a blank (space, tab, CR, LF). */
static inline int
isws(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* lc: c lower-cased if it is an ASCII capital. */
static inline int
lc(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/* trim: move *s and *e inwards past blanks. */
static inline void
trim(const char **s, const char **e)
{
	while (*s < *e && isws((unsigned char)**s))
		(*s)++;
	while (*e > *s && isws((unsigned char)(*e)[-1]))
		(*e)--;
}

/* ieq: the n bytes at s equal the ASCII word w, ignoring case. */
static inline int
ieq(const char *s, size_t n, const char *w)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!w[i] || lc((unsigned char)s[i]) != lc((unsigned char)w[i]))
			return 0;
	return w[i] == '\0';
}

/* iprefix: s (n bytes) starts with w, ignoring ASCII case. */
static inline int
iprefix(const char *s, size_t n, const char *w)
{
	size_t i;

	for (i = 0; w[i]; i++)
		if (i >= n || lc((unsigned char)s[i]) != lc((unsigned char)w[i]))
			return 0;
	return 1;
}

/* line_end: the end of the line at s (the '\n' or e). */
static inline const char *
line_end(const char *s, const char *e)
{
	const char *q = memchr(s, '\n', e - s);

	return q ? q : e;
}

/*
 * wt_fold_name: the name s[0..n) as matched: blanks at either end gone,
 * '_' and runs of blanks as one ' ', case-folded (Unicode simple case
 * folding; ASCII without a table look-up) into out (cap bytes).  Returns
 * its length, or (size_t)-1 if it does not fit.  Pure.
 * (wiki-fetch-wikitext-scan.c)
 */
size_t wt_fold_name(const char *s, size_t n, char *out, size_t cap);

/*
 * wt_uprefix: s (n bytes) starts with the UTF-8 word w under Unicode
 * simple case folding; returns the bytes of s that matched, else 0.
 * (wiki-fetch-wikitext-scan.c)
 */
size_t wt_uprefix(const char *s, size_t n, const char *w);

/* ---- the dump's language (wiki-fetch-wikitext-lang.c) ---- */

/*
 * What a language's Wikipedia calls things the cleaner must know, each a
 * list of names separated by '|' (NULL if none is known beyond the
 * canonical English name).
 */
struct wt_lang {
	const char *code;	/* "en", "de", "zh-yue" ... */
	const char *file;	/* aliases of namespace 6 (File) */
	const char *cat;	/* of namespace 14 (Category) */
	const char *tpl;	/* of namespace 10 (Template) */
	const char *refs;	/* headings of reference and link sections */
};

/* wt_lang_find: the entry of language code (n bytes), or NULL. */
const struct wt_lang *wt_lang_find(const char *code, size_t n);

/* wt_lang_en: the entry of English (always known). */
const struct wt_lang *wt_lang_en(void);

/*
 * wt_names_addlist: add each name of list (NULL: none), names separated
 * by sep, to ns, as wt_names_add does.
 */
void wt_names_addlist(struct names *ns, const char *list, int sep);

/* ---- passes (wiki-fetch-wikitext.c) ---- */

/*
 * wt_p1: pass 1 over s..e, appended to out: comments, tags, templates,
 * tables, links and magic words resolved, the lines of the page kept.
 * Recurses through the other files; nothing is added beyond MAXDEPTH.
 */
void wt_p1(struct wt *w, const char *s, const char *e, struct buf *out);

/* ---- templates (wiki-fetch-wikitext-template.c) ---- */

/*
 * wt_template: s at "{{"; render the template, parser function or magic
 * word into out, or drop it.  The first infobox of a page goes to
 * w->res instead, and a disambiguation template sets w->res->disambig.
 * Returns where to go on: past the closing "}}", or s + 2 for an
 * unclosed "{{" (dropped).
 */
const char *wt_template(struct wt *w, const char *s, const char *e,
    struct buf *out);

/* ---- links, tags, tables (wiki-fetch-wikitext-markup.c) ---- */

/* wt_names_add: add s to ns unless NULL, empty, known, or ns is full. */
void wt_names_add(struct names *ns, const char *s);

/*
 * wt_names_has: 1 if s[0..n) is one of the names of ns, as MediaWiki
 * matches a namespace name (see struct names).
 */
int wt_names_has(const struct names *ns, const char *s, size_t n);

/*
 * wt_link: s at "[["; render the wiki link's text into out.  A category
 * link is added to w->res instead; file and interlanguage links vanish.
 * Returns where to go on: past the "]]", or s + 2 if it is not closed.
 */
const char *wt_link(struct wt *w, const char *s, const char *e,
    struct buf *out);

/*
 * wt_extlink: s at '['; render the label of an external link
 * "[url label]" into out and return past its ']', or return NULL if s
 * does not start one (the caller keeps the '[').
 */
const char *wt_extlink(struct wt *w, const char *s, const char *e,
    struct buf *out);

/*
 * wt_tag: s at '<'; skip a comment or render an HTML-like tag (and, for
 * <nowiki>, <ref>, <math> ..., its content) into out.  Returns where to
 * go on, or NULL if s starts no known tag (the caller keeps the '<').
 */
const char *wt_tag(struct wt *w, const char *s, const char *e,
    struct buf *out);

/*
 * wt_table_end: s at "{|" at a line start; the end of the table, past
 * its "|}" (nested tables counted), or e if it is not closed.
 */
const char *wt_table_end(const char *s, const char *e);

/*
 * wt_table: render the table s..e (from "{|" to wt_table_end) into out as
 * rows of "cell; cell" ended by BR, between blank lines.
 */
void wt_table(struct wt *w, const char *s, const char *e, struct buf *out);

/* ---- scanning (wiki-fetch-wikitext-scan.c) ---- */

/*
 * wt_res_str: append s (n bytes) to r->strs and store where it went in
 * *off and *len.
 */
void wt_res_str(struct wt_result *r, const char *s, size_t n, size_t *off,
    size_t *len);

/*
 * wt_entity: decode the HTML entity at s ('&'), append it to b as UTF-8
 * and return the bytes consumed, or 0 if it is not an entity (the caller
 * copies '&').
 */
size_t wt_entity(const char *s, const char *e, struct buf *b);

/*
 * The scan budget.  The matchers below scan forward; on broken markup
 * that is quadratic, so wt_clean gives each page a budget proportional to
 * its size (wt_budget_set).  Once it is spent, the matchers find nothing,
 * openers count as unclosed and are dropped, and a page is always cleaned
 * in linear time.  wt_budget_left: 1 while some is left.  wt_spend: take
 * n bytes of it; 0 (and nothing left) if there were not as many.  One
 * budget per process: the cleaner runs on one thread.
 */
void wt_budget_set(size_t n);
int wt_budget_left(void);
int wt_spend(size_t n);

/*
 * wt_tag_name: the length of the ASCII tag name at s, lower-cased into
 * nm (cap bytes, NUL-terminated); 0 if s starts no name.
 */
size_t wt_tag_name(const char *s, const char *e, char *nm, size_t cap);

/*
 * wt_find_close: the start of "</name" (any case, then '>' or a blank)
 * at or after s, or NULL.
 */
const char *wt_find_close(const char *s, const char *e, const char *name);

/*
 * wt_tag_end: the '>' ending the tag opened at s, or NULL (another '<'
 * comes first, or the text ends).
 */
const char *wt_tag_end(const char *s, const char *e);

/*
 * wt_skip_opaque: if s starts a comment or a tag whose content is not
 * wikitext (nowiki, math, pre ...), the end of that region; else NULL.
 * Used while matching brackets so that "}}" in TeX does not count.
 */
const char *wt_skip_opaque(const char *s, const char *e);

/*
 * wt_match: s at "{{" (open '{', close '}') or "[[" ('[', ']'); just past
 * the matching closer, or NULL if it is not closed.  Opaque regions
 * (wt_skip_opaque) inside do not count.
 */
const char *wt_match(const char *s, const char *e, char open, char close);

#endif
