# Wrong types stop the load with exit 1 and a message naming the record
# and key; batches before it stay committed, nothing of its batch does.
. "$TESTS/lib/lib.sh"
. "$TESTS/cpe-commit/lib.sh"
need_pg
need_cmd python3
gen in.mp --articles 6 --chunks 2
dump in.mp > in.jsonl
check() {	# line python-statement key message
	jedit "$1" "$2" < in.jsonl | pack > bad.mp
	expect_exit 1 cpe-commit --batch-articles 2 bad.mp
	expect_grep err "record $1 \\(byte [0-9]+\\): key \"$3\": $4"
}
check 7 'r["fused_norm"] = "x"' fused_norm 'expected float, got str'
expect_eq "$(sql 'SELECT count(*) FROM cpe_ledger')" 2 "articles of the batches before"
expect_eq "$(sql "SELECT status FROM cpe_run ORDER BY run_id DESC LIMIT 1")" failed "run status"
expect_eq "$(whole)" 0 "articles not whole"
check 1 'r["cpe_id"] = "not-a-uuid"' cpe_id 'not a UUID'
check 1 'r["cpe_id"] = "00000000-0000-8000-8000-000000000000"' cpe_id 'does not match the natural key'
check 1 'r["soft_negatives"] = {"a": 1}' soft_negatives 'expected array, got map'
check 1 'r["chunk_position"] = {"x": {"$bin": "AA=="}}' chunk_position 'a bin or ext value'
check 1 'r["content_type"] = "poem"' content_type 'not one of'
check 1 'r["tmd_dense"] = {"$bin": "AAAAAA=="}' tmd_dense '4 bytes, expected 16 float32'
check 1 'r["fused_vec"] = r["concept_vec"]' fused_vec 'dimension 8, expected 24'
check 1 'r["domain_code"] = 16' domain_code '16 out of range 0..15'
check 1 'del r["concept_text"]' concept_text 'missing'
check 1 'r["parent_cpe_id"] = 5' parent_cpe_id 'expected str'
check 1 'r["text"] = "a\u0000b"' text 'contains a NUL byte'
expect_eq "$(sql 'SELECT count(*) FROM cpe_ledger')" 2 "nothing more committed"
