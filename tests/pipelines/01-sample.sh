# The sample dump into a fresh database: exit 0, every article whole, the
# rows the metrics say, and pipeline_metrics.json in the original's shape.
. "$TESTS/lib/lib.sh"
. "$TESTS/pipelines/lib.sh"
need_stages
need_pg
expect_exit 0 ingest -j 2 -s st "$SAMPLE"
expect_grep err '^ingest: 20 articles, [0-9]+ episodes, [0-9]+ chunks in '
expect_eq "$(sql 'SELECT count(*) FROM cpe_ledger')" 20 "articles committed"
expect_eq "$(whole)" 0 "articles not whole"
rows=$(sql 'SELECT count(*) FROM cpe_entry')
[ "$rows" -gt 100 ] || fail "only $rows rows"
expect_eq "$(sql 'SELECT count(*) FROM cpe_vectors')" "$rows" "vectors"
# Each row keeps where its TMD codes came from (tmd-extract's tmd_source).
expect_eq "$(sql "SELECT count(*) FROM cpe_entry WHERE tmd_source IN ('heuristic', 'none')")" "$rows" "rows with tmd_source"
# Redirect, template, category and talk pages stay out; the rest is in.
expect_eq "$(sql "SELECT count(*) FROM cpe_ledger WHERE title IN ('Lighthouses', 'Talk:Tea', 'Template:Infobox rock', 'Category:Maritime navigation')")" 0 "non-articles"
expect_eq "$(sql "SELECT count(*) FROM cpe_ledger WHERE title IN ('Lighthouse', 'Mercury', 'Harbour')")" 3 "articles"
for f in wiki-fetch chunk-episode chunk-semantic tmd-extract embed cpe-prep cpe-commit pipeline_metrics.json pipeline_metrics.svg; do
	ls st/$f* >/dev/null 2>&1 || fail "no stats file st/$f"
done
python3 - "$rows" <<'PY' || fail "pipeline_metrics.json"
import json, sys
m = json.load(open("st/pipeline_metrics.json"))
rows = int(sys.argv[1])
for k in ("episode_chunking", "semantic_chunking", "tmd_extraction", "embedding",
          "ingestion", "total_pipeline"):
    s = m["summary"][k]
    assert set(s) == {"avg_ms", "total_ms"}, (k, s)
    assert s["total_ms"] >= 0 and s["avg_ms"] >= 0, (k, s)
assert m["articles_processed"] == 20, m["articles_processed"]
assert m["total_chunks"] == rows, (m["total_chunks"], rows)
assert m["total_episodes"] >= 20, m["total_episodes"]
assert m["errors"] == 0, m["errors"]
assert m["throughput"]["articles_per_s"] > 0
progs = [s["program"] for s in m["stages"]]
assert progs == ["wiki-fetch", "chunk-episode", "chunk-semantic", "tmd-extract",
                 "embed", "cpe-prep", "cpe-commit"], progs
by = {s["program"]: s for s in m["stages"]}
assert by["wiki-fetch"]["records_in"] == 24 and by["wiki-fetch"]["records_out"] == 20
assert by["chunk-semantic"]["records_out"] == rows
assert by["cpe-prep"]["records_in"] == rows and by["cpe-commit"]["records_out"] == rows
for s in m["stages"]:
    assert s["peak_rss_kb"] and s["peak_rss_kb"] > 0, s
assert m["bounding_stage"] in progs
assert m["retries"] == 0
PY
# A second run changes nothing (idempotent), and the output is quiet with -q.
ref=$(cksum)
expect_exit 0 ingest -q "$SAMPLE"
[ -s err ] && { cat err >&2; fail "-q printed something"; }
expect_eq "$(cksum)" "$ref" "checksum after a re-run"
exit 0
