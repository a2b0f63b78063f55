#!/bin/sh
# SPDX-License-Identifier: ISC
# bench/cpe.sh: cpe-prep and cpe-commit throughput, each beside a
# reference measured in the same run.
#
#   cpe-prep    records/s on one core; speed-up of -j2 under GNU parallel
#               (--recend '\0' -k, --pipe --block 16M from a pipe and
#               --pipepart from the file) over the serial run, beside
#               parallel's own ceiling (cat as the worker); and the
#               same with --cpesh against a fake LLM (cpe-prep the
#               bottleneck)
#   cpe-commit  rows/s of a load into empty tables, beside
#               psql \copy ... (FORMAT binary) of the same rows into the
#               same empty tables (ratio cpe-commit / psql), and beside the
#               original's method (psycopg2 execute_batch, page size 100,
#               INSERT ... ON CONFLICT, entries then vectors), on a subset
#   memory      peak RSS of cpe-commit for N and 4N rows at the same batch
#
# A private PostgreSQL cluster (tests/lib/pg.sh) lives under bench/out/
# for the run.  N (default 100000) rows of 768-D vectors; PSYCOPG_N
# (default 20000) rows for the psycopg2 reference; ROUNDS (2) runs of
# the cpe-commit / psql comparison.  Bounded: about three minutes on two
# idle cores.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
out=$here/out/cpe
mkdir -p "$out"
PATH=${WIKIPIPE_BIN:-$root/build/bin}:$PATH
N=${N:-100000}
PSYCOPG_N=${PSYCOPG_N:-20000}
ROUNDS=${ROUNDS:-2}
. "$root/tests/lib/pg.sh"
. "$here/lib.sh"	# prev_build, wal_lsn, store_figures

now() { date +%s.%N; }
rate() { echo "$1 $2 $3" | awk '{printf "%.0f", $1 / ($3 - $2)}'; }
rss() { awk '/"peak_rss_kb"/ {gsub(/[^0-9]/, ""); print}' "$1"; }

# Input: N chunk records (10 chunks an article), then prepared rows.
chunks=$out/chunks-$N.mp
if [ ! -s "$chunks" ]; then
	python3 "$root/tests/data/cpe/gen-chunks.py" --articles $((N / 10)) \
	    --chunks 10 --dim 768 --text-bytes 300 | rec-dump --pack > "$chunks"
fi
[ -s "$out/chunks-$N.z" ] || rec-dump "$chunks" | rec-dump --pack -z > "$out/chunks-$N.z"
echo "input: $N chunk records, $(($(wc -c < "$chunks") / 1048576)) MiB; load average $(cut -d' ' -f1-3 /proc/loadavg)"

# cpe-prep, serial (plain records, as in a plain pipe) and -j2 under GNU
# parallel (-z in, plain out: what a fan-out needs), from a pipe (--pipe,
# as in a pipeline) and from the file (--pipepart), and parallel's own
# ceiling with cat as the worker.
t0=$(now); cpe-prep --stats "$out/prep.json" < "$chunks" > "$out/prep-$N.mp"; t1=$(now)
serial=$(rate $N $t0 $t1)
cpu=$(awk -F': ' '/"cpu_user_s"|"cpu_sys_s"/ {gsub(/,/, "", $2); s += $2} END {print s}' "$out/prep.json")
percpu=$(echo "$N $cpu" | awk '{printf "%.0f", $1 / $2}')
mbs=$(echo "$(wc -c < "$out/prep-$N.mp") $t0 $t1" | awk '{printf "%.0f", $1 / 1048576 / ($3 - $2)}')
t0=$(now)
cat "$out/chunks-$N.z" | parallel --will-cite --pipe --recend '\0' -k --block 16M \
    --halt now,fail=1 -j2 cpe-prep --nul-in > "$out/prep-j2.mp"
t1=$(now)
j2=$(rate $N $t0 $t1)
cmp -s "$out/prep-$N.mp" "$out/prep-j2.mp" || { echo "cpe-prep -j2 output differs" >&2; exit 1; }
t0=$(now)
parallel --will-cite --pipepart -a "$out/chunks-$N.z" --recend '\0' -k --block -1 \
    --halt now,fail=1 -j2 cpe-prep --nul-in > "$out/prep-j2.mp"
t1=$(now)
j2p=$(rate $N $t0 $t1)
cmp -s "$out/prep-$N.mp" "$out/prep-j2.mp" || { echo "cpe-prep --pipepart -j2 output differs" >&2; exit 1; }
# GNU parallel alone with a worker that does nothing but copy.
t0=$(now)
cat "$out/chunks-$N.z" | parallel --will-cite --pipe --recend '\0' -k --block 16M -j2 cat > /dev/null
t1=$(now)
echo "GNU parallel --pipe -j2 with cat as the worker: $(rate $N $t0 $t1) records/s (its ceiling for this stream)"
echo "cpe-prep: $serial records/s serial ($mbs MiB/s out; $percpu records per CPU second)"
echo "cpe-prep under parallel -j2: --pipe $j2 records/s ($(echo "$j2 $serial" | awk '{printf "%.2f", $1/$2}')x serial), --pipepart $j2p records/s ($(echo "$j2p $serial" | awk '{printf "%.2f", $1/$2}')x)"
# When cpe-prep is the bottleneck: --cpesh against a fake LLM answering
# each request after 50 ms (8 in flight per job), CPESH_N records.
CPESH_N=${CPESH_N:-1600}
rm -f "$out/port"
python3 "$root/tests/data/cpe/fake-cpesh.py" "$out/port" 300 0.05 &
fake=$!
i=0; while [ ! -s "$out/port" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
rec-dump -n "$CPESH_N" "$chunks" | rec-dump --pack -z > "$out/cpesh.z"
cp="cpe-prep --nul-in --cpesh -j 8 --batch 32 --endpoint http://127.0.0.1:$(cat "$out/port") --model fake"
t0=$(now); $cp < "$out/cpesh.z" > "$out/cpesh1.z"; t1=$(now)
c1=$(rate "$CPESH_N" $t0 $t1)
t0=$(now)
parallel --will-cite --pipe --recend '\0' -k --block 1M --halt now,fail=1 -j2 \
    "$cp" < "$out/cpesh.z" > "$out/cpesh2.z"
t1=$(now)
c2=$(rate "$CPESH_N" $t0 $t1)
kill $fake 2>/dev/null || :
cmp -s "$out/cpesh1.z" "$out/cpesh2.z" || { echo "cpe-prep --cpesh -j2 output differs" >&2; exit 1; }
echo "cpe-prep --cpesh (LLM-bound, 50 ms answers): $c1 records/s serial, $c2 records/s with parallel -j2 ($(echo "$c2 $c1" | awk '{printf "%.2f", $1/$2}')x)"

# The cluster.
pgd=$out/pg
pg_stop "$pgd" 2>/dev/null || :
pg_start "$pgd" > "$out/pg.log" 2>&1 || { echo "cannot start PostgreSQL: $(tail -n 1 "$out/pg.log")" >&2; exit 1; }
trap 'pg_stop "$pgd"; rm -f "$out/entry.bin" "$out/vectors.bin" "$out/prep-j2.mp" "$out/quarter.mp" "$out"/cpesh*.z' EXIT
psql() { command psql -X -q -v ON_ERROR_STOP=1 "$@"; }
fresh() {	# fresh DB [BIN]: the schema and one empty run, after a checkpoint
	dropdb --if-exists "$1" 2>/dev/null; createdb "$1"
	PGDATABASE=$1 "${2:+$2/}cpe-commit" -q < /dev/null
	PGDATABASE=$1 psql -c CHECKPOINT
}

# cpe-commit into empty tables, and the same rows with psql \copy (FORMAT
# binary) into the same empty tables; ROUNDS times each, interleaved,
# best of each (the machine is shared).
fresh c1
PGDATABASE=c1 cpe-commit -q --stats "$out/commit.json" "$out/prep-$N.mp"
PGDATABASE=c1 psql -c "\\copy cpe_entry_data TO '$out/entry.bin' (FORMAT binary)" \
    -c "\\copy cpe_vectors_data TO '$out/vectors.bin' (FORMAT binary)"
commit=0 ref=0 prev=0
PREV=$(prev_build) || PREV=
for round in $(seq "$ROUNDS"); do
	if [ -n "$PREV" ]; then	# the previous build's cpe-commit, same rows
		fresh c0 "$PREV"
		l0=$(wal_lsn); t0=$(now)
		PGDATABASE=c0 "$PREV/cpe-commit" -q "$out/prep-$N.mp"
		t1=$(now); l1=$(wal_lsn)
		r=$(rate $N $t0 $t1); [ "$r" -gt "$prev" ] && prev=$r
		store_figures c0 "$N" "$l0" "$l1" > "$out/fig-prev"
	fi
	fresh c1
	l0=$(wal_lsn); t0=$(now)
	PGDATABASE=c1 cpe-commit -q "$out/prep-$N.mp"
	t1=$(now); l1=$(wal_lsn)
	store_figures c1 "$N" "$l0" "$l1" > "$out/fig-this"
	r=$(rate $N $t0 $t1); [ "$r" -gt "$commit" ] && commit=$r
	fresh c2
	PGDATABASE=c2 psql -c "INSERT INTO cpe_run (run_id, program, version, schema_version, cmdline)
	    SELECT 2, 'bench', '', 1, '' WHERE NOT EXISTS (SELECT 1 FROM cpe_run WHERE run_id = 2)"
	t0=$(now)
	PGDATABASE=c2 psql -c "\\copy cpe_entry_data FROM '$out/entry.bin' (FORMAT binary)" \
	    -c "\\copy cpe_vectors_data FROM '$out/vectors.bin' (FORMAT binary)"
	t1=$(now)
	r=$(rate $N $t0 $t1); [ "$r" -gt "$ref" ] && ref=$r
done
printf "cpe-commit: %s rows/s; psql \\\\copy binary: %s rows/s; ratio %s\\n" "$commit" "$ref" "$(echo "$commit $ref" | awk '{printf "%.2f", $1/$2}')"
echo "cpe-commit (this build): $(cat "$out/fig-this")"
if [ -n "$PREV" ]; then
	echo "previous build's cpe-commit: $prev rows/s (this build $(echo "$commit $prev" | awk '{printf "%.2f", $1/$2}')x); $(cat "$out/fig-prev")"
fi
# A second load of the same rows: every batch takes the upsert path.
t0=$(now)
PGDATABASE=c1 cpe-commit -q --stats "$out/rerun.json" "$out/prep-$N.mp"
t1=$(now)
echo "cpe-commit re-run of the same rows (upsert path): $(rate $N $t0 $t1) rows/s"

# The original's method on a subset: psycopg2 execute_batch, page size 100.
if /usr/bin/python3 -c 'import psycopg2' 2>/dev/null; then
	fresh c3
	r=$(PGDATABASE=c3 /usr/bin/python3 - "$PSYCOPG_N" <<'PY'
import os, sys, time, psycopg2, psycopg2.extras
n = int(sys.argv[1])
src = psycopg2.connect(dbname="c1")
cur = src.cursor()
cols_e = ("cpe_id, mission_text, source_chunk, concept_text, probe_question, expected_answer, "
          "soft_negatives, hard_negatives, domain_code, task_code, modifier_code, content_type, "
          "dataset_source, chunk_position, relations_text, echo_score, validation_status, batch_id, "
          "tmd_bits, tmd_lane, lane_index, confidence_score, quality_metrics, doc_id, page_id, "
          "article_index, chunk_index, chunk_count")
cur.execute("SELECT %s FROM cpe_entry ORDER BY cpe_id LIMIT %d" % (cols_e, n))
ents = [tuple(psycopg2.extras.Json(x) if isinstance(x, (dict, list)) else x for x in r)
        for r in cur.fetchall()]
cur.execute("SELECT v.cpe_id, question_vec, concept_vec, tmd_dense FROM cpe_vectors_data v"
            " JOIN (SELECT cpe_id FROM cpe_entry ORDER BY cpe_id LIMIT %d) e USING (cpe_id)" % n)
vecs = cur.fetchall()
dst = psycopg2.connect("")
dst.autocommit = False
c = dst.cursor()
ph = ", ".join(["%s"] * len(cols_e.split(",")))
t0 = time.time()
psycopg2.extras.execute_batch(c, "INSERT INTO cpe_entry_data (%s) VALUES (%s) ON CONFLICT (cpe_id) DO NOTHING"
                              % (cols_e, ph), ents, page_size=100)
dst.commit()
psycopg2.extras.execute_batch(c, "INSERT INTO cpe_vectors_data (cpe_id, question_vec, concept_vec, tmd_dense)"
                              " VALUES (%s, %s, %s, %s) ON CONFLICT (cpe_id) DO UPDATE SET"
                              " question_vec = EXCLUDED.question_vec,"
                              " concept_vec = EXCLUDED.concept_vec, tmd_dense = EXCLUDED.tmd_dense",
                              vecs, page_size=100)
dst.commit()
print("%.0f" % (len(ents) / (time.time() - t0)))
PY
)
	echo "psycopg2 execute_batch (page size 100, $PSYCOPG_N rows): $r rows/s; cpe-commit is $(echo "$commit $r" | awk '{printf "%.1f", $1/$2}')x"
else
	echo "psycopg2 execute_batch: skipped (install python3-psycopg2)"
fi

# Memory is bounded by the batch: the same rows 4 times over (other pages).
fresh c4
PGDATABASE=c4 cpe-commit -q --stats "$out/m1.json" "$out/prep-$N.mp"
rec-dump "$out/prep-$N.mp" | head -n $((N / 4)) | rec-dump --pack > "$out/quarter.mp"
fresh c5
PGDATABASE=c5 cpe-commit -q --stats "$out/m2.json" "$out/quarter.mp"
echo "cpe-commit peak RSS: $(rss "$out/m2.json") KiB for $((N / 4)) rows, $(rss "$out/m1.json") KiB for $N rows (batch 100 articles)"

# The previous build's store and index, then this build: the store made
# by the previous cpe-commit (SEARCH_N rows) and indexed by the previous
# cpe-index (flat and hnsw), searched by the previous cpe-search (200
# stored rows as queries, --sample, and 20 texts); migrated in place by
# this build's cpe-commit; searched again by this build's cpe-search on
# the same index files, and on a flat index this build's cpe-index
# rebuilt.  The hits (ids, ranks, scores as printed, %.6g) must be the
# same, byte for byte.  BENCH_PREV must embed text as this build does
# (the text queries): name the commit this branch started from when
# main has a newer embedder.
SEARCH_N=${SEARCH_N:-20000}
if [ -n "$PREV" ] && [ -x "$PREV/cpe-index" ] && [ -x "$(command -v cpe-index)" ]; then
	fresh c6 "$PREV"
	rec-dump -n "$SEARCH_N" "$out/prep-$N.mp" | rec-dump --pack > "$out/search.mp"
	PGDATABASE=c6 "$PREV/cpe-commit" -q "$out/search.mp"
	seq 20 | sed 's/^/the history of topic /' > "$out/queries.txt"
	srch() {	# srch BIN INDEX OUT
		PGDATABASE=c6 "$1/cpe-search" -j -k 10 --sample 200 "$2" > "$3"
		PGDATABASE=c6 "$1/cpe-search" -j -k 10 --queries "$out/queries.txt" "$2" >> "$3"
	}
	rm -rf "$out/idx"; mkdir "$out/idx"
	for kind in flat hnsw; do
		PGDATABASE=c6 "$PREV/cpe-index" -q --kind $kind --embedder hash "$out/idx/$kind"
		srch "$PREV" "$out/idx/$kind" "$out/idx/$kind.prev"
	done
	t0=$(now); PGDATABASE=c6 cpe-commit -q < /dev/null; t1=$(now)
	echo "migration of the previous build's store ($SEARCH_N rows) to this build's schema: $(echo "$t0 $t1" | awk '{printf "%.2f", $2 - $1}') s"
	bin=$(dirname "$(command -v cpe-search)")
	same=ok
	for kind in flat hnsw; do
		srch "$bin" "$out/idx/$kind" "$out/idx/$kind.this"
		cmp -s "$out/idx/$kind.prev" "$out/idx/$kind.this" || same="$kind differs"
	done
	PGDATABASE=c6 cpe-index -q --kind flat --embedder hash "$out/idx/flat2"
	srch "$bin" "$out/idx/flat2" "$out/idx/flat2.this"
	cmp -s "$out/idx/flat.prev" "$out/idx/flat2.this" || same="$same; flat rebuilt differs"
	echo "cpe-search after the migration, $(wc -l < "$out/idx/flat.prev") hit lines a kind (flat, hnsw; previous index and flat rebuilt by this build): $same"
	[ "$same" = ok ] || exit 1
fi
