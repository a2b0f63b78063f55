# cpe-prep over its own output recomputes its keys: same bytes.
. "$TESTS/lib/lib.sh"
pack "$DATA/cpe/chunks.jsonl" | cpe-prep --dim 8 > a.mp
cpe-prep --dim 8 a.mp > b.mp
expect_same a.mp b.mp
