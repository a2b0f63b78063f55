#!/bin/sh
# SPDX-License-Identifier: ISC
# bench/faiss.sh: cpe-index and cpe-search on ROWS (200000) synthetic rows
# of 784-D fused-like vectors in a throwaway PostgreSQL cluster, for the
# kinds flat, ivf, ivfpq and hnsw:
#   full build time; bytes per vector that a search needs in memory (and,
#   for ivfpq, the exact vectors it keeps on disk); recall@10 against
#   exact search, wall median/p95 and CPU median/p95 over QUERIES (500)
#   stored vectors at the recorded defaults, one thread; a sweep of
#   nprobe (ivf), nprobe and rerank (ivfpq), 49-byte codes and
#   --ef-search (hnsw); the cost
#   of a sync after +1% rows for each kind (and +7% for ivfpq) beside its
#   full build; a projection, from these figures, to 40M vectors.
# Reference measured in the same run: reading the vectors back with
# psql \copy (the floor of any full build), and the trigger overhead of
# cpe-index on inserts into cpe_vectors_data.
# Usage: sh bench/faiss.sh [ROWS [QUERIES]]   (bounded: about 10-15
# minutes on 2 cores at the defaults).  Data goes to bench/out/faiss/.
#
# sh bench/faiss.sh pages [ARTICLES]: the same kinds on a store of real
# pages (bench/lib.sh pages_corpus, ARTICLES 1500, ~185k rows, embedder
# hash): 93% of the articles committed and indexed, then the other 7%
# committed and synced (its cost beside the full build); size, and
# cpe-search --sample 300 --recall at the defaults for each kind; then
# float16 beside float32 (cpe-commit --vectors): bytes and WAL a row,
# recall@10 against exact float32 and latency of flat and hnsw
# (FAISS_F16=0 leaves it out).
set -eu
if [ "${1:-}" = pages ]; then
	here=$(cd "$(dirname "$0")" && pwd)
	root=$(dirname "$here")
	: "${WIKIPIPE_BIN:=$root/build/bin}"
	: "${WIKIDATA:=$(dirname "$root")/shared/wikidata}"
	[ -d "$WIKIDATA" ] || { echo "faiss: $WIKIDATA not found, skipped"; exit 0; }
	out=$here/out
	mkdir -p "$out"
	. "$here/lib.sh"
	ART=${2:-1500}
	private_cluster
	B=$pgd/bin
	load1() { cut -d' ' -f1 /proc/loadavg; }
	now() { date +%s.%N; }
	secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
	js() { sed -n "s/.*\"$2\": *\"*\([0-9a-z.e+-]*\).*/\\1/p" "$1"; }
	echo "faiss.sh pages: $ART articles; load at start $(cat /proc/loadavg)"
	rows=$(pages_rows "$ART")
	# Cut at the first article boundary after 93% of the rows (an
	# article is whole in one part).
	n=$(wc -l < "$rows")
	awk -v cut=$((n * 93 / 100)) -v a="$pgd/a.jsonl" -v b="$pgd/b.jsonl" '
	    { match($0, /"doc_id":"[^"]*"/); d = substr($0, RSTART, RLENGTH) }
	    NR > cut && d != last { over = 1 }
	    { print > (over ? b : a); last = d }' "$rows"
	"$B/rec-dump" --pack "$pgd/a.jsonl" > "$pgd/a.mp"
	"$B/rec-dump" --pack "$pgd/b.jsonl" > "$pgd/b.mp"
	"$B/cpe-commit" -q "$pgd/a.mp"
	na=$(psql -qAtXc 'SELECT count(*) FROM cpe_vectors')
	for k in flat ivf ivfpq; do
		t0=$(now)
		"$B/cpe-index" -q --kind $k --stats "$pgd/b-$k.json" "$pgd/$k.idx"
		t1=$(now)
		echo "$(secs "$t0" "$t1")" > "$pgd/b-$k.secs"
		echo "$k: full build of $na rows $(secs "$t0" "$t1") s, RAM $(js "$pgd/b-$k.json" ram_bytes) B, disk $(js "$pgd/b-$k.json" disk_bytes) B (load $(load1))"
	done
	"$B/cpe-commit" -q "$pgd/b.mp"
	nb=$(psql -qAtXc 'SELECT count(*) FROM cpe_vectors')
	for k in flat ivf ivfpq; do
		t0=$(now)
		"$B/cpe-index" -q --stats "$pgd/i-$k.json" "$pgd/$k.idx"
		t1=$(now)
		echo "$k: sync of +$((nb - na)) rows ($(awk -v a=$na -v b=$nb 'BEGIN { printf "%.1f", 100 * (b - a) / a }')%) $(secs "$t0" "$t1") s = $(awk -v a="$(secs "$t0" "$t1")" -v b="$(cat "$pgd/b-$k.secs")" 'BEGIN { printf "%.3f", a / b }') of the full build (mode $(js "$pgd/i-$k.json" mode), RAM $(js "$pgd/i-$k.json" ram_bytes) B) (load $(load1))"
	done
	for k in flat ivf ivfpq; do
		"$B/cpe-search" -q --threads 1 --sample 300 --recall --stats "$pgd/s-$k.json" "$pgd/$k.idx" >/dev/null
		echo "$k: $(js "$pgd/s-$k.json" ntotal) rows, RAM $(awk -v b="$(js "$pgd/s-$k.json" ram_bytes)" -v n="$(js "$pgd/s-$k.json" ntotal)" 'BEGIN { printf "%.0f", b / n }') B/vector; --sample 300 --recall: recall@10 $(js "$pgd/s-$k.json" recall_at_k), p50 $(js "$pgd/s-$k.json" search_ms_median) ms, p95 $(js "$pgd/s-$k.json" search_ms_p95) ms (CPU p95 $(js "$pgd/s-$k.json" search_cpu_ms_p95) ms) (load $(load1))"
	done
	np=$(sed -n 's/.*"nprobe":\([0-9]*\).*/\1/p' "$pgd/ivfpq.idx.meta")
	for o in "--nprobe $((np / 2))" "--nprobe $((np * 2))" "--rerank 32" "--rerank 128"; do
		"$B/cpe-search" -q --threads 1 --sample 300 --recall $o --stats "$pgd/x.json" "$pgd/ivfpq.idx" >/dev/null
		echo "ivfpq $o (default nprobe $np): recall@10 $(js "$pgd/x.json" recall_at_k), p50 $(js "$pgd/x.json" search_ms_median) ms, p95 $(js "$pgd/x.json" search_ms_p95) ms (load $(load1))"
	done
	echo "ivfpq / flat RAM: $(awk -v a="$(js "$pgd/s-ivfpq.json" ram_bytes)" -v b="$(js "$pgd/s-flat.json" ram_bytes)" 'BEGIN { printf "%.4f (1/%.1f)", a / b, b / a }')"
	# float16 beside float32 on the same rows: both stores loaded from
	# scratch (cpe-commit --vectors float16 and the default), flat and
	# hnsw indexes of fused_vec over each; 300 text queries (the first
	# words of every Nth chunk), one thread.  Recall@10 of each search
	# against the float32 store's flat (exact) hits; bytes and WAL a
	# row of each load (store_figures).
	if [ "${FAISS_F16:-1}" = 1 ]; then
		text_queries "$rows" > "$pgd/q.txt"
		for v in float32 float16; do
			createdb "s$v"
			PGDATABASE=s$v "$B/cpe-commit" -q < /dev/null
			l0=$(wal_lsn); t0=$(now)
			cat "$pgd/a.mp" "$pgd/b.mp" | PGDATABASE=s$v "$B/cpe-commit" -q --vectors $v
			t1=$(now); l1=$(wal_lsn)
			nr=$(psql -qAtX -d "s$v" -c 'SELECT count(*) FROM cpe_vectors_data')
			echo "$v: load $nr rows $(secs "$t0" "$t1") s; $(store_figures "s$v" "$nr" "$l0" "$l1") (load $(load1))"
			for k in flat hnsw; do
				PGDATABASE=s$v "$B/cpe-index" -q --kind $k "$pgd/$v-$k.idx"
				PGDATABASE=s$v "$B/cpe-search" -q -j -k 10 --threads 1 --queries "$pgd/q.txt" \
				    --stats "$pgd/$v-$k.json" "$pgd/$v-$k.idx" > "$pgd/$v-$k.hits"
			done
		done
		for v in float32 float16; do
			for k in flat hnsw; do
				echo "$v $k: recall@10 against float32 flat $(python3 - "$pgd/float32-flat.hits" "$pgd/$v-$k.hits" <<'PY'
import json, sys
def hits(f):
    h = {}
    for l in open(f):
        r = json.loads(l)
        h.setdefault(r["query"], set()).add(r["cpe_id"])
    return h
a, b = hits(sys.argv[1]), hits(sys.argv[2])
print("%.4f" % (sum(len(a[q] & b.get(q, set())) for q in a) / sum(len(a[q]) for q in a)))
PY
), p50 $(js "$pgd/$v-$k.json" search_ms_median) ms, p95 $(js "$pgd/$v-$k.json" search_ms_p95) ms (load $(load1))"
			done
		done
	fi
	echo "load at end $(cat /proc/loadavg)"
	exit 0
fi
ROWS=${1:-200000}
QUERIES=${2:-500}
ADD=$((ROWS / 100))
ADD7=$((ROWS * 7 / 100 - ADD))
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=$ROOT/bench/out/faiss
mkdir -p "$OUT/bin"
# Private copies: a concurrent make may relink build/bin mid-run.
for p in cpe-commit cpe-index cpe-search; do
	cp "${WIKIPIPE_BIN:-$ROOT/build/bin}/$p" "$OUT/bin/$p"
done
BIN=$OUT/bin
rm -f "$OUT"/*.idx "$OUT"/*.idx.* "$OUT"/*.json
. "$ROOT/tests/lib/pg.sh"
PGD=$(mktemp -d /tmp/wikipipe-bench-pg.XXXXXX)
pg_start "$PGD" >/dev/null
trap 'pg_stop "$PGD"' EXIT
export PGDATABASE=postgres

# The generator: a hierarchical mixture like passage embeddings (2000
# topics blended with a related one, 8 subtopics each, noise) after a
# 16-D TMD-like head, unit length, written as
# PostgreSQL binary COPY rows of cpe_vectors_data (cpe_id, concept_vec,
# tmd_dense): the unit vector's last 768 and first 16 floats, so that
# fused_vec (computed from them) is that vector, within rounding.  Rows
# FIRST..LAST; deterministic.
cat >"$OUT/gen.c" <<'CEOF'
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#define D 784
#define TOPICS 2000
#define SUBS 8
static uint64_t
mix(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}
static double
gauss(uint64_t *s)
{
	double u = ((*s = mix(*s)) >> 11) * 0x1p-53 + 1e-300;
	double v = ((*s = mix(*s)) >> 11) * 0x1p-53;
	return sqrt(-2 * log(u)) * cos(6.283185307179586 * v);
}
static void
unit(float *v, int n, uint64_t seed)
{
	double s = 0;
	for (int j = 0; j < n; j++) { v[j] = gauss(&seed); s += v[j] * v[j]; }
	for (int j = 0; j < n; j++) v[j] /= sqrt(s);
}
static void
be32(unsigned char *p, uint32_t v) { p[0]=v>>24; p[1]=v>>16; p[2]=v>>8; p[3]=v; }
int
main(int argc, char **argv)
{
	long first = atol(argv[1]), last = atol(argv[2]);
	static float top[TOPICS][D - 16], tmd[16][16];
	float sub[D - 16], v[D];
	unsigned char hdr[19] = "PGCOPY\n\377\r\n", row[2 + 4 + 16 + 8 + D * 4];
	for (int t = 0; t < TOPICS; t++) unit(top[t], D - 16, 1000 + t);
	for (int l = 0; l < 16; l++) unit(tmd[l], 16, 99 + l);
	fwrite(hdr, 1, 19, stdout);
	for (long i = first; i <= last; i++) {
		uint64_t s = mix(i), r = mix(s);
		/* A passage mostly on topic t, partly on a related topic t2
		 * (a continuum between them, as real text has), in one of
		 * t's subtopics, plus noise. */
		int t = r % TOPICS, t2 = (t + 1 + (r >> 32) % 5) % TOPICS;
		int st = (r >> 20) % SUBS, lane = t % 16;
		double a = 0.5 + 0.5 * ((r >> 40) & 0xffff) / 65536.0, n = 0;
		unit(sub, D - 16, 500000 + t * SUBS + st);
		for (int j = 0; j < D - 16; j++)
			v[16 + j] = a * top[t][j] + (1 - a) * top[t2][j] +
			    0.6 * sub[j] + 0.9 * gauss(&s) / sqrt(D - 16);
		for (int j = 0; j < 16; j++) v[j] = 0.25 * tmd[lane][j];
		for (int j = 0; j < D; j++) n += v[j] * v[j];
		unsigned char *p = row;
		p[0] = 0; p[1] = 3; p += 2;
		be32(p, 16); p += 4;
		memset(p, 0, 16); p[6] = 0x40; p[8] = 0x80;
		for (int b = 0; b < 6; b++) p[15 - b] = (uint64_t)i >> (8 * b);
		p += 16;
		be32(p, (D - 16) * 4); p += 4;
		for (int j = 16; j < D; j++) { float f = v[j] / sqrt(n); memcpy(p, &f, 4); p += 4; }
		be32(p, 16 * 4); p += 4;
		for (int j = 0; j < 16; j++) { float f = v[j] / sqrt(n); memcpy(p, &f, 4); p += 4; }
		fwrite(row, 1, p - row, stdout);
	}
	fwrite("\377\377", 1, 2, stdout);
	return ferror(stdout) || fflush(stdout);
}
CEOF
cc -O2 -o "$OUT/gen" "$OUT/gen.c" -lm

"$BIN/cpe-commit" </dev/null 2>/dev/null
psql -qX -v ON_ERROR_STOP=1 >/dev/null <<'SQL'
CREATE FUNCTION bench_entries(first bigint, last bigint) RETURNS void
LANGUAGE sql AS $$
 INSERT INTO cpe_entry_data (cpe_id, mission_text, source_chunk, concept_text,
  domain_code, task_code, modifier_code, dataset_source, chunk_position,
  tmd_bits, tmd_lane, lane_index, doc_id, page_id, chunk_index, chunk_count)
 SELECT ('00000000-0000-4000-8000-' || lpad(to_hex(i), 12, '0'))::uuid,
  'passage ' || i, NULL, NULL, 0, 0, 0, 'bench',
  jsonb_build_object('article_title', 'Article ' || (i / 10)), 0,
  'lane_0', 0, 'bench:' || (i / 10), i / 10, i % 10, 10
 FROM generate_series(first, last) AS i $$;
SQL
load() {	# FIRST LAST
	psql -qXc "SELECT bench_entries($1, $2)" >/dev/null
	"$OUT/gen" "$1" "$2" | psql -qXc "\\copy cpe_vectors_data (cpe_id, concept_vec, tmd_dense) from stdin (format binary)"
}
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
now() { date +%s.%N; }
js() { sed -n "s/.*\"$2\": *\"*\([0-9a-z.e+-]*\).*/\1/p" "$1"; }
load1() { cut -d' ' -f1 /proc/loadavg; }
# search NAME INDEX [OPTIONS]: QUERIES queries at one thread, with recall.
search() {
	_n=$1 _i=$2; shift 2
	"$BIN/cpe-search" -q --threads 1 --sample "$QUERIES" --recall "$@" \
	    --stats "$OUT/s-$_n.json" "$OUT/$_i.idx" >/dev/null
	printf '%-26s recall@10 %s  wall p50 %6.3f p95 %6.3f ms  CPU p50 %6.3f p95 %6.3f ms  (load %s)\n' \
	    "$_n" "$(js "$OUT/s-$_n.json" recall_at_k)" \
	    "$(js "$OUT/s-$_n.json" search_ms_median)" "$(js "$OUT/s-$_n.json" search_ms_p95)" \
	    "$(js "$OUT/s-$_n.json" search_cpu_ms_median)" "$(js "$OUT/s-$_n.json" search_cpu_ms_p95)" "$(load1)"
}
# build NAME OPTIONS...: a full build, timed.
build() {
	_n=$1; shift
	t0=$(now)
	"$BIN/cpe-index" -q "$@" --stats "$OUT/build-$_n.json" "$OUT/$_n.idx"
	t1=$(now)
	echo "$(secs "$t0" "$t1")" >"$OUT/build-$_n.secs"
	_nt=$(js "$OUT/build-$_n.json" ntotal)
	printf '%-9s full build %7.2f s  %s vectors, nlist %s  RAM %s B/vector, disk %s B/vector  (load %s)\n' \
	    "$_n" "$(secs "$t0" "$t1")" "$_nt" "$(js "$OUT/build-$_n.json" nlist)" \
	    "$(awk -v b="$(js "$OUT/build-$_n.json" ram_bytes)" -v n="$_nt" 'BEGIN { printf "%.0f", b / n }')" \
	    "$(awk -v b="$(js "$OUT/build-$_n.json" disk_bytes)" -v n="$_nt" 'BEGIN { printf "%.0f", b / n }')" "$(load1)"
}
# sync NAME ROWS: an incremental sync, timed beside the full build.
sync_() {
	t0=$(now)
	"$BIN/cpe-index" -q --stats "$OUT/inc-$1.json" "$OUT/$1.idx"
	t1=$(now)
	printf '%-9s sync of +%s rows %6.2f s = %.3f of its full build (mode %s, %s vectors, index file %s MB)  (load %s)\n' \
	    "$1" "$2" "$(secs "$t0" "$t1")" \
	    "$(awk -v a="$(secs "$t0" "$t1")" -v b="$(cat "$OUT/build-$1.secs")" 'BEGIN { print a / b }')" \
	    "$(js "$OUT/inc-$1.json" mode)" "$(js "$OUT/inc-$1.json" ntotal)" \
	    "$(du -m "$OUT/$1.idx" | cut -f1)" "$(load1)"
}

echo "faiss.sh: $ROWS rows, $QUERIES queries; $(nproc) cores; load at start $(cat /proc/loadavg)"
t0=$(now)
load 0 $((ROWS - 1))
t1=$(now)
echo "load $ROWS rows (generate + COPY, no triggers yet): $(secs "$t0" "$t1") s"
t0=$(now)
psql -qXc "\\copy (SELECT tmd_dense, concept_vec FROM cpe_vectors_data) to '/dev/null' (format binary)"
t1=$(now)
printf 'reference: psql \\copy of every tmd_dense and concept_vec to /dev/null: %s s\n' "$(secs "$t0" "$t1")"

build flat --kind flat
build ivf --kind ivf
build ivfpq --kind ivfpq
build ivfpq49 --kind ivfpq --pq-m 49 --name ivfpq49
build hnsw --kind hnsw

echo "-- search at the recorded defaults, $QUERIES queries (flat: exact by construction)"
search flat flat
search ivf ivf
search ivfpq ivfpq
search hnsw hnsw
echo "-- sweeps, 200 queries"
Q=$QUERIES; QUERIES=200
def=$(sed -n 's/.*"nprobe":\([0-9]*\).*/\1/p' "$OUT/ivf.idx.meta")
for np in 4 8 32; do
	[ "$np" = "$def" ] || search "ivf nprobe $np" ivf --nprobe $np
done
def=$(sed -n 's/.*"nprobe":\([0-9]*\).*/\1/p' "$OUT/ivfpq.idx.meta")
for o in "--nprobe 16" "--nprobe $((def * 2))" "--rerank 32" "--rerank 128"; do
	search "ivfpq $o" ivfpq $o
done
search "ivfpq49 (49-byte codes)" ivfpq49
for ef in 16 32 128; do
	search "hnsw ef-search $ef" hnsw --ef-search $ef
done
QUERIES=$Q

t0=$(now)
load $ROWS $((ROWS + ADD - 1))
t1=$(now)
echo "load $ADD more rows (+1%, with the cpe-index triggers): $(secs "$t0" "$t1") s"
for k in flat ivf ivfpq hnsw; do
	sync_ $k $ADD
done
a=$((ROWS + ADD))
load $a $((a + ADD7 - 1))
echo "load $ADD7 more rows (to +7% since the ivfpq build)"
sync_ ivfpq $((ADD + ADD7))
search "ivfpq after syncs" ivfpq

# Projection (not measured): 40M vectors at the same settings, memory
# from the bytes per vector above, latency from the bytes a query
# touches (coarse centroids + scanned lists + re-ranked vectors) scaled
# from the measured median; nlist at 40M is what cpe-index would pick
# (16384), nprobe scaled with it as auto_nprobe does (nlist/64 = 256).
N=40000000
echo "-- PROJECTION to $N vectors (computed from the figures above, not measured)"
for k in flat ivf ivfpq; do
	awk -v k=$k -v n0="$(js "$OUT/build-$k.json" ntotal)" -v N=$N \
	    -v ram="$(js "$OUT/build-$k.json" ram_bytes)" \
	    -v disk="$(js "$OUT/build-$k.json" disk_bytes)" \
	    -v nl0="$(js "$OUT/build-$k.json" nlist)" \
	    -v np0="$(sed -n 's/.*"nprobe":\([0-9]*\).*/\1/p' "$OUT/$k.idx.meta")" \
	    -v m="$(sed -n 's/.*"pq_m":\([0-9]*\).*/\1/p' "$OUT/$k.idx.meta")" \
	    -v rr="$(sed -n 's/.*"rerank":\([0-9]*\).*/\1/p' "$OUT/$k.idx.meta")" \
	    -v p50="$(js "$OUT/s-$k.json" search_ms_median)" 'BEGIN {
		d = 784 * 4; code = (k == "ivfpq") ? m : d
		if (k == "flat") { t0 = n0 * d; t1 = N * d }
		else {
			nl1 = 16384; np1 = 256
			t0 = nl0 * d + np0 * n0 / nl0 * code + (k == "ivfpq" ? rr * d : 0)
			t1 = nl1 * d + np1 * N / nl1 * code + (k == "ivfpq" ? rr * d : 0)
		}
		printf "%-6s RAM %6.1f GB (+ %5.1f GB of vectors on disk), p50 ~ %8.2f ms (x%.1f the bytes a query touches)\n",
		    k, ram / n0 * N / 1e9, disk / n0 * N / 1e9, p50 * t1 / t0, t1 / t0
	}'
done

# The cost of the cpe-index triggers on a load: the same number of rows
# with the triggers disabled and enabled.
n=$((ADD / 2)); a=$((ROWS + ADD + ADD7))
psql -qXc "ALTER TABLE cpe_vectors_data DISABLE TRIGGER USER"
t0=$(now); load $a $((a + n - 1)); t1=$(now)
psql -qXc "ALTER TABLE cpe_vectors_data ENABLE TRIGGER USER"
t2=$(now); load $((a + n)) $((a + 2 * n - 1)); t3=$(now)
echo "trigger cost: load $n rows without the cpe-index triggers $(secs "$t0" "$t1") s, with them $(secs "$t2" "$t3") s"
echo "load at end $(cat /proc/loadavg)"
