/* SPDX-License-Identifier: ISC */
/*
 * cpe-faiss.h: the few FAISS entry points cpe-index and cpe-search call,
 * as C functions.  Debian's libfaiss-dev ships only the C++ library
 * (DESIGN 6), so filters/cpe-faiss.cpp implements these over it, once
 * for both programs.
 *
 * Every index stores 64-bit ids (cpe_index_row.row_id) and uses inner
 * product on unit vectors.  The three kinds:
 *
 *   flat  an IVF-Flat index with one inverted list and a zero centroid:
 *         exact brute force that still supports ids, removal and
 *         id filters, needs no training;
 *   ivf   IVF-Flat with nlist lists (k-means on a sample);
 *   hnsw  HNSW (M links, efConstruction) wrapped in an id map; removal
 *         is not supported (the caller rebuilds instead);
 *   ivfpq IVF-PQ (nlist lists, m sub-quantisers of nbits bits, codes of
 *         the residuals) whose candidates are re-ranked by their exact
 *         vectors.  The exact vectors live in two append-only files
 *         beside the index, mapped (mmap) rather than read into memory:
 *         PATH.vec.G (float32[d] a slot) and PATH.ids.G (the row_id of
 *         each slot, int64).  The FAISS ids of an ivfpq index are slots;
 *         cfx_add appends, cfx_remove drops the codes of a row and leaves
 *         its slot as garbage, and the file PATH holds a small header
 *         (generation G, slot count) before the FAISS index, so that an
 *         index only ever refers to slots that were on disk before it
 *         was written.  Labels in and out of these functions are row_ids
 *         for every kind.
 *
 * Functions returning int give 0 on success, CFX_ENOTSUP for an
 * operation the kind cannot do, or -1 with cfx_error() set.
 */
#ifndef WIKIPIPE_CPE_FAISS_H
#define WIKIPIPE_CPE_FAISS_H

#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#define CFX_ENOTSUP	1

enum cfx_kind { CFX_FLAT, CFX_IVF, CFX_HNSW, CFX_IVFPQ };

struct cfx;

/* cfx_error: the message of the last failure in this thread. */
const char *cfx_error(void);

/* cfx_new_flat / cfx_new_hnsw: an empty index of dimension d. */
int cfx_new_flat(struct cfx **p, int d);
int cfx_new_hnsw(struct cfx **p, int d, int m, int ef_construction);

/* cfx_new_ivf: an IVF-Flat index with nlist lists, trained (k-means,
 * fixed seed) on ntrain vectors (ntrain >= nlist). */
int cfx_new_ivf(struct cfx **p, int d, int nlist, const float *train,
    int64_t ntrain);

/*
 * cfx_new_ivfpq: an empty IVF-PQ index for the file path, generation gen
 * (its side files are path.vec.GEN and path.ids.GEN, emptied by the first
 * cfx_add), with nlist lists and m sub-quantisers (m divides d) of nbits
 * bits, trained on ntrain vectors (fewer than the codebook's 2^nbits are
 * repeated; ntrain 0 trains on one zero vector).
 */
int cfx_new_ivfpq(struct cfx **p, const char *path, int64_t gen, int d,
    int nlist, int m, int nbits, const float *train, int64_t ntrain);

/* cfx_add: add n vectors with ids (ids must not be present already).
 * An ivfpq index appends them to its side files first. */
int cfx_add(struct cfx *x, int64_t n, const float *v, const int64_t *ids);

/* cfx_remove: remove every vector whose id is among ids[n]; *removed
 * gets the count.  An hnsw index returns CFX_ENOTSUP if any id is
 * present (0 with *removed = 0 if none is). */
int cfx_remove(struct cfx *x, int64_t n, const int64_t *ids,
    int64_t *removed);

/*
 * cfx_search: the k best of nq queries by inner product: dist[nq * k],
 * lab[nq * k] (-1 where fewer than k were found).  probe is nprobe for
 * ivf, efSearch for hnsw (0 = the index's own).  exact compares against
 * every stored vector (ivf: all lists; hnsw: its flat storage).  When
 * sel is not NULL only the nsel ids in sel (any order) are candidates.
 * An ivfpq index takes max(k, rerank) candidates from the codes and
 * orders them by their exact vectors; its exact search reads every live
 * slot's vector.  Equal scores are ordered by id.
 */
int cfx_search(struct cfx *x, int64_t nq, const float *q, int k,
    int probe, int exact, const int64_t *sel, int64_t nsel, float *dist,
    int64_t *lab);

/* cfx_write: write the index to fp (the caller flushes, syncs and
 * closes it); an ivfpq index first syncs its side files to disk.
 * cfx_read: read one from path (an ivfpq index maps its side files). */
int cfx_write(const struct cfx *x, FILE *fp);
int cfx_read(struct cfx **p, const char *path);

/* Accessors. */
enum cfx_kind cfx_kind(const struct cfx *x);
int cfx_dim(const struct cfx *x);
int64_t cfx_ntotal(const struct cfx *x);
int cfx_nlist(const struct cfx *x);	/* ivf/flat lists, 0 for hnsw */
int64_t cfx_gen(const struct cfx *x);	/* ivfpq generation, else 0 */
int64_t cfx_nslots(const struct cfx *x);	/* ivfpq slots, else ntotal */
void cfx_pq(const struct cfx *x, int *m, int *nbits);	/* 0 0 if not */

/*
 * cfx_ram_bytes: what a search needs in memory: the lists' codes and ids,
 * centroids, codebooks, graph links, and for ivfpq the slot-to-row_id
 * map (PATH.ids.G, 8 bytes a slot).  cfx_disk_bytes: what stays on disk
 * and is read only for the candidates (ivfpq: PATH.vec.G), else 0.
 */
int64_t cfx_ram_bytes(const struct cfx *x);
int64_t cfx_disk_bytes(const struct cfx *x);

/* cfx_set_rerank: the candidates an ivfpq search re-ranks (0: k). */
void cfx_set_rerank(struct cfx *x, int n);

/*
 * cfx_peek_gen: the generation of the ivfpq index in the file path, 0 for
 * another kind or no readable file.  cfx_drop_gen: unlink the side files
 * of generation gen of path (never fails).
 */
int64_t cfx_peek_gen(const char *path);
void cfx_drop_gen(const char *path, int64_t gen);

/* cfx_set_threads: OpenMP threads for FAISS (0 leaves the default). */
void cfx_set_threads(int n);

void cfx_free(struct cfx *x);

#ifdef __cplusplus
}
#endif

#endif
