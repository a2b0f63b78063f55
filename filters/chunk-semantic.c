/* SPDX-License-Identifier: ISC */
/*
 * chunk-semantic: split episodes (or whole articles) into passages, 1:N.
 *
 * Reads:  text (str); optional doc_id (str), episode_index,
 *         episode_count and para_start (int), sections (array).
 * Writes: every input key but text and sections, then chunk_index,
 *         chunk_count, chunk_in_episode, section, char_start, char_end,
 *         word_count, chunk_mode, text.
 *
 * Records of one document (same doc_id, or a run of episode_index 0, 1,
 * ...) are buffered until the document ends, so that every chunk can
 * carry chunk_count; memory is bounded by one article.  A chunk is a
 * verbatim slice of its episode's text made of whole sentences of one
 * section (or a piece of one over-long sentence); headings are never in
 * a chunk's text.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/embed.h"
#include "common/log.h"
#include "common/opt.h"
#include "common/record.h"
#include "common/sentence.h"
#include "common/stats.h"
#include "filters/chunk-semantic.h"

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
	    COMMON_USAGE FILTER_USAGE
	    "  embedders:\n");
	embed_help(fp);
	exit(status);
}

/* pass_on: see chunk-semantic.h.  Called from chunk-semantic-cut.c too,
 * just before it dies on bad input (the why is at its top). */
void
pass_on(struct cs *c)
{
	if (c->out != NULL && c->o->co.output == NULL) {
		rw_abort(c->out);
		c->out = NULL;
	}
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
	cut_episode(c, c->nep - 1);
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
		FILTER_LONGOPTS,
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
	static const struct opt_word modes[] = {
		{"simple", MODE_SIMPLE}, {"semantic", MODE_SEMANTIC}, {NULL, 0}
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
			o->headings = opt_keyword(optarg, "--headings",
			    segdoc_headings, usage);
			break;
		case OPT_KEEP_HEADINGS:
			o->keep_headings = 1;
			break;
		case 'm':
			o->mode = opt_keyword(optarg, "--mode", modes, usage);
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
	    (o.co.nul & NUL_IN) ? RR_NUL : 0, o.co.max_record)) == NULL)
		return EXIT_IO;
	c.out = rw_open(o.co.output, ((o.co.nul & NUL_OUT) ? RW_NUL : 0) |
	    (o.co.force ? RW_FORCE : 0) |
	    (o.co.unbuffered ? RW_UNBUFFERED : 0));
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
	stats_int(&st, "punctuation_absorbed", (int64_t)c.dropped_punct);
	stats_int(&st, "text_bytes", (int64_t)c.bytes);
	if (stats_write(&st, o.co.stats) < 0 && status == EXIT_OK)
		status = EXIT_IO;
	rr_close(in);
	rec_free(&rec);
	cs_free(&c);
	return status;
}
