# fused_vec and fused_norm are not stored: a record may leave them out,
# and one that has them must agree with normalise(tmd_dense ||
# concept_vec), else exit 1 naming the record, the key and the element.
. "$TESTS/lib/lib.sh"
. "$TESTS/cpe-commit/lib.sh"
need_pg
need_cmd python3
gen in.mp --articles 2 --chunks 2
dump in.mp > in.jsonl
# A record whose fused_vec has one element off by 1e-3.
jedit 3 '
import base64, struct
v = list(struct.unpack("<24f", base64.b64decode(r["fused_vec"]["$bin"])))
v[5] += 1e-3
r["fused_vec"] = {"$bin": base64.b64encode(struct.pack("<24f", *v)).decode()}' < in.jsonl | pack > bad.mp
expect_exit 1 cpe-commit bad.mp
expect_grep err 'record 3 \(byte [0-9]+\): key "fused_vec": element 5 is .*, but normalise\(tmd_dense \|\| concept_vec\) gives'
jedit 2 'r["fused_norm"] = r["fused_norm"] * 1.01' < in.jsonl | pack > bad.mp
expect_exit 1 cpe-commit bad.mp
expect_grep err 'record 2 \(byte [0-9]+\): key "fused_norm": .*, but the norm of tmd_dense \|\| concept_vec is'
# Within 1e-6 (a producer that fuses in float32) is accepted.
jedit 0 '
import base64, struct
v = list(struct.unpack("<24f", base64.b64decode(r["fused_vec"]["$bin"])))
v[0] += 5e-7
r["fused_vec"] = {"$bin": base64.b64encode(struct.pack("<24f", *v)).decode()}' < in.jsonl | pack > near.mp
expect_exit 0 cpe-commit near.mp
# Without them, the same vectors as with them (the ledger's content_hash
# is of the input records, so it differs).
vsum() { sql "SELECT md5(string_agg(t::text, E'\\n' ORDER BY cpe_id)) FROM cpe_vectors t"; }
a=$(vsum)
PGDATABASE=${PGDATABASE}_b; export PGDATABASE
createdb "$PGDATABASE"
jedit 0 'del r["fused_vec"]; del r["fused_norm"]' < in.jsonl | pack > bare.mp
expect_exit 0 cpe-commit bare.mp
expect_eq "$(vsum)" "$a" "vectors without fused_vec in the input"
