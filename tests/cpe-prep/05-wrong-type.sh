# A wrong-typed key is a data error naming the record and the key.
. "$TESTS/lib/lib.sh"
jedit() { python3 "$DATA/cpe/jedit.py" "$@"; }
jedit 2 'r["page_id"] = str(r["page_id"])' < "$DATA/cpe/chunks.jsonl" | pack > in.mp
expect_exit 1 cpe-prep --dim 8 in.mp
expect_grep err '^cpe-prep: .*: record 2 \(byte [0-9]+\): key "page_id": wrong type, expected int$'
