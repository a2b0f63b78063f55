/* SPDX-License-Identifier: ISC */
/*
 * tmd-extract-llm.c: tmd-extract's labelling machinery: heuristic labels,
 * the persistent cache, LLM batches with re-asks and fallbacks, and the
 * output records (see tmd-extract.c for the record contract).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/kvcache.h"
#include "common/llm.h"
#include "common/log.h"
#include "common/record.h"
#include "common/tmd.h"
#include "filters/tmd-extract.h"

static const char *const owned[] = {
	"domain_code", "task_code", "modifier_code", "tmd_bits", "tmd_lane",
	"lane_index", "tmd_source", "tmd_confidence", NULL
};

void
tx_put_record(struct run *r, const struct rec *rec, const struct item *it)
{
	char lane[16];

	rb_reset(&r->rb);
	rb_copy(&r->rb, rec, owned);
	rb_int(&r->rb, "domain_code", it->d);
	rb_int(&r->rb, "task_code", it->t);
	rb_int(&r->rb, "modifier_code", it->m);
	rb_int(&r->rb, "tmd_bits", tmd_pack(it->d, it->t, it->m));
	tmd_lane(it->d, lane, sizeof lane);
	rb_cstr(&r->rb, "tmd_lane", lane);
	rb_int(&r->rb, "lane_index", it->d);
	rb_cstr(&r->rb, "tmd_source", it->source);
	rb_f64(&r->rb, "tmd_confidence", it->conf);
	ewput_rb(r->out, &r->rb);
	r->dom[it->d]++;
}

void
tx_set_heur(struct item *it, const char *text, size_t n, const char *source)
{
	struct tmd_label l;

	tmd_heur(text, n, &l);
	it->d = l.d;
	it->t = l.t;
	it->m = l.m;
	it->conf = l.confidence;
	/* No domain evidence at all: the codes are the defaults (History),
	 * not a finding; say so, so that a lane filter can leave it out. */
	it->source = l.confidence == 0 && strcmp(source, "heuristic") == 0 ?
	    "none" : source;
}

/* Look the item up in the cache; 1 on a hit. */
int
tx_cache_get(struct run *r, struct item *it)
{
	int g;

	if (!r->cache)
		return 0;
	if ((g = kvcache_get(r->cache, it->key, &r->val)) < 0)
		die(EXIT_IO, "%s", kvcache_error(r->cache));
	if (g == 1 && r->val.len == 4 &&
	    tmd_valid(r->val.p[0], r->val.p[1], r->val.p[2]) &&
	    r->val.p[3] <= 100) {
		it->d = r->val.p[0];
		it->t = r->val.p[1];
		it->m = r->val.p[2];
		it->conf = r->val.p[3] / 100.0;
		it->source = "cache";
		r->hits++;
		return 1;
	}
	if (g == 1)
		die(EXIT_IO, "%s: cache file is corrupt (a TMD entry of %zu "
		    "bytes with invalid codes)", kvcache_path(r->cache),
		    r->val.len);
	r->misses++;
	return 0;
}

static void
cache_put(struct run *r, const struct item *it)
{
	unsigned char v[4];

	if (!r->cache)
		return;
	v[0] = (unsigned char)it->d;
	v[1] = (unsigned char)it->t;
	v[2] = (unsigned char)it->m;
	v[3] = (unsigned char)(it->conf * 100 + 0.5);
	if (kvcache_put(r->cache, it->key, v, sizeof v) < 0)
		die(EXIT_IO, "%s", kvcache_error(r->cache));
}

/* ---- the LLM round ---- */

static void
finish_item(struct run *r, struct item *it, int d, int t, int m)
{
	it->d = d;
	it->t = t;
	it->m = m;
	it->conf = LLM_CONFIDENCE;
	it->source = "llm";
	it->pending = 0;
	cache_put(r, it);
}

static void
fall_back(struct run *r, struct item *it)
{
	tx_set_heur(it, (const char *)r->held.p + it->toff, it->tlen,
	    "fallback");
	it->pending = 0;
}

enum { REPLY_DONE, REPLY_AGAIN, REPLY_DOWN };

/*
 * Use one reply: label the item (REPLY_DONE), or say it must be asked
 * again (a malformed answer), or that the server is down and the item
 * fell back to the heuristic (REPLY_DOWN).  Dies (exit 4) on a permanent
 * failure, and on a transient one without --fallback heuristic.
 */
static int
take_reply(struct run *r, struct item *it, const struct llm_reply *rep)
{
	unsigned long long recno = (unsigned long long)it->recno;
	const char *ans = (const char *)rep->text.p;
	char why[120];
	int d, t, m;

	r->requests++;
	r->attempts += (uint64_t)rep->attempts;
	switch (rep->status) {
	case LLM_OK:
		if (tmd_parse_answer(ans, rep->text.len, &d, &t, &m, why,
		    sizeof why) == 0) {
			finish_item(r, it, d, t, m);
			return REPLY_DONE;
		}
		r->malformed++;
		info(3, "record %llu: malformed answer \"%.*s\": %s", recno,
		    (int)(rep->text.len > 80 ? 80 : rep->text.len), ans, why);
		return REPLY_AGAIN;
	case LLM_BADREPLY:
		r->malformed++;
		info(3, "record %llu: %s", recno, rep->err);
		return REPLY_AGAIN;
	case LLM_PERMANENT:
		die(EXIT_REMOTE, "%s: record %llu: %s", rr_name(r->in), recno,
		    rep->err);
	case LLM_TRANSIENT:
		break;
	}
	if (!r->o->fallback)
		die(EXIT_REMOTE, "%s: record %llu: %s (after %d attempts; "
		    "--fallback heuristic labels such records with the "
		    "heuristic)", rr_name(r->in), recno, rep->err,
		    rep->attempts);
	fall_back(r, it);
	return REPLY_DOWN;
}

/*
 * How much of a text goes into a prompt: at most PROMPT_MAX bytes, cut
 * before a UTF-8 continuation byte, so long chunks fit small models'
 * context windows (the cache key still covers the whole text).
 */
static size_t
prompt_len(const char *text, size_t n)
{
	if (n <= PROMPT_MAX)
		return n;
	n = PROMPT_MAX;
	while (n > 0 && ((unsigned char)text[n] & 0xc0) == 0x80)
		n--;
	return n;
}

/* Ask the LLM about every pending item that is not a duplicate. */
static void
ask_llm(struct run *r)
{
	const struct opts *o = r->o;
	size_t *idx = ecalloc(r->nitem, sizeof *idx);
	const char **prompt = ecalloc(r->nitem, sizeof *prompt);
	size_t *plen = ecalloc(r->nitem, sizeof *plen);
	struct buf *pb = ecalloc(r->nitem, sizeof *pb);
	struct llm_reply *rep = ecalloc(r->nitem, sizeof *rep);
	size_t i, n = 0;
	int round;

	for (i = 0; i < r->nitem; i++)
		if (r->item[i].pending && r->item[i].dup_of < 0)
			idx[n++] = i;
	for (round = 0; n > 0 && !r->llm_down; round++) {
		size_t k, left = 0, down = 0;

		for (k = 0; k < n; k++) {
			struct item *it = &r->item[idx[k]];
			const char *text = (const char *)r->held.p + it->toff;
			pb[k].len = 0;
			tmd_prompt(&pb[k], text, prompt_len(text, it->tlen));
			if (round > 0)
				buf_adds(&pb[k], "Your previous answer was not "
				    "in the required form. Reply with only "
				    "three numbers, for example 7,18,5\n");
			prompt[k] = (const char *)pb[k].p;
			plen[k] = pb[k].len;
		}
		llm_batch(r->llm, prompt, plen, n, rep);
		for (k = 0; k < n; k++) {
			int v = take_reply(r, &r->item[idx[k]], &rep[k]);
			if (v == REPLY_AGAIN)
				idx[left++] = idx[k];
			down += v == REPLY_DOWN;
		}
		/* Every question of the round failed for want of a server:
		 * stop asking for the rest of the run. */
		if (down == n) {
			warn("%s: LLM unreachable (%s); labelling the rest of "
			    "the input with the heuristic", llm_url(r->llm),
			    rep[0].err);
			r->llm_down = 1;
		}
		n = left;
		if (round >= o->answer_retries)
			break;
	}
	for (i = 0; i < n; i++) {
		struct item *it = &r->item[idx[i]];
		if (!r->llm_down && o->malformed_fail)
			die(EXIT_REMOTE, "%s: record %llu: no well-formed "
			    "answer after %d tries (--on-malformed heuristic "
			    "would label it with the heuristic)",
			    rr_name(r->in), (unsigned long long)it->recno,
			    o->answer_retries + 1);
		fall_back(r, it);
	}
	for (i = 0; i < r->nitem; i++) {
		struct item *it = &r->item[i];
		if (it->pending && r->llm_down) {
			fall_back(r, it);
		} else if (it->pending && it->dup_of >= 0) {
			const struct item *first = &r->item[it->dup_of];
			it->d = first->d;
			it->t = first->t;
			it->m = first->m;
			it->conf = first->conf;
			it->source = first->source;
			it->pending = 0;
		}
	}
	for (i = 0; i < r->nitem; i++) {
		llm_reply_free(&rep[i]);
		buf_free(&pb[i]);
	}
	free(idx);
	free(prompt);
	free(plen);
	free(pb);
	free(rep);
}

void
tx_count_source(struct run *r, const char *source)
{
	if (strcmp(source, "input") == 0)
		r->n_input++;
	else if (strcmp(source, "heuristic") == 0)
		r->n_heur++;
	else if (strcmp(source, "llm") == 0)
		r->n_llm++;
	else if (strcmp(source, "cache") == 0)
		r->n_cache++;
	else if (strcmp(source, "none") == 0)
		r->n_none++;
	else
		r->n_fallback++;
}

/* Answer the pending questions and write every held record in order. */
void
tx_flush_batch(struct run *r)
{
	struct rec rec = {0};
	size_t i;

	if (r->npending)
		ask_llm(r);
	for (i = 0; i < r->nitem; i++) {
		struct item *it = &r->item[i];
		if (rec_parse(&rec, r->held.p + it->off, it->len) < 0)
			die(EXIT_IO, "internal error: held record %llu "
			    "unreadable", (unsigned long long)it->recno);
		tx_count_source(r, it->source);
		tx_put_record(r, &rec, it);
	}
	if (r->cache && kvcache_flush(r->cache) < 0)
		die(EXIT_IO, "%s", kvcache_error(r->cache));
	rec_free(&rec);
	r->held.len = 0;
	r->nitem = r->npending = 0;
}

/* Label one record, or hold it for the LLM. */
void
tx_open_llm(struct run *r, const struct opts *o)
{
	char err[300];

	if (o->mode == MODE_HEURISTIC)
		return;
	if ((r->llm = llm_new(&o->llm, err, sizeof err)) == NULL)
		die(EXIT_USAGE, "%s", err);
	r->key_parts[0] = llm_api_name(o->llm.api);
	r->key_parts[1] = o->llm.model;
	r->key_parts[2] = TMD_PROMPT_VERSION;
	if (o->cache && (r->cache = kvcache_open(o->cache, "tmd",
	    o->cache_size, 0, err, sizeof err)) == NULL)
		die(EXIT_IO, "%s", err);
}
