#!/bin/sh
# SPDX-License-Identifier: ISC
# bench/sync.sh: pipelines/ingest --sync of a dump in which a few pages
# changed, beside a full load of the same dump, in the same run.
#
#   sh bench/sync.sh
#
# The corpus is e2e's "pages" (the real pages of ../shared/wikidata copied
# with fresh page ids, bench/out/e2e-pages-N.xml); the newer dump is the
# same with SYNC_CHANGED percent of its articles edited (a paragraph added,
# rev_id + 1).  Built-in embedder, heuristic TMD, --fanout none, a private
# PostgreSQL cluster (fsync off).  Each round, on fresh databases:
#   full:  ingest NEWER                      (the reference)
#   sync:  ingest OLDER (not timed), then ingest --sync NEWER
# Printed: the best wall time of each over SYNC_ROUNDS rounds, the ratio
# sync/full, and the records each stage saw in the sync (its stats).
#
# Environment: SYNC_ARTICLES (1500), SYNC_CHANGED (2.5), SYNC_ROUNDS (2).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
: "${WIKIPIPE_BIN:=$root/build/bin}"
: "${WIKIDATA:=$(dirname "$root")/shared/wikidata}"
N=${SYNC_ARTICLES:-1500}
PCT=${SYNC_CHANGED:-2.5}
ROUNDS=${SYNC_ROUNDS:-2}
out=$here/out
mkdir -p "$out"
[ -d "$WIKIDATA" ] || { echo "sync: $WIKIDATA not found, skipped"; exit 0; }
. "$here/lib.sh"
old=$(pages_corpus "$N")
new=$out/sync-pages-$N-$PCT.xml
python3 - "$old" "$PCT" > "$new" <<'PY'
import re, sys
x = open(sys.argv[1], encoding="utf-8").read()
pct = float(sys.argv[2])
pages = re.findall(r"<page>.*?</page>", x, re.S)
arts = [p for p in pages if "<ns>0</ns>" in p and "<redirect" not in p]
step = max(1, round(100 / pct))
for p in arts[::step]:
    q = re.sub(r"(<revision>\s*<id>)(\d+)", lambda m: m.group(1) + str(int(m.group(2)) + 1), p, 1)
    q = re.sub(r"</text>", "\n\nA paragraph the sync benchmark adds to this page.</text>", q, 1)
    x = x.replace(p, q, 1)
sys.stdout.write(x)
PY

private_cluster
now() { date +%s.%N; }
fresh() { dropdb --if-exists "$1" 2>/dev/null || :; createdb "$1"; }
ingest() {	# ingest DB ARGS...: rc 1 is records set aside (--reject)
	_db=$1; shift
	_rc=0
	PGDATABASE=$_db bash "$root/pipelines/ingest" --bin "$pgd/bin" -q \
	    -A wiki-fetch=--source=e2epages --reject "$pgd/rej" "$@" || _rc=$?
	[ $_rc -le 1 ] || { echo "sync: ingest $* failed ($_rc)"; exit 1; }
}
best_full=1e9 best_sync=1e9
echo "sync: $N articles, ${PCT}% edited; load average $(cut -d' ' -f1-3 /proc/loadavg)"
for r in $(seq "$ROUNDS"); do
	fresh full
	psql -X -q -d full -c CHECKPOINT
	t0=$(now); ingest full "$new"; t1=$(now)
	best_full=$(awk "BEGIN { d = $t1 - $t0; print (d < $best_full) ? d : $best_full }")
	fresh sync
	ingest sync "$old"
	psql -X -q -d sync -c CHECKPOINT
	rm -rf "$pgd/st"
	t0=$(now); ingest sync --sync -s "$pgd/st" "$new"; t1=$(now)
	best_sync=$(awk "BEGIN { d = $t1 - $t0; print (d < $best_sync) ? d : $best_sync }")
done
rows=$(psql -X -At -d full -c 'SELECT count(*) FROM cpe_entry')
awk -v f="$best_full" -v s="$best_sync" -v r="$rows" 'BEGIN {
	printf "full load of the newer dump   %7.2f s  (%d rows)\n", f, r
	printf "--sync from the older store   %7.2f s  %.3fx the full load\n", s, s / f }'
python3 - "$pgd/st" <<'PY'
import json, os, sys
d = sys.argv[1]
w = json.load(open(os.path.join(d, "wiki-fetch.json")))
print("sync: wiki-fetch read %d pages: %d unchanged, %d changed, %d new (emitted %d)" % (
    w["pages_read"], w.get("sync_unchanged", 0), w.get("sync_changed", 0),
    w.get("sync_new", 0), w["emitted"]))
for s in ("chunk-episode", "chunk-semantic", "tmd-extract", "embed", "cpe-prep", "cpe-commit"):
    p = os.path.join(d, s + ".json")
    if os.path.exists(p):
        j = json.load(open(p))
        print("  %-15s records %s" % (s, j.get("records_in", j.get("records", "?"))))
PY
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
