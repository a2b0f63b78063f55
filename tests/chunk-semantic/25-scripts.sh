# Sentences and words in other scripts (texts written for this test):
# with --min-words 1 every sentence is a chunk, whatever ends it (the
# danda, the Urdu, Armenian, Ethiopic and CJK full stops, a space between
# Thai phrases); word_count counts the dictionary's words in Japanese and
# Chinese; a Japanese sentence longer than --max-words is cut between
# two of its words, nothing lost, every piece within the maximum.
. "$TESTS/lib/lib.sh"
pack "$DATA/chunk/scripts.jsonl" | chunk-semantic --min-words 1 | dump > out.jsonl
python3 - <<'PY'
import json
ch = [json.loads(l) for l in open("out.jsonl")]
by = {}
for c in ch:
    by.setdefault(c["doc_id"].split(":")[1].split("#")[0], []).append(c["text"])
want = {
    "hi": ["गंगा एक बड़ी नदी है।", "यह हिमालय से निकलती है।", "इसके किनारे कई नगर बसे हैं।"],
    "ur": ["یہ ایک بڑا دریا ہے۔", "کیا یہ پہاڑوں سے نکلتا ہے؟", "ہاں، یہ شمال سے آتا ہے۔"],
    "hy": ["Սա մեծ գետ է։", "Այն սկիզբ է առնում լեռներից։", "Նրա ափին կան բազմաթիվ քաղաքներ։"],
    "am": ["ይህ ትልቅ ወንዝ ነው።", "ከተራሮች ይመነጫል።", "በዳርቻው ብዙ ከተሞች አሉ።"],
    "th": ["แม่น้ำสายนี้ยาวมาก", "ไหลผ่านหลายเมือง", "ชาวบ้านใช้น้ำจากแม่น้ำ"],
    "ja": ["この川はとても長い。", "山から流れ出して海に注ぐ。", "川沿いには多くの町がある。"],
    "zh": ["这条河很长。", "它发源于山区，流入大海。", "河边有许多城市。"],
}
for k, v in want.items():
    assert by.get(k) == v, (k, by.get(k))
ja = [c for c in ch if c["doc_id"].startswith("fixture:ja")]
assert all(c["word_count"] >= 3 for c in ja), [c["word_count"] for c in ja]
PY
# A long sentence of Japanese with no punctuation: cut by words.
python3 - <<'PY'
import json
t = "この川は山から流れ出して" * 30 + "海に注ぐ。"
open("long.jsonl", "w").write(json.dumps({"doc_id": "l:ja", "text": t}, ensure_ascii=False) + "\n")
PY
pack long.jsonl | chunk-semantic --max-words 20 --min-words 10 --stats st.json | dump > long.out
expect_grep st.json '"long_sentences_split": *1'
python3 - <<'PY'
import json
ch = [json.loads(l) for l in open("long.out")]
src = json.loads(open("long.jsonl").read())["text"]
assert len(ch) > 5, len(ch)
assert all(c["word_count"] <= 20 for c in ch), [c["word_count"] for c in ch]
assert "".join(c["text"] for c in ch) == src
for c in ch:
    assert src[c["char_start"]:c["char_end"]] == c["text"]
PY
