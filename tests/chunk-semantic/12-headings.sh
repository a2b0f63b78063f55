# Headings are never in a chunk's text: they become its section (path of
# nested headings from the sections key), also when wiki-fetch dropped
# them from the text; --keep-headings makes each a chunk of its own;
# --headings none treats them as text; the sections key is consumed.
. "$TESTS/lib/lib.sh"
pack "$DATA/chunk/sections.jsonl" > a.mp
chunk-episode a.mp | chunk-semantic --min-words 1 | dump > out.jsonl
chunk-episode a.mp | chunk-semantic --min-words 1 --keep-headings | dump > keep.jsonl
chunk-semantic --min-words 1 --headings none a.mp | dump > none.jsonl
python3 - <<'PY'
import json
ch = [json.loads(l) for l in open("out.jsonl")]
heads = ["History", "Early settlement", "Modern period", "Wildlife"]
for c in ch:
    assert "sections" not in c
    for h in heads:
        assert h not in c["text"].split("\n"), c
secs = [(c["section"], c["text"][:20]) for c in ch]
want = [("", "Lake Orvin is a glac"), ("", "It is about 9 km lon"),
        ("History > Early settlement", "Farmers settled the "),
        ("History > Early settlement", "They cleared the for"),
        ("History > Early settlement", "A stone chapel was b"),
        ("History > Early settlement", "Its ruins can still "),
        ("History > Modern period", "A dam raised the wat"),
        ("History > Modern period", "Two farms and the ol"),
        ("Wildlife", "Birds seen on the la"), ("Wildlife", "the black-throated d"),
        ("Wildlife", "the goldeneye"), ("Wildlife", "the common sandpiper"),
        ("Wildlife", "Otters returned to t"), ("Wildlife", "Pike and brown trout"),
        ("Fishing", "Trout fishing needs "), ("Fishing", "The season runs from")]
assert secs == want, secs
keep = [json.loads(l) for l in open("keep.jsonl")]
ht = [c["text"] for c in keep if c["text"] in heads]
assert ht == heads, ht
assert len(keep) == len(ch) + 4
none = [json.loads(l)["text"] for l in open("none.jsonl")]
assert "History" in none and "Early settlement" in none
PY
# Plain text without heading information: --headings guess finds them.
pack "$DATA/chunk/plain.jsonl" | chunk-semantic --min-words 1 --headings guess | dump > g.jsonl
expect_grep g.jsonl '"section":"Mill Lane","char_start":11'
expect_no_grep g.jsonl '"text":"Mill Lane"'
pack "$DATA/chunk/plain.jsonl" | chunk-semantic --min-words 1 | dump > p.jsonl
expect_grep p.jsonl '"text":"Mill Lane"'
