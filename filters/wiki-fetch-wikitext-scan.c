/* SPDX-License-Identifier: ISC */
/*
 * wiki-fetch-wikitext-scan.c: what the wikitext cleaner scans with, and
 * the helpers wiki-fetch calls on a page's raw text.
 *
 *  - HTML entities decoded to UTF-8 (wt_entity).
 *  - Matching brackets ("{{ }}", "[[ ]]"), tag names and ends, closing
 *    tags and opaque regions (comments, <nowiki>, <math> ...), all under
 *    a per-page scan budget that keeps broken markup linear.
 *  - wt_redirect, wt_disambig_title, wt_fix_utf8 and wt_chars
 *    (wiki-fetch.h).
 *  - Names folded for matching (wt_fold_name, wt_uprefix), and
 *    wt_res_str, the result's string store.
 *
 * Relies on struct buf (common/util.h), common/uni.h and the inline
 * helpers of wiki-fetch-wikitext.h only; nothing here needs a struct wt,
 * and nothing here calls the other files of the cleaner (the bottom of
 * entry points -> template/markup -> lang -> scan -> helpers).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/uni.h"
#include "common/utf8.h"
#include "common/util.h"
#include "filters/wiki-fetch.h"
#include "filters/wiki-fetch-wikitext.h"

/* ---- HTML entities ---- */

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

size_t
wt_entity(const char *s, const char *e, struct buf *b)
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

void
wt_budget_set(size_t n)
{
	budget = n;
}

int
wt_budget_left(void)
{
	return budget != 0;
}

int
wt_spend(size_t n)
{
	if (n >= budget) {
		budget = 0;
		return 0;
	}
	budget -= n;
	return 1;
}

size_t
wt_tag_name(const char *s, const char *e, char *nm, size_t cap)
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

const char *
wt_find_close(const char *s, const char *e, const char *name)
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
				return wt_spend(q - s0) ? q : NULL;
		}
		s = q + 1;
	}
	wt_spend(e - s0);
	return NULL;
}

const char *
wt_tag_end(const char *s, const char *e)
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
			return wt_spend(q - s) ? q : NULL;
		} else if (*q == '<') {
			wt_spend(q - s);
			return NULL;
		}
	}
	wt_spend(e - s);
	return NULL;
}

const char *
wt_skip_opaque(const char *s, const char *e)
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
	n = wt_tag_name(s + 1, e, nm, sizeof nm);
	if (!n)
		return NULL;
	for (i = 0; opaque[i]; i++)
		if (strcmp(nm, opaque[i]) == 0)
			break;
	if (!opaque[i] || !(te = wt_tag_end(s, e)))
		return NULL;
	if (te[-1] == '/')
		return te + 1;
	if (!(c = wt_find_close(te + 1, e, nm)))
		return NULL;
	c = memchr(c, '>', e - c);
	return c ? c + 1 : e;
}

const char *
wt_match(const char *s, const char *e, char open, char close)
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
				return wt_spend(p - s) ? p : NULL;
		} else if (c == '<') {
			const char *q = wt_skip_opaque(p, e);

			p = q ? q : p + 1;
		} else {
			p++;
			/* Jump to the next interesting byte. */
			while (p < e && *p != open && *p != close && *p != '<')
				p++;
		}
	}
	wt_spend(e - s);
	return NULL;
}

/* ---- page helpers (wiki-fetch.h) ---- */

int
wt_redirect(const char *s, size_t n, struct buf *target)
{
	static const char *const words[] = { "redirect", "weiterleitung",
	    "redirección", "redireccion", "redirection", "rinvia", "rinvio",
	    "doorverwijzing", "patrz", "przekieruj", "tam",
	    "redirecionamento", "перенаправление", "перенапр", "đổi",
	    "重定向", "転送", "リダイレクト", "pāradresācija",
	    "nusūtīt", "uudelleenohjaus", "yönlendi̇rme",
	    "yönlendirme", "omdirigering", "přesměruj", "átirányítás",
	    NULL };
	const char *e = s + n, *p, *q;
	size_t k = 0;
	int i;

	target->len = 0;
	while (s < e && isws((unsigned char)*s))
		s++;
	if (s >= e || *s != '#')
		return 0;
	s++;
	for (i = 0; words[i]; i++)
		if ((k = wt_uprefix(s, e - s, words[i])) != 0)
			break;
	if (!words[i])
		return 0;
	p = s + k;
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

/* ---- names folded for matching ---- */

size_t
wt_fold_name(const char *s, size_t n, char *out, size_t cap)
{
	const unsigned char *u = (const unsigned char *)s, *e = u + n;
	size_t o = 0;
	int sp = 0;

	while (u < e) {
		unsigned c = *u;

		if (c == '_' || isws(c)) {
			sp = o > 0;
			u++;
			continue;
		}
		if (sp) {
			if (o + 1 >= cap)
				return (size_t)-1;
			out[o++] = ' ';
			sp = 0;
		}
		if (c < 0x80) {
			if (o + 1 >= cap)
				return (size_t)-1;
			out[o++] = (char)lc(c);
			u++;
		} else {
			size_t k = utf8_len(u, e);

			if (k == 0)
				k = 1;
			if (o + UNI_FOLD_MAX(k) >= cap)
				return (size_t)-1;
			o += uni_fold_utf8((const char *)u, k, out + o);
			u += k;
		}
	}
	out[o] = '\0';
	return o;
}

size_t
wt_uprefix(const char *s, size_t n, const char *w)
{
	size_t k = uni_caseprefix(s, n, w, strlen(w));

	return k == (size_t)-1 ? 0 : k;
}

/* ---- result strings ---- */

void
wt_res_str(struct wt_result *r, const char *s, size_t n, size_t *off,
    size_t *len)
{
	*off = r->strs.len;
	*len = n;
	buf_add(&r->strs, s, n);
}
