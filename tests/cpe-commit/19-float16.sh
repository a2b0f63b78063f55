# --vectors float16 stores concept_vec as IEEE binary16 (concept_vec16,
# concept_vec NULL); the view cpe_vectors gives it back as float32
# (exactly the rounded halves) and fused_vec fused from it; a store may
# mix both; cpe-index reads either; a bad --vectors is a usage error.
. "$TESTS/lib/lib.sh"
. "$TESTS/cpe-commit/lib.sh"
need_pg
need_cmd python3
gen a.mp --articles 3 --chunks 4 --dim 64
gen b.mp --articles 2 --chunks 3 --dim 64 --first-page 500
expect_exit 2 cpe-commit --vectors float8 a.mp
expect_grep err 'want float32 or float16, not "float8"'
expect_exit 0 cpe-commit --vectors float16 a.mp
expect_exit 0 cpe-commit b.mp
expect_eq "$(sql 'SELECT count(*) FROM cpe_vectors_data WHERE concept_vec IS NULL AND length(concept_vec16) = 128')" 12 "binary16 rows"
expect_eq "$(sql 'SELECT count(*) FROM cpe_vectors_data WHERE concept_vec16 IS NULL AND length(concept_vec) = 256')" 6 "float32 rows"
dump a.mp > a.jsonl
dump b.mp > b.jsonl
sql "SELECT json_build_object('cpe_id', cpe_id::text, 'c', encode(concept_vec, 'base64'),
  'f', encode(fused_vec, 'base64'), 'n', fused_norm) FROM cpe_vectors" > db.jsonl
python3 - a.jsonl b.jsonl db.jsonl <<'PY'
import base64, json, math, struct, sys
half = {json.loads(l)["cpe_id"]: json.loads(l) for l in open(sys.argv[1])}
full = {json.loads(l)["cpe_id"]: json.loads(l) for l in open(sys.argv[2])}
n = 0
for l in open(sys.argv[3]):
    d = json.loads(l)
    r = half.get(d["cpe_id"]) or full[d["cpe_id"]]
    raw = base64.b64decode(r["concept_vec"]["$bin"])
    c = struct.unpack("<64f", raw)
    if d["cpe_id"] in half:   # rounded to the nearest half, ties to even
        c = struct.unpack("<64e", struct.pack("<64e", *c))
    got = base64.b64decode(d["c"].replace("\n", ""))
    assert got == struct.pack("<64f", *c), d["cpe_id"]
    tmd = struct.unpack("<16f", base64.b64decode(r["tmd_dense"]["$bin"]))
    x = list(tmd) + list(c)
    s = 0.0
    for v in x:
        s += v * v
    s = math.sqrt(s)
    fused = struct.pack("<80f", *[v / s for v in x])
    assert base64.b64decode(d["f"].replace("\n", "")) == fused, d["cpe_id"]
    if d["cpe_id"] in full:
        assert fused == base64.b64decode(r["fused_vec"]["$bin"]), d["cpe_id"]
    assert struct.pack("<f", d["n"]) == struct.pack("<f", s)
    n += 1
assert n == 18, n
PY
[ $? = 0 ] || fail "view values"
# cpe-index reads both kinds of rows.
expect_exit 0 cpe-index --embedder hash:dim=64 --kind flat idx
expect_grep err '18 added'
expect_exit 0 cpe-index --embedder hash:dim=64 --kind flat --vector concept cidx
expect_exit 0 cpe-search -j -k 1 --like "$(sed -n 1p a.jsonl | sed 's/.*"cpe_id": *"\([^"]*\)".*/\1/')" idx
expect_grep out '"rank":1,"score":(1|0\.99999[0-9]*),'
exit 0
