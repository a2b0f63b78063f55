# Strict validation: every broken record is a data error naming the key.
. "$TESTS/lib/lib.sh"
jedit() { python3 "$DATA/cpe/jedit.py" "$@"; }
check() {	# python-statement key message
	jedit 1 "$1" < "$DATA/cpe/chunks.jsonl" | pack > in.mp
	expect_exit 1 cpe-prep --dim 8 in.mp
	expect_grep err "record 1 .*key \"$2\": $3"
}
check 'r["task_code"] = 32' task_code '32 out of range 0..31'
check 'r["modifier_code"] = -1' modifier_code '-1 out of range 0..63'
check 'r["chunk_index"] = 3' chunk_index '3 out of range 0..2'
check 'r["chunk_count"] = 0' chunk_count '0 out of range'
check 'del r["text"]' text 'missing'
check 'del r["source"]' source 'missing'
check 'r["source"] = ""' source 'empty'
check 'r["title"] = 5' title 'wrong type'
check 'r["page_id"] = None' page_id 'wrong type'
check 'r["article_index"] = -4' article_index 'negative'
check 'r["concept_vec"] = {"$bin": "AACAPw=="}' concept_vec 'dimension 1, expected 8'
check 'r["concept_vec"] = "x"' concept_vec 'wrong type'
check 'r["text"] = {"$str8": {"$b64": "/w=="}}' text 'invalid UTF-8'
# A NaN inside the vector (0x7fc00000 little-endian, then 7 zeros).
check 'r["concept_vec"] = {"$bin": "AADAfwAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="}' concept_vec 'element 0 is not finite'
# The default dimension is 768.
pack "$DATA/cpe/check.jsonl" > c.mp
expect_exit 1 cpe-prep c.mp
expect_grep err 'key "concept_vec": dimension 8, expected 768'
