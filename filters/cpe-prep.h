/* SPDX-License-Identifier: ISC */
/*
 * cpe-prep.h: the private interface between cpe-prep.c and
 * cpe-prep-cpesh.c (optional CPESH generation through an LLM).
 */
#ifndef CPE_PREP_H
#define CPE_PREP_H

#include <stddef.h>
#include <stdint.h>

#include "common/llm.h"

#define CPESH_MAX_NEG 8		/* soft and hard negatives kept, each */

/* One chunk's CPESH: concept, probe, expected answer, negatives. */
struct cpesh {
	char *concept, *probe, *expected;	/* NUL-terminated UTF-8 */
	char *soft[CPESH_MAX_NEG], *hard[CPESH_MAX_NEG];
	size_t nsoft, nhard;
	int stub;				/* the fallback was used */
};

struct cpesh_client;

/* cpesh_new: a client over the LLM of o; NULL with err set on failure. */
struct cpesh_client *cpesh_new(const struct llm_opts *o, int answer_retries,
    char *err, size_t errlen);

/* cpesh_ask: fill out[0..n) for the n texts; 0, or with err set -1 (the
 * service failed transiently) or -2 (permanently). */
int cpesh_ask(struct cpesh_client *c, const char *const *text,
    const size_t *tlen, size_t n, struct cpesh *out, char *err,
    size_t errlen);

/* cpesh_item_free: release the strings of one result. */
void cpesh_item_free(struct cpesh *x);

/* cpesh_free: release the client (NULL is a no-op). */
void cpesh_free(struct cpesh_client *c);

/* Figures for --stats: requests sent, malformed answers. */
uint64_t cpesh_requests(const struct cpesh_client *c);
uint64_t cpesh_malformed(const struct cpesh_client *c);

#endif
