# Every msgpack type survives rec-dump | rec-dump --pack byte for byte,
# and the JSON text is stable (dump of the packed fixture == fixture).
. "$TESTS/lib/lib.sh"
pack "$DATA/rec-dump/types.jsonl" > a.mp
dump a.mp > a.jsonl
expect_same a.jsonl "$DATA/rec-dump/types.jsonl"
pack a.jsonl > b.mp
expect_same a.mp b.mp
# The same through -z framing on both sides.
pack -z a.jsonl > a.z
dump -z a.z | pack > c.mp
expect_same a.mp c.mp
# Counting and heads.
expect_eq "$(dump -c a.mp)" 4 count
expect_eq "$(dump -n 1 a.mp | wc -l | tr -d ' ')" 1 head
# The same records written with the width tags of an older rec-dump pack
# to the same (smallest) bytes.
pack "$DATA/rec-dump/types-widths.jsonl" > w.mp
expect_same w.mp a.mp
