#!/bin/sh
# SPDX-License-Identifier: ISC
# bench/faiss.sh: cpe-index and cpe-search on ROWS (200000) synthetic rows
# of 784-D fused-like vectors in a throwaway PostgreSQL cluster:
#   full build (flat and IVF), incremental sync of ADD (10000) new rows,
#   search latency median/p95 for flat and IVF over QUERIES (500) stored
#   vectors, and IVF recall@10 against exact search.
# Reference measured in the same run: reading the vectors back with
# psql \copy (the floor of any full build), and the trigger overhead of
# cpe-index on inserts into cpe_vectors.
# Usage: sh bench/faiss.sh [ROWS [ADD [QUERIES]]]   (bounded: about
# 3-6 minutes on 2 cores at the defaults).  Data goes to bench/out/faiss/.
set -eu
ROWS=${1:-200000}
ADD=${2:-10000}
QUERIES=${3:-500}
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
# PostgreSQL binary COPY rows of cpe_vectors (cpe_id, fused_vec,
# concept_vec, tmd_dense).  Rows FIRST..LAST; deterministic.
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
	unsigned char hdr[19] = "PGCOPY\n\377\r\n", row[2 + 4 + 16 + 4 + D * 4 + 8];
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
		p[0] = 0; p[1] = 4; p += 2;
		be32(p, 16); p += 4;
		memset(p, 0, 16); p[6] = 0x40; p[8] = 0x80;
		for (int b = 0; b < 6; b++) p[15 - b] = (uint64_t)i >> (8 * b);
		p += 16;
		be32(p, D * 4); p += 4;
		for (int j = 0; j < D; j++) { float f = v[j] / sqrt(n); memcpy(p, &f, 4); p += 4; }
		be32(p, 0); p += 4;
		be32(p, 0); p += 4;
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
 INSERT INTO cpe_entry (cpe_id, mission_text, source_chunk, concept_text,
  domain_code, task_code, modifier_code, dataset_source, chunk_position,
  tmd_bits, tmd_lane, lane_index, doc_id, page_id, chunk_index, chunk_count)
 SELECT ('00000000-0000-4000-8000-' || lpad(to_hex(i), 12, '0'))::uuid,
  'passage ' || i, 'passage ' || i, 'passage ' || i, 0, 0, 0, 'bench',
  jsonb_build_object('article_title', 'Article ' || (i / 10)), 0,
  'lane_0', 0, 'bench:' || (i / 10), i / 10, i % 10, 10
 FROM generate_series(first, last) AS i $$;
SQL
load() {	# FIRST LAST
	psql -qXc "SELECT bench_entries($1, $2)" >/dev/null
	"$OUT/gen" "$1" "$2" | psql -qXc "\\copy cpe_vectors (cpe_id, fused_vec, concept_vec, tmd_dense) from stdin (format binary)"
}
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
now() { date +%s.%N; }
js() { sed -n "s/.*\"$2\": *\"*\([0-9a-z.e+-]*\).*/\1/p" "$1"; }

t0=$(now)
load 0 $((ROWS - 1))
t1=$(now)
echo "load $ROWS rows (generate + COPY, no triggers yet): $(secs "$t0" "$t1") s"
t0=$(now)
psql -qXc "\\copy (SELECT fused_vec FROM cpe_vectors) to '/dev/null' (format binary)"
t1=$(now)
printf 'reference: psql \\copy of every fused_vec to /dev/null: %s s\n' "$(secs "$t0" "$t1")"

for k in flat ivf; do
	t0=$(now)
	"$BIN/cpe-index" -q --kind $k --stats "$OUT/build-$k.json" "$OUT/$k.idx"
	t1=$(now)
	echo "cpe-index full build, $k: $(secs "$t0" "$t1") s ($(js "$OUT/build-$k.json" ntotal) vectors, nlist $(js "$OUT/build-$k.json" nlist))"
done

t0=$(now)
load $ROWS $((ROWS + ADD - 1))
t1=$(now)
echo "load $ADD more rows (with the cpe-index triggers): $(secs "$t0" "$t1") s"
for k in flat ivf; do
	t0=$(now)
	"$BIN/cpe-index" -q --stats "$OUT/inc-$k.json" "$OUT/$k.idx"
	t1=$(now)
	echo "cpe-index incremental sync of $ADD rows, $k: $(secs "$t0" "$t1") s (mode $(js "$OUT/inc-$k.json" mode), $(js "$OUT/inc-$k.json" ntotal) vectors)"
done

"$BIN/cpe-search" -q --threads 1 --sample "$QUERIES" --stats "$OUT/s-flat.json" "$OUT/flat.idx" >/dev/null
echo "search flat ($QUERIES queries, k 10, 1 thread): wall median $(js "$OUT/s-flat.json" search_ms_median) ms, p95 $(js "$OUT/s-flat.json" search_ms_p95) ms; CPU median $(js "$OUT/s-flat.json" search_cpu_ms_median) ms, p95 $(js "$OUT/s-flat.json" search_cpu_ms_p95) ms"
def=$(sed -n 's/.*"nprobe":\([0-9]*\).*/\1/p' "$OUT/ivf.idx.meta")
for np in 4 8 16 32 64; do
	"$BIN/cpe-search" -q --threads 1 --sample "$QUERIES" --recall --nprobe $np --stats "$OUT/s-ivf$np.json" "$OUT/ivf.idx" >/dev/null
	echo "search ivf nprobe $np$([ "$np" = "$def" ] && echo ' (default)'): wall median $(js "$OUT/s-ivf$np.json" search_ms_median) ms, p95 $(js "$OUT/s-ivf$np.json" search_ms_p95) ms; CPU median $(js "$OUT/s-ivf$np.json" search_cpu_ms_median) ms, p95 $(js "$OUT/s-ivf$np.json" search_cpu_ms_p95) ms; recall@10 $(js "$OUT/s-ivf$np.json" recall_at_k)"
done

# The cost of the cpe-index triggers on a load: the same number of rows
# with the triggers disabled and enabled.
n=$((ADD / 2)); a=$((ROWS + ADD))
psql -qXc "ALTER TABLE cpe_vectors DISABLE TRIGGER USER"
t0=$(now); load $a $((a + n - 1)); t1=$(now)
psql -qXc "ALTER TABLE cpe_vectors ENABLE TRIGGER USER"
t2=$(now); load $((a + n)) $((a + 2 * n - 1)); t3=$(now)
echo "trigger cost: load $n rows without the cpe-index triggers $(secs "$t0" "$t1") s, with them $(secs "$t2" "$t3") s"
