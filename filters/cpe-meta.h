/* SPDX-License-Identifier: ISC */
/*
 * cpe-meta.h: the metadata file that cpe-index writes beside an index
 * (INDEX.meta, one JSON object) and that cpe-search reads, plus the names
 * of the database objects cpe-index adds.  Header-only (static inline),
 * shared by filters/cpe-index.c and filters/cpe-search.c.
 *
 * Keys: format ("cpe-index 1"), name, token (a UUID also stored in
 * cpe_index_state: it ties the file to one database), kind (flat, ivf,
 * hnsw), vector (fused_vec or concept_vec), dim, embedder (the SPEC),
 * embed_model, nlist, nprobe, hnsw_m, ef_search, trained_rows, ntotal,
 * watermark.
 */
#ifndef WIKIPIPE_CPE_META_H
#define WIKIPIPE_CPE_META_H

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "common/json.h"
#include "common/util.h"

#define CPE_META_FORMAT "cpe-index 1"

struct cpe_meta {
	char name[128];
	char token[40];
	char kind[8];
	char vector[16];
	char embedder[256];
	char embed_model[128];
	int64_t dim, nlist, nprobe, hnsw_m, ef_search, trained_rows, ntotal;
	int64_t watermark;
};

/* cpe_meta_path: INDEX.meta into out (caller frees). */
static inline char *
cpe_meta_path(const char *index)
{
	struct buf b = {0};

	buf_printf(&b, "%s.meta", index);
	return buf_cstr(&b);
}

static inline int
cpe_meta_str(const struct json_doc *d, const char *key, char *out,
    size_t outsz)
{
	long i = json_get(d, 0, key);

	if (i < 0 || d->node[i].type != JSON_STRING ||
	    d->node[i].len >= outsz || memchr(d->node[i].s, 0, d->node[i].len))
		return -1;
	memcpy(out, d->node[i].s, d->node[i].len);
	out[d->node[i].len] = '\0';
	return 0;
}

static inline int
cpe_meta_int(const struct json_doc *d, const char *key, int64_t *v)
{
	long i = json_get(d, 0, key);

	if (i < 0 || d->node[i].type != JSON_NUMBER)
		return -1;
	return json_int(d, i, v);
}

/*
 * cpe_meta_read: parse the metadata file path into m.  Returns 0, -1 when
 * the file does not exist (errno ENOENT), -2 on a read error (errno
 * set), or -3 when it is malformed (why says which key).
 */
static inline int
cpe_meta_read(const char *path, struct cpe_meta *m, const char **why)
{
	struct json_doc d = {0};
	struct buf b = {0};
	char fmt[32];
	FILE *fp;
	size_t n;
	int rc = -3;

	memset(m, 0, sizeof *m);
	if (!(fp = fopen(path, "r")))
		return errno == ENOENT ? -1 : -2;
	buf_reserve(&b, 4096);
	while ((n = fread(b.p + b.len, 1, b.cap - b.len, fp)) > 0) {
		b.len += n;
		if (b.len > (1u << 20))
			break;
		buf_reserve(&b, 4096);
	}
	if (ferror(fp)) {
		fclose(fp);
		buf_free(&b);
		return -2;
	}
	fclose(fp);
	*why = "not a JSON object";
	if (json_parse(&d, (const char *)b.p, b.len, 8) < 0 ||
	    d.node[0].type != JSON_OBJECT)
		goto out;
	*why = "format";
	if (cpe_meta_str(&d, "format", fmt, sizeof fmt) ||
	    strcmp(fmt, CPE_META_FORMAT) != 0)
		goto out;
#define S(k) do { *why = #k; \
	if (cpe_meta_str(&d, #k, m->k, sizeof m->k)) goto out; } while (0)
#define I(k) do { *why = #k; \
	if (cpe_meta_int(&d, #k, &m->k) || m->k < 0) goto out; } while (0)
	S(name); S(token); S(kind); S(vector); S(embedder); S(embed_model);
	I(dim); I(nlist); I(nprobe); I(hnsw_m); I(ef_search);
	I(trained_rows); I(ntotal); I(watermark);
#undef S
#undef I
	*why = "kind";
	if (strcmp(m->kind, "flat") && strcmp(m->kind, "ivf") &&
	    strcmp(m->kind, "hnsw"))
		goto out;
	*why = "vector";
	if (strcmp(m->vector, "fused_vec") && strcmp(m->vector, "concept_vec"))
		goto out;
	*why = "dim";
	if (m->dim < 1 || m->dim > 65536)
		goto out;
	rc = 0;
out:
	json_free(&d);
	buf_free(&b);
	return rc;
}

/* cpe_meta_json: m as one JSON object and a newline, appended to b. */
static inline void
cpe_meta_json(const struct cpe_meta *m, struct buf *b)
{
	buf_adds(b, "{\"format\":\"" CPE_META_FORMAT "\",\"name\":");
	json_put_str(b, m->name, strlen(m->name));
	buf_printf(b, ",\"token\":\"%s\",\"kind\":\"%s\",\"vector\":\"%s\","
	    "\"dim\":%lld,\"embedder\":", m->token, m->kind, m->vector,
	    (long long)m->dim);
	json_put_str(b, m->embedder, strlen(m->embedder));
	buf_adds(b, ",\"embed_model\":");
	json_put_str(b, m->embed_model, strlen(m->embed_model));
	buf_printf(b, ",\"nlist\":%lld,\"nprobe\":%lld,\"hnsw_m\":%lld,"
	    "\"ef_search\":%lld,\"trained_rows\":%lld,\"ntotal\":%lld,"
	    "\"watermark\":%lld}\n", (long long)m->nlist,
	    (long long)m->nprobe, (long long)m->hnsw_m,
	    (long long)m->ef_search, (long long)m->trained_rows,
	    (long long)m->ntotal, (long long)m->watermark);
}

#endif
