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
#include <faiss/IndexIVFPQ.h>
#include <faiss/impl/FaissException.h>
#include <faiss/impl/IDSelector.h>
#include <faiss/impl/io.h>
#include <faiss/index_io.h>
#include <faiss/utils/distances.h>

#include <fcntl.h>
#include <omp.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <limits>
#include <cerrno>
#include <cstring>
#include <exception>
#include <memory>
#include <new>
#include <stdexcept>
#include <string>
#include <unordered_set>
#include <vector>

#include "cpe-faiss.h"

typedef faiss::Index::idx_t cfx_idx;

/* The header of an ivfpq index file, before the FAISS index. */
static const char cfx_magic[8] = {'C', 'P', 'E', 'I', 'V', 'F', 'P', 'Q'};

struct cfx {
	enum cfx_kind kind;
	faiss::Index *top;		/* what is written and freed */
	faiss::IndexIVF *ivf;		/* flat, ivf, ivfpq */
	faiss::IndexIDMap *map;		/* hnsw */
	faiss::IndexHNSW *hnsw;		/* hnsw */
	/* ivfpq: the side files of generation gen, nslots slots long. */
	std::string vec_path, ids_path;
	int64_t gen, nslots;
	int vfd, ifd;			/* open for appending, or -1 */
	const float *vmap;		/* nmapped slots of vectors, ids */
	const int64_t *imap;
	int64_t nmapped;
	int rerank;
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

/* A filter on the slots of an ivfpq index: slot i passes when its row_id
 * passes inner (or always, without one).  live limits it to slots
 * below n. */
struct cfx_slotsel : faiss::IDSelector {
	const int64_t *ids;
	int64_t n;
	const faiss::IDSelector *inner;
	bool
	is_member(cfx_idx i) const override
	{
		return i >= 0 && i < n && (!inner || inner->is_member(ids[i]));
	}
};

static void
cfx_unmap(struct cfx *x)
{
	if (x->nmapped > 0) {
		munmap((void *)x->vmap, x->nmapped * x->top->d * sizeof(float));
		munmap((void *)x->imap, x->nmapped * sizeof(int64_t));
	}
	x->vmap = nullptr;
	x->imap = nullptr;
	x->nmapped = 0;
}

/* cfx_fail: a message naming path and errno, thrown. */
static void
cfx_fail(const std::string &path, const char *what)
{
	throw std::runtime_error(path + ": " + what + ": " +
	    std::strerror(errno));
}

/* cfx_remap: map the nslots slots of the side files (read-only) when the
 * mapping is shorter; a file shorter than that is an error. */
static void
cfx_remap(struct cfx *x)
{
	size_t vb = (size_t)x->nslots * x->top->d * sizeof(float);
	size_t ib = (size_t)x->nslots * sizeof(int64_t);
	struct stat st;
	void *v, *i;
	int vfd, ifd;

	if (x->nmapped == x->nslots)
		return;
	cfx_unmap(x);
	if (x->nslots == 0)
		return;
	if ((vfd = open(x->vec_path.c_str(), O_RDONLY | O_CLOEXEC)) == -1)
		cfx_fail(x->vec_path, "open");
	if ((ifd = open(x->ids_path.c_str(), O_RDONLY | O_CLOEXEC)) == -1) {
		close(vfd);
		cfx_fail(x->ids_path, "open");
	}
	if (fstat(vfd, &st) == -1 || (size_t)st.st_size < vb ||
	    fstat(ifd, &st) == -1 || (size_t)st.st_size < ib) {
		close(vfd);
		close(ifd);
		throw std::runtime_error(x->vec_path + " or " + x->ids_path +
		    " is shorter than the index's " +
		    std::to_string(x->nslots) + " slots");
	}
	v = mmap(nullptr, vb, PROT_READ, MAP_SHARED, vfd, 0);
	i = mmap(nullptr, ib, PROT_READ, MAP_SHARED, ifd, 0);
	close(vfd);
	close(ifd);
	if (v == MAP_FAILED || i == MAP_FAILED) {
		if (v != MAP_FAILED)
			munmap(v, vb);
		if (i != MAP_FAILED)
			munmap(i, ib);
		cfx_fail(x->vec_path, "mmap");
	}
	x->vmap = (const float *)v;
	x->imap = (const int64_t *)i;
	x->nmapped = x->nslots;
}

/* cfx_side: the side file paths of generation gen of path. */
static void
cfx_side(struct cfx *x, const char *path, int64_t gen)
{
	x->gen = gen;
	x->vec_path = std::string(path) + ".vec." + std::to_string(gen);
	x->ids_path = std::string(path) + ".ids." + std::to_string(gen);
}

static int
cfx_wrap(struct cfx **p, faiss::Index *idx)
{
	struct cfx *x = new cfx();

	x->top = idx;
	x->vfd = x->ifd = -1;
	x->ivf = dynamic_cast<faiss::IndexIVF *>(idx);
	x->map = dynamic_cast<faiss::IndexIDMap *>(idx);
	x->hnsw = x->map ? dynamic_cast<faiss::IndexHNSW *>(x->map->index) :
	    nullptr;
	if (x->ivf && dynamic_cast<faiss::IndexIVFPQ *>(idx)) {
		x->kind = CFX_IVFPQ;
	} else if (x->ivf && dynamic_cast<faiss::IndexIVFFlat *>(idx)) {
		x->kind = x->ivf->nlist == 1 ? CFX_FLAT : CFX_IVF;
	} else if (x->hnsw) {
		x->kind = CFX_HNSW;
	} else {
		delete x;
		cfx_last_error = "not an index written by cpe-index "
		    "(neither IVF-Flat, IVF-PQ nor an id-mapped HNSW)";
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
cfx_new_ivfpq(struct cfx **p, const char *path, int64_t gen, int d,
    int nlist, int m, int nbits, const float *train, int64_t ntrain)
{
	CFX_TRY
	faiss::IndexFlatIP *q = new faiss::IndexFlatIP(d);
	faiss::IndexIVFPQ *ivf = new faiss::IndexIVFPQ(q, d, nlist, m, nbits,
	    faiss::METRIC_INNER_PRODUCT);
	int64_t want = std::max<int64_t>((int64_t)1 << nbits, nlist), n;
	std::vector<float> rep;

	ivf->own_fields = true;
	ivf->cp.niter = 10;
	ivf->cp.seed = 1234;
	ivf->cp.max_points_per_centroid = 40;
	ivf->cp.min_points_per_centroid = 1;
	ivf->pq.cp.seed = 1234;
	ivf->pq.cp.min_points_per_centroid = 1;
	/* Codebooks of 8-D pieces train slowly (thin matrix products):
	 * 10 iterations on 16 points a centroid cost 10 s on 784-D here
	 * instead of 45 s for FAISS's 25 on 64, for the same recall once
	 * the candidates are re-ranked (bench/faiss.sh). */
	ivf->pq.cp.niter = 10;
	ivf->pq.cp.max_points_per_centroid = 16;
	ivf->do_polysemous_training = false;
	ivf->verbose = false;
	/* k-means wants at least as many points as centroids: a small
	 * sample is repeated (an empty one is a zero vector). */
	n = ntrain;
	if (ntrain < want) {
		rep.assign((size_t)want * d, 0.0f);
		for (int64_t i = 0; ntrain > 0 && i < want; i++)
			std::memcpy(&rep[(size_t)i * d], train +
			    (size_t)(i % ntrain) * d, d * sizeof(float));
		train = rep.data();
		n = want;
	}
	/* The lists as FAISS trains them; the codebooks in one thread:
	 * their k-means runs many tiny parallel loops, and on 2 cores shared
	 * with other work two threads took twice as long as one. */
	int nt = omp_get_max_threads();
	try {
		ivf->train_q1(n, train, false, faiss::METRIC_INNER_PRODUCT);
		omp_set_num_threads(1);
		ivf->train_residual(n, train);
		omp_set_num_threads(nt);
		ivf->is_trained = true;
	} catch (...) {
		omp_set_num_threads(nt);
		delete ivf;
		throw;
	}
	if (cfx_wrap(p, ivf) != 0) {
		delete ivf;
		return -1;
	}
	cfx_side(*p, path, gen);
	return 0;
	CFX_CATCH
}

/* cfx_pwrite: all of len bytes of p at off of fd, or throw. */
static void
cfx_pwrite(int fd, const void *p, size_t len, off_t off,
    const std::string &path)
{
	const char *c = (const char *)p;

	while (len > 0) {
		ssize_t w = pwrite(fd, c, len, off);

		if (w == -1 && errno == EINTR)
			continue;
		if (w <= 0)
			cfx_fail(path, "write");
		c += w;
		len -= w;
		off += w;
	}
}

/* cfx_open_side: open the side files for appending at slot nslots; what
 * lies beyond (the slots of a sync that did not finish) goes. */
static void
cfx_open_side(struct cfx *x)
{
	if (x->vfd >= 0)
		return;
	x->vfd = open(x->vec_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (x->vfd == -1)
		cfx_fail(x->vec_path, "open");
	x->ifd = open(x->ids_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (x->ifd == -1)
		cfx_fail(x->ids_path, "open");
	if (ftruncate(x->vfd, (off_t)x->nslots * x->top->d * sizeof(float)))
		cfx_fail(x->vec_path, "truncate");
	if (ftruncate(x->ifd, (off_t)x->nslots * sizeof(int64_t)))
		cfx_fail(x->ids_path, "truncate");
}

int
cfx_add(struct cfx *x, int64_t n, const float *v, const int64_t *ids)
{
	CFX_TRY
	if (x->kind != CFX_IVFPQ) {
		x->top->add_with_ids(n, v,
		    reinterpret_cast<const cfx_idx *>(ids));
		return 0;
	}
	size_t d = x->top->d;
	std::vector<cfx_idx> slots(n);

	cfx_open_side(x);
	cfx_pwrite(x->vfd, v, n * d * sizeof(float),
	    (off_t)x->nslots * d * sizeof(float), x->vec_path);
	cfx_pwrite(x->ifd, ids, n * sizeof(int64_t),
	    (off_t)x->nslots * sizeof(int64_t), x->ids_path);
	for (int64_t i = 0; i < n; i++)
		slots[i] = x->nslots + i;
	x->top->add_with_ids(n, v, slots.data());
	x->nslots += n;
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
	if (x->kind == CFX_IVFPQ) {
		cfx_slotsel ss;

		cfx_remap(x);
		ss.ids = x->imap;
		ss.n = x->nmapped;
		ss.inner = &sel;
		*removed = (int64_t)x->top->remove_ids(ss);
		return 0;
	}
	*removed = (int64_t)x->top->remove_ids(sel);
	return 0;
	CFX_CATCH
}

/* A candidate of an ivfpq search: exact score and row_id. */
typedef std::pair<float, int64_t> cfx_cand;

static bool
cfx_better(const cfx_cand &a, const cfx_cand &b)
{
	return a.first > b.first || (a.first == b.first && a.second < b.second);
}

/*
 * cfx_pq_search: one query of an ivfpq index.  The codes give
 * max(k, rerank) candidate slots (exact: every live slot), each is scored
 * by its vector in the mapped file, and the k best go out as row_ids.
 */
static void
cfx_pq_search(struct cfx *x, const float *q, int k, int probe, int exact,
    const faiss::IDSelector *bs, float *dist, cfx_idx *L)
{
	size_t d = x->top->d;
	std::vector<cfx_cand> c;
	cfx_slotsel ss;

	cfx_remap(x);
	ss.ids = x->imap;
	ss.n = x->nmapped;
	ss.inner = bs;
	if (exact) {
		c.reserve(x->top->ntotal);
		for (size_t l = 0; l < x->ivf->nlist; l++) {
			size_t n = x->ivf->invlists->list_size(l);
			faiss::InvertedLists::ScopedIds ids(x->ivf->invlists,
			    l);

			for (size_t j = 0; j < n; j++) {
				cfx_idx s = ids[j];

				if (ss.is_member(s))
					c.emplace_back(
					    faiss::fvec_inner_product(q,
					    x->vmap + s * d, d), x->imap[s]);
			}
		}
	} else {
		int kk = std::max(k, x->rerank);
		std::vector<float> D(kk);
		std::vector<cfx_idx> I(kk);
		faiss::SearchParametersIVF sp;
		size_t nl = x->ivf->nlist;
		size_t np = probe > 0 ? (size_t)probe : x->ivf->nprobe;

		sp.nprobe = np > nl ? nl : np;
		sp.sel = &ss;
		x->ivf->search(1, q, kk, D.data(), I.data(), &sp);
		for (int j = 0; j < kk; j++)
			if (I[j] >= 0 && I[j] < x->nmapped)
				c.emplace_back(faiss::fvec_inner_product(q,
				    x->vmap + I[j] * d, d), x->imap[I[j]]);
	}
	size_t n = std::min((size_t)k, c.size());
	std::partial_sort(c.begin(), c.begin() + n, c.end(), cfx_better);
	for (size_t j = 0; j < (size_t)k; j++) {
		dist[j] = j < n ? c[j].first :
		    -std::numeric_limits<float>::max();
		L[j] = j < n ? c[j].second : -1;
	}
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
	if (x->kind == CFX_IVFPQ) {
		for (int64_t i = 0; i < nq; i++)
			cfx_pq_search(x, q + i * x->top->d, k, probe, exact, bs,
			    dist + i * k, L + i * k);
		return 0;
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
			/* libfaiss 1.7.3 reads efSearch from the index, not
			 * from the parameters: set both. */
			x->hnsw->hnsw.efSearch = sp.efSearch;
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
	if (x->kind == CFX_IVFPQ) {
		int64_t h[2] = { x->gen, x->nslots };

		/* The slots must be on disk before an index refers to them. */
		if (x->vfd >= 0 && fsync(x->vfd) == -1)
			cfx_fail(x->vec_path, "fsync");
		if (x->ifd >= 0 && fsync(x->ifd) == -1)
			cfx_fail(x->ids_path, "fsync");
		if (fwrite(cfx_magic, 1, 8, fp) != 8 ||
		    fwrite(h, sizeof h[0], 2, fp) != 2)
			throw std::runtime_error("write failed");
	}
	faiss::write_index(x->top, fp);
	return 0;
	CFX_CATCH
}

/* cfx_header: the generation and slot count of an ivfpq index file fp;
 * 0, or -1 (fp rewound) when fp holds another kind. */
static int
cfx_header(FILE *fp, int64_t h[2])
{
	char mg[8];

	if (fread(mg, 1, 8, fp) == 8 && !std::memcmp(mg, cfx_magic, 8) &&
	    fread(h, sizeof h[0], 2, fp) == 2 && h[0] > 0 && h[1] >= 0)
		return 0;
	rewind(fp);
	return -1;
}

int
cfx_read(struct cfx **p, const char *path)
{
	CFX_TRY
	FILE *fp = fopen(path, "rb");
	faiss::Index *idx;
	int64_t h[2];
	int pq;

	if (!fp)
		cfx_fail(path, "open");
	pq = cfx_header(fp, h) == 0;
	try {
		idx = faiss::read_index(fp, 0);
	} catch (...) {
		fclose(fp);
		throw;
	}
	fclose(fp);
	if (cfx_wrap(p, idx) != 0) {
		delete idx;
		return -1;
	}
	if (((*p)->kind == CFX_IVFPQ) != pq) {
		cfx_free(*p);
		cfx_last_error = "an IVF-PQ index without its cpe-index header "
		    "(or the header on another kind)";
		return -1;
	}
	if (pq) {
		cfx_side(*p, path, h[0]);
		(*p)->nslots = h[1];
		try {
			cfx_remap(*p);
		} catch (...) {
			cfx_free(*p);
			throw;
		}
	}
	return 0;
	CFX_CATCH
}

int64_t
cfx_peek_gen(const char *path)
{
	FILE *fp = fopen(path, "rb");
	int64_t h[2];
	int rc;

	if (!fp)
		return 0;
	rc = cfx_header(fp, h);
	fclose(fp);
	return rc == 0 ? h[0] : 0;
}

void
cfx_drop_gen(const char *path, int64_t gen)
{
	struct cfx x;

	cfx_side(&x, path, gen);
	unlink(x.vec_path.c_str());
	unlink(x.ids_path.c_str());
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

int64_t
cfx_gen(const struct cfx *x)
{
	return x->kind == CFX_IVFPQ ? x->gen : 0;
}

int64_t
cfx_nslots(const struct cfx *x)
{
	return x->kind == CFX_IVFPQ ? x->nslots : x->top->ntotal;
}

void
cfx_pq(const struct cfx *x, int *m, int *nbits)
{
	const faiss::IndexIVFPQ *pq = dynamic_cast<const faiss::IndexIVFPQ *>(
	    x->top);

	*m = pq ? (int)pq->pq.M : 0;
	*nbits = pq ? (int)pq->pq.nbits : 0;
}

int64_t
cfx_ram_bytes(const struct cfx *x)
{
	int64_t b = 0, d = x->top->d;

	if (x->ivf) {
		for (size_t l = 0; l < x->ivf->nlist; l++)
			b += x->ivf->invlists->list_size(l) *
			    (x->ivf->code_size + sizeof(cfx_idx));
		b += x->ivf->nlist * d * sizeof(float);
		if (x->kind == CFX_IVFPQ) {
			const faiss::IndexIVFPQ *pq =
			    dynamic_cast<const faiss::IndexIVFPQ *>(x->top);

			b += pq->pq.centroids.size() * sizeof(float);
			b += x->nslots * sizeof(int64_t);
		}
		return b;
	}
	b = x->top->ntotal * (d * sizeof(float) + sizeof(cfx_idx));
	b += x->hnsw->hnsw.neighbors.size() *
	    sizeof(faiss::HNSW::storage_idx_t);
	b += x->hnsw->hnsw.offsets.size() * sizeof(size_t);
	b += x->hnsw->hnsw.levels.size() * sizeof(int);
	return b;
}

int64_t
cfx_disk_bytes(const struct cfx *x)
{
	return x->kind == CFX_IVFPQ ? x->nslots * x->top->d *
	    (int64_t)sizeof(float) : 0;
}

void
cfx_set_rerank(struct cfx *x, int n)
{
	x->rerank = n;
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
		cfx_unmap(x);
		if (x->vfd >= 0)
			close(x->vfd);
		if (x->ifd >= 0)
			close(x->ifd);
		delete x->top;
		delete x;
	}
}

}
