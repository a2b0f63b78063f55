/* SPDX-License-Identifier: ISC */
/*
 * wiki-fetch-wikitext.c: wikitext to clean plain text; the two passes of
 * the cleaner and its entry points (wt_new, wt_clean ...).
 *
 * Two passes over a page:
 *
 *  1. Structure (wt_p1): comments, tags, templates, tables, wiki links,
 *     external links and magic words are resolved recursively into an
 *     intermediate text that still has the line structure of the page.
 *     Text that must not be read as markup any more (<nowiki>, <math>,
 *     <pre>) is wrapped in LIT_ON ... LIT_OFF; a <br> becomes BR.
 *  2. Lines (p2): headings, list items, paragraphs, bold and italic
 *     quotes, HTML entities and whitespace; every paragraph is then
 *     normalised (collapsed spaces, no space before a comma, no empty
 *     parentheses left by a removed template).
 *
 * This file holds the loop of pass 1, which hands each construct to the
 * file that knows it, and all of pass 2:
 *
 *   wiki-fetch-wikitext-template.c  templates, parser functions, infobox
 *   wiki-fetch-wikitext-markup.c    links, categories, tags, tables
 *   wiki-fetch-wikitext-scan.c      bracket and tag matching under the
 *                                   scan budget, entities
 *
 * Relies on wiki-fetch-wikitext.h for those and for struct wt, and on
 * struct buf (common/util.h).  The public interface is in wiki-fetch.h.
 */
#include <stdlib.h>
#include <string.h>

#include "common/util.h"
#include "filters/wiki-fetch.h"
#include "filters/wiki-fetch-wikitext.h"

/* ---- pass 1 ---- */

/* Bytes that stop the fast copy loop of wt_p1. */
static unsigned char p1_special[256];

static void
p1_init(void)
{
	p1_special['{'] = p1_special['['] = p1_special['<'] = 1;
	p1_special['_'] = p1_special['}'] = p1_special[']'] = 1;
	p1_special[0] = p1_special[1] = p1_special[2] = p1_special[3] = 1;
}

/*
 * at_line_start: s is preceded on its line by blanks only, or by blanks
 * and the colons of an indented table ("::{|", a table in a list item,
 * as MediaWiki reads it).
 */
static int
at_line_start(const char *base, const char *s)
{
	while (s > base && (s[-1] == ' ' || s[-1] == '\t' || s[-1] == ':'))
		s--;
	return s == base || s[-1] == '\n';
}

void
wt_p1(struct wt *w, const char *s, const char *e, struct buf *out)
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
				r = wt_template(w, s, e, out);
			} else if (s + 1 < e && s[1] == '|' &&
			    at_line_start(base, s)) {
				const char *te = wt_table_end(s, e);

				if (w->o.tables)
					wt_table(w, s, te, out);
				else
					buf_addc(out, '\n');
				r = te;
			}
			break;
		case '[':
			if (s + 1 < e && s[1] == '[')
				r = wt_link(w, s, e, out);
			else
				r = wt_extlink(w, s, e, out);
			break;
		case '<':
			r = wt_tag(w, s, e, out);
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
			k = wt_entity(s, e, out);
			if (!k) {
				buf_addc(out, '&');
				k = 1;
			}
			s += k;
			break;
		case LIT_ON:
			for (s++; s < e && *s != LIT_OFF; ) {
				if (*s == '&' && (k = wt_entity(s, e, out))) {
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

/*
 * inline_text: the clean one-line text of wikitext s..e (infobox values),
 * both passes and normalised, appended to dst.
 */
static void
inline_text(struct wt *w, const char *s, const char *e, struct buf *dst)
{
	struct buf a = {0}, b = {0};

	trim(&s, &e);
	while (s < e && (*s == '*' || *s == '#' || *s == ':' || *s == ';' ||
	    isws((unsigned char)*s)))
		s++;
	wt_p1(w, s, e, &a);
	p2_inline(w, (char *)a.p, (char *)a.p + a.len, &b, 1);
	normalize((char *)b.p, b.len, dst);
	buf_free(&a);
	buf_free(&b);
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
	wt_res_str(r, (char *)w->htitle[level].p, w->htitle[level].len,
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

/* drop_count: tally one dropped section under its heading. */
static void
drop_count(struct wt *w, const char *s, size_t n)
{
	char k[NAME_MAX_BYTES];
	size_t i, kn = wt_fold_name(s, n, k, sizeof k);

	w->drop_sections++;
	if (kn == (size_t)-1)
		return;
	for (i = 0; i < w->ndrop; i++)
		if (strcmp(w->drop_key[i], k) == 0) {
			w->drop[i].sections++;
			return;
		}
	if (w->ndrop == w->capdrop) {
		w->capdrop = w->capdrop ? w->capdrop * 2 : 16;
		w->drop = erealloc(w->drop, w->capdrop * sizeof *w->drop);
		w->drop_key = erealloc(w->drop_key,
		    w->capdrop * sizeof *w->drop_key);
	}
	memcpy(w->drop_key[w->ndrop], k, kn + 1);
	w->drop[w->ndrop].heading = estrndup(s, n);
	w->drop[w->ndrop++].sections = 1;
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
	if (w->drop_level && lvl > w->drop_level) {
		w->drop_bytes += e - s + 1;	/* a subsection: dropped too */
		return 1;
	}
	w->drop_level = 0;
	flush(w);
	w->line.len = 0;
	p2_inline(w, s + lvl, e - lvl, &w->line, 1);
	w->htitle[lvl].len = 0;
	normalize((char *)w->line.p, w->line.len, &w->htitle[lvl]);
	for (l = lvl; l <= 6; l++)
		w->hvalid[l] = w->hpend[l] = 0;
	if (!w->htitle[lvl].len)
		return 1;
	if (w->refs.n && wt_names_has(&w->refs,
	    (char *)w->htitle[lvl].p, w->htitle[lvl].len)) {
		w->drop_level = lvl;
		w->drop_bytes += e - s + 1;
		drop_count(w, (char *)w->htitle[lvl].p, w->htitle[lvl].len);
		return 1;
	}
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
	if (w->drop_level) {	/* a line of a dropped section */
		w->drop_bytes += e - s + 1;
		return;
	}
	/*
	 * Table rows and ends outside a table: a template opened or closes
	 * the table ({{s-start}} ... |- ... {{s-end}}, {{col-begin}} ...
	 * |}), so pass 1 saw no "{|".  A row line is all attributes; what
	 * follows "|}" on its line is text, and so is the text of a cell
	 * line "| text" (a line of prose never starts with a bar).
	 */
	if (*s == '|') {
		if (e - s >= 2 && (s[1] == '-' || s[1] == '}')) {
			flush(w);
			if (s[1] == '-')
				return;
			s += 2;
		} else {
			s++;
		}
		while (s < e && (*s == ' ' || *s == '\t'))
			s++;
		if (s == e)
			return;
	}
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
	/* Names of File and Category on many Wikipedias, known whatever the
	 * dump's language (JSON lines input has no <siteinfo>). */
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
		wt_names_add(&w->file, files[i]);
	for (i = 0; cats[i]; i++)
		wt_names_add(&w->cat, cats[i]);
	wt_names_add(&w->tpl, "Template");
	if (!o->keep_sections)
		wt_names_addlist(&w->refs, wt_lang_en()->refs, '|');
	wt_names_addlist(&w->refs, o->drop_sections, ',');
	if (!p1_special['{']) {
		p1_init();
		p2_init();
	}
	return w;
}

/* site_lang: the language code of a dump: the xml:lang of its root
 * element, else "el" of dbname "elwiki" ("zh-yue" of "zh_yuewiki"), else
 * the first label of base's host. */
static const struct wt_lang *
site_lang(const struct siteinfo *si)
{
	char code[24];
	size_t n = strlen(si->dbname), i;
	const char *h;

	if (si->lang[0])
		return wt_lang_find(si->lang, strlen(si->lang));
	if (n > 4 && n - 4 < sizeof code &&
	    strcmp(si->dbname + n - 4, "wiki") == 0) {
		for (i = 0; i < n - 4; i++)
			code[i] = si->dbname[i] == '_' ? '-' : si->dbname[i];
		return wt_lang_find(code, n - 4);
	}
	if ((h = strstr(si->base, "://")) != NULL) {
		h += 3;
		n = strcspn(h, "./");
		if (n < sizeof code && h[n] == '.')
			return wt_lang_find(h, n);
	}
	return NULL;
}

void
wt_set_site(struct wt *w, const struct siteinfo *si)
{
	const struct wt_lang *l;

	if (!si)
		return;
	wt_names_add(&w->file, si->ns_file);
	wt_names_add(&w->file, si->ns_media);
	wt_names_add(&w->cat, si->ns_category);
	wt_names_add(&w->tpl, si->ns_template);
	if ((l = site_lang(si)) != NULL) {
		wt_names_addlist(&w->file, l->file, '|');
		wt_names_addlist(&w->cat, l->cat, '|');
		wt_names_addlist(&w->tpl, l->tpl, '|');
		if (!w->o.keep_sections)
			wt_names_addlist(&w->refs, l->refs, '|');
	}
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
	for (i = 0; i < (int)w->ndrop; i++)
		free(w->drop[i].heading);
	free(w->drop);
	free(w->drop_key);
	free(w->boxarg);
	free(w);
}

/* box_fields: render the infobox fields pass 1 found into res. */
static void
box_fields(struct wt *w, struct wt_result *r)
{
	size_t k;

	for (k = 0; k < w->nboxarg; k++) {
		const struct wt_boxarg *a = &w->boxarg[k];
		struct wt_field *f;
		size_t off = r->strs.len;

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
		wt_res_str(r, a->ks, a->ke - a->ks, &f->k_off, &f->k_len);
	}
	w->nboxarg = 0;
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
	w->kind = w->depth = w->drop_level = 0;
	for (l = 0; l < 7; l++)
		w->hvalid[l] = w->hpend[l] = 0;
	wt_budget_set(64 * n + ((size_t)1 << 20));
	w->nboxarg = 0;
	wt_p1(w, s, s + n, &w->mid);
	box_fields(w, res);
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

const struct wt_drop *
wt_dropped(const struct wt *w, size_t *n, uint64_t *sections,
    uint64_t *bytes)
{
	*n = w->ndrop;
	*sections = w->drop_sections;
	*bytes = w->drop_bytes;
	return w->drop;
}
