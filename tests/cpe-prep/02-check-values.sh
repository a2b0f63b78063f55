# tmd_dense reproduces the check values of ORIGINAL.md 6.6 for (2,5,9);
# fused_vec is normalise(tmd_dense || concept_vec); confidence is 0.09.
. "$TESTS/lib/lib.sh"
pack "$DATA/cpe/check.jsonl" | cpe-prep --dim 8 | dump > out.jsonl
python3 - out.jsonl <<'PY'
import base64, json, math, struct, sys
r = json.loads(open(sys.argv[1]).readline())
def vec(k):
    b = base64.b64decode(r[k]["$bin"]); return struct.unpack("<%df" % (len(b) // 4), b)
want = [0.37171495, -0.15847489, -0.31784877, -0.06923024, -0.2583674,
        0.08046158, -0.02151322, -0.45979312, -0.44273427, 0.24890153,
        -0.20113368, -0.06937291, -0.29499814, -0.19328092, 0.03828602, 0.12927692]
t = vec("tmd_dense")
assert len(t) == 16
for a, b in zip(t, want):
    assert abs(a - b) < 1e-6, (a, b)
f = vec("fused_vec")
assert len(f) == 24
c = vec("concept_vec")
n = math.sqrt(sum(x * x for x in t + c))
assert abs(r["fused_norm"] - n) < 1e-6
for a, b in zip(f, t + c):
    assert abs(a - b / n) < 1e-6
assert abs(sum(x * x for x in f) - 1) < 1e-5
assert r["confidence_score"] == 0.4 * 0.2 + 0.1 * 0.1, r["confidence_score"]
assert r["parent_cpe_id"] is None and r["child_cpe_id"] is None
assert r["cpe_id"][14] == "8"      # RFC 9562 version 8
PY
