#!/bin/sh
# SPDX-License-Identifier: ISC
# bench/e2e.sh: the whole pipeline end to end (pipelines/ingest), dump to
# PostgreSQL, on a corpus of the real pages of ../shared/wikidata copied
# over and over with fresh page ids (tests/pipelines/replicate.py).
#
#   sh bench/e2e.sh                 (or: make bench BENCH=e2e)
#
# Built-in embedder, heuristic TMD, a private PostgreSQL cluster (unix
# socket, fsync off, in bench/out/), GNU parallel -j$E2E_JOBS for cpe-prep.
# Runs a small corpus and the full one, and prints per stage: records in
# and out, CPU seconds, peak memory in both runs (a stage whose memory
# grows with the corpus shows it here), which stage bounds the pipeline,
# the PostgreSQL server's CPU, and articles/s.  The reference measured in
# the same run is wiki-fetch alone over the same corpus to /dev/null.
#
# Environment: E2E_ARTICLES (20000), E2E_SMALL (E2E_ARTICLES/10),
# E2E_JOBS (2), E2E_KEEP=1 keeps the cluster's data (in bench/out/).
# Bounded: one pass per size; the corpus files are cached in bench/out/.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
: "${WIKIPIPE_BIN:=$root/build/bin}"
: "${WIKIDATA:=$(dirname "$root")/shared/wikidata}"
N=${E2E_ARTICLES:-20000}
S=${E2E_SMALL:-$((N / 10))}
J=${E2E_JOBS:-2}
out=$here/out
mkdir -p "$out"

for p in wiki-fetch chunk-episode chunk-semantic tmd-extract embed cpe-prep cpe-commit; do
	[ -x "$WIKIPIPE_BIN/$p" ] || { echo "e2e: $p not built, skipped"; exit 0; }
done
[ -d "$WIKIDATA" ] || { echo "e2e: $WIKIDATA not found, skipped"; exit 0; }

# The real dumps: every page of namespace 0 that is not a redirect.
set -- "$WIKIDATA"/gensim/*.bz2 "$WIKIDATA"/wikidump-rs/*.bz2 \
    "$WIKIDATA"/wikidump-rs/enwiki-articles-partial.xml \
    "$WIKIDATA"/wikiextractor-pr322/test.xml
corpus() {	# corpus N DUMP...: bench/out/e2e-N.xml, made once
	_n=$1; shift
	_f=$out/e2e-$_n.xml
	if [ ! -s "$_f" ]; then
		python3 "$root/tests/pipelines/replicate.py" --articles "$_n" \
		    --source e2ewiki "$@" > "$_f.tmp" && mv "$_f.tmp" "$_f"
	fi
	echo "$_f"
}
small=$(corpus "$S" "$@")
big=$(corpus "$N" "$@")

. "$root/tests/lib/pg.sh"
pgd=$(mktemp -d "$out/pg.XXXXXX")
chmod 755 "$pgd"
# A private copy of the programs: a rebuild in build/ during the run
# must not swap a binary under GNU parallel's feet.
mkdir "$pgd/bin"
cp "$WIKIPIPE_BIN"/* "$pgd/bin/"
WIKIPIPE_BIN=$pgd/bin
trap '[ "${E2E_KEEP:-0}" = 1 ] || { pg_stop "$pgd/c"; rm -rf "$pgd"; }' EXIT
pg_start "$pgd/c" >/dev/null
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

# run NAME FILE: a fresh database, one ingest, metrics kept in st-NAME.
run() {
	createdb "e2e_$1"
	_c0=$(pg_cpu)
	_t0=$(date +%s.%N)
	# --reject: the real pages have a few chunks embed refuses ("."
	# alone); their articles are left out and counted (status 1).
	_rc=0
	PGDATABASE=e2e_$1 bash "$root/pipelines/ingest" --bin "$WIKIPIPE_BIN" -q \
	    -j "$J" -s "$pgd/st-$1" --reject "$pgd/st-$1/rej" "$2" || _rc=$?
	[ $_rc -le 1 ] || { echo "e2e: ingest failed ($_rc)"; exit 1; }
	_t1=$(date +%s.%N)
	_c1=$(pg_cpu)
	python3 "$root/pipelines/metrics" -o "$pgd/st-$1/pipeline_metrics.json" \
	    --wall "$(awk "BEGIN { print $_t1 - $_t0 }")" "$pgd/st-$1"
	awk "BEGIN { printf \"%.2f\n\", $_c1 - $_c0 }" > "$pgd/st-$1/pg_cpu"
	dropdb "e2e_$1" 2>/dev/null || :
}

echo "e2e: corpus $N articles ($(du -m "$big" | cut -f1) MB XML), small $S; -j$J; $(nproc) CPUs"
t0=$(date +%s.%N)
"$WIKIPIPE_BIN/wiki-fetch" -q "$big" > /dev/null
t1=$(date +%s.%N)
awk "BEGIN { printf \"reference: wiki-fetch alone %.2f s, %.0f articles/s\n\", $t1 - $t0, $N / ($t1 - $t0) }"

run small "$small"
run big "$big"

python3 - "$pgd/st-small" "$pgd/st-big" <<'EOF'
import json, sys
sm, bg = [json.load(open(d + "/pipeline_metrics.json")) for d in sys.argv[1:3]]
pgs, pgb = [float(open(d + "/pg_cpu").read()) for d in sys.argv[1:3]]
bys = {s["program"]: s for s in sm["stages"]}
print("%-15s %9s %9s %9s %10s %10s %9s" % ("stage", "in", "out", "cpu s", "art/cpu-s",
      "MB small", "MB big"))
for s in bg["stages"]:
    p = s["program"]
    a = bg["articles_processed"]
    print("%-15s %9s %9s %9.2f %10.0f %10.1f %9.1f" % (
        p, s.get("records_in") if s.get("records_in") is not None else "-",
        s.get("records_out") if s.get("records_out") is not None else "-",
        s["cpu_s"], a / s["cpu_s"] if s["cpu_s"] else 0,
        (bys.get(p, {}).get("peak_rss_kb") or 0) / 1024.0, (s.get("peak_rss_kb") or 0) / 1024.0))
print("%-15s %9s %9s %9.2f %10.0f" % ("postgres", "", "", pgb,
      bg["articles_processed"] / pgb if pgb else 0))
for name, m, pg in (("small", sm, pgs), ("big", bg, pgb)):
    t = m["throughput"]
    print("%s: %d articles (%d not committed: records set aside), %d chunks in %.1f s wall: %.1f articles/s, %.0f chunks/s; "
          "CPU %.1f s in the stages + %.1f s postgres; bounded by %s" % (
              name, m["articles_processed"], m["errors"], m["total_chunks"], m["wall_s"],
              t["articles_per_s"], t["chunks_per_s"], m["cpu_s"], pg, m["bounding_stage"]))
grow = [s["program"] for s in bg["stages"]
        if (s.get("peak_rss_kb") or 0) > 1.5 * (bys.get(s["program"], {}).get("peak_rss_kb") or 1) + 8192]
print("memory growth with the corpus: %s" % (", ".join(grow) if grow else "none (every stage within 1.5x + 8 MB)"))
print("target: 300 articles/s; %s" % ("met" if bg["throughput"]["articles_per_s"] >= 300 else "NOT met"))
EOF
