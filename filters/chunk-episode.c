/* SPDX-License-Identifier: ISC */
/*
 * chunk-episode: split each article into episodes, runs of paragraphs
 * that belong together (1:N).
 *
 * Reads:  text (str: paragraphs separated by blank lines), optional
 *         doc_id (str), sections (array, wiki-fetch), page_id.
 * Writes: every input key but text, then episode_id, episode_index,
 *         episode_count, para_start, para_end, coherence, text.
 *
 * Paragraphs are embedded (a heading rides with the paragraph after it)
 * and a new episode starts where the cosine of neighbours drops below the
 * threshold or the episode is full, never before the minimum length.  A
 * short tail is merged into the episode before it.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "common/embed.h"
#include "common/log.h"
#include "common/opt.h"
#include "common/record.h"
#include "common/sentence.h"
#include "common/stats.h"

enum {
	OPT_EMBEDDER = OPT_FIRST_PRIVATE,
	OPT_HEADINGS,
	OPT_MAX,
	OPT_MIN
};

struct opts {
	struct common_opts co;	/* the shared options */
	const char *embedder;	/* --embedder SPEC */
	double threshold;	/* -t: split below this cosine */
	size_t min, max;	/* --min, --max: episode length in units */
	int headings;		/* --headings: HEADINGS_* */
};

/* One unit: a body paragraph with any headings just before it. */
struct unit {
	size_t p0, p1;		/* first and last paragraph, inclusive */
};

/* Per-run state. */
struct ep {
	const struct opts *o;
	struct embedder *emb;
	struct rw *out;
	struct rb rb;
	struct segdoc doc;
	struct docset seen;
	struct unit *unit;
	size_t ucap;
	size_t *cut;		/* episode starts (unit index), plus N */
	size_t cutcap;
	const char **utext;
	size_t *ulen;
	float *vec;
	size_t veccap;
	double *cos;		/* cos[i]: units i-1 and i */
	struct buf text, id;
	uint64_t records, empty, episodes, paras, bytes;
};

/* Keys this program writes; an input copy of any of them is replaced. */
static const char *const owned[] = {
	"episode_id", "episode_index", "episode_count", "para_start",
	"para_end", "coherence", "text", NULL
};

static void
usage(FILE *fp, int status)
{
	fprintf(fp,
	    "usage: chunk-episode [-fhquVvz] [--embedder SPEC] "
	    "[--headings MODE] [--max N]\n"
	    "                     [--max-record SIZE] [--min N] [-o FILE] "
	    "[--stats FILE]\n"
	    "                     [-t COSINE] [FILE]\n"
	    "  Split article records into episodes of paragraphs "
	    "(1:N).\n"
	    "      --embedder SPEC  paragraph embedder (hash)\n"
	    "      --headings MODE  auto (default), guess or none\n"
	    "      --max N          most paragraphs in an episode (20)\n"
	    "      --min N          fewest paragraphs in an episode (3)\n"
	    "  -t, --threshold COSINE  split below this cosine (0.6)\n"
	    COMMON_USAGE FILTER_USAGE
	    "  embedders:\n");
	embed_help(fp);
	exit(status);
}

/*
 * Before dying on bad input: pass on the whole records already written
 * to standard output (an -o FILE is never published half done).
 */
static void
pass_on(struct ep *e)
{
	if (e->out != NULL && e->o->co.output == NULL) {
		rw_abort(e->out);
		e->out = NULL;
	}
}

static void
grow(void **p, size_t *cap, size_t need, size_t size)
{
	if (need <= *cap)
		return;
	*cap = need + need / 2 + 16;
	*p = erealloc(*p, *cap * size);
}

/* Group paragraphs into units: headings go with the next body paragraph;
 * trailing headings join the last unit. */
static size_t
make_units(struct ep *e)
{
	const struct segdoc *d = &e->doc;
	size_t i, n = 0, start = 0;

	grow((void **)&e->unit, &e->ucap, d->para.n + 1, sizeof *e->unit);
	for (i = 0; i < d->para.n; i++) {
		if (d->head[i])
			continue;
		e->unit[n].p0 = start;
		e->unit[n].p1 = i;
		n++;
		start = i + 1;
	}
	if (start < d->para.n) {
		if (n > 0) {
			e->unit[n - 1].p1 = d->para.n - 1;
		} else {
			e->unit[0].p0 = 0;
			e->unit[0].p1 = d->para.n - 1;
			n = 1;
		}
	}
	return n;
}

/* Cosines of neighbouring units, from one batch of embeddings. */
static void
unit_cosines(struct ep *e, const struct rec *rec, const char *t, size_t n)
{
	size_t dim = embed_dim(e->emb), i, j;
	int st;

	if (n > e->veccap) {
		e->veccap = n + n / 2 + 16;
		e->utext = erealloc(e->utext, e->veccap * sizeof *e->utext);
		e->ulen = erealloc(e->ulen, e->veccap * sizeof *e->ulen);
		e->cos = erealloc(e->cos, e->veccap * sizeof *e->cos);
		e->vec = erealloc(e->vec, e->veccap * dim * sizeof *e->vec);
	}
	e->cos[0] = 1;
	if (n < 2)
		return;
	for (i = 0; i < n; i++) {
		size_t b = e->doc.para.v[e->unit[i].p0].b;

		e->utext[i] = t + b;
		e->ulen[i] = e->doc.para.v[e->unit[i].p1].e - b;
	}
	if ((st = embed_texts(e->emb, n, e->utext, e->ulen, e->vec)) != 0) {
		pass_on(e);
		die(st, "%s: record %llu: embedder %s: %s", rec->src,
		    (unsigned long long)rec->recno, embed_model(e->emb),
		    embed_errmsg(e->emb));
	}
	for (i = 1; i < n; i++) {
		const float *a = e->vec + (i - 1) * dim, *b = e->vec + i * dim;
		double s = 0;

		for (j = 0; j < dim; j++)
			s += (double)a[j] * b[j];
		e->cos[i] = s;
	}
}

/*
 * The episode rule on n units: cut before unit i when the cosine drops
 * below the threshold or the episode is full, and the episode has its
 * minimum.  A tail shorter than the minimum joins the episode before it;
 * if that would make it longer than the maximum, the cut moves back so
 * that the tail has exactly the minimum (when the episode before keeps
 * its minimum; otherwise the merge wins over the maximum).  Returns the
 * number of episodes; episode k is units cut[k] .. cut[k+1]-1.
 */
static size_t
make_cuts(struct ep *e, size_t n)
{
	const struct opts *o = e->o;
	size_t i, k = 0, start = 0;

	grow((void **)&e->cut, &e->cutcap, n + 2, sizeof *e->cut);
	e->cut[k++] = 0;
	for (i = 1; i < n; i++) {
		int split = e->cos[i] < o->threshold || i - start >= o->max;

		if (split && i - start >= o->min) {
			e->cut[k++] = i;
			start = i;
		}
	}
	if (k > 1 && n - start < o->min) {
		size_t prev = e->cut[k - 2];

		if (n - prev > o->max && n - o->min - prev >= o->min)
			e->cut[k - 1] = n - o->min;	/* rebalance */
		else
			k--;	/* merge the tail */
	}
	e->cut[k] = n;
	return k;
}

/* Write the episodes of one article. */
static void
emit(struct ep *e, const struct rec *rec, const char *t, size_t nep)
{
	const struct segdoc *d = &e->doc;
	const char *docid;
	size_t idlen, k, i, p0, p1, p;
	int64_t page;
	double coh;

	e->id.len = 0;
	if (rec_get_str(rec, "doc_id", &docid, &idlen) == REC_OK)
		buf_add(&e->id, docid, idlen);
	else if (rec_get_int(rec, "page_id", &page) == REC_OK)
		buf_printf(&e->id, "%lld", (long long)page);
	else
		buf_printf(&e->id, "rec%llu", (unsigned long long)rec->recno);
	idlen = e->id.len;
	for (k = 0; k < nep; k++) {
		p0 = e->unit[e->cut[k]].p0;
		p1 = e->unit[e->cut[k + 1] - 1].p1;
		coh = 0;
		for (i = e->cut[k] + 1; i < e->cut[k + 1]; i++)
			coh += e->cos[i];
		coh = e->cut[k + 1] - e->cut[k] > 1 ?
		    coh / (double)(e->cut[k + 1] - e->cut[k] - 1) : 1.0;
		e->text.len = 0;
		for (p = p0; p <= p1; p++) {
			if (p > p0)
				buf_add(&e->text, "\n\n", 2);
			buf_add(&e->text, t + d->para.v[p].b,
			    d->para.v[p].e - d->para.v[p].b);
		}
		e->id.len = idlen;
		buf_printf(&e->id, "_ep%zu", k);
		rb_reset(&e->rb);
		rb_copy(&e->rb, rec, owned);
		rb_str(&e->rb, "episode_id", (const char *)e->id.p, e->id.len);
		rb_int(&e->rb, "episode_index", (int64_t)k);
		rb_int(&e->rb, "episode_count", (int64_t)nep);
		rb_int(&e->rb, "para_start", (int64_t)p0);
		rb_int(&e->rb, "para_end", (int64_t)p1);
		rb_f64(&e->rb, "coherence", coh);
		rb_str(&e->rb, "text", (const char *)e->text.p, e->text.len);
		ewput_rb(e->out, &e->rb);
		e->episodes++;
	}
}

static void
episode_one(struct ep *e, const struct rec *rec)
{
	const char *t, *why, *id;
	size_t n, nu, nep;
	int st;

	if ((st = rec_get_str(rec, "text", &t, &n)) != REC_OK) {
		pass_on(e);
		die_rec_get(rec, "text", st, "str");
	}
	if (rec_get_str(rec, "doc_id", &id, &nu) == REC_OK &&
	    !docset_add(&e->seen, id, nu)) {
		pass_on(e);
		die_rec(rec, "doc_id", "document \"%.*s\" seen before "
		    "(records of one document must be contiguous)",
		    (int)(nu > 200 ? 200 : nu), id);
	}
	if (segdoc_parse(&e->doc, rec, t, n, 0, e->o->headings, &why) < 0) {
		pass_on(e);
		die_rec(rec, "sections", "%s", why);
	}
	e->bytes += n;
	e->paras += e->doc.para.n;
	if ((nu = make_units(e)) == 0) {
		e->empty++;
		return;
	}
	unit_cosines(e, rec, t, nu);
	if (nu < e->o->min) {
		/* Too short to split: one episode. */
		grow((void **)&e->cut, &e->cutcap, 2, sizeof *e->cut);
		e->cut[0] = 0;
		e->cut[1] = nu;
		nep = 1;
	} else {
		nep = make_cuts(e, nu);
	}
	emit(e, rec, t, nep);
}

static void
parse_opts(struct opts *o, int argc, char *argv[])
{
	static const struct option longopts[] = {
		COMMON_LONGOPTS,
		FILTER_LONGOPTS,
		{"embedder", required_argument, NULL, OPT_EMBEDDER},
		{"headings", required_argument, NULL, OPT_HEADINGS},
		{"max", required_argument, NULL, OPT_MAX},
		{"min", required_argument, NULL, OPT_MIN},
		{"threshold", required_argument, NULL, 't'},
		{0}
	};
	int c;

	opt_init(&o->co);
	o->embedder = EMBED_DEFAULT_SPEC;
	o->threshold = 0.6;
	o->min = 3;
	o->max = 20;
	o->headings = HEADINGS_AUTO;
	while ((c = getopt_long(argc, argv, COMMON_SHORTOPTS "t:", longopts,
	    NULL)) != -1) {
		switch (c) {
		case OPT_EMBEDDER:
			o->embedder = optarg;
			break;
		case OPT_HEADINGS:
			o->headings = opt_keyword(optarg, "--headings",
			    segdoc_headings, usage);
			break;
		case OPT_MAX:
			o->max = (size_t)estrtonum(optarg, 1, 1000000, "--max");
			break;
		case OPT_MIN:
			o->min = (size_t)estrtonum(optarg, 1, 1000000, "--min");
			break;
		case 't':
			o->threshold = estrtod(optarg, -1, 1, "--threshold");
			break;
		default:
			opt_common(c, optarg, &o->co, usage);
		}
	}
	if (o->min > o->max) {
		error("--min %zu is larger than --max %zu", o->min, o->max);
		usage(stderr, EXIT_USAGE);
	}
	if (argc - optind > 1) {
		error("too many operands");
		usage(stderr, EXIT_USAGE);
	}
	opt_refuse_tty_stdin(argc - optind, usage);
}

int
main(int argc, char *argv[])
{
	struct opts o;
	struct ep e = { 0 };
	struct rec rec = { 0 };
	struct stats st;
	struct rr *in;
	char err[256];
	int r, status = EXIT_OK;

	log_init(argv[0]);
	stats_begin(&st);
	parse_opts(&o, argc, argv);
	e.o = &o;
	if ((r = embed_open(o.embedder, &e.emb, err, sizeof err)) != 0)
		die(r, "--embedder %s: %s", o.embedder, err);
	if ((in = rr_open(optind < argc ? argv[optind] : NULL,
	    (o.co.nul & NUL_IN) ? RR_NUL : 0, o.co.max_record)) == NULL)
		return EXIT_IO;
	e.out = rw_open(o.co.output, ((o.co.nul & NUL_OUT) ? RW_NUL : 0) |
	    (o.co.force ? RW_FORCE : 0) |
	    (o.co.unbuffered ? RW_UNBUFFERED : 0));
	while ((r = rr_next(in, &rec)) > 0) {
		e.records++;
		episode_one(&e, &rec);
	}
	if (r < 0)
		status = rr_status(in);
	if (status == EXIT_OK || !o.co.output)
		ewclose(e.out);
	else
		rw_abort(e.out);
	info(3, "%llu articles (%llu empty), %llu paragraphs, %llu episodes",
	    (unsigned long long)e.records, (unsigned long long)e.empty,
	    (unsigned long long)e.paras, (unsigned long long)e.episodes);
	stats_int(&st, "records", (int64_t)e.records);
	stats_int(&st, "empty", (int64_t)e.empty);
	stats_int(&st, "paragraphs", (int64_t)e.paras);
	stats_int(&st, "episodes", (int64_t)e.episodes);
	stats_int(&st, "text_bytes", (int64_t)e.bytes);
	stats_str(&st, "embed_model", embed_model(e.emb));
	if (stats_write(&st, o.co.stats) < 0 && status == EXIT_OK)
		status = EXIT_IO;
	rr_close(in);
	rec_free(&rec);
	rb_free(&e.rb);
	segdoc_free(&e.doc);
	docset_free(&e.seen);
	embed_close(e.emb);
	free(e.unit);
	free(e.cut);
	free(e.utext);
	free(e.ulen);
	free(e.vec);
	free(e.cos);
	buf_free(&e.text);
	buf_free(&e.id);
	return status;
}
