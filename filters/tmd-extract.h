/* SPDX-License-Identifier: ISC */
/*
 * tmd-extract.h: what the parts of tmd-extract share (the program is
 * tmd-extract.c: options, records, summary; tmd-extract-llm.c: labels,
 * the cache, LLM batches, output).
 */
#ifndef TMD_EXTRACT_H
#define TMD_EXTRACT_H

#include <stddef.h>
#include <stdint.h>

#include "common/kvcache.h"
#include "common/llm.h"
#include "common/opt.h"
#include "common/record.h"
#include "common/tmd.h"

enum mode { MODE_HEURISTIC, MODE_LLM, MODE_HYBRID };

/* The confidence given to an LLM label (a model's answer carries none). */
#define LLM_CONFIDENCE 0.9
#define DEFAULT_MODEL "qwen2.5:1.5b"
/* The most of a chunk's text put into one prompt, in bytes. */
#define PROMPT_MAX 8000

struct opts {
	struct common_opts co;	/* the shared options */
	enum mode mode;		/* -m */
	double threshold;	/* --threshold: hybrid's heuristic cut-off */
	const char *cache;	/* --cache FILE, NULL for none */
	size_t cache_size;	/* --cache-size: LMDB map size */
	struct llm_opts llm;	/* --api, --endpoint, --model, -j, ... */
	int batch;		/* --batch: LLM questions per round */
	int answer_retries;	/* --answer-retries: re-asks */
	int malformed_fail;	/* --on-malformed fail */
	int fallback;		/* --fallback heuristic */
	int ignore_input;	/* --ignore-input */
	int list;		/* --list: 1 text, 2 json */
};

/* One held record of the current batch. */
struct item {
	size_t off, len;	/* raw record in run.held */
	uint64_t recno, offset;	/* where it came from, for messages */
	size_t toff, tlen;	/* its text, as an offset into held */
	int pending;		/* waiting for the LLM */
	long dup_of;		/* same question as item dup_of, or -1 */
	int d, t, m;
	double conf;
	const char *source;
	unsigned char key[16];
};

struct run {
	const struct opts *o;
	struct rr *in;
	struct rw *out;
	struct rb rb;
	struct kvcache *cache;
	struct llm *llm;
	int llm_down;		/* gave up on the LLM (fallback mode) */
	const char *key_parts[3];
	struct buf held;	/* raw bytes of held records */
	struct item *item;
	size_t nitem, capitem, npending;
	struct buf val;
	/* counters */
	uint64_t records, n_input, n_heur, n_llm, n_cache, n_fallback, n_none;
	uint64_t hits, misses, malformed, requests, attempts;
	uint64_t dom[TMD_NDOMAIN];
};

/* Label text with the heuristic; source is the tmd_source to give. */
void tx_set_heur(struct item *it, const char *text, size_t n,
    const char *source);

/* Write one labelled record (pass-through keys, then ours). */
void tx_put_record(struct run *r, const struct rec *rec,
    const struct item *it);

/* Count one record under its tmd_source. */
void tx_count_source(struct run *r, const char *source);

/* Look it up in the cache (1 on a hit, it labelled); dies on errors. */
int tx_cache_get(struct run *r, struct item *it);

/* Answer the held records' questions and write them all, in order. */
void tx_flush_batch(struct run *r);

/* Open the LLM client and the cache the options ask for. */
void tx_open_llm(struct run *r, const struct opts *o);

#endif
