# --fanout: whichever run of stages goes inside GNU parallel (or none),
# the store is the same, by ordered checksum; the metrics show the jobs
# and the fan-out's own cost; a range that cannot be cut into blocks is
# refused.  Small blocks (many jobs) on a replicated sample.
. "$TESTS/lib/lib.sh"
. "$TESTS/pipelines/lib.sh"
need_stages
need_pg
replicate 120 rep.xml
base=$PGDATABASE
expect_exit 0 ingest -q --fanout none -s st-none rep.xml
ref=$(cksum)
n=$(sql 'SELECT count(*) FROM cpe_ledger')
[ "$n" -ge 100 ] || fail "only $n articles"
python3 - st-none/pipeline_metrics.json <<'PY' || fail "metrics of --fanout none"
import json, sys
m = json.load(open(sys.argv[1]))
progs = [s["program"] for s in m["stages"]]
assert progs == ["wiki-fetch", "chunk-episode", "chunk-semantic", "tmd-extract",
                 "embed", "cpe-prep", "cpe-commit"], progs
PY
for f in cpe-prep embed-cpe-prep tmd-extract-embed chunk-episode-cpe-prep chunk-episode; do
	PGDATABASE=${base}_$(echo "$f" | tr - _); export PGDATABASE; createdb "$PGDATABASE"
	expect_exit 0 ingest -q --fanout "$f" -j 3 --block 200k -s "st-$f" rep.xml
	expect_eq "$(cksum)" "$ref" "checksum with --fanout $f"
	python3 - "st-$f/pipeline_metrics.json" "$f" <<'PY' || fail "metrics of --fanout $f"
import json, sys
m = json.load(open(sys.argv[1]))
order = ["chunk-episode", "chunk-semantic", "tmd-extract", "embed", "cpe-prep"]

rng = sys.argv[2]
inside = [s for s in order if s in rng and (rng.startswith(s) or rng.endswith(s))]
lo, hi = order.index(inside[0]), order.index(inside[-1])
by = {s["program"]: s for s in m["stages"]}
assert "parallel" in by, list(by)
assert by["parallel"]["cpu_s"] >= 0
for s in order[lo:hi + 1]:
    assert by[s].get("jobs", 1) > 1, (s, by[s])
for s in order[:lo] + order[hi + 1:]:
    assert by[s].get("jobs", 1) == 1, (s, by[s])
assert by["cpe-commit"]["records_out"] == by["chunk-semantic"]["records_out"]
for s in m["stages"]:
    assert "cpu_us_per_row" in s and "busy_share" in s, s
PY
done
# A picture of where the time goes.
python3 "$ROOT/pipelines/metrics" --svg st.svg st-embed-cpe-prep
expect_grep st.svg '^<svg '
expect_grep st.svg '>parallel<'
expect_grep st.svg 'us/row'
# Ranges that cannot be fanned out, or are not ranges.
expect_exit 2 ingest --fanout chunk-semantic-cpe-prep rep.xml
expect_grep err 'chunk-semantic cannot start a fan-out'
expect_exit 2 ingest --fanout cpe-prep-embed rep.xml
expect_grep err "^ingest: --fanout: .*not 'cpe-prep-embed'"
expect_exit 2 ingest --fanout cpe-commit rep.xml
expect_exit 2 ingest --fanout wiki-fetch-embed rep.xml
expect_exit 2 ingest --fanout rep.xml
exit 0
