#!/bin/sh
# SPDX-License-Identifier: ISC
# bench/e2e.sh: the whole pipeline end to end (pipelines/ingest), dump to
# PostgreSQL, beside its own serial write.
#
#   sh bench/e2e.sh                 (or: make bench BENCH=e2e)
#
# Two corpora: "pages", the real pages of ../shared/wikidata copied over
# and over with fresh page ids (~120 chunks an article), and "short", the
# project's own sample dump (tests/data/sample) copied the same way
# (~14 chunks an article, the original system's shape).  Built-in
# embedder, heuristic TMD, a private PostgreSQL cluster (unix socket,
# fsync off, in bench/out/).
#
# For each corpus, in the same run, each on a fresh database after a
# checkpoint:
#   - pipelines/ingest with every fan-out of E2E_FANOUTS (none = one plain
#     pipe, no GNU parallel), -j$E2E_JOBS; a variant shardsN is not a
#     fan-out but --shards N, N whole pipelines over parts of the dump
#     (then every variant reads the corpus as a multistream bzip2 file,
#     100 pages a stream, made with tests/data/wiki-fetch/multistream.py, so that
#     each shard reads its own streams);
#   - cpe-commit alone on the same rows (made beforehand, read from a
#     file): the pipeline's floor, its own serial write;
#   - the previous build's cpe-commit alone on the same rows (BENCH_PREV,
#     default main, built by prev_build in bench/lib.sh; E2E_PREV=0 leaves
#     it out);
#   - psql \copy (FORMAT binary) of the same rows into the same tables.
# For both cpe-commit loads: bytes stored a row in each table (indexes
# and TOAST included) and WAL a row (bench/lib.sh store_figures).
# E2E_ROUNDS rounds, interleaved; the best wall time of each is kept.
# Printed: per stage, CPU microseconds per row (each stage's own CPU,
# framing included; "parallel" is GNU parallel's own CPU with its jobs
# taken out; "postgres" the server's), rows/s of every variant, and the
# ratios to cpe-commit alone and to --fanout none.  The best round's
# pipeline_metrics.json and an SVG chart (pipelines/metrics --svg) of
# each variant are kept in bench/out/e2e-CORPUS-FANOUT.{json,svg}.
#
# Environment: E2E_ARTICLES (1500 pages), E2E_SHORT (6000 short
# articles), E2E_JOBS (2), E2E_ROUNDS (2), E2E_FANOUTS ("none cpe-prep
# embed-cpe-prep tmd-extract-cpe-prep chunk-episode-cpe-prep"; add
# shards2 for --shards 2),
# E2E_CORPORA ("pages short").
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
: "${WIKIPIPE_BIN:=$root/build/bin}"
: "${WIKIDATA:=$(dirname "$root")/shared/wikidata}"
N=${E2E_ARTICLES:-1500}
NS=${E2E_SHORT:-6000}
J=${E2E_JOBS:-2}
ROUNDS=${E2E_ROUNDS:-2}
FANOUTS=${E2E_FANOUTS:-none cpe-prep embed-cpe-prep tmd-extract-cpe-prep chunk-episode-cpe-prep}
CORPORA=${E2E_CORPORA:-pages short}
out=$here/out
mkdir -p "$out"

for p in wiki-fetch chunk-episode chunk-semantic tmd-extract embed cpe-prep cpe-commit; do
	[ -x "$WIKIPIPE_BIN/$p" ] || { echo "e2e: $p not built, skipped"; exit 0; }
done

. "$here/lib.sh"
private_cluster
B=$pgd/bin
psql -X -q -c "ALTER SYSTEM SET max_wal_size = '4GB'" -c 'SELECT pg_reload_conf()' >/dev/null

# pg_cpu: CPU seconds of the cluster so far (postmaster, reaped
# backends, and the live processes under it).
pg_cpu() {
	_pm=$(head -n 1 "$pgd/c/data/postmaster.pid")
	_tck=$(getconf CLK_TCK)
	{ awk '{ print $14 + $15 + $16 + $17 }' "/proc/$_pm/stat"
	  for _c in $(ps -o pid= --ppid "$_pm"); do
		awk '{ print $14 + $15 }' "/proc/$_c/stat" 2>/dev/null || :
	  done; } | awk -v t="$_tck" '{ s += $1 } END { printf "%.2f", s / t }'
}
# pg_settle: wait (at most 5 s) until no client's backend is left on
# database e2e, so that pg_cpu counts its CPU (a backend ends after its
# client does, and the postmaster reaps it after that).
pg_settle() {
	_i=0
	while [ "$(psql -X -At -d postgres -c "SELECT count(*) FROM pg_stat_activity
	    WHERE datname = 'e2e' AND backend_type = 'client backend'")" != 0 ] &&
	    [ $_i -lt 50 ]; do
		_i=$((_i + 1)); sleep 0.1
	done
	sleep 0.1
}
now() { date +%s.%N; }
fresh() {	# fresh DB [BIN]: the schema, an empty run, a checkpoint
	dropdb --if-exists "$1" 2>/dev/null || :
	createdb "$1"
	PGDATABASE=$1 "${2:-$B}/cpe-commit" -q < /dev/null
	psql -X -q -d "$1" -c CHECKPOINT
}
keep_best() {	# keep_best NAME WALL DIR: remember the fastest round's figures
	_prev=$(cat "$pgd/best-$1" 2>/dev/null || echo 1e9)
	if awk "BEGIN { exit !($2 < $_prev) }"; then
		echo "$2" > "$pgd/best-$1"
		rm -rf "$pgd/keep-$1"
		cp -r "$3" "$pgd/keep-$1"
	fi
}

# run CORPUS FANOUT DUMP: one ingest on a fresh database.
run() {
	fresh e2e
	_st=$pgd/st-$1-$2
	rm -rf "$_st"
	_c0=$(pg_cpu) _t0=$(now)
	# --reject: the real pages have a few chunks embed refuses; their
	# articles are left out and counted (status 1).
	_rc=0
	case $2 in
	shards*) _how="--shards ${2#shards}" ;;
	*) _how="--fanout $2" ;;
	esac
	PGDATABASE=e2e bash "$root/pipelines/ingest" --bin "$B" -q -j "$J" \
	    $_how -s "$_st" --reject "$_st/rej" "$3" || _rc=$?
	[ $_rc -le 1 ] || { echo "e2e: ingest $_how failed ($_rc)"; exit 1; }
	_t1=$(now)
	pg_settle
	_c1=$(pg_cpu)
	_w=$(awk "BEGIN { print $_t1 - $_t0 }")
	awk "BEGIN { printf \"{\\\"cpu_s\\\": %.2f}\\n\", $_c1 - $_c0 }" > "$_st/postgres.json"
	python3 "$root/pipelines/metrics" -o "$_st/pipeline_metrics.json" --wall "$_w" "$_st"
	psql -X -At -d e2e -c 'SELECT count(*) FROM cpe_entry' > "$_st/rows"
	keep_best "$1-$2" "$_w" "$_st"
}

# serial CORPUS ROWS: cpe-commit alone, the previous build's cpe-commit
# alone, and psql \copy, on the same rows; the first two with their
# bytes stored and WAL a row (store_figures, bench/lib.sh).
serial() {
	if [ -n "$PREV" ]; then
		fresh e2e "$PREV"
		_l0=$(wal_lsn) _t0=$(now)
		PGDATABASE=e2e "$PREV/cpe-commit" -q "$2"
		_t1=$(now) _l1=$(wal_lsn)
		store_figures e2e "$nrows" "$_l0" "$_l1" > "$pgd/fig-$1-prev"
		_w=$(awk "BEGIN { print $_t1 - $_t0 }")
		_prev=$(cat "$pgd/best-$1-prev" 2>/dev/null || echo 1e9)
		awk "BEGIN { exit !($_w < $_prev) }" && echo "$_w" > "$pgd/best-$1-prev"
	fi
	fresh e2e
	_l0=$(wal_lsn) _c0=$(pg_cpu) _t0=$(now)
	PGDATABASE=e2e "$B/cpe-commit" -q --stats "$pgd/commit.json" "$2"
	_t1=$(now)
	pg_settle
	_c1=$(pg_cpu) _l1=$(wal_lsn)
	store_figures e2e "$nrows" "$_l0" "$_l1" > "$pgd/fig-$1-commit"
	_w=$(awk "BEGIN { print $_t1 - $_t0 }")
	mkdir -p "$pgd/commit-$1"
	cp "$pgd/commit.json" "$pgd/commit-$1/cpe-commit.json"
	awk "BEGIN { printf \"{\\\"cpu_s\\\": %.2f}\\n\", $_c1 - $_c0 }" > "$pgd/commit-$1/postgres.json"
	keep_best "$1-commit" "$_w" "$pgd/commit-$1"
	psql -X -q -d e2e -c "\\copy cpe_entry_data TO '$pgd/entry.bin' (FORMAT binary)" \
	    -c "\\copy cpe_vectors_data TO '$pgd/vectors.bin' (FORMAT binary)"
	fresh e2e
	psql -X -q -d e2e -c "INSERT INTO cpe_run (run_id, program, version, schema_version, cmdline)
	    SELECT 2, 'bench', '', 1, '' WHERE NOT EXISTS (SELECT 1 FROM cpe_run WHERE run_id = 2)"
	_t0=$(now)
	psql -X -q -d e2e -c "\\copy cpe_entry_data FROM '$pgd/entry.bin' (FORMAT binary)" \
	    -c "\\copy cpe_vectors_data FROM '$pgd/vectors.bin' (FORMAT binary)"
	_t1=$(now)
	_w=$(awk "BEGIN { print $_t1 - $_t0 }")
	_prev=$(cat "$pgd/best-$1-copy" 2>/dev/null || echo 1e9)
	awk "BEGIN { exit !($_w < $_prev) }" && echo "$_w" > "$pgd/best-$1-copy"
	rm -f "$pgd/entry.bin" "$pgd/vectors.bin"
}

PREV=
if [ "${E2E_PREV:-1}" = 1 ] && PREV=$(prev_build); then
	mkdir -p "$pgd/prev" && cp "$PREV"/* "$pgd/prev/" && PREV=$pgd/prev
else
	PREV=
fi
echo "e2e: $(nproc) CPUs, -j$J, $ROUNDS rounds (best of each kept), load average $(cut -d' ' -f1-3 /proc/loadavg)"
[ -z "$PREV" ] || echo "previous build: ${BENCH_PREV:-main} at $(git -C "$root" rev-parse --short "${BENCH_PREV:-main}")"
for c in $CORPORA; do
	case $c in
	pages)
		[ -d "$WIKIDATA" ] || { echo "e2e: $WIKIDATA not found, corpus pages skipped"; continue; }
		dump=$(pages_corpus "$N") ;;
	short)
		dump=$(corpus short "$NS" "$root/tests/data/sample/samplewiki-20260301-pages-articles.xml") ;;
	*) echo "e2e: no corpus '$c' (pages, short)"; exit 2 ;;
	esac
	case " $FANOUTS" in
	*" shards"*)
		python3 "$root/tests/data/wiki-fetch/multistream.py" pages 100 "$dump" "$out/e2e-$c-multistream.xml.bz2" \
		    "$out/e2e-$c-multistream-index.txt.bz2"
		dump=$out/e2e-$c-multistream.xml.bz2 ;;
	esac
	# The rows, made once, untimed: what every variant commits.
	rows=$out/e2e-$c-rows.mp
	# (wiki-fetch as pipelines/ingest runs it, --omit categories,infobox).
	"$B/wiki-fetch" -q --omit categories,infobox "$dump" | "$B/chunk-episode" | "$B/chunk-semantic" |
	    "$B/tmd-extract" -q | "$B/embed" -q --reject "$pgd/rej" | "$B/cpe-prep" -q > "$rows"
	nrows=$(rec-dump -c "$rows" 2>/dev/null || "$B/rec-dump" -c "$rows")
	echo "corpus $c: $(du -m "$dump" | cut -f1) MB XML, $nrows rows ($(du -m "$rows" | cut -f1) MB of cpe records)"
	for r in $(seq "$ROUNDS"); do
		serial "$c" "$rows"
		for f in $FANOUTS; do
			run "$c" "$f" "$dump"
		done
	done
	rm -f "$rows"
	for f in $FANOUTS; do
		cp "$pgd/keep-$c-$f/pipeline_metrics.json" "$out/e2e-$c-$f.json"
		python3 "$root/pipelines/metrics" --svg "$out/e2e-$c-$f.svg" --wall \
		    "$(cat "$pgd/best-$c-$f")" "$pgd/keep-$c-$f"
	done
	python3 - "$pgd" "$c" "$nrows" $FANOUTS <<'EOF'
import json, os, sys
pgd, corpus, nrows, fanouts = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4:]
best = lambda k: float(open(os.path.join(pgd, "best-%s-%s" % (corpus, k))).read())
commit_wall, copy_wall = best("commit"), best("copy")
cm = json.load(open(os.path.join(pgd, "keep-%s-commit" % corpus, "cpe-commit.json")))
cm_pg = json.load(open(os.path.join(pgd, "keep-%s-commit" % corpus, "postgres.json")))["cpu_s"]
m = {f: json.load(open(os.path.join(pgd, "keep-%s-%s" % (corpus, f), "pipeline_metrics.json")))
     for f in fanouts}
order = ["wiki-fetch", "chunk-episode", "chunk-semantic", "tmd-extract", "embed",
         "cpe-prep", "parallel", "cpe-commit", "postgres"]
short = {"none": "none", "cpe-prep": "prep", "embed-cpe-prep": "emb-prep",
         "tmd-extract-cpe-prep": "tmd-prep", "chunk-episode-cpe-prep": "epi-prep"}
cols = [short.get(f, f) for f in fanouts]
print("CPU us per row (framing inside each stage's figure; x2 = 2 jobs):")
print("  %-15s" % "stage" + "".join("%10s" % c for c in cols) + "%10s" % "commit")
for p in order:
    cells = []
    for f in fanouts:
        by = {s["program"]: s for s in m[f]["stages"]}
        s = by.get(p)
        cells.append("%10s" % ("-" if s is None else "%.1f" % (s["cpu_s"] * 1e6 / m[f]["total_chunks"])))
    alone = {"cpe-commit": (cm.get("cpu_user_s", 0) + cm.get("cpu_sys_s", 0)), "postgres": cm_pg}.get(p)
    cells.append("%10s" % ("-" if alone is None else "%.1f" % (alone * 1e6 / nrows)))
    print("  %-15s" % p + "".join(cells))
print("  %-15s" % "total" + "".join("%10.1f" % (m[f]["cpu_s"] * 1e6 / m[f]["total_chunks"]) for f in fanouts)
      + "%10.1f" % ((cm.get("cpu_user_s", 0) + cm.get("cpu_sys_s", 0) + cm_pg) * 1e6 / nrows))
print("rows/s (best wall of the rounds):")
none = m["none"]["total_chunks"] / best("none") if "none" in m else None
for f in fanouts:
    rows = m[f]["total_chunks"]
    assert rows == nrows, (f, rows, nrows)
    r = rows / best(f)
    print("  ingest %-33s %8.0f rows/s  %.2fx cpe-commit alone%s; bounded by %s" % (
        ("--shards " + f[6:]) if f.startswith("shards") else "--fanout " + f, r, r / (nrows / commit_wall),
        "" if none is None else ", %.2fx --fanout none" % (r / none), m[f]["bounding_stage"]))
print("  cpe-commit alone (same rows)            %8.0f rows/s" % (nrows / commit_wall))
print("  psql \\copy (FORMAT binary), same rows   %8.0f rows/s  (cpe-commit alone %.2fx of it)" % (
    nrows / copy_wall, copy_wall / commit_wall))
EOF
	echo "  cpe-commit alone: $(cat "$pgd/fig-$c-commit")"
	if [ -n "$PREV" ]; then
		awk -v n="$nrows" -v a="$(cat "$pgd/best-$c-commit")" -v p="$(cat "$pgd/best-$c-prev")" \
		    'BEGIN { printf "  previous build'"'"'s cpe-commit alone %8.0f rows/s  (this build %.2fx of it)\n", n / p, p / a }'
		echo "  previous build's cpe-commit: $(cat "$pgd/fig-$c-prev")"
	fi
done
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
