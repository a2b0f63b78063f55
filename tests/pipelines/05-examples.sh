# The example pipelines: the dump to JSON lines of chunks (no database),
# and re-embedding an existing stream (to a file, and into the store);
# ingest --dry-run shows the pipeline without the conninfo.
. "$TESTS/lib/lib.sh"
. "$TESTS/pipelines/lib.sh"
need_stages
P=$ROOT/pipelines

expect_exit 0 bash "$P/chunks-jsonl" --bin "$WIKIPIPE_BIN" -t heuristic "$SAMPLE"
python3 - <<'PY' || fail "chunks-jsonl output"
import json
rows = [json.loads(l) for l in open("out")]
docs = {r["doc_id"] for r in rows}
assert len(docs) == 20, len(docs)
for r in rows:
    for k in ("doc_id", "title", "text", "chunk_index", "chunk_count", "domain_code"):
        assert k in r, (k, r)
    assert "concept_vec" not in r
by = {}
for r in rows:
    by.setdefault(r["doc_id"], []).append(r["chunk_index"])
for d, ix in by.items():
    assert ix == list(range(len(ix))), (d, ix)
PY
n=$(wc -l < out)
expect_exit 0 bash "$P/chunks-jsonl" --bin "$WIKIPIPE_BIN" -l 2 -o two.jsonl "$SAMPLE"
expect_eq "$(python3 -c 'import json; print(len({json.loads(l)["doc_id"] for l in open("two.jsonl")}))')" 2 "-l 2"
expect_exit 3 bash "$P/chunks-jsonl" --bin "$WIKIPIPE_BIN" no-such.xml
expect_exit 2 bash "$P/chunks-jsonl" --bogus "$SAMPLE"

# A stream of embedded chunks, as an earlier run would keep with tee.
wiki-fetch -q "$SAMPLE" | chunk-episode -q | chunk-semantic -q | tmd-extract -q | embed -q > chunks.mp
expect_eq "$(rec-dump -c chunks.mp)" "$n" "chunks in the stream"
expect_exit 0 bash "$P/reembed" --bin "$WIKIPIPE_BIN" -e hash:dim=256 -o re.mp chunks.mp
expect_eq "$(rec-dump -c re.mp)" "$n" "records re-embedded"
rec-dump -n 1 re.mp > one.jsonl
expect_grep one.jsonl '"embed_model":"hash-v2-d256'
rec-dump chunks.mp > chunks.jsonl
expect_exit 0 bash "$P/reembed" --bin "$WIKIPIPE_BIN" -e hash:dim=256 -o re2.mp chunks.jsonl
expect_same re.mp re2.mp
expect_exit 2 bash "$P/reembed" --bin "$WIKIPIPE_BIN" chunks.mp

need_pg
expect_exit 0 ingest -q "$SAMPLE"
expect_exit 0 bash "$P/reembed" --bin "$WIKIPIPE_BIN" -e hash:dim=256 --dim 256 --load chunks.mp
ref=$(cksum)
# The same through GNU parallel (-j 2): the same store.
expect_exit 0 bash "$P/reembed" --bin "$WIKIPIPE_BIN" -e hash:dim=256 --dim 256 -j 2 --load chunks.mp
expect_eq "$(cksum)" "$ref" "store after reembed -j 2"
expect_eq "$(sql "SELECT length(concept_vec) || ' ' || count(*) FROM cpe_vectors GROUP BY length(concept_vec)")" "1024 $n" "re-embedded store"
expect_eq "$(whole)" 0 "articles not whole"

# --dry-run: the pipeline, conninfo masked.
expect_exit 0 ingest -n -d 'host=db password=secret' -j 3 -r "$SAMPLE"
expect_no_grep out 'parallel'
expect_no_grep out ' -z | --nul'
expect_grep out 'cpe-commit --stats .* --db-file /dev/fd/[0-9]+'
expect_grep out '--exclude COMMITTED-IDS'
# With a fan-out: -z on the two sides parallel splits, plain elsewhere.
expect_exit 0 ingest -n -d 'host=db password=secret' -j 3 -F tmd-extract-embed "$SAMPLE"
expect_grep out 'chunk-semantic --nul-out --stats'
expect_grep out 'parallel --will-cite --pipe --recend'
expect_grep out '--halt now,fail=1 -j 3'
expect_grep out 'tmd-extract --nul-in --stats [^ ]*/tmd-extract\.\{#\}\.json'
expect_grep out '\| \{ [^ ]*/embed --stats [^ ]*/embed\.\{#\}\.json'
expect_grep out '^  \| [^ ]*/cpe-prep --stats'
expect_grep out 'cpe-commit --stats .* --db-file /dev/fd/[0-9]+'
expect_no_grep out secret
exit 0
