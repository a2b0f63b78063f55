/* SPDX-License-Identifier: ISC */
/*
 * wiki-fetch-wikitext-template.c: templates, for pass 1 of the wikitext
 * cleaner (wt_template).
 *
 * Templates cannot be expanded without their definitions (and Lua), so a
 * list of common inline ones is rendered here (convert, lang, nihongo,
 * dates, fractions ...) and every other template is removed.  Infobox
 * fields are collected into the result instead of the text, and
 * disambiguation templates mark it.  Parser functions and magic words
 * with a colon ({{#if:}}, {{formatnum:}}, {{lc:}}) are rendered or
 * dropped here too.
 *
 * Relies on wiki-fetch-wikitext.h: wt_match and wt_skip_opaque to find
 * the end of a template and its top-level '|', wt_res_str for the
 * infobox's name, wt_names_has (wiki-fetch-wikitext-lang.c) for the
 * Template namespace's names; the infobox's fields are left in
 * w->boxarg for wt_clean to render.
 *
 * Calls go down (to -scan.c, -lang.c and the header's helpers), with one
 * exception: wt_p1, the pass-1 loop of wiki-fetch-wikitext.c, renders an
 * argument.  That is the recursion of the grammar itself (an argument is
 * wikitext, which holds templates), bounded by MAXDEPTH; passing wt_p1
 * down as a function pointer would hide the cycle, not remove it.
 */
#include <stdlib.h>
#include <string.h>

#include "common/uni.h"
#include "common/util.h"
#include "filters/wiki-fetch.h"
#include "filters/wiki-fetch-wikitext.h"

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
			const char *q = wt_skip_opaque(p, e);

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

/* ---- the template table ---- */

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

/* ---- rendering ---- */

static void
emit_arg(struct wt *w, const struct targ *a, struct buf *out)
{
	const char *s, *e;

	if (!a)
		return;
	s = a->s, e = a->e;
	trim(&s, &e);
	wt_p1(w, s, e, out);
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
		if (str_is(map[i][0], s, n))
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

/* infobox: keep the name and the fields of the first infobox of the
 * page (w->boxarg, rendered by wt_clean). */
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
	wt_res_str(r, ns, ne - ns, &r->box_name_off, &r->box_name_len);
	/* The values are rendered by wt_clean once pass 1 is done. */
	for (k = 1; k < t->n; k++) {
		const struct targ *a = &t->a[k];
		struct wt_boxarg *b;

		if (!a->ks || a->ks == a->ke || arg_empty(a))
			continue;
		if (w->nboxarg == w->capboxarg) {
			w->capboxarg = w->capboxarg ? w->capboxarg * 2 : 32;
			w->boxarg = erealloc(w->boxarg,
			    w->capboxarg * sizeof *w->boxarg);
		}
		b = &w->boxarg[w->nboxarg++];
		b->ks = a->ks, b->ke = a->ke;
		b->s = a->s, b->e = a->e;
	}
}

/*
 * tpl_name: the normalised template name: single-spaced, case-folded
 * (Unicode simple case folding), without "subst:" and without a prefix
 * naming the Template namespace in any of its names ("Template:",
 * "Шаблон:", "틀:" ...).  nm has room for TPL_NAME_MAX bytes.
 */
#define TPL_RAW_MAX 128
#define TPL_NAME_MAX UNI_FOLD_MAX(TPL_RAW_MAX)
static void
tpl_name(struct wt *w, const char *s, const char *e, char *nm)
{
	char raw[TPL_RAW_MAX];
	size_t n = 0, k, i;
	int sp = 0, ascii = 1;
	char *colon;

	trim(&s, &e);
	for (; s < e && n < sizeof raw - 2; s++) {
		int c = (unsigned char)*s;

		if (c == '<' && e - s >= 4 && memcmp(s, "<!--", 4) == 0) {
			const char *q = wt_skip_opaque(s, e);

			s = q - 1;
			continue;
		}
		if (c == '_' || isws(c)) {
			sp = n > 0;
			continue;
		}
		if (sp)
			raw[n++] = ' ';
		sp = 0;
		ascii &= c < 0x80;
		raw[n++] = (char)c;
	}
	if (ascii) {
		for (k = 0; k < n; k++)
			nm[k] = (char)lc((unsigned char)raw[k]);
	} else {
		k = uni_fold_utf8(raw, n, nm);
	}
	nm[k] = '\0';
	if (strncmp(nm, "subst:", 6) == 0 || strncmp(nm, "safesubst:", 10) == 0) {
		i = strchr(nm, ':') - nm + 1;
		memmove(nm, nm + i, k - i + 1);
		k -= i;
	}
	colon = memchr(nm, ':', k);
	if (colon && wt_names_has(&w->tpl, nm, colon - nm)) {
		i = colon - nm + 1;
		while (i < k && nm[i] == ' ')
			i++;
		memmove(nm, nm + i, k - i + 1);
	}
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
	if (s >= e)
		return 0;
	colon = memchr(s, ':', (size_t)(e - s));
	if (!colon)
		return 0;
	n = colon - s;
	if (*s == '#')
		return 1;	/* #if, #switch, #invoke, #tag ...: dropped */
	if (ieq(s, n, "formatnum")) {
		struct buf tmp = {0};

		wt_p1(w, colon + 1, e, &tmp);
		render_formatnum((char *)tmp.p, (char *)tmp.p + tmp.len, out);
		buf_free(&tmp);
		return 1;
	}
	if (ieq(s, n, "lc") || ieq(s, n, "uc") || ieq(s, n, "lcfirst") ||
	    ieq(s, n, "ucfirst")) {
		wt_p1(w, colon + 1, e, out);
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

const char *
wt_template(struct wt *w, const char *s, const char *e, struct buf *out)
{
	const char *end = wt_match(s, e, '{', '}');
	const struct tdef *def;
	struct tpl t;
	char nm[TPL_NAME_MAX];
	enum rk kind;
	int i, n;

	if (!end)
		return s + 2;	/* an unclosed "{{" is dropped */
	tpl_split(&t, s + 2, end - 2);
	if (magic_colon(w, &t, out))
		goto out;
	tpl_name(w, t.a[0].s, t.a[0].e, nm);
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
