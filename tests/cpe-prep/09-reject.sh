# --reject FILE: bad records go there with a reject_reason, counted and
# warned about; the good ones pass; exit 0.
. "$TESTS/lib/lib.sh"
jedit() { python3 "$DATA/cpe/jedit.py" "$@"; }
jedit 2 'r["domain_code"] = 16' < "$DATA/cpe/chunks.jsonl" |
    jedit 5 'r["text"] = ""' | pack > in.mp
expect_exit 0 cpe-prep --dim 8 --reject rej.mp in.mp
expect_eq "$(dump -c out)" 7 "rows out"
expect_eq "$(dump -c rej.mp)" 2 "rows rejected"
dump rej.mp > rej.jsonl
expect_grep rej.jsonl '"reject_reason":"16 out of range 0..15"'
expect_grep rej.jsonl '"reject_reason":"empty"'
expect_grep err 'record 2 .*key "domain_code": 16 out of range 0..15 \(rejected\)'
expect_grep err '2 of 9 records rejected'
