/* SPDX-License-Identifier: ISC */
/*
 * tmd.h: the one TMD taxonomy of the suite (schema v1), its packing, the
 * heuristic labeller, and the LLM prompt and answer format.
 *
 * TMD is three codes in the order (domain, task, modifier):
 *
 *   field     codes   bits   example
 *   domain    0..15   4      7 History
 *   task      0..31   5      18 Temporal Reasoning
 *   modifier  0..63   6      5 Historical
 *
 * Packing (DESIGN 4):
 *
 *   tmd_bits = d << 11 | t << 6 | m      (15 bits used, fits a SMALLINT)
 *
 *    14 ... 11 10  9  8  7  6  5 ...  0
 *   +---------+--------------+---------+
 *   |    d    |      t       |    m    |    (bit 15 spare, always 0)
 *   +---------+--------------+---------+
 *
 *   tmd_lane = "lane_<d>", lane_index = d.
 *
 * The names are those of the original's TMD-Schema v1 (ORIGINAL.md 10.1),
 * spelt exactly so.  Every extractor (heuristic, LLM, pre-computed input)
 * maps onto these codes; there is no other taxonomy anywhere in the suite.
 */
#ifndef WIKIPIPE_TMD_H
#define WIKIPIPE_TMD_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"

enum {
	TMD_NDOMAIN = 16,
	TMD_NTASK = 32,
	TMD_NMODIFIER = 64,
	TMD_BITS_MAX = 0x7fff	/* largest valid tmd_bits */
};

/* The schema these codes belong to, for caches and --list. */
#define TMD_SCHEMA "v1"

enum tmd_field { TMD_DOMAIN, TMD_TASK, TMD_MODIFIER };

/* tmd_count: the number of codes of field f (16, 32 or 64). */
int tmd_count(enum tmd_field f);

/* tmd_field_name: "domain", "task" or "modifier". */
const char *tmd_field_name(enum tmd_field f);

/*
 * tmd_name: the schema v1 name of code in field f ("History"), or NULL
 * when code is out of range.  The string is static.
 */
const char *tmd_name(enum tmd_field f, int code);

/*
 * tmd_lookup: the code whose name is s (n bytes) in field f, or -1.
 * Case is ignored, and space, '-' and '_' are interchangeable, so
 * "fact_retrieval", "Fact Retrieval" and "analog sensitive" all match.
 * A decimal number in range is accepted as the code itself.
 */
int tmd_lookup(enum tmd_field f, const char *s, size_t n);

/* tmd_valid: 1 when 0 <= d < 16, 0 <= t < 32 and 0 <= m < 64, else 0. */
int tmd_valid(int64_t d, int64_t t, int64_t m);

/* tmd_pack: d << 11 | t << 6 | m.  The codes must be valid. */
unsigned tmd_pack(int d, int t, int m);

/*
 * tmd_unpack: split bits into codes.  Returns 0, or -1 when bits is
 * outside 0..TMD_BITS_MAX (the codes are then untouched).
 */
int tmd_unpack(int64_t bits, int *d, int *t, int *m);

/*
 * tmd_lane: write "lane_<d>" with a NUL into out (room for size bytes,
 * 8 is enough).  Returns the length written without the NUL.
 */
int tmd_lane(int d, char *out, size_t size);

/*
 * tmd_list: append the whole taxonomy to b as text, one line per code:
 * "domain<TAB>7<TAB>History".  With json set, as one JSON object
 * {"schema":"v1","domain":[...names by code...],"task":[...],
 * "modifier":[...]} and a newline.
 */
void tmd_list(struct buf *b, int json);

/* ---- heuristic labeller (tmd_heur.c) ---- */

/* A label and how sure the labeller is of it (0..1). */
struct tmd_label {
	int d, t, m;
	double confidence;
};

/*
 * tmd_heur: label text (n bytes of UTF-8) with the built-in lexicons.
 *
 * Words are matched whole (ASCII letters and digits form words, case is
 * folded; bytes >= 0x80 are word characters and kept as is), and also as
 * two- and three-word phrases.  Each matching lexicon entry adds its weight
 * to one code; each field takes the code with the highest score, ties
 * going to the lower code.  A field with no evidence gets its default
 * (domain: see tmd_heur.c, task 0 Fact Retrieval, modifier 27
 * Descriptive).  confidence is the domain decision's share of the domain
 * evidence times a saturating function of its amount, rounded to 0.01;
 * 0 when there was no domain evidence.  Deterministic, thread-safe after
 * the first call (the lexicon index is built once, under pthread_once).
 */
void tmd_heur(const char *text, size_t n, struct tmd_label *out);

/*
 * tmd_heur_scores: the raw domain scores of text (16 values, for tests
 * and --explain); returns the number of lexicon hits.
 */
int tmd_heur_scores(const char *text, size_t n, int scores[TMD_NDOMAIN]);

/* ---- LLM prompt and answer (tmd.c) ---- */

/* The prompt's version; part of every cache key.  Bump when the prompt
 * text changes. */
#define TMD_PROMPT_VERSION "tmd-prompt-1"

/*
 * tmd_prompt: append to b the instruction that lists the taxonomy (as
 * "n=Name" lists) and asks for exactly three comma-separated codes,
 * followed by the passage text (n bytes) between <passage> and
 * </passage> lines.
 */
void tmd_prompt(struct buf *b, const char *text, size_t n);

/*
 * tmd_parse_answer: strictly parse a model's answer: optional whitespace,
 * three decimal integers separated by commas (spaces allowed around
 * them), an optional final '.', optional whitespace, nothing else.  The
 * codes must be in range.  Returns 0 with *d, *t, *m set, or -1 with a
 * short reason in why (room for whylen bytes).
 */
int tmd_parse_answer(const char *s, size_t n, int *d, int *t, int *m,
    char *why, size_t whylen);

#endif
