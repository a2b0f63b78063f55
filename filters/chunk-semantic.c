/* SPDX-License-Identifier: ISC */
/*
 * chunk-semantic: split episodes (or whole articles) into passages, 1:N.
 *
 * Reads:  text (str); optional doc_id (str), episode_index,
 *         episode_count and para_start (int), sections (array).
 * Writes: every input key but text and sections, then chunk_index, chunk_count,
 *         chunk_in_episode, section, char_start, char_end, word_count,
 *         chunk_mode, text.
 *
 * Records of one document (same doc_id, or a run of episode_index 0, 1,
 * ...) are buffered until the document ends, so that every chunk can
 * carry chunk_count; memory is bounded by one article.  A chunk is a
 * verbatim slice of its episode's text made of whole sentences of one
 * section (or a piece of one over-long sentence); headings are never in
 * a chunk's text.
 */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/embed.h"
#include "common/log.h"
#include "common/opt.h"
#include "common/record.h"
#include "common/sentence.h"
#include "common/stats.h"

enum {
	OPT_BUFFER = OPT_FIRST_PRIVATE,
	OPT_EMBEDDER,
	OPT_HEADINGS,
	OPT_KEEP_HEADINGS,
	OPT_MAX_CHARS,
	OPT_MAX_WORDS,
	OPT_MIN_CHARS,
	OPT_MIN_WORDS,
	OPT_OVERLAP,
	OPT_PERCENTILE
};

enum { MODE_SIMPLE, MODE_SEMANTIC };

struct opts {
	struct common_opts co;	/* the shared options */
	int mode;		/* -m: MODE_* */
	const char *embedder;	/* --embedder SPEC (semantic mode) */
	int headings;		/* --headings: HEADINGS_* */
	int keep_headings;	/* --keep-headings: headings as chunks */
	size_t min_words;	/* --min-words (simple) */
	size_t max_words;	/* --max-words (simple) */
	size_t overlap;		/* --overlap: sentences (simple) */
	size_t buffer;		/* --buffer: window radius (semantic) */
	double percentile;	/* --percentile: break threshold (semantic) */
	size_t min_chars;	/* --min-chars (semantic) */
	size_t max_chars;	/* --max-chars (semantic) */
};

/* One buffered input record of the current document. */
struct episode {
	unsigned char *raw;	/* a private copy of the record */
	struct rec rec;		/* parsed over raw */
	const char *text;
	size_t tlen;
	size_t nchunks;
};

/* A sentence (or a heading kept as a chunk) of the current episode. */
struct sent {
	size_t b, e;		/* bytes in the episode text */
	size_t words;
	size_t run;		/* sentences of one run share a section */
	size_t sec, seclen;	/* section path, in the arena */
	int heading;		/* a kept heading: a chunk on its own */
};

/* One chunk of the current document. */
struct chunk {
	size_t ep;		/* index of its episode */
	size_t b, e;		/* bytes in the episode text */
	size_t sec, seclen;	/* section path, in the arena */
	size_t words;
};

struct cs {
	const struct opts *o;
	struct embedder *emb;	/* semantic mode only */
	struct rw *out;
	struct rb rb;
	/* The current document. */
	struct episode *ep;
	size_t nep, capep;
	struct buf docid;
	int have_doc, docid_set;
	int64_t want_count;	/* its episode_count, -1 if unknown */
	struct chunk *ch;
	size_t nch, capch;
	struct buf arena;	/* section paths */
	struct secpath path;
	struct docset seen;
	/* Scratch. */
	struct segdoc doc;
	struct spans sp;
	struct sent *s;
	size_t ns, caps;
	const char **wtext;
	size_t *wlen;
	float *vec;
	double *dist, *sorted;
	size_t wcap;
	/* Figures. */
	uint64_t records, docs, empty, chunks, bytes, split_long;
};

/* Keys this program writes, plus "sections", which it consumes: each
 * chunk's section replaces the article's whole list. */
static const char *const owned[] = {
	"chunk_index", "chunk_count", "chunk_in_episode", "section",
	"char_start", "char_end", "word_count", "chunk_mode", "text",
	"sections", NULL
};

static void
usage(FILE *fp, int status)
{
	fprintf(fp,
	    "usage: chunk-semantic [-fhquVvz] [--buffer N] [--embedder SPEC] "
	    "[--headings MODE]\n"
	    "                      [--keep-headings] [-m MODE] "
	    "[--max-chars N] [--max-record SIZE]\n"
	    "                      [--max-words N] [--min-chars N] "
	    "[--min-words N] [-o FILE]\n"
	    "                      [--overlap N] [--percentile P] "
	    "[--stats FILE] [FILE]\n"
	    "  Split episode records into passages (1:N).\n"
	    "      --buffer N       semantic: sentences each side in a "
	    "window (2)\n"
	    "      --embedder SPEC  semantic: sentence-window embedder "
	    "(hash)\n"
	    "      --headings MODE  auto (default), guess or none\n"
	    "      --keep-headings  emit each heading as a chunk of its own\n"
	    "  -m, --mode MODE      simple (default) or semantic\n"
	    "      --max-chars N    semantic: cap on a chunk's characters "
	    "(500)\n"
	    "      --max-words N    simple: most words in a chunk (400)\n"
	    "      --min-chars N    semantic: merge chunks shorter than this "
	    "(100)\n"
	    "      --min-words N    simple: gather sentences up to this many "
	    "words (10)\n"
	    "      --overlap N      simple: repeat N sentences between "
	    "chunks (0)\n"
	    "      --percentile P   semantic: break above this percentile "
	    "of distances (68)\n"
	    COMMON_USAGE
	    "  embedders:\n");
	embed_help(fp);
	exit(status);
}

/*
 * Before dying on bad input: pass on the whole records already written
 * to standard output (an -o FILE is never published half done).
 */
static void
pass_on(struct cs *c)
{
	if (c->out != NULL && c->o->co.output == NULL) {
		rw_abort(c->out);
		c->out = NULL;
	}
}

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

/* Chunk one buffered episode. */
static void
chunk_episode(struct cs *c, size_t ep)
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
	e->nchunks = c->nch - before;
	if (e->nchunks == 0)
		c->empty++;
}

/* ---- documents ---- */

/* Write every chunk of the buffered document, then forget it. */
static void
flush_doc(struct cs *c)
{
	const char *mode = c->o->mode == MODE_SEMANTIC ? "semantic" :
	    "simple";
	size_t i, inep = 0, lastep = (size_t)-1, pos = 0, cp = 0;

	if (!c->have_doc)
		return;
	if (c->want_count >= 0 && (int64_t)c->nep != c->want_count) {
		struct episode *e = &c->ep[c->nep - 1];

		pass_on(c);
		die_rec(&e->rec, "episode_count", "document ended after %zu "
		    "of %lld episodes", c->nep, (long long)c->want_count);
	}
	for (i = 0; i < c->nch; i++) {
		const struct chunk *k = &c->ch[i];
		const struct episode *e = &c->ep[k->ep];
		size_t cb, ce;

		if (k->ep != lastep) {
			lastep = k->ep;
			inep = 0;
			pos = 0;
			cp = 0;
		}
		/* Chunk starts never move backwards within an episode, so
		 * code point offsets are counted incrementally. */
		cp += text_chars(e->text + pos, k->b - pos);
		pos = k->b;
		cb = cp;
		ce = cb + text_chars(e->text + k->b, k->e - k->b);
		rb_reset(&c->rb);
		rb_copy(&c->rb, &e->rec, owned);
		rb_int(&c->rb, "chunk_index", (int64_t)i);
		rb_int(&c->rb, "chunk_count", (int64_t)c->nch);
		rb_int(&c->rb, "chunk_in_episode", (int64_t)inep++);
		rb_str(&c->rb, "section", (const char *)c->arena.p + k->sec,
		    k->seclen);
		rb_int(&c->rb, "char_start", (int64_t)cb);
		rb_int(&c->rb, "char_end", (int64_t)ce);
		rb_int(&c->rb, "word_count", (int64_t)k->words);
		rb_cstr(&c->rb, "chunk_mode", mode);
		rb_str(&c->rb, "text", e->text + k->b, k->e - k->b);
		ewput_rb(c->out, &c->rb);
	}
	c->chunks += c->nch;
	for (i = 0; i < c->nep; i++) {
		rec_free(&c->ep[i].rec);
		free(c->ep[i].raw);
	}
	c->nep = 0;
	c->nch = 0;
	c->arena.len = 0;
	c->have_doc = 0;
	secpath_reset(&c->path);
}

/*
 * Take one record: a record of another document first writes the
 * buffered one (which must be complete), then the new record is checked:
 * a document id seen before, or episodes out of order, are data errors.
 */
static void
take_record(struct cs *c, const struct rec *rec)
{
	struct episode *e;
	const char *t, *id;
	size_t n, idn;
	int64_t idx, cnt;
	int st, same;
	int has_id = rec_get_str(rec, "doc_id", &id, &idn) == REC_OK;
	int has_idx = rec_get_int(rec, "episode_index", &idx) == REC_OK;

	if (has_id)
		same = c->have_doc && c->docid_set && c->docid.len == idn &&
		    memcmp(c->docid.p, id, idn) == 0;
	else
		same = c->have_doc && !c->docid_set && has_idx && idx > 0;
	if (!same) {
		flush_doc(c);
		if (has_id && !docset_add(&c->seen, id, idn)) {
			pass_on(c);
			die_rec(rec, "doc_id", "document \"%.*s\" seen before "
			    "(records of one document must be contiguous)",
			    (int)(idn > 200 ? 200 : idn), id);
		}
		c->docid.len = 0;
		c->docid_set = has_id;
		if (has_id)
			buf_add(&c->docid, id, idn);
		c->have_doc = 1;
		c->docs++;
		c->want_count = -1;
		if (rec_get_int(rec, "episode_count", &cnt) == REC_OK)
			c->want_count = cnt;
	}
	if (has_idx && idx != (int64_t)c->nep) {
		pass_on(c);
		die_rec(rec, "episode_index", "%lld, expected %zu",
		    (long long)idx, c->nep);
	}
	if ((st = rec_get_str(rec, "text", &t, &n)) != REC_OK) {
		pass_on(c);
		die_rec_get(rec, "text", st, "str");
	}
	if (c->nep == c->capep) {
		c->capep = c->capep ? 2 * c->capep : 16;
		c->ep = erealloc(c->ep, c->capep * sizeof *c->ep);
	}
	e = &c->ep[c->nep++];
	memset(e, 0, sizeof *e);
	e->raw = emalloc(rec->len);
	memcpy(e->raw, rec->raw, rec->len);
	if (rec_parse(&e->rec, e->raw, rec->len) < 0) {
		pass_on(c);
		die_rec(rec, NULL, "malformed map");
	}
	e->rec.src = rec->src;
	e->rec.recno = rec->recno;
	e->rec.offset = rec->offset;
	e->text = (const char *)e->raw + (t - (const char *)rec->raw);
	e->tlen = n;
	c->bytes += n;
	chunk_episode(c, c->nep - 1);
}

/* ---- options and main ---- */

static size_t
num(const char *s, size_t min, size_t max, const char *what)
{
	return (size_t)estrtonum(s, (long long)min, (long long)max, what);
}

static void
parse_opts(struct opts *o, int argc, char *argv[])
{
	static const struct option longopts[] = {
		COMMON_LONGOPTS,
		{"buffer", required_argument, NULL, OPT_BUFFER},
		{"embedder", required_argument, NULL, OPT_EMBEDDER},
		{"headings", required_argument, NULL, OPT_HEADINGS},
		{"keep-headings", no_argument, NULL, OPT_KEEP_HEADINGS},
		{"max-chars", required_argument, NULL, OPT_MAX_CHARS},
		{"max-words", required_argument, NULL, OPT_MAX_WORDS},
		{"min-chars", required_argument, NULL, OPT_MIN_CHARS},
		{"min-words", required_argument, NULL, OPT_MIN_WORDS},
		{"mode", required_argument, NULL, 'm'},
		{"overlap", required_argument, NULL, OPT_OVERLAP},
		{"percentile", required_argument, NULL, OPT_PERCENTILE},
		{0}
	};
	int c;

	opt_init(&o->co);
	o->mode = MODE_SIMPLE;
	o->embedder = EMBED_DEFAULT_SPEC;
	o->headings = HEADINGS_AUTO;
	o->keep_headings = 0;
	o->min_words = 10;
	o->max_words = 400;
	o->overlap = 0;
	o->buffer = 2;
	o->percentile = 68;
	o->min_chars = 100;
	o->max_chars = 500;
	while ((c = getopt_long(argc, argv, COMMON_SHORTOPTS "m:", longopts,
	    NULL)) != -1) {
		switch (c) {
		case OPT_BUFFER:
			o->buffer = num(optarg, 0, 100, "--buffer");
			break;
		case OPT_EMBEDDER:
			o->embedder = optarg;
			break;
		case OPT_HEADINGS:
			if (strcmp(optarg, "auto") == 0)
				o->headings = HEADINGS_AUTO;
			else if (strcmp(optarg, "guess") == 0)
				o->headings = HEADINGS_GUESS;
			else if (strcmp(optarg, "none") == 0)
				o->headings = HEADINGS_NONE;
			else {
				error("--headings: want auto, guess or none, "
				    "not \"%s\"", optarg);
				usage(stderr, EXIT_USAGE);
			}
			break;
		case OPT_KEEP_HEADINGS:
			o->keep_headings = 1;
			break;
		case 'm':
			if (strcmp(optarg, "simple") == 0)
				o->mode = MODE_SIMPLE;
			else if (strcmp(optarg, "semantic") == 0)
				o->mode = MODE_SEMANTIC;
			else {
				error("--mode: want simple or semantic, not "
				    "\"%s\"", optarg);
				usage(stderr, EXIT_USAGE);
			}
			break;
		case OPT_MAX_CHARS:
			o->max_chars = num(optarg, 1, 100000000, "--max-chars");
			break;
		case OPT_MAX_WORDS:
			o->max_words = num(optarg, 1, 10000000, "--max-words");
			break;
		case OPT_MIN_CHARS:
			o->min_chars = num(optarg, 0, 100000000, "--min-chars");
			break;
		case OPT_MIN_WORDS:
			o->min_words = num(optarg, 1, 10000000, "--min-words");
			break;
		case OPT_OVERLAP:
			o->overlap = num(optarg, 0, 1000, "--overlap");
			break;
		case OPT_PERCENTILE:
			o->percentile = estrtod(optarg, 0, 100,
			    "--percentile");
			break;
		default:
			opt_common(c, optarg, &o->co, usage);
		}
	}
	if (o->min_words > o->max_words) {
		error("--min-words %zu is larger than --max-words %zu",
		    o->min_words, o->max_words);
		usage(stderr, EXIT_USAGE);
	}
	if (o->min_chars > o->max_chars) {
		error("--min-chars %zu is larger than --max-chars %zu",
		    o->min_chars, o->max_chars);
		usage(stderr, EXIT_USAGE);
	}
	if (argc - optind > 1) {
		error("too many operands");
		usage(stderr, EXIT_USAGE);
	}
	opt_refuse_tty_stdin(argc - optind, usage);
}

static void
cs_free(struct cs *c)
{
	size_t i;

	for (i = 0; i < c->nep; i++) {
		rec_free(&c->ep[i].rec);
		free(c->ep[i].raw);
	}
	free(c->ep);
	free(c->ch);
	buf_free(&c->docid);
	buf_free(&c->arena);
	secpath_free(&c->path);
	docset_free(&c->seen);
	segdoc_free(&c->doc);
	spans_free(&c->sp);
	free(c->s);
	free(c->wtext);
	free(c->wlen);
	free(c->vec);
	free(c->dist);
	free(c->sorted);
	rb_free(&c->rb);
	embed_close(c->emb);
}

int
main(int argc, char *argv[])
{
	struct opts o;
	struct cs c = { 0 };
	struct rec rec = { 0 };
	struct stats st;
	struct rr *in;
	char err[256];
	int r, status = EXIT_OK;

	log_init(argv[0]);
	stats_begin(&st);
	parse_opts(&o, argc, argv);
	c.o = &o;
	secpath_reset(&c.path);
	if (o.mode == MODE_SEMANTIC &&
	    (r = embed_open(o.embedder, &c.emb, err, sizeof err)) != 0)
		die(r, "--embedder %s: %s", o.embedder, err);
	if ((in = rr_open(optind < argc ? argv[optind] : NULL,
	    o.co.nul ? RR_NUL : 0, o.co.max_record)) == NULL)
		return EXIT_IO;
	c.out = rw_open(o.co.output, (o.co.nul ? RW_NUL : 0) |
	    (o.co.force ? RW_FORCE : 0) | (o.co.unbuffered ? RW_UNBUFFERED : 0));
	while ((r = rr_next(in, &rec)) > 0) {
		c.records++;
		take_record(&c, &rec);
	}
	/* After a read error the buffered document is written only when
	 * its episode_count says it is complete. */
	if (r < 0) {
		status = rr_status(in);
		if (c.want_count >= 0 && (int64_t)c.nep == c.want_count)
			flush_doc(&c);
	} else {
		flush_doc(&c);
	}
	if (status == EXIT_OK || !o.co.output)
		ewclose(c.out);
	else
		rw_abort(c.out);
	info(3, "%llu records, %llu documents, %llu chunks, %llu long "
	    "sentences split", (unsigned long long)c.records,
	    (unsigned long long)c.docs, (unsigned long long)c.chunks,
	    (unsigned long long)c.split_long);
	stats_int(&st, "records", (int64_t)c.records);
	stats_int(&st, "documents", (int64_t)c.docs);
	stats_int(&st, "empty", (int64_t)c.empty);
	stats_int(&st, "chunks", (int64_t)c.chunks);
	stats_int(&st, "long_sentences_split", (int64_t)c.split_long);
	stats_int(&st, "text_bytes", (int64_t)c.bytes);
	if (stats_write(&st, o.co.stats) < 0 && status == EXIT_OK)
		status = EXIT_IO;
	rr_close(in);
	rec_free(&rec);
	cs_free(&c);
	return status;
}
