# The happy path: one CPE row per chunk, golden through rec-dump; the
# links, ids and derived keys are checked by meaning as well.
. "$TESTS/lib/lib.sh"
pack "$DATA/cpe/chunks.jsonl" | cpe-prep --dim 8 > out.mp
dump out.mp
dump out.mp > out.jsonl
python3 - out.jsonl >&2 <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
assert len(rows) == 9, len(rows)
by = {}
for r in rows:
    by[(r["page_id"], r["chunk_index"])] = r
for r in rows:
    k = (r["page_id"], r["chunk_index"])
    prev = by.get((k[0], k[1] - 1)); nxt = by.get((k[0], k[1] + 1))
    assert r["parent_cpe_id"] == (prev["cpe_id"] if prev else None), k
    assert r["child_cpe_id"] == (nxt["cpe_id"] if nxt else None), k
    assert r["concept_text"] == r["text"]
    assert r["probe_question"] == "" and r["expected_answer"] == ""
    assert r["soft_negatives"] == [] and r["hard_negatives"] == []
    assert r["content_type"] == "factual"
    p = r["chunk_position"]
    assert p["article_title"] == r["title"] and p["source"] == r["source"]
    assert p["chunk_index"] == r["chunk_index"] and p["section"] == r["section"]
    q = r["quality_metrics"]
    assert q["cpesh_completeness"] == 0.2 and q["vector_dimension"] == 8
    assert q["text_length"] == len(r["text"]), (q["text_length"], len(r["text"]))
    assert abs(r["confidence_score"] - 0.09) < 1e-6
    assert abs(r["fused_norm"] - 2 ** 0.5) < 1e-6
ids = [r["cpe_id"] for r in rows]
assert len(set(ids)) == 9
PY
