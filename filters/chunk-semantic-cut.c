/* SPDX-License-Identifier: ISC */
/*
 * chunk-semantic-cut.c: the chunking of one episode: sentences tagged
 * with their section, then the simple or the semantic rule (see
 * chunk-semantic.1).  Chunks are byte spans of the episode's text.
 *
 * chunk-semantic.c calls cut_episode here; the one call back up is
 * pass_on, made just before dying on a bad sections key or an embedder
 * error.  It stays a call, not a returned error, because the message
 * names what only this file has at hand (the sentence spans, the
 * embedder's own message) and every other error of the suite dies where
 * it is found (common/log.h's one error channel); returning a status
 * through the cutting loops would add an error path to each of them for
 * two fatal cases.  pass_on touches only the output (struct cs's out),
 * never the episode being cut.
 */
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "filters/chunk-semantic.h"

/* ---- sentences of one episode ---- */

static void
add_sent(struct cs *c, size_t b, size_t e, size_t run, size_t sec,
    size_t seclen, const char *t, int heading)
{
	struct sent *s;

	if (c->ns == c->caps) {
		c->caps = c->caps ? 2 * c->caps : 256;
		c->s = erealloc(c->s, c->caps * sizeof *c->s);
	}
	s = &c->s[c->ns++];
	s->b = b;
	s->e = e;
	s->words = text_words(t + b, e - b);
	s->run = run;
	s->sec = sec;
	s->seclen = seclen;
	s->heading = heading;
}

/* Store the current section path in the arena (once per change). */
static void
intern_path(struct cs *c, size_t *off, size_t *len)
{
	*off = c->arena.len;
	*len = c->path.len;
	buf_add(&c->arena, c->path.str, c->path.len);
}

/*
 * Cut episode ep into sentences, tagged with their section.  Headings
 * start a new run and, with --keep-headings, become one-piece runs.
 */
static void
episode_sentences(struct cs *c, struct episode *ep)
{
	const struct segdoc *d = &c->doc;
	const char *t = ep->text;
	size_t i, k = 0, run = 0, sec, seclen, j;
	int changed;

	c->ns = 0;
	while (k < d->nev && d->ev[k].para < 0) {
		secpath_enter(&c->path, d->ev[k].level, d->ev[k].title,
		    d->ev[k].tlen);
		k++;
	}
	intern_path(c, &sec, &seclen);
	for (i = 0; i < d->para.n; i++) {
		changed = 0;
		while (k < d->nev && d->ev[k].para == (long)i) {
			secpath_enter(&c->path, d->ev[k].level,
			    d->ev[k].title, d->ev[k].tlen);
			changed = 1;
			k++;
		}
		if (changed) {
			intern_path(c, &sec, &seclen);
			run++;
		}
		if (d->head[i]) {
			if (c->o->keep_headings) {
				add_sent(c, d->para.v[i].b, d->para.v[i].e,
				    run, sec, seclen, t, 1);
				run++;
			}
			continue;
		}
		j = c->sp.n = 0;
		sent_split(t + d->para.v[i].b, d->para.v[i].e - d->para.v[i].b,
		    d->para.v[i].b, SENT_LINES, &c->sp);
		for (j = 0; j < c->sp.n; j++)
			add_sent(c, c->sp.v[j].b, c->sp.v[j].e, run, sec,
			    seclen, t, 0);
	}
}

/* ---- chunks ---- */

static void
add_chunk(struct cs *c, size_t ep, size_t b, size_t e, const struct sent *s)
{
	struct chunk *k;

	if (c->nch == c->capch) {
		c->capch = c->capch ? 2 * c->capch : 256;
		c->ch = erealloc(c->ch, c->capch * sizeof *c->ch);
	}
	k = &c->ch[c->nch++];
	k->ep = ep;
	k->b = b;
	k->e = e;
	k->sec = s->sec;
	k->seclen = s->seclen;
	k->words = text_words(c->ep[ep].text + b, e - b);
}

/* Skip white space forward from b. */
static size_t
skip_ws(const char *t, size_t b, size_t e)
{
	while (b < e && (t[b] == ' ' || t[b] == '\t' || t[b] == '\n' ||
	    t[b] == '\r'))
		b++;
	return b;
}

/* The byte offset after the longest prefix of t[b..e) that ends at a
 * word boundary and has at most maxc code points (at least one word). */
static size_t
char_cut(const char *t, size_t b, size_t e, size_t maxc)
{
	size_t i, chars = 0, last = 0;

	for (i = b; i < e; i++) {
		unsigned char u = t[i];

		if ((u == ' ' || u == '\t' || u == '\n') && i > b &&
		    t[i - 1] != ' ' && t[i - 1] != '\t' && t[i - 1] != '\n') {
			if (chars > maxc)
				break;
			last = i;
		}
		if ((u & 0xc0) != 0x80)
			chars++;
	}
	if (i == e && chars <= maxc)
		return e;
	if (last == 0) {
		/* One word longer than the cap: cut after it. */
		for (i = b; i < e && t[i] != ' ' && t[i] != '\t' &&
		    t[i] != '\n'; i++)
			;
		return i;
	}
	return last;
}

/*
 * A sentence over the limit, split at word boundaries into pieces of
 * balanced size: by words (maxw > 0) or by characters (maxc > 0).
 */
static void
split_sentence(struct cs *c, size_t ep, const struct sent *s, size_t maxw,
    size_t maxc)
{
	const char *t = c->ep[ep].text;
	size_t b = s->b, cut, left, pieces;

	c->split_long++;
	if (maxw) {
		left = s->words;
		pieces = (left + maxw - 1) / maxw;
		while (pieces > 0) {
			size_t take = (left + pieces - 1) / pieces;

			cut = text_word_cut(t + b, s->e - b, take) + b;
			add_chunk(c, ep, b, cut, s);
			b = skip_ws(t, cut, s->e);
			left -= take;
			pieces--;
		}
		return;
	}
	while (b < s->e) {
		cut = char_cut(t, b, s->e, maxc);
		add_chunk(c, ep, b, cut, s);
		b = skip_ws(t, cut, s->e);
	}
}

/* Simple mode over sentences [s0, s1) of one run. */
static void
run_simple(struct cs *c, size_t ep, size_t s0, size_t s1)
{
	const struct opts *o = c->o;
	const struct sent *s = c->s;
	size_t i = s0, j, w, first = c->nch;

	while (i < s1) {
		w = 0;
		for (j = i; j < s1 && w < o->min_words; j++) {
			if (w + s[j].words > o->max_words && j > i)
				break;
			w += s[j].words;
		}
		if (j == i + 1 && w > o->max_words)
			split_sentence(c, ep, &s[i], o->max_words, 0);
		else
			add_chunk(c, ep, s[i].b, s[j - 1].e, &s[i]);
		if (j >= s1)
			break;
		i = j > i + o->overlap ? j - o->overlap : i + 1;
	}
	/* A short tail joins the chunk before it when that stays within
	 * the maximum (never with --overlap, which would repeat text). */
	if (o->overlap == 0 && c->nch - first >= 2) {
		struct chunk *a = &c->ch[c->nch - 2], *z = &c->ch[c->nch - 1];

		if (z->words < o->min_words &&
		    a->words + z->words <= o->max_words) {
			a->e = z->e;
			a->words += z->words;
			c->nch--;
		}
	}
}

static size_t
chars_of(const struct cs *c, size_t ep, size_t b, size_t e)
{
	return text_chars(c->ep[ep].text + b, e - b);
}

/* Semantic mode: group [s0, s1) (already a break-free group) under the
 * character cap, without cutting a sentence unless it alone is over. */
static void
cap_group(struct cs *c, size_t ep, size_t s0, size_t s1)
{
	const struct sent *s = c->s;
	size_t i = s0, j;

	while (i < s1) {
		if (chars_of(c, ep, s[i].b, s[i].e) > c->o->max_chars) {
			split_sentence(c, ep, &s[i], 0, c->o->max_chars);
			i++;
			continue;
		}
		for (j = i + 1; j < s1 && chars_of(c, ep, s[i].b, s[j].e) <=
		    c->o->max_chars; j++)
			;
		add_chunk(c, ep, s[i].b, s[j - 1].e, &s[i]);
		i = j;
	}
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Percentile with linear interpolation (numpy's default). */
static double
percentile(double *v, size_t n, double p)
{
	double pos, frac;
	size_t lo;

	qsort(v, n, sizeof *v, cmp_double);
	pos = p / 100 * (double)(n - 1);
	lo = (size_t)pos;
	if (lo + 1 >= n)
		return v[n - 1];
	frac = pos - (double)lo;
	return v[lo] + (v[lo + 1] - v[lo]) * frac;
}

/* Merge chunks of one run [first, nch) shorter than --min-chars into a
 * neighbour when the cap allows. */
static void
merge_small(struct cs *c, size_t first)
{
	size_t i = first, k;

	while (i < c->nch) {
		struct chunk *x = &c->ch[i];
		size_t n = chars_of(c, x->ep, x->b, x->e);

		if (n >= c->o->min_chars) {
			i++;
			continue;
		}
		if (i > first && chars_of(c, x->ep, x[-1].b, x->e) <=
		    c->o->max_chars) {
			x[-1].e = x->e;
			x[-1].words = text_words(c->ep[x->ep].text + x[-1].b,
			    x->e - x[-1].b);
		} else if (i + 1 < c->nch && chars_of(c, x->ep, x->b,
		    x[1].e) <= c->o->max_chars) {
			x[1].b = x->b;
			x[1].words = text_words(c->ep[x->ep].text + x->b,
			    x[1].e - x->b);
		} else {
			i++;
			continue;
		}
		for (k = i; k + 1 < c->nch; k++)
			c->ch[k] = c->ch[k + 1];
		c->nch--;
	}
}

/*
 * Semantic mode over one episode: embed a window of sentences around
 * every sentence (one batch), break each run where the distance between
 * neighbouring windows is above the run's percentile threshold, then cap
 * and merge.
 */
static void
semantic_episode(struct cs *c, size_t ep)
{
	const struct sent *s = c->s;
	const char *t = c->ep[ep].text;
	size_t dim = embed_dim(c->emb), i, k, r0, r1, m, start, first, b, lo;
	size_t hi;
	int st;

	if (c->ns > c->wcap) {
		c->wcap = c->ns + c->ns / 2 + 16;
		c->wtext = erealloc(c->wtext, c->wcap * sizeof *c->wtext);
		c->wlen = erealloc(c->wlen, c->wcap * sizeof *c->wlen);
		c->vec = erealloc(c->vec, c->wcap * dim * sizeof *c->vec);
		c->dist = erealloc(c->dist, c->wcap * sizeof *c->dist);
		c->sorted = erealloc(c->sorted, c->wcap * sizeof *c->sorted);
	}
	b = c->o->buffer;
	/* Windows stay inside their run (one section). */
	for (r0 = 0; r0 < c->ns; r0 = r1) {
		for (r1 = r0 + 1; r1 < c->ns && s[r1].run == s[r0].run; r1++)
			;
		for (i = r0; i < r1; i++) {
			lo = i >= r0 + b ? i - b : r0;
			hi = i + b < r1 ? i + b : r1 - 1;
			c->wtext[i] = t + s[lo].b;
			c->wlen[i] = s[hi].e - s[lo].b;
		}
	}
	if (c->ns > 1 && (st = embed_texts(c->emb, c->ns, c->wtext, c->wlen,
	    c->vec)) != 0) {
		pass_on(c);
		die(st, "%s: record %llu: embedder %s: %s", c->ep[ep].rec.src,
		    (unsigned long long)c->ep[ep].rec.recno,
		    embed_model(c->emb), embed_errmsg(c->emb));
	}
	for (r0 = 0; r0 < c->ns; r0 = r1) {
		for (r1 = r0 + 1; r1 < c->ns && s[r1].run == s[r0].run; r1++)
			;
		first = c->nch;
		if (s[r0].heading) {
			add_chunk(c, ep, s[r0].b, s[r0].e, &s[r0]);
			continue;
		}
		m = r1 - r0 - 1;	/* distances in this run */
		for (k = 0; k < m; k++) {
			const float *x = c->vec + (r0 + k) * dim;
			const float *y = x + dim;
			double d = 0;
			size_t j;

			for (j = 0; j < dim; j++)
				d += (double)x[j] * y[j];
			c->dist[k] = 1 - d;
			c->sorted[k] = c->dist[k];
		}
		if (m > 0) {
			double thr = percentile(c->sorted, m,
			    c->o->percentile);

			start = r0;
			for (k = 0; k < m; k++)
				if (c->dist[k] > thr) {
					cap_group(c, ep, start, r0 + k + 1);
					start = r0 + k + 1;
				}
			cap_group(c, ep, start, r1);
		} else {
			cap_group(c, ep, r0, r1);
		}
		merge_small(c, first);
	}
}

/*
 * A chunk with no word character (a stray "." or "—" left after markup
 * was removed) carries nothing to embed or label: it joins the chunk before
 * it in the same section, else the one after, else it is dropped.
 */
static void
absorb_punctuation(struct cs *c, size_t ep, size_t first)
{
	const char *t = c->ep[ep].text;
	size_t i = first, k;

	while (i < c->nch) {
		struct chunk *z = &c->ch[i];

		if (embed_has_word(t + z->b, z->e - z->b)) {
			i++;
			continue;
		}
		if (i > first && c->ch[i - 1].seclen == z->seclen &&
		    c->ch[i - 1].sec == z->sec) {
			c->ch[i - 1].e = z->e;
			c->ch[i - 1].words += z->words;
		} else if (i + 1 < c->nch && c->ch[i + 1].sec == z->sec &&
		    c->ch[i + 1].seclen == z->seclen) {
			c->ch[i + 1].b = z->b;
			c->ch[i + 1].words += z->words;
		}
		c->dropped_punct++;
		for (k = i; k + 1 < c->nch; k++)
			c->ch[k] = c->ch[k + 1];
		c->nch--;
	}
}

/* Chunk one buffered episode (see chunk-semantic.h). */
void
cut_episode(struct cs *c, size_t ep)
{
	struct episode *e = &c->ep[ep];
	const char *why;
	int64_t pstart = 0;
	size_t r0, r1, before = c->nch;

	if (rec_get_int(&e->rec, "para_start", &pstart) != REC_OK ||
	    pstart < 0)
		pstart = 0;
	if (segdoc_parse(&c->doc, &e->rec, e->text, e->tlen, (long)pstart,
	    c->o->headings, &why) < 0) {
		pass_on(c);
		die_rec(&e->rec, "sections", "%s", why);
	}
	episode_sentences(c, e);
	if (c->o->mode == MODE_SEMANTIC) {
		semantic_episode(c, ep);
	} else {
		for (r0 = 0; r0 < c->ns; r0 = r1) {
			for (r1 = r0 + 1; r1 < c->ns &&
			    c->s[r1].run == c->s[r0].run; r1++)
				;
			if (c->s[r0].heading)
				add_chunk(c, ep, c->s[r0].b, c->s[r0].e,
				    &c->s[r0]);
			else
				run_simple(c, ep, r0, r1);
		}
	}
	absorb_punctuation(c, ep, before);
	e->nchunks = c->nch - before;
	if (e->nchunks == 0)
		c->empty++;
}
