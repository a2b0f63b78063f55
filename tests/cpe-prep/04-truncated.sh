# A truncated stream: the rows before it are written, exit 1, the message
# names the record.
. "$TESTS/lib/lib.sh"
pack "$DATA/cpe/chunks.jsonl" > in.mp
size=$(wc -c < in.mp)
head -c $((size - 10)) in.mp > cut.mp
expect_exit 1 cpe-prep --dim 8 cut.mp
expect_grep err '^cpe-prep: .*record 9 '
expect_eq "$(dump -c out)" 8 "rows before the cut"
