/* SPDX-License-Identifier: ISC */
/*
 * cpe-faiss.cpp: the C functions of cpe-faiss.h over the FAISS 1.7.3 C++
 * library.  Compiled once and linked into cpe-index and cpe-search alone
 * (the Makefile's SHARED_ lists), so only those two programs link FAISS.
 * No exception leaves this file.
 */
#include <faiss/IndexFlat.h>
#include <faiss/IndexHNSW.h>
#include <faiss/IndexIDMap.h>
#include <faiss/IndexIVFFlat.h>
#include <faiss/impl/FaissException.h>
#include <faiss/impl/IDSelector.h>
#include <faiss/impl/io.h>
#include <faiss/index_io.h>

#include <omp.h>

#include <exception>
#include <memory>
#include <new>
#include <string>
#include <unordered_set>
#include <vector>

#include "cpe-faiss.h"

typedef faiss::Index::idx_t cfx_idx;

struct cfx {
	enum cfx_kind kind;
	faiss::Index *top;		/* what is written and freed */
	faiss::IndexIVFFlat *ivf;	/* flat, ivf */
	faiss::IndexIDMap *map;		/* hnsw */
	faiss::IndexHNSW *hnsw;		/* hnsw */
};

static thread_local std::string cfx_last_error;

#define CFX_TRY try {
#define CFX_CATCH } catch (faiss::FaissException &e) { \
	cfx_last_error = e.msg; return -1; \
	} catch (std::bad_alloc &) { \
	cfx_last_error = "out of memory"; return -1; \
	} catch (std::exception &e) { \
	cfx_last_error = e.what(); return -1; \
	} catch (...) { cfx_last_error = "unknown FAISS failure"; return -1; }

/* An id filter on positions of an id-mapped index: position i passes
 * when its external id passes inner. */
struct cfx_mapsel : faiss::IDSelector {
	const std::vector<cfx_idx> *map;
	const faiss::IDSelector *inner;
	bool
	is_member(cfx_idx i) const override
	{
		return inner->is_member((*map)[i]);
	}
};

static int
cfx_wrap(struct cfx **p, faiss::Index *idx)
{
	struct cfx *x = new cfx();

	x->top = idx;
	x->ivf = dynamic_cast<faiss::IndexIVFFlat *>(idx);
	x->map = dynamic_cast<faiss::IndexIDMap *>(idx);
	x->hnsw = x->map ? dynamic_cast<faiss::IndexHNSW *>(x->map->index) :
	    nullptr;
	if (x->ivf) {
		x->kind = x->ivf->nlist == 1 ? CFX_FLAT : CFX_IVF;
	} else if (x->hnsw) {
		x->kind = CFX_HNSW;
	} else {
		delete x;
		cfx_last_error = "not an index written by cpe-index "
		    "(neither IVF-Flat nor an id-mapped HNSW)";
		return -1;
	}
	if (idx->metric_type != faiss::METRIC_INNER_PRODUCT) {
		delete x;
		cfx_last_error = "index does not use inner product";
		return -1;
	}
	*p = x;
	return 0;
}

extern "C" {

const char *
cfx_error(void)
{
	return cfx_last_error.c_str();
}

int
cfx_new_flat(struct cfx **p, int d)
{
	CFX_TRY
	faiss::IndexFlatIP *q = new faiss::IndexFlatIP(d);
	std::vector<float> zero(d, 0.0f);
	q->add(1, zero.data());
	faiss::IndexIVFFlat *ivf = new faiss::IndexIVFFlat(q, d, 1,
	    faiss::METRIC_INNER_PRODUCT);
	ivf->own_fields = true;
	ivf->is_trained = true;
	ivf->nprobe = 1;
	return cfx_wrap(p, ivf);
	CFX_CATCH
}

int
cfx_new_ivf(struct cfx **p, int d, int nlist, const float *train,
    int64_t ntrain)
{
	CFX_TRY
	faiss::IndexFlatIP *q = new faiss::IndexFlatIP(d);
	faiss::IndexIVFFlat *ivf = new faiss::IndexIVFFlat(q, d, nlist,
	    faiss::METRIC_INNER_PRODUCT);
	ivf->own_fields = true;
	ivf->cp.niter = 10;
	ivf->cp.seed = 1234;
	ivf->cp.max_points_per_centroid = 40;
	/* FAISS would print its own warning for a small sample; the caller
	 * warns through log.h instead. */
	ivf->cp.min_points_per_centroid = 1;
	ivf->verbose = false;
	try {
		ivf->train(ntrain, train);
	} catch (...) {
		delete ivf;
		throw;
	}
	return cfx_wrap(p, ivf);
	CFX_CATCH
}

int
cfx_new_hnsw(struct cfx **p, int d, int m, int ef_construction)
{
	CFX_TRY
	faiss::IndexHNSWFlat *h = new faiss::IndexHNSWFlat(d, m,
	    faiss::METRIC_INNER_PRODUCT);
	h->hnsw.efConstruction = ef_construction;
	faiss::IndexIDMap *map = new faiss::IndexIDMap(h);
	map->own_fields = true;
	return cfx_wrap(p, map);
	CFX_CATCH
}

int
cfx_add(struct cfx *x, int64_t n, const float *v, const int64_t *ids)
{
	CFX_TRY
	x->top->add_with_ids(n, v, reinterpret_cast<const cfx_idx *>(ids));
	return 0;
	CFX_CATCH
}

int
cfx_remove(struct cfx *x, int64_t n, const int64_t *ids, int64_t *removed)
{
	CFX_TRY
	*removed = 0;
	if (n == 0 || x->top->ntotal == 0)
		return 0;
	if (x->kind == CFX_HNSW) {
		std::unordered_set<cfx_idx> want(ids, ids + n);
		for (cfx_idx id : x->map->id_map)
			if (want.count(id))
				return CFX_ENOTSUP;
		return 0;
	}
	faiss::IDSelectorBatch sel(n, reinterpret_cast<const cfx_idx *>(ids));
	*removed = (int64_t)x->top->remove_ids(sel);
	return 0;
	CFX_CATCH
}

int
cfx_search(struct cfx *x, int64_t nq, const float *q, int k, int probe,
    int exact, const int64_t *sel, int64_t nsel, float *dist, int64_t *lab)
{
	CFX_TRY
	cfx_idx *L = reinterpret_cast<cfx_idx *>(lab);
	faiss::IDSelectorBatch *bs = nullptr;
	std::unique_ptr<faiss::IDSelectorBatch> own;

	if (sel) {
		own.reset(new faiss::IDSelectorBatch(nsel,
		    reinterpret_cast<const cfx_idx *>(sel)));
		bs = own.get();
	}
	if (x->kind != CFX_HNSW) {
		faiss::SearchParametersIVF sp;
		size_t nl = x->ivf->nlist;
		size_t np = probe > 0 ? (size_t)probe : x->ivf->nprobe;
		sp.nprobe = exact || np > nl ? nl : np;
		sp.sel = bs;
		x->ivf->search(nq, q, k, dist, L, &sp);
		return 0;
	}
	cfx_mapsel ms;
	ms.map = &x->map->id_map;
	ms.inner = bs;
	if (exact) {
		faiss::SearchParameters sp;
		sp.sel = bs ? &ms : nullptr;
		x->hnsw->storage->search(nq, q, k, dist, L, &sp);
	} else {
		/* A selective filter starves the graph walk: widen efSearch
		 * until every query has min(k, nsel) hits, then go exact. */
		faiss::SearchParametersHNSW sp;
		int64_t want = bs && nsel < k ? nsel : k, ntot = x->top->ntotal;
		sp.efSearch = probe > 0 ? probe : x->hnsw->hnsw.efSearch;
		if (sp.efSearch < k)
			sp.efSearch = k;
		sp.sel = bs ? &ms : nullptr;
		for (;;) {
			x->hnsw->search(nq, q, k, dist, L, &sp);
			int64_t short_ = 0;
			for (int64_t i = 0; bs && i < nq; i++)
				if (want > 0 && L[i * k + want - 1] < 0)
					short_++;
			if (!short_)
				break;
			if (sp.efSearch >= ntot) {
				faiss::SearchParameters ep;
				ep.sel = &ms;
				x->hnsw->storage->search(nq, q, k, dist, L, &ep);
				break;
			}
			sp.efSearch *= 4;
		}
	}
	for (int64_t i = 0; i < nq * k; i++)
		if (L[i] >= 0)
			L[i] = x->map->id_map[L[i]];
	return 0;
	CFX_CATCH
}

int
cfx_write(const struct cfx *x, FILE *fp)
{
	CFX_TRY
	faiss::write_index(x->top, fp);
	return 0;
	CFX_CATCH
}

int
cfx_read(struct cfx **p, const char *path)
{
	CFX_TRY
	faiss::Index *idx = faiss::read_index(path, 0);
	if (cfx_wrap(p, idx) != 0) {
		delete idx;
		return -1;
	}
	return 0;
	CFX_CATCH
}

enum cfx_kind
cfx_kind(const struct cfx *x)
{
	return x->kind;
}

int
cfx_dim(const struct cfx *x)
{
	return x->top->d;
}

int64_t
cfx_ntotal(const struct cfx *x)
{
	return x->top->ntotal;
}

int
cfx_nlist(const struct cfx *x)
{
	return x->ivf ? (int)x->ivf->nlist : 0;
}

void
cfx_set_threads(int n)
{
	if (n > 0)
		omp_set_num_threads(n);
}

void
cfx_free(struct cfx *x)
{
	if (x) {
		delete x->top;
		delete x;
	}
}

}
