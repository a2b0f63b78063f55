/* SPDX-License-Identifier: ISC */
/*
 * embed_hash.c: the built-in embedder, "hash": deterministic feature
 * hashing of lexical features.  It needs no model file and no service, and
 * the same text gives the same bits on every run and every machine.  It is
 * lexical: texts are close when they share words and word pieces, not when
 * they mean the same thing in other words.
 *
 * Version 2 of the features (the default), for one text:
 *
 *  1. Normalise: decode UTF-8 (an invalid byte is a separator), fold case
 *     by Unicode simple case folding (uni.h; never the C library's
 *     locale), and cut into words: maximal runs of letters, marks and
 *     numbers (General_Category L, M, N).  A run that holds a letter of a
 *     script written without spaces (Chinese, Japanese, Thai, Lao, Khmer,
 *     Burmese) is cut further into the words libicu's dictionary finds in
 *     it: the suite's one definition of a word (uni.h).  The words are
 *     written to a scratch buffer as " w1 w2 ... wn " (one space around
 *     each).
 *  2. Features, each hashed with XXH3-64 and a seed per kind:
 *       word unigrams            weight 1.0 (0.25 for an English stop word)
 *       word bigrams "w1 w2"     weight 0.7 (bigrams=0 turns them off)
 *       character n-grams of " w " for n in char=MIN-MAX (default 3-4),
 *       counted in code points   weight 0.4 (none for stop words)
 *  3. Term weight: w * (1 + ln tf), where tf counts a feature's
 *     occurrences in the text (sublinear tf).  ln is computed here from
 *     +, *, / only, so no libm difference can change a bit.
 *  4. Signed hashing: feature h adds +/- weight (the sign is bit 63 of h)
 *     to dimension ((h mod 2^32) * dim) >> 32, accumulated in double in
 *     first-occurrence
 *     order, rounded to float; embed_texts() then L2-normalises.
 *
 * Version 1 (v=1) differs in step 1 only: case is folded by a fixed table
 * (ASCII, Latin-1, Latin Extended-A, Greek, Cyrillic), a letter is any
 * code point outside the punctuation, symbol and space blocks, and no
 * run is segmented further.  It stays, unchanged to the bit, so that a
 * store embedded with it can still be searched and synced.
 *
 * Parameters: v=1|2 (default 2), dim=N (1..65536, default 768),
 * char=MIN-MAX or char=0 (n-grams off; 1 <= MIN <= MAX <= 8),
 * bigrams=0|1.  The model name records all of them:
 * "hash-v2-d768-c3-4-b1".
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The header-only build of XXH3: the same function as the library
 * (XXH3 output is fixed by its specification), inlined for short keys. */
#define XXH_INLINE_ALL
#include <xxhash.h>

#include "embed.h"
#include "uni.h"
#include "utf8.h"
#include "util.h"

enum {
	SEED_UNI = 0x5769a1,	/* arbitrary, fixed forever for v1 */
	SEED_BI = 0x5769b2,
	SEED_CHAR = 0x5769c3	/* plus n */
};

#define W_UNI	1.0
#define W_STOP	0.25
#define W_BI	0.7
#define W_CHAR	0.4

/* One distinct feature of the current text. */
struct feat {
	uint64_t h;
	uint32_t tf;
	uint32_t slot;		/* where it sits in the table */
	float w;
};

struct hstate {
	int version;		/* of the features: 1 or 2 */
	size_t dim;
	int cmin, cmax;		/* char n-gram range; cmin 0 = none */
	int bigrams;
	double *acc;		/* dim accumulators */
	struct buf norm;	/* " w1 w2 ... " */
	struct buf run;		/* v2: a run to segment by dictionary */
	uint32_t *cpoff;	/* code point start offsets within norm */
	size_t cpcap;
	uint32_t *tok;		/* token i: start and end byte in norm */
	size_t tokcap;
	/* Open-addressing table of the text's distinct features, and their
	 * indices in first-occurrence order. */
	struct feat *feat;
	uint32_t *slot;		/* slot -> feat index + 1, 0 = empty */
	size_t nfeat, featcap, slotcap;
	uint64_t stop[128];	/* hashes of stop words, open addressing */
	double tfw[256];	/* 1 + ln tf for tf < 256 */
};

/* English function words: down-weighted so they do not dominate. */
static const char *const stopwords[] = {
	"a", "about", "after", "all", "also", "an", "and", "any", "are", "as",
	"at", "be", "been", "before", "but", "by", "can", "could", "did", "do",
	"does", "for", "from", "had", "has", "have", "he", "her", "his", "how",
	"i", "if", "in", "into", "is", "it", "its", "may", "more", "most",
	"no", "not", "of", "on", "one", "or", "other", "our", "she", "so",
	"some", "such", "than", "that", "the", "their", "them", "then",
	"there", "these", "they", "this", "those", "to", "under", "up", "was",
	"we", "were", "what", "when", "where", "which", "while", "who", "will",
	"with", "would", "you", NULL
};

/*
 * ln(x) for x >= 1 from IEEE basic operations only: x = m * 2^k with m in
 * [1, 2), ln m = 2 atanh((m - 1) / (m + 1)) by its series (|t| < 1/3, so
 * 30 terms are far below double precision).
 */
static double
det_ln(double x)
{
	static const double ln2 = 0.69314718055994530941723212145818;
	double t, t2, term, sum;
	int k = 0, i;

	while (x >= 2) {
		x /= 2;
		k++;
	}
	t = (x - 1) / (x + 1);
	t2 = t * t;
	term = t;
	sum = 0;
	for (i = 0; i < 30; i++) {
		sum += term / (2 * i + 1);
		term *= t2;
	}
	return k * ln2 + 2 * sum;
}

/* Version 1's case folding: ASCII, Latin-1, Latin Extended-A, Greek,
 * Cyrillic. */
static uint32_t
fold_v1(uint32_t c)
{
	if (c < 0x80)
		return c >= 'A' && c <= 'Z' ? c + 32 : c;
	if (c >= 0xc0 && c <= 0xde && c != 0xd7)
		return c + 32;
	if (c >= 0x100 && c <= 0x17f) {
		/* Pairs upper/lower: even/odd, except 0x139-0x148 and
		 * 0x179-0x17e where upper is odd; 0x130, 0x131, 0x138,
		 * 0x149, 0x178 and 0x17f are left alone. */
		if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17e))
			return (c & 1) ? c + 1 : c;
		if (c == 0x130 || c == 0x131 || c == 0x138 || c == 0x149 ||
		    c == 0x178 || c == 0x17f)
			return c == 0x178 ? 0xff : c;
		return (c & 1) ? c : c + 1;
	}
	if (c >= 0x391 && c <= 0x3a9 && c != 0x3a2)
		return c + 32;
	if (c >= 0x410 && c <= 0x42f)
		return c + 32;
	if (c >= 0x400 && c <= 0x40f)
		return c + 80;
	return c;
}

/* Version 1: is code point c part of a word (letters, digits, marks)? */
static int
wordchar_v1(uint32_t c)
{
	if (c < 0x80)
		return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
		    (c >= 'A' && c <= 'Z');
	if (c <= 0xbf)
		return c == 0xaa || c == 0xb5 || c == 0xba;
	if (c == 0xd7 || c == 0xf7)
		return 0;
	if ((c >= 0x2000 && c <= 0x2bff) || (c >= 0x3000 && c <= 0x303f) ||
	    (c >= 0xe000 && c <= 0xf8ff) || (c >= 0xfe30 && c <= 0xfe4f) ||
	    (c >= 0xff00 && c <= 0xff0f) || (c >= 0xff1a && c <= 0xff20) ||
	    (c >= 0xff3b && c <= 0xff40) || (c >= 0xff5b && c <= 0xff65) ||
	    (c >= 0xfff0 && c <= 0xffff) || c >= 0x1f000)
		return 0;
	return 1;
}

int
embed_has_word(const char *text, size_t n)
{
	const unsigned char *p = (const unsigned char *)text;
	size_t i = 0, adv;

	for (; i < n; i += adv) {
		if (p[i] < 0x80) {
			adv = 1;
			if ((p[i] | 0x20) - 'a' < 26u || p[i] - '0' < 10u)
				return 1;
		} else if (uni_alnum(utf8_decode(p + i, n - i, &adv))) {
			return 1;
		}
	}
	return 0;
}

/* The dimension of feature h: the low 32 bits scaled to [0, dim) by a
 * multiply and shift (no division; exact integer arithmetic). */
static size_t
dim_of(uint64_t h, size_t dim)
{
	return (size_t)(((h & 0xffffffffu) * (uint64_t)dim) >> 32);
}

static size_t
stop_slot(uint64_t h)
{
	return (size_t)(h >> 7) & 127;
}

static int
is_stop(const struct hstate *s, uint64_t h)
{
	size_t i = stop_slot(h);

	while (s->stop[i] != 0) {
		if (s->stop[i] == h)
			return 1;
		i = (i + 1) & 127;
	}
	return 0;
}

/* Count one occurrence of feature h with weight w. */
static void
add_feat(struct hstate *s, uint64_t h, float w)
{
	size_t mask = s->slotcap - 1, i = (size_t)(h ^ h >> 29) & mask;
	uint32_t f;

	while ((f = s->slot[i]) != 0) {
		if (s->feat[f - 1].h == h) {
			s->feat[f - 1].tf++;
			return;
		}
		i = (i + 1) & mask;
	}
	s->feat[s->nfeat].h = h;
	s->feat[s->nfeat].tf = 1;
	s->feat[s->nfeat].w = w;
	s->feat[s->nfeat].slot = (uint32_t)i;
	s->slot[i] = (uint32_t)++s->nfeat;
}

/* Make room for up to nmax features with a table at most half full. */
static void
reserve_feats(struct hstate *s, size_t nmax)
{
	size_t want = 64;

	if (nmax > s->featcap) {
		free(s->feat);
		s->feat = emalloc(nmax * sizeof *s->feat);
		s->featcap = nmax;
	}
	while (want < 2 * nmax)
		want *= 2;
	if (want > s->slotcap) {
		free(s->slot);
		s->slot = ecalloc(want, sizeof *s->slot);
		s->slotcap = want;
	}
}

/* Where the words of a dictionary run go: norm from q, tokens from
 * *ntok. */
struct dictout {
	struct hstate *s;
	unsigned char *q;
	size_t ntok;
};

static int
dict_word(void *v, size_t b, size_t e)
{
	struct dictout *d = v;
	struct hstate *s = d->s;

	s->tok[2 * d->ntok] = (uint32_t)(d->q - s->norm.p);
	memcpy(d->q, s->run.p + b, e - b);
	d->q += e - b;
	s->tok[2 * d->ntok + 1] = (uint32_t)(d->q - s->norm.p);
	d->ntok++;
	*d->q++ = ' ';
	return 0;
}

/*
 * End the word that began at norm offset start and ends at *qp: record
 * it as a token followed by a space, or, when it holds a letter of a
 * script written without spaces (dict), as the dictionary's words in it.
 */
static void
end_word(struct hstate *s, unsigned char **qp, size_t start, int dict,
    size_t *ntok)
{
	unsigned char *q = *qp;

	if (dict) {
		struct dictout d = { s, s->norm.p + start, *ntok };

		s->run.len = 0;
		buf_add(&s->run, s->norm.p + start, (size_t)(q - s->norm.p) -
		    start);
		if (uni_dict_words((const char *)s->run.p, s->run.len,
		    dict_word, &d) > 0) {
			*ntok = d.ntok;
			*qp = d.q;
			return;
		}
	}
	s->tok[2 * *ntok] = (uint32_t)start;
	s->tok[2 * *ntok + 1] = (uint32_t)(q - s->norm.p);
	(*ntok)++;
	*q++ = ' ';
	*qp = q;
}

/* Normalise text into s->norm and s->tok; returns the number of words.
 * Version 2's words are uni_tokens' (uni.h), found here in the same pass
 * that folds and writes them rather than by a second walk. */
static size_t
tokenise(struct hstate *s, const unsigned char *t, size_t n)
{
	size_t i = 0, adv, ntok = 0, start = 0;
	unsigned char *q;
	int inword = 0, dict = 0, v2 = s->version >= 2;
	uint32_t c;

	/* At most one separator per input byte, plus the leading one, and
	 * folding may turn 2 bytes into 3; an invalid byte becomes a
	 * separator, never U+FFFD in the output. */
	s->norm.len = 0;
	buf_reserve(&s->norm, 3 * n + 2);
	if (n + 2 > s->tokcap) {
		s->tokcap = n + 2;
		s->tok = erealloc(s->tok, s->tokcap * sizeof *s->tok);
	}
	q = s->norm.p;
	*q++ = ' ';
	while (i < n) {
		c = t[i];
		if (c < 0x80) {
			adv = 1;
			if (c - 'A' < 26)
				c += 32;
			else if (!(c - 'a' < 26 || c - '0' < 10))
				goto sep;
		} else {
			c = utf8_decode(t + i, n - i, &adv);
			if (!v2) {
				if (!wordchar_v1(c))
					goto sep;
				c = fold_v1(c);
			} else {
				if (!uni_alnum(c))	/* U+FFFD too */
					goto sep;
				if (c >= 0xe00 && !dict)
					dict = uni_nospace(c);
				c = uni_fold(c);
			}
		}
		if (!inword) {
			start = (size_t)(q - s->norm.p);
			inword = 1;
		}
		if (c < 0x80)
			*q++ = c;
		else
			q = utf8_put(q, c);
		i += adv;
		continue;
sep:
		if (inword && !dict) {
			s->tok[2 * ntok] = (uint32_t)start;
			s->tok[2 * ntok + 1] = (uint32_t)(q - s->norm.p);
			ntok++;
			*q++ = ' ';
			inword = 0;
		} else if (inword) {
			end_word(s, &q, start, dict, &ntok);
			inword = dict = 0;
		}
		i += adv;
	}
	if (inword)
		end_word(s, &q, start, dict, &ntok);
	s->norm.len = (size_t)(q - s->norm.p);
	return ntok;
}

/* The character n-grams of token [b, e) of norm, padded by its spaces. */
static void
char_grams(struct hstate *s, size_t b, size_t e)
{
	const unsigned char *p = s->norm.p;
	size_t ncp = 0, i, adv;
	int n;

	/* Code point offsets of " w " (the spaces are single bytes). */
	if (e - b + 3 > s->cpcap) {
		s->cpcap = 2 * (e - b + 3);
		s->cpoff = erealloc(s->cpoff, s->cpcap * sizeof *s->cpoff);
	}
	for (i = b - 1; i <= e; i += adv) {
		s->cpoff[ncp++] = i;
		utf8_decode(p + i, e + 1 - i, &adv);
	}
	s->cpoff[ncp] = e + 1;
	for (n = s->cmin; n <= s->cmax && (size_t)n <= ncp; n++)
		for (i = 0; i + n <= ncp; i++)
			add_feat(s, XXH3_64bits_withSeed(p + s->cpoff[i],
			    s->cpoff[i + n] - s->cpoff[i], SEED_CHAR + n),
			    (float)W_CHAR);
}

static void
embed_one(struct hstate *s, const unsigned char *t, size_t n, float *out)
{
	size_t ntok, i, j, b, e, nmax;
	uint64_t h;
	int stop;

	ntok = tokenise(s, t, n);
	/* Features: at most one unigram and one bigram per word, and per
	 * n one n-gram per code point plus the padding (bytes bound it). */
	nmax = 2 * ntok + 1 + (size_t)(s->cmin ? s->cmax - s->cmin + 1 : 0) *
	    (s->norm.len + 2 * ntok);
	reserve_feats(s, nmax);
	s->nfeat = 0;
	for (i = 0; i < ntok; i++) {
		b = s->tok[2 * i];
		e = s->tok[2 * i + 1];
		h = XXH3_64bits_withSeed(s->norm.p + b, e - b, SEED_UNI);
		stop = is_stop(s, h);
		add_feat(s, h, (float)(stop ? W_STOP : W_UNI));
		if (s->bigrams && i > 0)
			add_feat(s, XXH3_64bits_withSeed(s->norm.p +
			    s->tok[2 * i - 2], e - s->tok[2 * i - 2], SEED_BI),
			    (float)W_BI);
		if (s->cmin && !stop)
			char_grams(s, b, e);
	}
	memset(s->acc, 0, s->dim * sizeof *s->acc);
	for (j = 0; j < s->nfeat; j++) {
		const struct feat *f = &s->feat[j];
		double w = f->w * (f->tf < 256 ? s->tfw[f->tf] :
		    1.0 + det_ln(f->tf));

		s->acc[dim_of(f->h, s->dim)] += (f->h >> 63) ? -w : w;
		/* Empty the table for the next text: only used slots. */
		s->slot[f->slot] = 0;
	}
	for (j = 0; j < s->dim; j++)
		out[j] = (float)s->acc[j];
}

static int
hash_embed(struct embedder *e, size_t n, const char *const *text,
    const size_t *len, float *out)
{
	struct hstate *s = e->state;
	size_t i;

	for (i = 0; i < n; i++)
		embed_one(s, (const unsigned char *)text[i], len[i],
		    out + i * s->dim);
	return EXIT_OK;
}

static void
hash_close(struct embedder *e)
{
	struct hstate *s = e->state;

	if (s == NULL)
		return;
	free(s->acc);
	buf_free(&s->norm);
	buf_free(&s->run);
	free(s->cpoff);
	free(s->tok);
	free(s->feat);
	free(s->slot);
	free(s);
	e->state = NULL;
}

static int
parse_range(const char *v, int *lo, int *hi)
{
	char *end;
	long a, b;

	a = strtol(v, &end, 10);
	if (end == v)
		return -1;
	if (*end == '\0' && a == 0) {
		*lo = *hi = 0;
		return 0;
	}
	if (*end != '-')
		return -1;
	v = end + 1;
	b = strtol(v, &end, 10);
	if (end == v || *end != '\0' || a < 1 || b < a || b > 8)
		return -1;
	*lo = (int)a;
	*hi = (int)b;
	return 0;
}

static int
hash_open(struct embedder *e, struct embed_spec *spec)
{
	struct hstate *s;
	const char *cv;
	long dim, bi, ver;
	size_t i, k;

	if (embed_param_long(e, spec, "v", 1, 2, 2, &ver) < 0 ||
	    embed_param_long(e, spec, "dim", 1, 65536, 768, &dim) < 0 ||
	    embed_param_long(e, spec, "bigrams", 0, 1, 1, &bi) < 0)
		return EXIT_USAGE;
	s = ecalloc(1, sizeof *s);
	s->cmin = 3;
	s->cmax = 4;
	cv = embed_param(spec, "char");
	if (cv != NULL && parse_range(cv, &s->cmin, &s->cmax) < 0) {
		embed_seterr(e, "parameter char=%s: want MIN-MAX (1..8) or 0",
		    cv);
		free(s);
		return EXIT_USAGE;
	}
	s->version = (int)ver;
	s->dim = (size_t)dim;
	s->bigrams = (int)bi;
	s->acc = emalloc(s->dim * sizeof *s->acc);
	for (i = 1; i < 256; i++)
		s->tfw[i] = 1.0 + det_ln((double)i);
	for (i = 0; stopwords[i] != NULL; i++) {
		uint64_t h = XXH3_64bits_withSeed(stopwords[i],
		    strlen(stopwords[i]), SEED_UNI);

		for (k = stop_slot(h); s->stop[k] != 0; k = (k + 1) & 127)
			;
		s->stop[k] = h;
	}
	e->state = s;
	e->dim = s->dim;
	e->batch_max = 1024;
	snprintf(e->model, sizeof e->model, "hash-v%d-d%zu-c%d-%d-b%d",
	    s->version, s->dim, s->cmin, s->cmax, s->bigrams);
	return EXIT_OK;
}

const struct embed_backend embed_backend_hash = {
	.name = "hash",
	.help = "built-in lexical feature hashing "
	    "(v=2, dim=768, char=3-4, bigrams=1)",
	.open = hash_open,
	.embed = hash_embed,
	.close = hash_close,
};
