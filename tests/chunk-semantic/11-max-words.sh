# Never past the maximum: a single sentence longer than --max-words is cut
# at word boundaries into balanced pieces; nothing is lost; the short
# last sentence joins the piece before it.
. "$TESTS/lib/lib.sh"
python3 - <<'PY'
import json
long = "W" + " ".join("w%d" % i for i in range(1000)) + "."
rec = {"doc_id": "l:1", "text": "A short opening sentence is here. " + long + " A closing sentence ends it."}
open("in.jsonl", "w").write(json.dumps(rec) + "\n")
PY
pack in.jsonl | chunk-semantic --stats st.json | dump > out.jsonl
expect_grep st.json '"long_sentences_split": *1'
python3 - <<'PY'
import json
ch = [json.loads(l) for l in open("out.jsonl")]
src = json.loads(open("in.jsonl").read())["text"]
assert all(c["word_count"] <= 400 for c in ch), [c["word_count"] for c in ch]
assert [c["word_count"] for c in ch] == [6, 334, 333, 338], [c["word_count"] for c in ch]
assert " ".join(c["text"] for c in ch) == src
for c in ch:
    assert src[c["char_start"]:c["char_end"]] == c["text"]
PY
