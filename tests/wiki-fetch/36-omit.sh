# --omit leaves categories and/or the infobox (with its name) out of every
# article record and changes nothing else; any other key is a usage error.
. "$TESTS/lib/lib.sh"
f=$DATA/wiki-fetch/basic.xml
wiki-fetch -q "$f" | rec-dump >all.jsonl
expect_grep all.jsonl '"categories":\['
expect_grep all.jsonl '"infobox_name":'
wiki-fetch -q --omit categories "$f" | rec-dump >c.jsonl
expect_no_grep c.jsonl '"categories"'
expect_grep c.jsonl '"infobox_name":'
wiki-fetch -q --omit infobox "$f" | rec-dump >i.jsonl
expect_no_grep i.jsonl '"infobox'
expect_grep i.jsonl '"categories":\['
wiki-fetch -q --omit infobox,categories --omit infobox "$f" | rec-dump >n.jsonl
expect_no_grep n.jsonl '"infobox|"categories"'
# The rest of each record is the same, key for key.
python3 - all.jsonl n.jsonl <<'PY' || fail "--omit changed other keys"
import json, sys
a = [json.loads(l) for l in open(sys.argv[1])]
b = [json.loads(l) for l in open(sys.argv[2])]
assert len(a) == len(b) > 0, (len(a), len(b))
for x, y in zip(a, b):
    for k in ("categories", "infobox_name", "infobox"):
        x.pop(k, None)
    assert x == y, (x, y)
PY
expect_exit 2 wiki-fetch --omit title "$f"
expect_grep err "^wiki-fetch: --omit: no key 'title' to omit \\(categories, infobox\\)$"
expect_exit 2 wiki-fetch --omit 'categories,' "$f"
expect_grep err "^wiki-fetch: --omit: no key '' to omit"
