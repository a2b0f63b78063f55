# Thousands of paragraphs: every episode between the minimum and the
# maximum (a merged tail may pass the maximum by less than the minimum),
# all paragraphs covered once, in order.
. "$TESTS/lib/lib.sh"
python3 "$DATA/chunk/gen.py" -n 1 -p 4000 -s 7 > a.jsonl
pack a.jsonl | chunk-episode -t 0.3 | dump > out.jsonl
python3 - <<'PY'
import json
eps = [json.loads(l) for l in open("out.jsonl")]
sizes = [e["para_end"] - e["para_start"] + 1 for e in eps]
assert all(3 <= s <= 20 for s in sizes[:-1]), sizes
assert 3 <= sizes[-1] <= 22
assert sum(sizes) == 4000 and eps[-1]["para_end"] == 3999
assert len(set(sizes)) > 3, "the cosine never mattered"
for a, b in zip(eps, eps[1:]):
    assert b["para_start"] == a["para_end"] + 1
PY
