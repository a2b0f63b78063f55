# The happy path: every row, vector and ledger entry lands; the stored
# text is byte-exact (quotes, backslashes, tabs, newlines, non-ASCII);
# cpe_vec_to_real() decodes vectors exactly; the run is recorded.
. "$TESTS/lib/lib.sh"
. "$TESTS/cpe-commit/lib.sh"
need_pg
need_cmd python3
pack "$DATA/cpe/chunks.jsonl" | cpe-prep --dim 8 > in.mp
expect_exit 0 cpe-commit --stats st.json in.mp
expect_eq "$(sql 'SELECT count(*) FROM cpe_entry')" 9 entries
expect_eq "$(sql 'SELECT count(*) FROM cpe_vectors')" 9 vectors
expect_eq "$(sql 'SELECT count(*) FROM cpe_ledger')" 3 ledger
expect_eq "$(sql 'SELECT version FROM cpe_schema')" 5 "schema version"
# Each text once: the data table keeps mission_text alone where the three
# are equal (no CPESH here), the view gives all three back.
expect_eq "$(sql 'SELECT count(*) FROM cpe_entry_data WHERE source_chunk IS NULL AND concept_text IS NULL')" 9 "texts stored once"
expect_eq "$(sql "SELECT status||' '||articles||' '||rows FROM cpe_run")" "ok 3 9" run
expect_eq "$(whole)" 0 "articles not whole"
expect_grep st.json '"rows": 9'
# Text, JSON and vectors, compared with the input record by record.
dump in.mp > in.jsonl
sql "SELECT json_build_object('cpe_id', e.cpe_id, 'text', mission_text,
  'source_chunk', source_chunk, 'concept', concept_text,
  'pos', chunk_position, 'q', quality_metrics, 'tmd_bits', tmd_bits,
  'lane', tmd_lane, 'lane_index', lane_index, 'conf', confidence_score,
  'parent', parent_cpe_id, 'child', child_cpe_id, 'parents', parent_cpe_ids,
  'section', section, 'episode', episode_id, 'doc', doc_id,
  'concept_vec', cpe_vec_to_real(concept_vec), 'tmd', cpe_vec_to_real(tmd_dense),
  'fused', encode(fused_vec, 'base64'), 'norm', fused_norm)
  FROM cpe_entry e JOIN cpe_vectors USING (cpe_id)" > db.jsonl
python3 - in.jsonl db.jsonl <<'PY'
import base64, json, struct, sys
inp = {r["cpe_id"]: r for r in map(json.loads, open(sys.argv[1]))}
db = [json.loads(l) for l in open(sys.argv[2])]
assert len(db) == len(inp) == 9
for d in db:
    r = inp[d["cpe_id"]]
    assert d["text"] == r["text"] == d["source_chunk"] == d["concept"], d["cpe_id"]
    assert d["pos"] == r["chunk_position"], (d["pos"], r["chunk_position"])
    assert d["q"] == r["quality_metrics"]
    assert d["tmd_bits"] == (r["domain_code"] << 11 | r["task_code"] << 6 | r["modifier_code"])
    assert d["lane"] == "lane_%d" % r["domain_code"] and d["lane_index"] == r["domain_code"]
    assert d["parent"] == r["parent_cpe_id"] and d["child"] == r["child_cpe_id"]
    assert d["parents"] == ([r["parent_cpe_id"]] if r["parent_cpe_id"] else [])
    assert d["section"] == r["section"] and d["episode"] == r["episode_id"]
    assert d["doc"] == r["doc_id"]
    cv = struct.unpack("<8f", base64.b64decode(r["concept_vec"]["$bin"]))
    assert [struct.unpack("<f", struct.pack("<f", x))[0] for x in d["concept_vec"]] == list(cv)
    assert len(d["tmd"]) == 16
    assert base64.b64decode(d["fused"].replace("\n", "")) == base64.b64decode(r["fused_vec"]["$bin"])
    assert struct.pack("<f", d["norm"]) == struct.pack("<f", r["fused_norm"]), (d["norm"], r["fused_norm"])
    assert abs(d["conf"] - r["confidence_score"]) < 1e-6
PY
# Special values survive the SQL decoder.
expect_eq "$(sql "SELECT cpe_vec_to_real('\\x0000803f000080bf0000807f000080ff01000000'::bytea)::text")" \
    '{1,-1,Infinity,-Infinity,1e-45}' "cpe_vec_to_real"
expect_eq "$(sql "SELECT cpe_vec_to_real('\\x00000080'::bytea)::text")" '{-0}' "cpe_vec_to_real -0"
expect_eq "$(sql "SELECT cpe_vec_to_real(''::bytea)::text")" '{}' "empty vector"
