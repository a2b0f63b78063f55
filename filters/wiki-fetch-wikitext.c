/* SPDX-License-Identifier: ISC */
/*
 * wiki-fetch-wikitext.c: wikitext to clean plain text.
 *
 * Two passes over a page:
 *
 *  1. Structure (p1): comments, tags, templates, tables, wiki links,
 *     external links and magic words are resolved recursively into an
 *     intermediate text that still has the line structure of the page.
 *     Text that must not be read as markup any more (<nowiki>, <math>,
 *     <pre>) is wrapped in LIT_ON ... LIT_OFF; a <br> becomes BR.
 *  2. Lines (p2): headings, list items, paragraphs, bold and italic
 *     quotes, HTML entities and whitespace; every paragraph is then
 *     normalised (collapsed spaces, no space before a comma, no empty
 *     parentheses left by a removed template).
 *
 * Templates cannot be expanded without their definitions (and Lua), so a
 * list of common inline ones is rendered here (convert, lang, nihongo,
 * dates, fractions ...) and every other template is removed.  Infobox
 * fields are collected into the result instead of the text.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/util.h"
#include "filters/wiki-fetch.h"

#define LIT_ON	'\x01'
#define LIT_OFF	'\x02'
#define BR	'\x03'
#define MAXDEPTH 60

struct names {
	char v[40][64];
	int n;
};

struct wt {
	struct wt_opts o;
	const char *title;
	struct names file, cat;
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

static int
isws(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static int
lc(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

static void
trim(const char **s, const char **e)
{
	while (*s < *e && isws((unsigned char)**s))
		(*s)++;
	while (*e > *s && isws((unsigned char)(*e)[-1]))
		(*e)--;
}

/* ieq: the n bytes at s equal the ASCII word w, ignoring case. */
static int
ieq(const char *s, size_t n, const char *w)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!w[i] || lc((unsigned char)s[i]) != lc((unsigned char)w[i]))
			return 0;
	return w[i] == '\0';
}

/* iprefix: s (n bytes) starts with w, ignoring ASCII case. */
static int
iprefix(const char *s, size_t n, const char *w)
{
	size_t i;

	for (i = 0; w[i]; i++)
		if (i >= n || lc((unsigned char)s[i]) != lc((unsigned char)w[i]))
			return 0;
	return 1;
}

static void
put_utf8(struct buf *b, unsigned long c)
{
	unsigned char u[4];

	if (c == 0 || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		c = 0xfffd;
	if (c < 0x80) {
		buf_addc(b, (int)c);
	} else if (c < 0x800) {
		u[0] = 0xc0 | c >> 6;
		u[1] = 0x80 | (c & 0x3f);
		buf_add(b, u, 2);
	} else if (c < 0x10000) {
		u[0] = 0xe0 | c >> 12;
		u[1] = 0x80 | (c >> 6 & 0x3f);
		u[2] = 0x80 | (c & 0x3f);
		buf_add(b, u, 3);
	} else {
		u[0] = 0xf0 | c >> 18;
		u[1] = 0x80 | (c >> 12 & 0x3f);
		u[2] = 0x80 | (c >> 6 & 0x3f);
		u[3] = 0x80 | (c & 0x3f);
		buf_add(b, u, 4);
	}
}

/* ---- HTML entities ---- */

struct ent {
	const char *name;
	unsigned long cp;
};

/* Sorted by name (strcmp order) for bsearch. */
static const struct ent ents[] = {
	{"AElig", 0xc6}, {"Alpha", 0x391}, {"Beta", 0x392}, {"Delta", 0x394},
	{"Gamma", 0x393}, {"Lambda", 0x39b}, {"Omega", 0x3a9}, {"Phi", 0x3a6},
	{"Pi", 0x3a0}, {"Prime", 0x2033}, {"Psi", 0x3a8}, {"Sigma", 0x3a3},
	{"Theta", 0x398}, {"Xi", 0x39e}, {"aacute", 0xe1}, {"acirc", 0xe2},
	{"aelig", 0xe6}, {"agrave", 0xe0}, {"alpha", 0x3b1}, {"amp", '&'},
	{"apos", '\''}, {"aring", 0xe5}, {"asymp", 0x2248}, {"atilde", 0xe3},
	{"auml", 0xe4}, {"bdquo", 0x201e}, {"beta", 0x3b2}, {"bull", 0x2022},
	{"ccedil", 0xe7}, {"cent", 0xa2}, {"chi", 0x3c7}, {"copy", 0xa9},
	{"dagger", 0x2020}, {"darr", 0x2193}, {"deg", 0xb0}, {"delta", 0x3b4},
	{"divide", 0xf7}, {"eacute", 0xe9}, {"ecirc", 0xea}, {"egrave", 0xe8},
	{"emsp", ' '}, {"ensp", ' '}, {"epsilon", 0x3b5}, {"equiv", 0x2261},
	{"eta", 0x3b7}, {"eth", 0xf0}, {"euml", 0xeb}, {"euro", 0x20ac},
	{"exist", 0x2203}, {"fnof", 0x192}, {"forall", 0x2200},
	{"frac12", 0xbd}, {"frac14", 0xbc}, {"frac34", 0xbe},
	{"gamma", 0x3b3}, {"ge", 0x2265}, {"gt", '>'}, {"harr", 0x2194},
	{"hellip", 0x2026}, {"iacute", 0xed}, {"icirc", 0xee},
	{"iexcl", 0xa1}, {"igrave", 0xec}, {"infin", 0x221e}, {"int", 0x222b},
	{"iota", 0x3b9}, {"iquest", 0xbf}, {"iuml", 0xef}, {"kappa", 0x3ba},
	{"lambda", 0x3bb}, {"laquo", 0xab}, {"larr", 0x2190},
	{"ldquo", 0x201c}, {"le", 0x2264}, {"lrm", 0}, {"lsaquo", 0x2039},
	{"lsquo", 0x2018}, {"lt", '<'}, {"mdash", 0x2014}, {"micro", 0xb5},
	{"middot", 0xb7}, {"minus", 0x2212}, {"mu", 0x3bc}, {"nabla", 0x2207},
	{"nbsp", ' '}, {"ndash", 0x2013}, {"ne", 0x2260}, {"ntilde", 0xf1},
	{"nu", 0x3bd}, {"oacute", 0xf3}, {"ocirc", 0xf4}, {"oelig", 0x153},
	{"ograve", 0xf2}, {"omega", 0x3c9}, {"ordm", 0xba}, {"oslash", 0xf8},
	{"otilde", 0xf5}, {"ouml", 0xf6}, {"para", 0xb6}, {"part", 0x2202},
	{"phi", 0x3c6}, {"pi", 0x3c0}, {"plusmn", 0xb1}, {"pound", 0xa3},
	{"prime", 0x2032}, {"prod", 0x220f}, {"psi", 0x3c8}, {"quot", '"'},
	{"radic", 0x221a}, {"raquo", 0xbb}, {"rarr", 0x2192},
	{"rdquo", 0x201d}, {"reg", 0xae}, {"rho", 0x3c1}, {"rlm", 0},
	{"rsaquo", 0x203a}, {"rsquo", 0x2019}, {"sbquo", 0x201a},
	{"sdot", 0x22c5}, {"sect", 0xa7}, {"shy", 0}, {"sigma", 0x3c3},
	{"sum", 0x2211}, {"sup1", 0xb9}, {"sup2", 0xb2}, {"sup3", 0xb3},
	{"szlig", 0xdf}, {"tau", 0x3c4}, {"theta", 0x3b8}, {"thinsp", ' '},
	{"thorn", 0xfe}, {"times", 0xd7}, {"trade", 0x2122}, {"uacute", 0xfa},
	{"uarr", 0x2191}, {"ucirc", 0xfb}, {"ugrave", 0xf9},
	{"upsilon", 0x3c5}, {"uuml", 0xfc}, {"xi", 0x3be}, {"yacute", 0xfd},
	{"yen", 0xa5}, {"zeta", 0x3b6}, {"zwj", 0x200d}, {"zwnj", 0x200c},
};

static int
entcmp(const void *k, const void *e)
{
	return strcmp(k, ((const struct ent *)e)->name);
}

/*
 * entity: decode the entity at s ('&'), append it to b and return the
 * bytes consumed, or 0 if it is not an entity (the caller copies '&').
 */
static size_t
entity(const char *s, const char *e, struct buf *b)
{
	const char *p = s + 1;
	char name[12];
	size_t n;
	unsigned long cp = 0;
	const struct ent *en;

	if (p < e && *p == '#') {
		int hex = 0, digits = 0;

		p++;
		if (p < e && (*p == 'x' || *p == 'X'))
			hex = 1, p++;
		for (; p < e && digits < 8; p++, digits++) {
			int c = (unsigned char)*p, d;

			if (c >= '0' && c <= '9')
				d = c - '0';
			else if (hex && lc(c) >= 'a' && lc(c) <= 'f')
				d = lc(c) - 'a' + 10;
			else
				break;
			cp = cp * (hex ? 16 : 10) + d;
		}
		if (!digits || p >= e || *p != ';')
			return 0;
		if (cp == 0xa0 || cp == 0x2009 || cp == 0x202f)
			cp = ' ';
		if (cp == 0x200e || cp == 0x200f || cp == 0xad)
			return p + 1 - s;
		if (cp < 0x20 && cp != '\t' && cp != '\n')
			cp = ' ';
		put_utf8(b, cp);
		return p + 1 - s;
	}
	for (n = 0; p < e && n < sizeof name - 1 &&
	    ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
	    (*p >= '0' && *p <= '9')); p++)
		name[n++] = *p;
	if (!n || p >= e || *p != ';')
		return 0;
	name[n] = '\0';
	en = bsearch(name, ents, sizeof ents / sizeof ents[0], sizeof ents[0],
	    entcmp);
	if (!en)
		return 0;
	if (en->cp)
		put_utf8(b, en->cp);
	return p + 1 - s;
}

/* ---- opaque regions and matching brackets ---- */

/*
 * The bracket and tag matchers scan forward; on broken markup (thousands
 * of unclosed "{{" or "<ref>") that is quadratic.  Each page gets a scan
 * budget proportional to its size; once it is spent, openers are treated
 * as unclosed (and dropped), so a page is always cleaned in linear time.
 */
static size_t budget;

static int
spend(size_t n)
{
	if (n >= budget) {
		budget = 0;
		return 0;
	}
	budget -= n;
	return 1;
}

/* tag_name: length of the ASCII tag name at s, lower-cased into nm. */
static size_t
tag_name(const char *s, const char *e, char *nm, size_t cap)
{
	size_t n = 0;

	while (s + n < e && n < cap - 1 &&
	    ((s[n] >= 'a' && s[n] <= 'z') || (s[n] >= 'A' && s[n] <= 'Z') ||
	    (n > 0 && s[n] >= '0' && s[n] <= '9'))) {
		nm[n] = (char)lc((unsigned char)s[n]);
		n++;
	}
	nm[n] = '\0';
	return n;
}

/* find_close: the start of "</name" (any case) at or after s, or NULL. */
static const char *
find_close(const char *s, const char *e, const char *name)
{
	const char *s0 = s;
	size_t n = strlen(name);

	if (!budget)
		return NULL;
	while (s < e) {
		const char *q = memchr(s, '<', e - s);

		if (!q)
			break;
		if (q + 2 + n < e && q[1] == '/' && iprefix(q + 2, e - q - 2, name)) {
			int c = (unsigned char)q[2 + n];

			if (c == '>' || isws(c))
				return spend(q - s0) ? q : NULL;
		}
		s = q + 1;
	}
	spend(e - s0);
	return NULL;
}

/* tag_end: the '>' ending the tag opened at s, or NULL. */
static const char *
tag_end(const char *s, const char *e)
{
	const char *q;
	char quote = 0;

	if (!budget)
		return NULL;
	for (q = s + 1; q < e; q++) {
		if (quote) {
			if (*q == quote)
				quote = 0;
		} else if (*q == '"' || *q == '\'') {
			/* Only quotes that open an attribute value count. */
			if (q[-1] == '=')
				quote = *q;
		} else if (*q == '>') {
			return spend(q - s) ? q : NULL;
		} else if (*q == '<') {
			spend(q - s);
			return NULL;
		}
	}
	spend(e - s);
	return NULL;
}

/*
 * skip_opaque: if s starts a comment or a tag whose content is not
 * wikitext (nowiki, math, pre ...), the end of that region; else NULL.
 * Used while matching brackets so that "}}" in TeX does not count.
 */
static const char *
skip_opaque(const char *s, const char *e)
{
	static const char *const opaque[] = { "nowiki", "math", "pre",
	    "syntaxhighlight", "source", "chem", "ce", "score", "timeline",
	    "hiero", "graph", NULL };
	char nm[24];
	const char *te, *c;
	size_t n;
	int i;

	if (e - s >= 4 && memcmp(s, "<!--", 4) == 0) {
		const char *q = s + 4;

		while ((q = memchr(q, '-', e - q)) && q + 2 < e &&
		    !(q[1] == '-' && q[2] == '>'))
			q++;
		return q && q + 2 < e ? q + 3 : e;
	}
	n = tag_name(s + 1, e, nm, sizeof nm);
	if (!n)
		return NULL;
	for (i = 0; opaque[i]; i++)
		if (strcmp(nm, opaque[i]) == 0)
			break;
	if (!opaque[i] || !(te = tag_end(s, e)))
		return NULL;
	if (te[-1] == '/')
		return te + 1;
	if (!(c = find_close(te + 1, e, nm)))
		return NULL;
	c = memchr(c, '>', e - c);
	return c ? c + 1 : e;
}

/*
 * match: s points at "{{" or "[["; return the end of the construct (just
 * past the matching closer), or NULL if it is not closed.
 */
static const char *
match(const char *s, const char *e, char open, char close)
{
	const char *p = s;
	int depth = 0;

	if (!budget)
		return NULL;
	while (p < e) {
		int c = (unsigned char)*p;

		if (c == open && p + 1 < e && p[1] == open) {
			depth++;
			p += 2;
		} else if (c == close && p + 1 < e && p[1] == close) {
			p += 2;
			if (--depth == 0)
				return spend(p - s) ? p : NULL;
		} else if (c == '<') {
			const char *q = skip_opaque(p, e);

			p = q ? q : p + 1;
		} else {
			p++;
			/* Jump to the next interesting byte. */
			while (p < e && *p != open && *p != close && *p != '<')
				p++;
		}
	}
	spend(e - s);
	return NULL;
}

/* ---- template arguments ---- */

struct targ {
	const char *s, *e;	/* value (trimmed for named) */
	const char *ks, *ke;	/* name of a named argument, else NULL */
};

struct tpl {
	struct targ *a;
	size_t n, cap;
	struct targ small[24];
};

static void
tpl_add(struct tpl *t, const char *s, const char *e, const char *eq)
{
	struct targ *a;

	if (t->n == t->cap) {
		size_t nc = t->cap * 2;
		struct targ *na = emalloc(nc * sizeof *na);

		memcpy(na, t->a, t->n * sizeof *na);
		if (t->a != t->small)
			free(t->a);
		t->a = na;
		t->cap = nc;
	}
	a = &t->a[t->n++];
	if (eq && t->n > 1) {
		a->ks = s, a->ke = eq;
		trim(&a->ks, &a->ke);
		a->s = eq + 1, a->e = e;
		trim(&a->s, &a->e);
	} else {
		a->ks = a->ke = NULL;
		a->s = s, a->e = e;
	}
}

/* tpl_split: split the inside of {{ ... }} at top-level '|'. */
static void
tpl_split(struct tpl *t, const char *s, const char *e)
{
	const char *p = s, *start = s, *eq = NULL;
	int db = 0, dl = 0;

	t->a = t->small;
	t->n = 0;
	t->cap = sizeof t->small / sizeof t->small[0];
	while (p < e) {
		int c = (unsigned char)*p;

		if (c == '{' && p + 1 < e && p[1] == '{') {
			db++, p += 2;
		} else if (c == '}' && p + 1 < e && p[1] == '}' && db) {
			db--, p += 2;
		} else if (c == '[' && p + 1 < e && p[1] == '[') {
			dl++, p += 2;
		} else if (c == ']' && p + 1 < e && p[1] == ']' && dl) {
			dl--, p += 2;
		} else if (c == '<') {
			const char *q = skip_opaque(p, e);

			p = q ? q : p + 1;
		} else if (c == '|' && !db && !dl) {
			tpl_add(t, start, p, eq);
			start = ++p;
			eq = NULL;
		} else {
			if (c == '=' && !db && !dl && !eq)
				eq = p;
			p++;
		}
	}
	tpl_add(t, start, e, eq);
}

static void
tpl_free(struct tpl *t)
{
	if (t->a != t->small)
		free(t->a);
}

/* pos: the i-th positional argument (1-based), or NULL. */
static const struct targ *
pos(const struct tpl *t, int i)
{
	size_t k;

	for (k = 1; k < t->n; k++)
		if (!t->a[k].ks && --i == 0)
			return &t->a[k];
	return NULL;
}

static int
npos(const struct tpl *t)
{
	size_t k;
	int n = 0;

	for (k = 1; k < t->n; k++)
		n += !t->a[k].ks;
	return n;
}

static const struct targ *
named(const struct tpl *t, const char *key)
{
	size_t k;

	for (k = 1; k < t->n; k++)
		if (t->a[k].ks && ieq(t->a[k].ks, t->a[k].ke - t->a[k].ks, key))
			return &t->a[k];
	return NULL;
}

static int
arg_empty(const struct targ *a)
{
	const char *s, *e;

	if (!a)
		return 1;
	s = a->s, e = a->e;
	trim(&s, &e);
	return s == e;
}

/*
 * is_css: 1 if the argument is a list of CSS declarations ("line-height:
 * 1.25em", "padding-top:0;line-height:1.4em"), which some templates take
 * as a positional argument ({{longitem|STYLE|TEXT}}): style, never text.
 * Every declaration must name a known property, so that a text such as
 * "note: see below" is not taken for one.
 */
static int
is_css(const struct targ *a)
{
	static const char *const props[] = {
		"background", "border", "clear", "color", "display", "float",
		"font", "height", "letter-spacing", "line-height", "margin",
		"max-width", "min-width", "padding", "text-align",
		"text-indent", "vertical-align", "white-space", "width", NULL
	};
	const char *s, *e;
	int n = 0;

	if (!a)
		return 0;
	s = a->s, e = a->e;
	trim(&s, &e);
	while (s < e) {
		const char *p = s, *colon, *semi;
		size_t i, len;

		while (p < e && ((*p >= 'a' && *p <= 'z') || *p == '-'))
			p++;
		colon = p;
		while (colon < e && isws((unsigned char)*colon))
			colon++;
		if (colon == e || *colon != ':' || p == s)
			return 0;
		len = (size_t)(p - s);
		for (i = 0; props[i]; i++) {
			size_t k = strlen(props[i]);

			/* the property or a longhand of it (padding-top) */
			if (len >= k && memcmp(s, props[i], k) == 0 &&
			    (len == k || s[k] == '-'))
				break;
		}
		if (!props[i])
			return 0;
		semi = memchr(colon, ';', (size_t)(e - colon));
		if (semi == NULL)
			semi = e;
		for (p = colon + 1; p < semi && isws((unsigned char)*p); p++)
			;
		if (p == semi)
			return 0;
		n++;
		s = semi < e ? semi + 1 : e;
		while (s < e && isws((unsigned char)*s))
			s++;
	}
	return n > 0;
}

/* pos_text: the i-th positional argument that is not CSS (is_css). */
static const struct targ *
pos_text(const struct tpl *t, int i)
{
	size_t k;

	for (k = 1; k < t->n; k++)
		if (!t->a[k].ks && !is_css(&t->a[k]) && --i == 0)
			return &t->a[k];
	return NULL;
}

/* arg_int: the argument as a small non-negative integer, or -1. */
static long
arg_int(const struct targ *a)
{
	const char *s, *e;
	long v = 0;

	if (!a)
		return -1;
	s = a->s, e = a->e;
	trim(&s, &e);
	if (s == e || e - s > 9)
		return -1;
	for (; s < e; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (*s - '0');
	}
	return v;
}

/* ---- pass 1 ---- */

static void p1(struct wt *w, const char *s, const char *e, struct buf *out);

static void
emit_arg(struct wt *w, const struct targ *a, struct buf *out)
{
	const char *s, *e;

	if (!a)
		return;
	s = a->s, e = a->e;
	trim(&s, &e);
	p1(w, s, e, out);
}

static void p2_inline(struct wt *w, const char *s, const char *e,
    struct buf *out, int oneline);
static void normalize(const char *s, size_t n, struct buf *out);

/*
 * inline_text: the clean one-line text of wikitext s..e (infobox values,
 * heading titles), appended to dst.
 */
static void
inline_text(struct wt *w, const char *s, const char *e, struct buf *dst)
{
	struct buf a = {0}, b = {0};

	trim(&s, &e);
	while (s < e && (*s == '*' || *s == '#' || *s == ':' || *s == ';' ||
	    isws((unsigned char)*s)))
		s++;
	p1(w, s, e, &a);
	p2_inline(w, (char *)a.p, (char *)a.p + a.len, &b, 1);
	normalize((char *)b.p, b.len, dst);
	buf_free(&a);
	buf_free(&b);
}

static void
res_str(struct wt_result *r, const char *s, size_t n, size_t *off,
    size_t *len)
{
	*off = r->strs.len;
	*len = n;
	buf_add(&r->strs, s, n);
}

enum rk {
	R_DROP, R_ARG1, R_ARG2, R_LAST, R_STR, R_CONVERT, R_DATE, R_PREFIX1,
	R_NIHONGO, R_IPAC, R_FRAC, R_VAL, R_JOIN, R_SORTNAME, R_QUOTE,
	R_GLOSS, R_LIT, R_ASOF, R_PAGENAME, R_FORMATNUM, R_DISAMBIG,
	R_INFOBOX, R_HEIGHT, R_YEAR, R_MATHLIT, R_WRAP
};

struct tdef {
	const char *name;
	enum rk kind;
	const char *str;
};

/* Sorted at first use (strcmp order); names are lower case. */
static struct tdef tdefs[] = {
	{"!", R_STR, "|"}, {"'", R_STR, "'"}, {"\"", R_STR, "\""},
	{"-", R_STR, ""}, {"=", R_STR, "="}, {"abbr", R_ARG1, 0},
	{"abbrlink", R_ARG1, 0}, {"as of", R_ASOF, 0}, {"as written", R_ARG1, 0},
	{"bda", R_DATE, 0}, {"big", R_ARG1, 0}, {"birth date", R_DATE, 0},
	{"birth date and age", R_DATE, 0}, {"birth year and age", R_YEAR, 0},
	{"birth-date", R_ARG1, 0}, {"birthdate", R_DATE, 0},
	{"blockquote", R_QUOTE, 0}, {"break", R_STR, ""}, {"bull", R_STR, " • "},
	{"c.", R_PREFIX1, "c. "}, {"center", R_ARG1, 0}, {"circa", R_PREFIX1, "c. "},
	{"clear", R_STR, ""}, {"code", R_ARG1, 0}, {"convert", R_CONVERT, 0},
	{"cquote", R_QUOTE, 0}, {"cvt", R_CONVERT, 0}, {"dab", R_DISAMBIG, 0},
	{"date", R_DATE, 0}, {"dda", R_DATE, 0}, {"death date", R_DATE, 0},
	{"death date and age", R_DATE, 0}, {"death year and age", R_YEAR, 0},
	{"disamb", R_DISAMBIG, 0}, {"disambig", R_DISAMBIG, 0},
	{"disambiguation", R_DISAMBIG, 0}, {"dot", R_STR, " · "},
	{"dts", R_DATE, 0}, {"em", R_ARG1, 0}, {"em dash", R_STR, "—"},
	{"end date", R_DATE, 0}, {"en dash", R_STR, "–"}, {"flag", R_ARG1, 0},
	{"flagcountry", R_ARG1, 0}, {"fl.", R_PREFIX1, "fl. "},
	{"flatlist", R_ARG1, 0}, {"floruit", R_PREFIX1, "fl. "},
	{"frac", R_FRAC, 0}, {"geodis", R_DISAMBIG, 0}, {"gloss", R_GLOSS, 0},
	{"hair space", R_STR, " "}, {"height", R_HEIGHT, 0},
	{"hlist", R_JOIN, 0}, {"hndis", R_DISAMBIG, 0}, {"ill", R_ARG1, 0},
	{"interlanguage link", R_ARG1, 0}, {"interlanguage link multi", R_ARG1, 0},
	{"ipa", R_ARG1, 0}, {"ipac-en", R_IPAC, 0}, {"keypress", R_ARG1, 0},
	{"lang", R_ARG2, 0}, {"larger", R_ARG1, 0}, {"linktext", R_JOIN, ""},
	{"lit", R_LIT, 0}, {"literal translation", R_LIT, 0},
	{"literally", R_LIT, 0}, {"math", R_ARG1, 0}, {"mdash", R_STR, "—"},
	{"middot", R_STR, " · "}, {"mvar", R_ARG1, 0}, {"nbhyph", R_STR, "-"},
	{"nbsp", R_STR, " "}, {"ndash", R_STR, "–"}, {"nihongo", R_NIHONGO, 0},
	{"nobr", R_ARG1, 0}, {"nobreak", R_ARG1, 0}, {"not a typo", R_ARG1, 0},
	{"notatypo", R_ARG1, 0}, {"nowrap", R_ARG1, 0}, {"nts", R_ARG1, 0},
	{"numberdis", R_DISAMBIG, 0}, {"pagename", R_PAGENAME, 0},
	{"plainlist", R_ARG1, 0}, {"proper name", R_ARG1, 0},
	{"quotation", R_QUOTE, 0}, {"quote", R_QUOTE, 0}, {"resize", R_LAST, 0},
	{"rquote", R_QUOTE, 0}, {"script", R_ARG2, 0}, {"sfrac", R_FRAC, 0},
	{"sic", R_ARG1, 0}, {"small", R_ARG1, 0}, {"small caps", R_ARG1, 0},
	{"smallcaps", R_ARG1, 0}, {"smaller", R_ARG1, 0}, {"snd", R_STR, " – "},
	{"sortname", R_SORTNAME, 0}, {"spaced en dash", R_STR, " – "},
	{"spaced ndash", R_STR, " – "}, {"start date", R_DATE, 0},
	{"start date and age", R_DATE, 0}, {"strong", R_ARG1, 0},
	{"sub", R_ARG1, 0}, {"sup", R_ARG1, 0}, {"thinsp", R_STR, " "},
	{"tmath", R_MATHLIT, 0}, {"transl", R_LAST, 0},
	{"transliteration", R_LAST, 0}, {"ubl", R_JOIN, 0},
	{"unbulleted list", R_JOIN, 0}, {"us$", R_PREFIX1, "US$"},
	{"usd", R_PREFIX1, "US$"}, {"val", R_VAL, 0}, {"var", R_ARG1, 0},
	{"zwsp", R_STR, ""}, {"·", R_STR, " · "}, {"•", R_STR, " • "},
	{"£", R_PREFIX1, "£"}, {"€", R_PREFIX1, "€"},
	{"begriffsklärung", R_DISAMBIG, 0}, {"homonymie", R_DISAMBIG, 0},
	{"desambiguación", R_DISAMBIG, 0}, {"disambigua", R_DISAMBIG, 0},
	{"dp", R_DISAMBIG, 0}, {"định hướng", R_DISAMBIG, 0},
	{"неоднозначность", R_DISAMBIG, 0}, {"ujednoznacznienie", R_DISAMBIG, 0},
	{"desambiguação", R_DISAMBIG, 0}, {"nozīmju atdalīšana", R_DISAMBIG, 0},
	{"respell", R_JOIN, "-"}, {"chem", R_JOIN, ""}, {"chem2", R_ARG1, 0},
	{"angbr", R_WRAP, "⟨⟩"}, {"pipe", R_STR, "|"}, {"vanchor", R_ARG1, 0},
	{"'s", R_STR, "'s"}, {"legend", R_ARG2, 0}, {"longitem", R_ARG1, 0},
	{"unicode", R_ARG1, 0}, {"noitalic", R_ARG1, 0}, {"nobold", R_ARG1, 0},
	{"serif", R_ARG1, 0}, {"sans-serif", R_ARG1, 0}, {"color", R_ARG2, 0},
	{"colour", R_ARG2, 0}, {"font color", R_LAST, 0}, {"mono", R_ARG1, 0},
	{"bracket", R_WRAP, "[]"},
};
static int tdefs_sorted;

static int
tdefcmp(const void *a, const void *b)
{
	return strcmp(((const struct tdef *)a)->name,
	    ((const struct tdef *)b)->name);
}

static const char *const box_prefix[] = { "infobox", "taxobox",
	"automatic taxobox", "speciesbox", "chembox", "drugbox", "geobox",
	"ficha de", "info/", "inligtingskas", "bilgi kutusu", "infoboks",
	"карточка", "thông tin", "hộp thông tin", "tietolaatikko", NULL };

static enum rk
classify(const char *nm, const struct tdef **def)
{
	struct tdef key;
	const struct tdef *d;
	size_t n = strlen(nm);
	int i;

	*def = NULL;
	if (!tdefs_sorted) {
		qsort(tdefs, sizeof tdefs / sizeof tdefs[0], sizeof tdefs[0],
		    tdefcmp);
		tdefs_sorted = 1;
	}
	key.name = nm;
	d = bsearch(&key, tdefs, sizeof tdefs / sizeof tdefs[0],
	    sizeof tdefs[0], tdefcmp);
	if (d) {
		*def = d;
		return d->kind;
	}
	if (strncmp(nm, "lang-", 5) == 0 || strncmp(nm, "ipa-", 4) == 0)
		return R_ARG1;
	if (strncmp(nm, "ipac-", 5) == 0)
		return R_IPAC;
	for (i = 0; box_prefix[i]; i++)
		if (strncmp(nm, box_prefix[i], strlen(box_prefix[i])) == 0)
			return R_INFOBOX;
	if (strstr(nm, "infobox"))
		return R_INFOBOX;
	if (strncmp(nm, "disambig", 8) == 0 ||
	    (n > 15 && strcmp(nm + n - 15, " disambiguation") == 0))
		return R_DISAMBIG;
	return R_DROP;
}

static const char *const months[] = { "January", "February", "March",
	"April", "May", "June", "July", "August", "September", "October",
	"November", "December" };

/* render_date: y m d from positional args first..; free text kept. */
static void
render_date(struct wt *w, const struct tpl *t, int first, struct buf *out)
{
	long y = arg_int(pos(t, first)), m = arg_int(pos(t, first + 1));
	long d = arg_int(pos(t, first + 2));
	const struct targ *mf = named(t, "mf");
	int mdy = mf && !arg_empty(mf) && lc((unsigned char)*mf->s) == 'y';

	if (y < 0) {
		emit_arg(w, pos(t, first), out);
		return;
	}
	if (m < 1 || m > 12) {
		buf_printf(out, "%ld", y);
	} else if (d < 1 || d > 31) {
		buf_printf(out, "%s %ld", months[m - 1], y);
	} else if (mdy) {
		buf_printf(out, "%s %ld, %ld", months[m - 1], d, y);
	} else {
		buf_printf(out, "%ld %s %ld", d, months[m - 1], y);
	}
}

static const char *
unit_name(const char *s, const char *e, char *tmp, size_t cap)
{
	static const char *const map[][2] = {
		{"km2", "km²"}, {"sqkm", "km²"}, {"m2", "m²"}, {"sqmi", "sq mi"},
		{"sqft", "sq ft"}, {"ft2", "sq ft"}, {"m3", "m³"},
		{"cuft", "cu ft"}, {"C", "°C"}, {"F", "°F"}, {"K", "K"},
		{"acre", "acres"}, {"kmh", "km/h"}, {"kph", "km/h"},
		{"ftin", "ft"}, {"lbf", "lbf"}, {NULL, NULL} };
	size_t n = e - s;
	int i;

	for (i = 0; map[i][0]; i++)
		if (strlen(map[i][0]) == n && memcmp(s, map[i][0], n) == 0)
			return map[i][1];
	if (n >= cap)
		n = cap - 1;
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	return tmp;
}

static void
render_convert(struct wt *w, const struct tpl *t, struct buf *out)
{
	static const char *const seps[][2] = {
		{"-", "–"}, {"–", "–"}, {"to", " to "}, {"and", " and "},
		{"or", " or "}, {"to(-)", " to "}, {"and(-)", " and "},
		{"by", " by "}, {"x", " × "}, {"×", " × "}, {"+/-", " ± "},
		{"±", " ± "}, {NULL, NULL} };
	const struct targ *v = pos(t, 1), *u = pos(t, 2);
	char tmp[64];
	int i, k = 2;

	if (!v)
		return;
	emit_arg(w, v, out);
	for (;;) {
		const char *s, *e;

		if (!u)
			return;
		s = u->s, e = u->e;
		trim(&s, &e);
		for (i = 0; seps[i][0]; i++)
			if (strlen(seps[i][0]) == (size_t)(e - s) &&
			    memcmp(s, seps[i][0], e - s) == 0)
				break;
		if (!seps[i][0])
			break;
		buf_adds(out, seps[i][1]);
		emit_arg(w, pos(t, k + 1), out);
		k += 2;
		u = pos(t, k);
	}
	if (u && !arg_empty(u)) {
		const char *s = u->s, *e = u->e;

		trim(&s, &e);
		buf_addc(out, ' ');
		buf_adds(out, unit_name(s, e, tmp, sizeof tmp));
	}
}

/* infobox: keep the fields of the first infobox of the page. */
static void
infobox(struct wt *w, const struct tpl *t)
{
	struct wt_result *r = w->res;
	const char *ns = t->a[0].s, *ne = t->a[0].e;
	size_t k;

	if (!r || r->has_box)
		return;
	r->has_box = 1;
	trim(&ns, &ne);
	res_str(r, ns, ne - ns, &r->box_name_off, &r->box_name_len);
	for (k = 1; k < t->n; k++) {
		const struct targ *a = &t->a[k];
		struct wt_field *f;
		size_t off = r->strs.len;

		if (!a->ks || a->ks == a->ke || arg_empty(a))
			continue;
		inline_text(w, a->s, a->e, &r->strs);
		if (r->strs.len == off)
			continue;
		if (r->nbox == r->capbox) {
			r->capbox = r->capbox ? r->capbox * 2 : 32;
			r->box = erealloc(r->box, r->capbox * sizeof *r->box);
		}
		f = &r->box[r->nbox++];
		f->v_off = off;
		f->v_len = r->strs.len - off;
		res_str(r, a->ks, a->ke - a->ks, &f->k_off, &f->k_len);
	}
}

/* tpl_name: the normalised (lower-case, single-spaced) template name. */
static void
tpl_name(const char *s, const char *e, char *nm, size_t cap)
{
	size_t n = 0;
	int sp = 0;

	trim(&s, &e);
	if (iprefix(s, e - s, "template:"))
		s += 9;
	for (; s < e && n < cap - 1; s++) {
		int c = (unsigned char)*s;

		if (c == '<' && e - s >= 4 && memcmp(s, "<!--", 4) == 0) {
			const char *q = skip_opaque(s, e);

			s = q - 1;
			continue;
		}
		if (c == '_' || isws(c)) {
			sp = n > 0;
			continue;
		}
		if (sp && n < cap - 2)
			nm[n++] = ' ';
		sp = 0;
		nm[n++] = (char)lc(c);
	}
	nm[n] = '\0';
}

static void
render_formatnum(const char *s, const char *e, struct buf *out)
{
	const char *p, *dot;
	size_t nd;

	trim(&s, &e);
	for (p = s; p < e && *p >= '0' && *p <= '9'; p++)
		;
	dot = p;
	if (p == s || (p < e && *p != '.')) {
		buf_add(out, s, e - s);
		return;
	}
	nd = dot - s;
	for (p = s; p < dot; p++) {
		buf_addc(out, *p);
		nd--;
		if (nd && nd % 3 == 0)
			buf_addc(out, ',');
	}
	buf_add(out, dot, e - dot);
}

/* parser functions and magic words with a colon: "#if:", "formatnum:" */
static int
magic_colon(struct wt *w, const struct tpl *t, struct buf *out)
{
	const char *s = t->a[0].s, *e = t->a[0].e, *colon;
	size_t n;

	trim(&s, &e);
	colon = memchr(s, ':', e - s);
	if (!colon)
		return 0;
	n = colon - s;
	if (*s == '#')
		return 1;	/* #if, #switch, #invoke, #tag ...: dropped */
	if (ieq(s, n, "formatnum")) {
		struct buf tmp = {0};

		p1(w, colon + 1, e, &tmp);
		render_formatnum((char *)tmp.p, (char *)tmp.p + tmp.len, out);
		buf_free(&tmp);
		return 1;
	}
	if (ieq(s, n, "lc") || ieq(s, n, "uc") || ieq(s, n, "lcfirst") ||
	    ieq(s, n, "ucfirst")) {
		p1(w, colon + 1, e, out);
		return 1;
	}
	if (ieq(s, n, "defaultsort") || ieq(s, n, "displaytitle") ||
	    ieq(s, n, "defaultsortkey") || ieq(s, n, "urlencode") ||
	    ieq(s, n, "fullurl") || ieq(s, n, "localurl") ||
	    ieq(s, n, "padleft") || ieq(s, n, "padright") ||
	    ieq(s, n, "int") || ieq(s, n, "ns") || ieq(s, n, "plural") ||
	    ieq(s, n, "msgnw") || ieq(s, n, "filepath") ||
	    ieq(s, n, "anchorencode") || ieq(s, n, "gender"))
		return 1;
	return 0;
}

/* template: s at "{{"; render or drop it, return where to go on. */
static const char *
template(struct wt *w, const char *s, const char *e, struct buf *out)
{
	const char *end = match(s, e, '{', '}');
	const struct tdef *def;
	struct tpl t;
	char nm[96];
	enum rk kind;
	int i, n;

	if (!end)
		return s + 2;	/* an unclosed "{{" is dropped */
	tpl_split(&t, s + 2, end - 2);
	if (magic_colon(w, &t, out))
		goto out;
	tpl_name(t.a[0].s, t.a[0].e, nm, sizeof nm);
	if (strncmp(nm, "subst:", 6) == 0 || strncmp(nm, "safesubst:", 10) == 0)
		memmove(nm, strchr(nm, ':') + 1, strlen(strchr(nm, ':')));
	if (strcmp(nm, "pagename") == 0 || strcmp(nm, "fullpagename") == 0 ||
	    strcmp(nm, "pagenamee") == 0 || strcmp(nm, "basepagename") == 0) {
		if (w->title)
			buf_adds(out, w->title);
		goto out;
	}
	kind = classify(nm, &def);
	switch (kind) {
	case R_DROP:
		break;
	case R_ARG1:
		emit_arg(w, pos_text(&t, 1) ? pos_text(&t, 1) : named(&t, "1"),
		    out);
		break;
	case R_ARG2:
		emit_arg(w, pos(&t, 2), out);
		break;
	case R_LAST:
		emit_arg(w, pos(&t, npos(&t)), out);
		break;
	case R_STR:
		buf_adds(out, def->str);
		break;
	case R_PREFIX1:
		if (!arg_empty(pos(&t, 1))) {
			buf_adds(out, def->str);
			emit_arg(w, pos(&t, 1), out);
		}
		break;
	case R_CONVERT:
		render_convert(w, &t, out);
		break;
	case R_DATE:
		render_date(w, &t, 1, out);
		break;
	case R_YEAR:
		emit_arg(w, pos(&t, 1), out);
		break;
	case R_ASOF:
		buf_adds(out, "As of ");
		render_date(w, &t, 1, out);
		break;
	case R_NIHONGO: {
		const struct targ *en = pos(&t, 1), *kj = pos(&t, 2);
		const struct targ *ro = pos(&t, 3);

		if (!arg_empty(en)) {
			emit_arg(w, en, out);
			if (arg_empty(kj) && arg_empty(ro))
				break;
			buf_adds(out, " (");
		} else {
			en = NULL;
		}
		emit_arg(w, kj, out);
		if (!arg_empty(ro)) {
			buf_adds(out, en ? ", " : " (");
			emit_arg(w, ro, out);
			if (!en)
				buf_addc(out, ')');
		}
		if (en)
			buf_addc(out, ')');
		break;
	}
	case R_IPAC: {
		static const char *const labels[] = { "lang", "pron", "local",
		    "us", "uk", "audio", "ipa", NULL };

		buf_addc(out, '/');
		n = npos(&t);
		for (i = 1; i <= n; i++) {
			const struct targ *a = pos(&t, i);
			int k;

			for (k = 0; labels[k]; k++)
				if (ieq(a->s, a->e - a->s, labels[k]))
					break;
			if (!labels[k])
				emit_arg(w, a, out);
		}
		buf_addc(out, '/');
		break;
	}
	case R_FRAC:
		n = npos(&t);
		if (n == 1) {
			buf_adds(out, "1/");
			emit_arg(w, pos(&t, 1), out);
		} else if (n == 2) {
			emit_arg(w, pos(&t, 1), out);
			buf_addc(out, '/');
			emit_arg(w, pos(&t, 2), out);
		} else if (n >= 3) {
			emit_arg(w, pos(&t, 1), out);
			buf_addc(out, ' ');
			emit_arg(w, pos(&t, 2), out);
			buf_addc(out, '/');
			emit_arg(w, pos(&t, 3), out);
		}
		break;
	case R_VAL: {
		const struct targ *u = named(&t, "u");

		if (!u)
			u = named(&t, "ul");
		emit_arg(w, pos(&t, 1), out);
		if (!arg_empty(pos(&t, 2))) {
			buf_adds(out, " ± ");
			emit_arg(w, pos(&t, 2), out);
		}
		if (!arg_empty(u)) {
			buf_addc(out, ' ');
			emit_arg(w, u, out);
		}
		break;
	}
	case R_JOIN:
		n = npos(&t);
		for (i = 1; i <= n; i++) {
			if (arg_empty(pos(&t, i)))
				continue;
			if (i > 1)
				buf_adds(out, def && def->str ? def->str : ", ");
			emit_arg(w, pos(&t, i), out);
		}
		break;
	case R_SORTNAME:
		emit_arg(w, pos(&t, 1), out);
		buf_addc(out, ' ');
		emit_arg(w, pos(&t, 2), out);
		break;
	case R_QUOTE: {
		const struct targ *q = named(&t, "text");

		if (!q)
			q = named(&t, "quote");
		if (!q)
			q = pos(&t, 1);
		if (arg_empty(q))
			break;
		buf_adds(out, "\n\n");
		emit_arg(w, q, out);
		buf_adds(out, "\n\n");
		break;
	}
	case R_GLOSS:
		buf_adds(out, "‘");
		emit_arg(w, pos(&t, 1), out);
		buf_adds(out, "’");
		break;
	case R_LIT:
		buf_adds(out, "lit. ‘");
		emit_arg(w, pos(&t, 1), out);
		buf_adds(out, "’");
		break;
	case R_PAGENAME:
		if (w->title)
			buf_adds(out, w->title);
		break;
	case R_FORMATNUM:
		break;
	case R_DISAMBIG:
		if (w->res)
			w->res->disambig = 1;
		break;
	case R_INFOBOX:
		if (w->res)
			infobox(w, &t);
		break;
	case R_HEIGHT: {
		static const char *const u[] = { "m", "cm", "ft", "in", NULL };

		for (i = 0; u[i]; i++) {
			const struct targ *a = named(&t, u[i]);

			if (arg_empty(a))
				continue;
			if (out->len && out->p[out->len - 1] != ' ')
				buf_addc(out, ' ');
			emit_arg(w, a, out);
			buf_printf(out, " %s", u[i]);
		}
		break;
	}
	case R_WRAP: {
		/* def->str is the opening and the closing mark, UTF-8. */
		size_t half = strlen(def->str) / 2;

		buf_add(out, def->str, half);
		emit_arg(w, pos(&t, 1), out);
		buf_adds(out, def->str + half);
		break;
	}
	case R_MATHLIT:
		if (w->o.math && !arg_empty(pos(&t, 1))) {
			const struct targ *a = pos(&t, 1);

			buf_addc(out, LIT_ON);
			buf_add(out, a->s, a->e - a->s);
			buf_addc(out, LIT_OFF);
		}
		break;
	}
out:
	tpl_free(&t);
	return end;
}

static int
names_has(const struct names *ns, const char *s, size_t n)
{
	int i;

	for (i = 0; i < ns->n; i++) {
		const char *v = ns->v[i];
		size_t k;

		for (k = 0; k < n && v[k]; k++) {
			int a = (unsigned char)s[k], b = (unsigned char)v[k];

			if (a == '_')
				a = ' ';
			if (b == '_')
				b = ' ';
			if (lc(a) != lc(b))
				break;
		}
		if (k == n && !v[k])
			return 1;
	}
	return 0;
}

static void
names_add(struct names *ns, const char *s)
{
	if (!s || !*s || ns->n >= 40 || names_has(ns, s, strlen(s)))
		return;
	snprintf(ns->v[ns->n], sizeof ns->v[0], "%s", s);
	ns->n++;
}

/* interlang: an interlanguage prefix ("de", "zh-min-nan", "simple"). */
static int
interlang(const char *s, size_t n)
{
	static const char *const not_lang[] = { "wp", "mw", "voy", "doi",
	    "rfc", "iso", "irc", "wmf", "sep", "bbc", NULL };
	size_t i, run = 0;
	int k;

	if (n == 6 && memcmp(s, "simple", 6) == 0)
		return 1;
	if (n < 2 || n > 12)
		return 0;
	for (i = 0; i < n; i++) {
		if (s[i] >= 'a' && s[i] <= 'z') {
			run++;
		} else if (s[i] == '-' && run >= 2 && i + 1 < n) {
			run = 0;
		} else {
			return 0;
		}
	}
	if (memchr(s, '-', n) == NULL && n > 3)
		return 0;
	for (k = 0; not_lang[k]; k++)
		if (strlen(not_lang[k]) == n && memcmp(s, not_lang[k], n) == 0)
			return 0;
	return 1;
}

static void
add_category(struct wt *w, const char *s, const char *e)
{
	struct wt_result *r = w->res;
	const char *bar = memchr(s, '|', e - s);
	size_t off, i;

	if (!r)
		return;
	if (bar)
		e = bar;
	trim(&s, &e);
	if (s == e)
		return;
	if (r->ncat == r->capcat) {
		r->capcat = r->capcat ? r->capcat * 2 : 16;
		r->cat_off = erealloc(r->cat_off, r->capcat * sizeof(size_t));
		r->cat_len = erealloc(r->cat_len, r->capcat * sizeof(size_t));
	}
	off = r->strs.len;
	buf_add(&r->strs, s, e - s);
	for (i = off; i < r->strs.len; i++)
		if (r->strs.p[i] == '_')
			r->strs.p[i] = ' ';
	r->cat_off[r->ncat] = off;
	r->cat_len[r->ncat++] = e - s;
}

/* link: s at "[["; render the wiki link, return where to go on. */
static const char *
link(struct wt *w, const char *s, const char *e, struct buf *out)
{
	const char *end = match(s, e, '[', ']');
	const char *in, *ie, *bar, *colon, *ts, *te;
	int visible = 0;

	if (!end)
		return s + 2;
	in = s + 2, ie = end - 2;
	trim(&in, &ie);
	if (in < ie && *in == ':') {
		visible = 1;
		in++;
	}
	/* The target ends at the first '|' outside nested markup. */
	for (bar = in; bar < ie && *bar != '|' && *bar != '[' && *bar != '{';)
		bar++;
	if (bar < ie && *bar != '|')
		bar = memchr(bar, '|', ie - bar);
	if (!bar)
		bar = ie;
	ts = in, te = bar;
	trim(&ts, &te);
	colon = memchr(ts, ':', te - ts);
	if (colon && !visible) {
		const char *ps = ts, *pe = colon;

		trim(&ps, &pe);
		if (names_has(&w->cat, ps, pe - ps)) {
			add_category(w, colon + 1, ie);
			return end;
		}
		if (names_has(&w->file, ps, pe - ps))
			return end;
		if (bar == ie && interlang(ps, pe - ps))
			return end;
	}
	if (bar < ie) {
		const char *ls = bar + 1, *le = ie;

		trim(&ls, &le);
		if (ls < le) {
			p1(w, ls, le, out);
			return end;
		}
		/* The pipe trick: "[[Foo (bar)|]]" shows "Foo". */
		if (colon)
			ts = colon + 1;
		for (ls = ts; ls < te && *ls != '(' && *ls != ','; ls++)
			;
		te = ls;
		trim(&ts, &te);
	}
	if (ts < te && *ts == '#')
		ts++;
	for (; ts < te; ts++)
		buf_addc(out, *ts == '_' ? ' ' : *ts);
	return end;
}

/* extlink: s at '['; an external link "[url label]" or NULL. */
static const char *
extlink(struct wt *w, const char *s, const char *e, struct buf *out)
{
	static const char *const schemes[] = { "http://", "https://", "ftp://",
	    "//", "mailto:", "irc://", "ircs://", "news:", "gopher://",
	    "sftp://", "telnet://", "nntp://", "worldwind://", "urn:", NULL };
	const char *p = s + 1, *close, *sp;
	int i;

	for (i = 0; schemes[i]; i++)
		if (iprefix(p, e - p, schemes[i]))
			break;
	if (!schemes[i] || !budget)
		return NULL;
	for (close = p; close < e && *close != ']' && *close != '\n';) {
		const char *q = NULL;

		/* A label may hold links and templates: "[url a [[b]] c]". */
		if (close + 1 < e && close[0] == '[' && close[1] == '[')
			q = match(close, e, '[', ']');
		else if (close + 1 < e && close[0] == '{' && close[1] == '{')
			q = match(close, e, '{', '}');
		close = q ? q : close + 1;
	}
	if (!spend(close - p) || close >= e || *close != ']')
		return NULL;
	for (sp = p; sp < close && *sp != ' ' && *sp != '\t'; sp++)
		;
	if (sp < close)
		p1(w, sp + 1, close, out);
	return close + 1;
}

static void
literal(struct buf *out, const char *s, const char *e, int nl)
{
	buf_addc(out, LIT_ON);
	for (; s < e; s++) {
		int c = (unsigned char)*s;

		if (c == '\n')
			c = nl;
		else if (c < 4)
			c = ' ';
		buf_addc(out, c);
	}
	buf_addc(out, LIT_OFF);
}

enum { T_UNKNOWN, T_INLINE, T_BLOCK, T_BR, T_DROP, T_NOWIKI, T_PRE,
	T_MATH, T_CODE, T_POEM, T_TABLE };

struct tagdef {
	const char *name;
	int kind;
};

static const struct tagdef tagdefs[] = {
	{"abbr", T_INLINE}, {"b", T_INLINE}, {"bdi", T_INLINE},
	{"bdo", T_INLINE}, {"big", T_INLINE}, {"blockquote", T_BLOCK},
	{"br", T_BR}, {"caption", T_BLOCK}, {"categorytree", T_DROP},
	{"ce", T_MATH}, {"center", T_BLOCK}, {"charinsert", T_DROP},
	{"chem", T_MATH}, {"cite", T_INLINE}, {"code", T_INLINE},
	{"data", T_INLINE}, {"dd", T_BLOCK}, {"del", T_INLINE},
	{"dfn", T_INLINE}, {"div", T_BLOCK}, {"dl", T_BLOCK},
	{"dt", T_BLOCK}, {"dynamicpagelist", T_DROP}, {"em", T_INLINE},
	{"font", T_INLINE}, {"gallery", T_DROP}, {"graph", T_DROP},
	{"h1", T_BLOCK}, {"h2", T_BLOCK}, {"h3", T_BLOCK}, {"h4", T_BLOCK},
	{"h5", T_BLOCK}, {"h6", T_BLOCK}, {"hiero", T_DROP},
	{"hr", T_BLOCK}, {"i", T_INLINE}, {"imagemap", T_DROP},
	{"includeonly", T_DROP}, {"indicator", T_DROP}, {"inputbox", T_DROP},
	{"ins", T_INLINE}, {"kbd", T_INLINE}, {"li", T_BLOCK},
	{"mapframe", T_DROP}, {"maplink", T_DROP}, {"mark", T_INLINE},
	{"math", T_MATH}, {"noinclude", T_INLINE}, {"nowiki", T_NOWIKI},
	{"ol", T_BLOCK}, {"onlyinclude", T_INLINE}, {"p", T_BLOCK},
	{"poem", T_POEM}, {"pre", T_PRE}, {"q", T_INLINE},
	{"rb", T_INLINE}, {"ref", T_DROP}, {"references", T_DROP},
	{"rp", T_DROP}, {"rt", T_INLINE}, {"ruby", T_INLINE},
	{"s", T_INLINE}, {"samp", T_INLINE}, {"score", T_DROP},
	{"section", T_DROP}, {"small", T_INLINE}, {"source", T_CODE},
	{"span", T_INLINE}, {"strike", T_INLINE}, {"strong", T_INLINE},
	{"sub", T_INLINE}, {"sup", T_INLINE}, {"syntaxhighlight", T_CODE},
	{"table", T_TABLE}, {"tbody", T_BLOCK}, {"td", T_BLOCK},
	{"templatedata", T_DROP}, {"templatestyles", T_DROP},
	{"th", T_BLOCK}, {"time", T_INLINE}, {"timeline", T_DROP},
	{"tr", T_BLOCK}, {"tt", T_INLINE}, {"u", T_INLINE},
	{"ul", T_BLOCK}, {"var", T_INLINE}, {"wbr", T_INLINE},
};

static int
tagcmp(const void *k, const void *e)
{
	return strcmp(k, ((const struct tagdef *)e)->name);
}

/* tag: s at '<'; handle a comment or an HTML-like tag. */
static const char *
tag(struct wt *w, const char *s, const char *e, struct buf *out)
{
	const struct tagdef *td;
	const char *te, *c, *after;
	char nm[24];
	int closing = 0, selfclose;
	size_t n;

	if (e - s >= 4 && memcmp(s, "<!--", 4) == 0)
		return skip_opaque(s, e);
	if (s + 1 < e && s[1] == '/')
		closing = 1;
	n = tag_name(s + 1 + closing, e, nm, sizeof nm);
	if (!n)
		return NULL;
	td = bsearch(nm, tagdefs, sizeof tagdefs / sizeof tagdefs[0],
	    sizeof tagdefs[0], tagcmp);
	if (!td || !(te = tag_end(s, e)))
		return NULL;
	after = te + 1;
	selfclose = te[-1] == '/';
	if (closing) {
		/* A stray closer: block ones end a line, the rest vanish. */
		if (td->kind == T_BLOCK || td->kind == T_POEM)
			buf_addc(out, '\n');
		if (td->kind == T_BR)
			buf_addc(out, BR);
		return after;
	}
	switch (td->kind) {
	case T_INLINE:
		return after;
	case T_BLOCK:
		buf_addc(out, '\n');
		return after;
	case T_BR:
		buf_addc(out, BR);
		return after;
	default:
		break;
	}
	if (selfclose)
		return after;
	c = find_close(after, e, nm);
	if (!c) {
		/* Unclosed: only the opening tag goes, the text stays. */
		return after;
	}
	switch (td->kind) {
	case T_DROP:
	case T_TABLE:
		break;
	case T_NOWIKI:
		literal(out, after, c, ' ');
		break;
	case T_PRE:
	case T_CODE:
		literal(out, after, c, BR);
		break;
	case T_MATH:
		if (w->o.math) {
			const char *ms = after, *me = c;

			trim(&ms, &me);
			literal(out, ms, me, ' ');
		}
		break;
	case T_POEM: {
		struct buf tmp = {0};
		size_t i;

		p1(w, after, c, &tmp);
		for (i = 0; i < tmp.len; i++)
			if (tmp.p[i] == '\n')
				tmp.p[i] = BR;
		buf_addc(out, '\n');
		buf_add(out, tmp.p, tmp.len);
		buf_addc(out, '\n');
		buf_free(&tmp);
		break;
	}
	}
	c = memchr(c, '>', e - c);
	return c ? c + 1 : e;
}

/* at_line_start: s is preceded on its line by blanks only. */
static int
at_line_start(const char *base, const char *s)
{
	while (s > base && (s[-1] == ' ' || s[-1] == '\t'))
		s--;
	return s == base || s[-1] == '\n';
}

/* line_end: the end of the line at s (the '\n' or e). */
static const char *
line_end(const char *s, const char *e)
{
	const char *q = memchr(s, '\n', e - s);

	return q ? q : e;
}

/* table_end: s at "{|" on a line start; the end of the whole table. */
static const char *
table_end(const char *s, const char *e)
{
	const char *p = line_end(s, e);
	int depth = 1;

	while (p < e) {
		const char *ls = p + 1, *le;

		le = line_end(ls, e);
		while (ls < le && (*ls == ' ' || *ls == '\t'))
			ls++;
		if (le - ls >= 2 && ls[0] == '{' && ls[1] == '|')
			depth++;
		else if (le - ls >= 2 && ls[0] == '|' && ls[1] == '}') {
			if (--depth == 0)
				return ls + 2;
		}
		p = le;
	}
	return e;
}

/*
 * strip_attrs: drop leading HTML attributes (colspan="2" align=left) from
 * a cell that has no "|" after them, as left by templates that expand to
 * attributes ("| colspan=5 {{Yes}}").
 */
static void
strip_attrs(const char **s, const char *e)
{
	static const char *const names[] = { "colspan", "rowspan", "style",
	    "class", "align", "valign", "bgcolor", "width", "height", "scope",
	    "id", "nowrap", "data-sort-value", "data-sort-type", "lang",
	    "dir", NULL };
	const char *p = *s;

	for (;;) {
		const char *n;
		int i;

		while (p < e && (*p == ' ' || *p == '\t'))
			p++;
		for (n = p; n < e && ((*n >= 'a' && *n <= 'z') || *n == '-' ||
		    (*n >= 'A' && *n <= 'Z')); n++)
			;
		if (n == p || n >= e || *n != '=')
			break;
		for (i = 0; names[i]; i++)
			if (ieq(p, n - p, names[i]))
				break;
		if (!names[i])
			break;
		n++;
		if (n < e && (*n == '"' || *n == '\'')) {
			const char *q = memchr(n + 1, *n, e - n - 1);

			if (!q)
				break;
			n = q + 1;
		} else {
			while (n < e && *n != ' ' && *n != '\t')
				n++;
		}
		p = *s = n;
	}
}

/* cell_content: strip "attrs |" from a table cell. */
static void
cell_content(const char **s, const char **e)
{
	const char *p;
	int db = 0, dl = 0;

	for (p = *s; p < *e; p++) {
		if (p + 1 < *e && p[0] == '{' && p[1] == '{')
			db++, p++;
		else if (p + 1 < *e && p[0] == '}' && p[1] == '}')
			db--, p++;
		else if (p + 1 < *e && p[0] == '[' && p[1] == '[')
			dl++, p++;
		else if (p + 1 < *e && p[0] == ']' && p[1] == ']')
			dl--, p++;
		else if (*p == '|' && db <= 0 && dl <= 0) {
			if (memchr(*s, '=', p - *s) || p == *s)
				*s = p + 1;
			return;
		}
	}
	strip_attrs(s, *e);
}

static void
table_cell(struct wt *w, const char *s, const char *e, struct buf *row)
{
	struct buf tmp = {0};
	size_t i, start = row->len;

	cell_content(&s, &e);
	p1(w, s, e, &tmp);
	for (i = 0; i < tmp.len; i++)
		if (tmp.p[i] == '\n' || tmp.p[i] == BR)
			tmp.p[i] = ' ';
	if (row->len)
		buf_adds(row, "; ");
	buf_add(row, tmp.p, tmp.len);
	/* An empty cell leaves no separator behind. */
	for (i = start; i < row->len && (row->p[i] == ' ' ||
	    row->p[i] == ';'); i++)
		;
	if (i == row->len)
		row->len = start;
	buf_free(&tmp);
}

/* table: render the table s..e (without the final "|}") as text rows. */
static void
table(struct wt *w, const char *s, const char *e, struct buf *out)
{
	struct buf row = {0};
	const char *p = line_end(s, e);

	buf_adds(out, "\n\n");
	while (p < e) {
		const char *ls = p + 1, *le = line_end(ls, e);

		p = le;
		while (ls < le && (*ls == ' ' || *ls == '\t'))
			ls++;
		if (ls >= le)
			continue;
		if (le - ls >= 2 && ls[0] == '{' && ls[1] == '|') {
			const char *te = table_end(ls, e);

			if (w->depth < MAXDEPTH) {
				w->depth++;
				table(w, ls, te, &row);
				w->depth--;
			}
			p = line_end(te, e);
			continue;
		}
		if (le - ls >= 2 && ls[0] == '|' && (ls[1] == '-' ||
		    ls[1] == '}')) {
			if (row.len) {
				buf_add(out, row.p, row.len);
				buf_addc(out, BR);
				row.len = 0;
			}
			continue;
		}
		if (*ls == '|' || *ls == '!') {
			const char *sep = *ls == '!' ? "!!" : "||";
			const char *c = ls + 1 + (ls[1] == '+');

			for (;;) {
				const char *q = c;

				while (q + 1 < le && !(q[0] == sep[0] &&
				    q[1] == sep[0]) && !(q[0] == '|' && q[1] == '|'))
					q++;
				if (q + 1 >= le)
					q = le;
				table_cell(w, c, q, &row);
				if (q >= le)
					break;
				c = q + 2;
			}
			continue;
		}
		/* A continuation line of the last cell. */
		table_cell(w, ls, le, &row);
	}
	if (row.len)
		buf_add(out, row.p, row.len);
	buf_adds(out, "\n\n");
	buf_free(&row);
}

/* Bytes that stop the fast copy loop of p1. */
static unsigned char p1_special[256];

static void
p1_init(void)
{
	p1_special['{'] = p1_special['['] = p1_special['<'] = 1;
	p1_special['_'] = p1_special['}'] = p1_special[']'] = 1;
	p1_special[0] = p1_special[1] = p1_special[2] = p1_special[3] = 1;
}

static void
p1(struct wt *w, const char *s, const char *e, struct buf *out)
{
	const char *base = s;

	if (w->depth >= MAXDEPTH)
		return;
	w->depth++;
	while (s < e) {
		const char *q = s, *r;
		int c;

		while (q < e && !p1_special[(unsigned char)*q])
			q++;
		buf_add(out, s, q - s);
		if ((s = q) >= e)
			break;
		c = (unsigned char)*s;
		r = NULL;
		switch (c) {
		case '{':
			if (s + 1 < e && s[1] == '{') {
				r = template(w, s, e, out);
			} else if (s + 1 < e && s[1] == '|' &&
			    at_line_start(base, s)) {
				const char *te = table_end(s, e);

				if (w->o.tables)
					table(w, s, te, out);
				else
					buf_addc(out, '\n');
				r = te;
			}
			break;
		case '[':
			if (s + 1 < e && s[1] == '[')
				r = link(w, s, e, out);
			else
				r = extlink(w, s, e, out);
			break;
		case '<':
			r = tag(w, s, e, out);
			break;
		case '_':
			if (s + 4 < e && s[1] == '_') {
				const char *m = s + 2;

				while (m < e && *m >= 'A' && *m <= 'Z')
					m++;
				if (m > s + 2 && m + 1 < e && m[0] == '_' &&
				    m[1] == '_') {
					if (w->res && m - s - 2 == 8 &&
					    memcmp(s + 2, "DISAMBIG", 8) == 0)
						w->res->disambig = 1;
					r = m + 2;
				}
			}
			break;
		case '}':
		case ']':
			/* Stray closers are debris of broken markup. */
			if (s + 1 < e && s[1] == c)
				r = s + 2;
			break;
		default:
			buf_addc(out, ' ');
			r = s + 1;
			break;
		}
		if (r) {
			s = r;
		} else {
			buf_addc(out, c);
			s++;
		}
	}
	w->depth--;
}

/* ---- pass 2 ---- */

static unsigned char p2_special[256];
static unsigned char norm_special[256];

static void
p2_init(void)
{
	p2_special['\''] = p2_special['&'] = p2_special[LIT_ON] = 1;
	p2_special[BR] = p2_special[LIT_OFF] = p2_special['\n'] = 1;
	p2_special['\t'] = p2_special['\r'] = 1;
	norm_special[' '] = norm_special['\t'] = norm_special['\r'] = 1;
	norm_special['\n'] = norm_special[','] = norm_special[';'] = 1;
	norm_special['.'] = norm_special[')'] = 1;
}

/*
 * p2_inline: render one line (or, with oneline, any text with newlines
 * turned into spaces): quotes, entities, literals, <br>.
 */
static void
p2_inline(struct wt *w, const char *s, const char *e, struct buf *out,
    int oneline)
{
	(void)w;
	while (s < e) {
		const char *q = s;
		size_t k;

		while (q < e && !p2_special[(unsigned char)*q])
			q++;
		buf_add(out, s, q - s);
		if ((s = q) >= e)
			break;
		switch (*s) {
		case '\'':
			for (k = 0; s + k < e && s[k] == '\''; k++)
				;
			if (k == 1)
				buf_addc(out, '\'');
			else if (k == 4)
				buf_addc(out, '\'');
			else if (k > 5)
				buf_add(out, s, k - 5);
			s += k;
			break;
		case '&':
			k = entity(s, e, out);
			if (!k) {
				buf_addc(out, '&');
				k = 1;
			}
			s += k;
			break;
		case LIT_ON:
			for (s++; s < e && *s != LIT_OFF; ) {
				if (*s == '&' && (k = entity(s, e, out))) {
					s += k;
				} else {
					buf_addc(out, *s == BR ? (oneline ?
					    ' ' : '\n') : *s);
					s++;
				}
			}
			break;
		case BR:
			buf_addc(out, oneline ? ' ' : '\n');
			s++;
			break;
		case '\n':
			if (oneline) {
				/* List markers of a value in an infobox. */
				buf_adds(out, ", ");
				s++;
				while (s < e && (*s == '*' || *s == '#' ||
				    *s == ':' || *s == ';' || *s == ' '))
					s++;
				break;
			}
			/* FALLTHROUGH */
		default:
			buf_addc(out, ' ');
			s++;
			break;
		}
	}
}

/* closes_sentence: c may follow a punctuation mark we pull left. */
static int
after_punct(const char *p, const char *e)
{
	return p >= e || *p == ' ' || *p == '\n' || *p == ')' || *p == '"' ||
	    *p == '\'' || *p == ']';
}

/*
 * normalize: append s with whitespace collapsed, lines trimmed, no space
 * before a comma or full stop, and no debris of removed templates ("( ;",
 * "()", ", ,").
 */
static void
normalize(const char *s, size_t n, struct buf *out)
{
	const char *e = s + n;
	unsigned char *base, *o;

	/* Every input byte gives at most one output byte. */
	buf_reserve(out, n + 1);
	base = o = out->p + out->len;
	while (s < e) {
		int c = (unsigned char)*s++;

		/* Words are short: copy byte by byte, spaces inline. */
		if (!norm_special[c]) {
			*o++ = c;
			continue;
		}
		switch (c) {
		case ' ':
		case '\t':
		case '\r':
			if (o > base && o[-1] != ' ' && o[-1] != '\n' &&
			    o[-1] != '(')
				*o++ = ' ';
			break;
		case '\n':
			while (o > base && o[-1] == ' ')
				o--;
			if (o > base && o[-1] != '\n')
				*o++ = '\n';
			break;
		case ',':
		case ';':
		case '.':
			if (!after_punct(s, e)) {
				*o++ = c;
				break;
			}
			if (o > base && o[-1] == ' ') {
				while (o > base && o[-1] == ' ')
					o--;
				/* "end. ." left by a removed reference */
				if (c == '.' && o > base && o[-1] == '.')
					break;
			}
			if (c != '.' && (o == base || o[-1] == '(' ||
			    o[-1] == ',' || o[-1] == ';' || o[-1] == '\n'))
				break;
			if (c == '.' && o > base && (o[-1] == ',' ||
			    o[-1] == ';'))
				o--;
			*o++ = c;
			break;
		case ')':
			while (o > base && (o[-1] == ' ' || o[-1] == ',' ||
			    o[-1] == ';'))
				o--;
			if (o > base && o[-1] == '(') {
				o--;
				while (o > base && o[-1] == ' ')
					o--;
				break;
			}
			*o++ = c;
			break;
		}
	}
	while (o > base && (o[-1] == ' ' || o[-1] == '\n'))
		o--;
	out->len = o - out->p;
}

static void
add_section(struct wt *w, int level, size_t para, size_t offset)
{
	struct wt_result *r = w->res;
	struct wt_section *sec;
	int l;

	if (r->nsec == r->capsec) {
		r->capsec = r->capsec ? r->capsec * 2 : 16;
		r->sec = erealloc(r->sec, r->capsec * sizeof *r->sec);
	}
	sec = &r->sec[r->nsec++];
	sec->level = level;
	sec->para = para;
	sec->offset = offset;
	res_str(r, (char *)w->htitle[level].p, w->htitle[level].len,
	    &sec->title_off, &sec->title_len);
	sec->path_off = r->strs.len;
	for (l = 1; l <= level; l++) {
		if (!w->hvalid[l])
			continue;
		if (r->strs.len > sec->path_off)
			buf_adds(&r->strs, " > ");
		buf_add(&r->strs, w->htitle[l].p, w->htitle[l].len);
	}
	sec->path_len = r->strs.len - sec->path_off;
}

static void
emit_para(struct wt_result *r, const void *p, size_t n)
{
	if (r->text.len)
		buf_adds(&r->text, "\n\n");
	buf_add(&r->text, p, n);
	r->paras++;
}

/* flush: normalise the paragraph; emit pending headings before it. */
static void
flush(struct wt *w)
{
	struct wt_result *r = w->res;
	int l;

	w->kind = 0;
	if (!w->para.len)
		return;
	w->norm.len = 0;
	normalize((char *)w->para.p, w->para.len, &w->norm);
	w->para.len = 0;
	if (!w->norm.len)
		return;
	for (l = 1; l <= 6; l++) {
		if (!w->hpend[l])
			continue;
		w->hpend[l] = 0;
		if (w->o.headings == HEAD_DROP) {
			add_section(w, l, r->paras,
			    r->text.len + (r->text.len ? 2 : 0));
			continue;
		}
		add_section(w, l, r->paras,
		    r->text.len + (r->text.len ? 2 : 0));
		if (r->text.len)
			buf_adds(&r->text, "\n\n");
		if (w->o.headings == HEAD_MARK) {
			int k;

			for (k = 0; k < l; k++)
				buf_addc(&r->text, '=');
			buf_addc(&r->text, ' ');
		}
		buf_add(&r->text, w->htitle[l].p, w->htitle[l].len);
		if (w->o.headings == HEAD_MARK) {
			int k;

			buf_addc(&r->text, ' ');
			for (k = 0; k < l; k++)
				buf_addc(&r->text, '=');
		}
		r->paras++;
	}
	emit_para(r, w->norm.p, w->norm.len);
}

static int
heading(struct wt *w, const char *s, const char *e)
{
	int a = 0, b = 0, lvl, l;

	while (s + a < e && s[a] == '=')
		a++;
	while (e - b > s + a && e[-b - 1] == '=')
		b++;
	lvl = a < b ? a : b;
	if (lvl < 1 || e - s <= 2 * lvl)
		return 0;
	if (lvl > 6)
		lvl = 6;
	flush(w);
	w->line.len = 0;
	p2_inline(w, s + lvl, e - lvl, &w->line, 1);
	w->htitle[lvl].len = 0;
	normalize((char *)w->line.p, w->line.len, &w->htitle[lvl]);
	for (l = lvl; l <= 6; l++)
		w->hvalid[l] = w->hpend[l] = 0;
	if (w->htitle[lvl].len)
		w->hvalid[lvl] = w->hpend[lvl] = 1;
	return 1;
}

static void
p2_line(struct wt *w, const char *s, const char *e)
{
	int list = 0;

	while (s < e && (*s == ' ' || *s == '\t'))
		s++;
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		e--;
	if (s == e) {
		flush(w);
		return;
	}
	if (*s == '=' && e[-1] == '=' && heading(w, s, e))
		return;
	if (e - s >= 4 && memcmp(s, "----", 4) == 0) {
		flush(w);
		for (s += 4; s < e && *s == '-'; s++)
			;
		if (s == e)
			return;
	}
	if (*s == '*' || *s == '#' || *s == ':' || *s == ';') {
		if (!w->o.lists) {
			flush(w);
			return;
		}
		list = 1;
		while (s < e && (*s == '*' || *s == '#' || *s == ':' ||
		    *s == ';' || *s == ' ' || *s == '\t'))
			s++;
	}
	w->line.len = 0;
	p2_inline(w, s, e, &w->line, 0);
	/* A line of removed markup only is no line at all. */
	{
		size_t i;

		for (i = 0; i < w->line.len && (w->line.p[i] == ' ' ||
		    w->line.p[i] == '\n'); i++)
			;
		if (i == w->line.len)
			return;
	}
	if (w->kind && w->kind != (list ? 2 : 1))
		flush(w);
	if (w->para.len)
		buf_addc(&w->para, list ? '\n' : ' ');
	buf_add(&w->para, w->line.p, w->line.len);
	w->kind = list ? 2 : 1;
}

static void
p2(struct wt *w)
{
	const char *s = (char *)w->mid.p, *e;

	if (w->mid.len == 0) {	/* mid.p may be NULL: no arithmetic on it */
		flush(w);
		return;
	}
	e = s + w->mid.len;
	while (s < e) {
		const char *nl = line_end(s, e);

		p2_line(w, s, nl);
		s = nl + 1;
	}
	flush(w);
}

/* ---- public ---- */

struct wt *
wt_new(const struct wt_opts *o)
{
	struct wt *w = ecalloc(1, sizeof *w);
	static const char *const files[] = { "File", "Image", "Media", "Datei",
	    "Bild", "Fichier", "Archivo", "Imagen", "Immagine", "Bestand",
	    "Afbeelding", "Plik", "Grafika", "Arquivo", "Imagem", "Файл",
	    "Изображение", "Tập tin", "Hình", "Lêer", "Beeld", "Attēls",
	    "Tiedosto", "Kuva", "Dosya", "Resim", "Soubor", "Fil", NULL };
	static const char *const cats[] = { "Category", "Kategorie",
	    "Catégorie", "Categoría", "Categoria", "Categorie", "Kategoria",
	    "Категория", "Thể loại", "Kategorija", "Kategoreja", "Luokka",
	    "Kategori", NULL };
	int i;

	w->o = *o;
	for (i = 0; files[i]; i++)
		names_add(&w->file, files[i]);
	for (i = 0; cats[i]; i++)
		names_add(&w->cat, cats[i]);
	if (!p1_special['{']) {
		p1_init();
		p2_init();
	}
	return w;
}

void
wt_set_namespaces(struct wt *w, const char *file, const char *category,
    const char *media)
{
	names_add(&w->file, file);
	names_add(&w->file, media);
	names_add(&w->cat, category);
}

void
wt_free(struct wt *w)
{
	int i;

	if (!w)
		return;
	buf_free(&w->mid);
	buf_free(&w->para);
	buf_free(&w->line);
	buf_free(&w->norm);
	for (i = 0; i < 7; i++)
		buf_free(&w->htitle[i]);
	free(w);
}

void
wt_clean(struct wt *w, const char *title, const char *s, size_t n,
    struct wt_result *res)
{
	int l;

	res->text.len = res->strs.len = 0;
	res->nsec = res->ncat = res->nbox = res->paras = 0;
	res->has_box = res->disambig = 0;
	res->box_name_off = res->box_name_len = 0;
	w->res = res;
	w->title = title;
	w->mid.len = w->para.len = 0;
	w->kind = w->depth = 0;
	for (l = 0; l < 7; l++)
		w->hvalid[l] = w->hpend[l] = 0;
	budget = 64 * n + ((size_t)1 << 20);
	p1(w, s, s + n, &w->mid);
	p2(w);
	buf_cstr(&res->text);
	w->res = NULL;
}

void
wt_result_free(struct wt_result *res)
{
	buf_free(&res->text);
	buf_free(&res->strs);
	free(res->sec);
	free(res->cat_off);
	free(res->cat_len);
	free(res->box);
	memset(res, 0, sizeof *res);
}

int
wt_redirect(const char *s, size_t n, struct buf *target)
{
	static const char *const words[] = { "redirect", "weiterleitung",
	    "redirección", "redireccion", "redirection", "rinvia", "rinvio",
	    "doorverwijzing", "patrz", "przekieruj", "tam",
	    "redirecionamento", "перенаправление", "перенапр",
	    "ПЕРЕНАПРАВЛЕНИЕ", "ПЕРЕНАПР", "đổi", "Đổi", "ĐỔI", "重定向",
	    "転送", "リダイレクト", "pāradresācija", "PĀRADRESĀCIJA",
	    "nusūtīt", "NUSŪTĪT", "uudelleenohjaus", "yönlendi̇rme",
	    "yönlendirme", "omdirigering", "přesměruj", "átirányítás",
	    NULL };
	const char *e = s + n, *p, *q;
	int i;

	target->len = 0;
	while (s < e && isws((unsigned char)*s))
		s++;
	if (s >= e || *s != '#')
		return 0;
	s++;
	for (i = 0; words[i]; i++)
		if (iprefix(s, e - s, words[i]))
			break;
	if (!words[i])
		return 0;
	p = s + strlen(words[i]);
	while (p < e && (isws((unsigned char)*p) || *p == ':'))
		p++;
	if (e - p < 4 || p[0] != '[' || p[1] != '[')
		return 0;
	p += 2;
	for (q = p; q < e && *q != ']' && *q != '|' && *q != '\n'; q++)
		;
	while (p < q && isws((unsigned char)*p))
		p++;
	while (q > p && isws((unsigned char)q[-1]))
		q--;
	buf_add(target, p, q - p);
	buf_cstr(target);
	return 1;
}

int
wt_disambig_title(const char *title)
{
	static const char *const marks[] = { "(disambiguation)",
	    "(Begriffsklärung)", "(homonymie)", "(desambiguación)",
	    "(disambigua)", "(định hướng)", "(значения)",
	    "(ujednoznacznienie)", "(desambiguação)", "(doorverwijspagina)",
	    NULL };
	size_t n = strlen(title);
	int i;

	for (i = 0; marks[i]; i++) {
		size_t k = strlen(marks[i]);

		if (n >= k && memcmp(title + n - k, marks[i], k) == 0)
			return 1;
	}
	return 0;
}

/* utf8_len: the length of the valid sequence at p, or 0. */
static size_t
utf8_len(const unsigned char *p, const unsigned char *e)
{
	unsigned c = p[0];

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		return e - p >= 2 && (p[1] & 0xc0) == 0x80 ? 2 : 0;
	if (c >= 0xe0 && c <= 0xef) {
		if (e - p < 3 || (p[1] & 0xc0) != 0x80 || (p[2] & 0xc0) != 0x80)
			return 0;
		if ((c == 0xe0 && p[1] < 0xa0) || (c == 0xed && p[1] > 0x9f))
			return 0;
		return 3;
	}
	if (c >= 0xf0 && c <= 0xf4) {
		if (e - p < 4 || (p[1] & 0xc0) != 0x80 ||
		    (p[2] & 0xc0) != 0x80 || (p[3] & 0xc0) != 0x80)
			return 0;
		if ((c == 0xf0 && p[1] < 0x90) || (c == 0xf4 && p[1] > 0x8f))
			return 0;
		return 4;
	}
	return 0;
}

size_t
wt_fix_utf8(struct buf *b)
{
	unsigned char *p, *e, *q;
	struct buf out = {0};
	size_t bad = 0;

	if (!b->len)
		return 0;	/* b->p may be NULL: no pointer arithmetic */
	p = b->p;
	e = b->p + b->len;
	/* Fast path: find the first byte that needs a look, eight bytes
	 * at a time while none is >= 0x80 or < 0x20. */
	for (q = p; q < e; q++) {
		while (e - q >= 8) {
			uint64_t x;

			memcpy(&x, q, 8);
			if ((x | (x - 0x2020202020202020ull)) &
			    0x8080808080808080ull)
				break;
			q += 8;
		}
		if (q >= e)
			break;
		if (*q >= 0x80) {
			size_t k = utf8_len(q, e);

			if (!k)
				break;
			q += k - 1;
		} else if (*q < 0x20 && *q != '\n' && *q != '\t') {
			*q = ' ';
		}
	}
	if (q == e)
		return 0;
	buf_add(&out, p, q - p);
	while (q < e) {
		size_t k = *q < 0x80 ? 1 : utf8_len(q, e);

		if (!k) {
			buf_adds(&out, "\xef\xbf\xbd");
			bad++;
			q++;
			continue;
		}
		if (k == 1 && *q < 0x20 && *q != '\n' && *q != '\t')
			buf_addc(&out, ' ');
		else
			buf_add(&out, q, k);
		q += k;
	}
	free(b->p);
	*b = out;
	buf_cstr(b);
	return bad;
}

size_t
wt_chars(const char *s, size_t n)
{
	size_t i, c = 0;

	for (i = 0; i < n; i++)
		c += ((unsigned char)s[i] & 0xc0) != 0x80;
	return c;
}
