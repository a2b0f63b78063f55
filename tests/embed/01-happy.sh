# The default (hash) embedder: 1:1, every input key kept in order,
# concept_vec 768-D unit length, embed_model; deterministic; '-' and file
# operands; -z framing in and out.
. "$TESTS/lib/lib.sh"
V="python3 $TESTS/embed/vecs.py"
pack < "$DATA/embed/chunks.jsonl" > in.mp
expect_exit 0 embed in.mp
mv out o.mp
dump o.mp > o.jsonl
expect_eq "$(wc -l < o.jsonl | tr -d ' ')" 12 "records"
$V info o.jsonl | sort -u > info
expect_eq "$(cat info)" "768 1.0000 hash-v2-d768-c3-4-b1" "dim, norm, model"
# Keys: the input's, in order, then ours.
dump in.mp | sed 's/}$//' > want.prefix
dump o.mp | cut -c1-"$(head -1 want.prefix | wc -c | tr -d ' ')" | head -1 > got.prefix
expect_eq "$(cat got.prefix)" "$(head -1 want.prefix)," "pass-through keys"
expect_grep o.jsonl '"concept_vec":\{"[$]bin":"[^"]*"\},"embed_model":"hash-v2-d768-c3-4-b1"\}$'
# Deterministic, and the same from stdin and in small batches.
embed < in.mp > o2.mp
expect_same o.mp o2.mp
embed -b 1 - < in.mp > o3.mp
expect_same o.mp o3.mp
# -z in and out.
pack -z < "$DATA/embed/chunks.jsonl" | embed -z | dump -z > oz.jsonl
expect_same o.jsonl oz.jsonl
# Two files in one run.
embed in.mp in.mp | dump -c > n
expect_eq "$(cat n)" 24 "two files"
# Another dimension, through the SPEC.
embed -e hash:dim=64 in.mp | dump > o64.jsonl
expect_eq "$($V info o64.jsonl | sort -u)" "64 1.0000 hash-v2-d64-c3-4-b1"
