# --list prints the schema v1 table; --list=json the same as JSON.
. "$TESTS/lib/lib.sh"
tmd-extract --list >l
expect_eq "$(wc -l <l)" 112 "lines"
expect_grep l '^domain	0	Science$'
expect_grep l '^domain	7	History$'
expect_grep l '^domain	15	Software$'
expect_grep l '^task	18	Temporal Reasoning$'
expect_grep l '^modifier	57	Analog-sensitive$'
expect_grep l '^modifier	63	Compression-optimized$'
tmd-extract --list=json >j
python3 -c 'import json, sys
t = json.load(open("j"))
assert t["schema"] == "v1"
assert len(t["domain"]) == 16 and len(t["task"]) == 32 and len(t["modifier"]) == 64
assert t["domain"][3] == "Engineering" and t["task"][0] == "Fact Retrieval"
' || fail "bad JSON list"
