/* SPDX-License-Identifier: ISC */
/*
 * wiki-fetch-wikitext-markup.c: links, tags and tables, for pass 1 of the
 * wikitext cleaner.
 *
 *  - Wiki links [[target|label]] render their label; category links go
 *    to the result, file and interlanguage links vanish (wt_link).
 *  - External links [url label] render their label (wt_extlink).
 *  - HTML-like tags: block tags end a line, <br> is BR, the content of
 *    <nowiki>, <pre>, <math> and the like is kept as a literal, <ref> and
 *    the like are dropped with their content (wt_tag).
 *  - Tables {| ... |} become rows of "cell; cell" (wt_table, for
 *    --tables; wt_table_end finds where one ends).
 *
 * Relies on wiki-fetch-wikitext.h: wt_p1 for the text of a label, a
 * cell or a poem, the matchers of wiki-fetch-wikitext-scan.c, and the
 * File and Category names kept in struct wt (wt_names_has,
 * wiki-fetch-wikitext-lang.c).
 *
 * Calls go down (to -scan.c, -lang.c and the header's helpers), with one
 * exception: wt_p1, the pass-1 loop of wiki-fetch-wikitext.c, renders a
 * label, a cell or a poem, which are wikitext again (the grammar's own
 * recursion, bounded by MAXDEPTH).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/util.h"
#include "filters/wiki-fetch.h"
#include "filters/wiki-fetch-wikitext.h"

/* ---- wiki links and external links ---- */

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
		if (str_is(not_lang[k], s, n))
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

const char *
wt_link(struct wt *w, const char *s, const char *e, struct buf *out)
{
	const char *end = wt_match(s, e, '[', ']');
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
		if (wt_names_has(&w->cat, ps, pe - ps)) {
			add_category(w, colon + 1, ie);
			return end;
		}
		if (wt_names_has(&w->file, ps, pe - ps))
			return end;
		if (bar == ie && interlang(ps, pe - ps))
			return end;
	}
	if (bar < ie) {
		const char *ls = bar + 1, *le = ie;

		trim(&ls, &le);
		if (ls < le) {
			wt_p1(w, ls, le, out);
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

const char *
wt_extlink(struct wt *w, const char *s, const char *e, struct buf *out)
{
	static const char *const schemes[] = { "http://", "https://", "ftp://",
	    "//", "mailto:", "irc://", "ircs://", "news:", "gopher://",
	    "sftp://", "telnet://", "nntp://", "worldwind://", "urn:", NULL };
	const char *p = s + 1, *close, *sp;
	int i;

	for (i = 0; schemes[i]; i++)
		if (iprefix(p, e - p, schemes[i]))
			break;
	if (!schemes[i] || !wt_budget_left())
		return NULL;
	for (close = p; close < e && *close != ']' && *close != '\n';) {
		const char *q = NULL;

		/* A label may hold links and templates: "[url a [[b]] c]". */
		if (close + 1 < e && close[0] == '[' && close[1] == '[')
			q = wt_match(close, e, '[', ']');
		else if (close + 1 < e && close[0] == '{' && close[1] == '{')
			q = wt_match(close, e, '{', '}');
		close = q ? q : close + 1;
	}
	if (!wt_spend(close - p) || close >= e || *close != ']')
		return NULL;
	for (sp = p; sp < close && *sp != ' ' && *sp != '\t'; sp++)
		;
	if (sp < close)
		wt_p1(w, sp + 1, close, out);
	return close + 1;
}

/* ---- HTML-like tags ---- */

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

const char *
wt_tag(struct wt *w, const char *s, const char *e, struct buf *out)
{
	const struct tagdef *td;
	const char *te, *c, *after;
	char nm[24];
	int closing = 0, selfclose;
	size_t n;

	if (e - s >= 4 && memcmp(s, "<!--", 4) == 0)
		return wt_skip_opaque(s, e);
	if (s + 1 < e && s[1] == '/')
		closing = 1;
	n = wt_tag_name(s + 1 + closing, e, nm, sizeof nm);
	if (!n)
		return NULL;
	td = bsearch(nm, tagdefs, sizeof tagdefs / sizeof tagdefs[0],
	    sizeof tagdefs[0], tagcmp);
	if (!td || !(te = wt_tag_end(s, e)))
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
	c = wt_find_close(after, e, nm);
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

		wt_p1(w, after, c, &tmp);
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

/* ---- tables ---- */

const char *
wt_table_end(const char *s, const char *e)
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
	wt_p1(w, s, e, &tmp);
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

void
wt_table(struct wt *w, const char *s, const char *e, struct buf *out)
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
			const char *te = wt_table_end(ls, e);

			if (w->depth < MAXDEPTH) {
				w->depth++;
				wt_table(w, ls, te, &row);
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
