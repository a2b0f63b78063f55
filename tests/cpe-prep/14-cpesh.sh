# --cpesh: concept, probe, expected answer and negatives from an LLM
# (Ollama API, a fake server); fences and chatter are tolerated, missing
# fields get the original's fallbacks, a malformed answer the whole
# fallback; the quality score follows; order is kept.
. "$TESTS/lib/lib.sh"
need_cmd python3
python3 "$DATA/cpe/fake-cpesh.py" port 60 &
srv=$!
trap 'kill $srv 2>/dev/null || :' EXIT
i=0; while [ ! -s port ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
[ -s port ] || fail "fake server did not start"
jedit() { python3 "$DATA/cpe/jedit.py" "$@"; }
jedit 2 'r["text"] = "FENCED " + r["text"]' < "$DATA/cpe/chunks.jsonl" |
    jedit 3 'r["text"] = "PARTIAL " + r["text"]' |
    jedit 4 'r["text"] = "MALFORMED " + r["text"]' | pack > in.mp
expect_exit 0 cpe-prep --dim 8 --cpesh --batch 4 -j 2 --answer-retries 1 \
    --endpoint "http://127.0.0.1:$(cat port)" --model fake --stats st.json in.mp
mv out out.mp
dump out.mp > out.jsonl
expect_grep err 'CPESH: 1 malformed answers replaced by the fallback'
expect_grep st.json '"cpesh_malformed": 1'
expect_grep st.json '"cpesh_requests": 10'
python3 - out.jsonl <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
assert len(rows) == 9
assert [r["chunk_index"] for r in rows[:3]] == [0, 1, 2]
r = rows[0]
assert r["concept_text"] == "Chunk is a concept.", r["concept_text"]
assert r["probe_question"] == "What is Chunk?" and r["expected_answer"] == "Chunk"
assert r["soft_negatives"] == ["near Chunk", "almost Chunk", "quasi Chunk"]
assert r["hard_negatives"] == ["volcano", "violin"]        # the non-string dropped
q = r["quality_metrics"]
assert q["cpesh_completeness"] == 1.0 and q["total_negatives"] == 5
ratio = q["concept_length"] / q["text_length"]
bonus = 0.2 if 0.1 <= ratio <= 0.5 else 0.1 if 0.05 <= ratio <= 0.8 else 0
want = 0.4 * 1.0 + 0.1 * min(q["vector_norm"] / 10, 1) + 0.3 * min(5 / 5, 1) + bonus
assert abs(r["confidence_score"] - min(want, 1)) < 1e-12, (r["confidence_score"], want)
assert rows[1]["concept_text"] == "FENCED is a concept."
p = rows[2]
assert p["concept_text"] == "PARTIAL alone."
assert p["probe_question"] == "What is: PARTIAL alone.?" and p["expected_answer"] == "PARTIAL alone."
assert p["soft_negatives"] == [] and p["quality_metrics"]["cpesh_completeness"] == 0.6
m = rows[3]
assert m["concept_text"] == m["text"][:200], m["concept_text"]
assert m["probe_question"] == "What is: " + m["text"][:80] + "?"
assert m["expected_answer"] == m["concept_text"]
PY
# A permanent LLM failure (404: no such model) stops with exit 4.
jedit 1 'r["text"] = "DOWN " + r["text"]' < "$DATA/cpe/chunks.jsonl" | pack > down.mp
expect_exit 4 cpe-prep --dim 8 --cpesh --retries 0 \
    --endpoint "http://127.0.0.1:$(cat port)" --model fake down.mp
expect_grep err '^cpe-prep: .*records 1-9: CPESH: '
# No server at all: exit 4 too.
expect_exit 4 cpe-prep --dim 8 --cpesh --retries 0 --timeout 2 \
    --endpoint "http://127.0.0.1:9" in.mp
