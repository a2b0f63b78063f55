# Random records with every byte value in str and bin: dump/pack round
# trip, plain and -z, then -z through real GNU parallel at -j1..-j8.
. "$TESTS/lib/lib.sh"
need_cmd python3 parallel
python3 - > r.jsonl <<'PY'
import base64, json, random
rnd = random.Random(7)
for i in range(3000):
    raw = bytes(rnd.randrange(256) for _ in range(rnd.randrange(0, 600)))
    blob = bytes(rnd.randrange(256) for _ in range(rnd.randrange(0, 400)))
    rec = {"i": i, "bin": {"$bin": base64.b64encode(blob).decode()},
           "s": {"$str8" if len(raw) < 256 else "$str16": {"$b64": base64.b64encode(raw).decode()}},
           "nul": "\u0000" * (i % 5), "v": {"$bin": base64.b64encode(bytes(range(256))).decode()}}
    print(json.dumps(rec))
PY
pack r.jsonl > r.mp
dump r.mp | pack | cmp - r.mp || fail "plain round trip"
pack -z r.jsonl > r.z
dump -z r.z | pack | cmp - r.mp || fail "-z round trip"
for j in 1 2 3 4 8; do
	parallel --will-cite --pipe --recend '\0' -k --block 64k --halt now,fail=1 -j$j \
		'rec-dump -z | rec-dump --pack -z' < r.z > out.$j.z ||
		fail "parallel -j$j failed"
	cmp out.$j.z r.z || fail "parallel -j$j changed the stream"
done
