# Output to /dev/full: exit 3.
. "$TESTS/lib/lib.sh"
pack "$DATA/cpe/chunks.jsonl" > in.mp
expect_exit 3 cpe-prep --dim 8 -f -o /dev/full in.mp
expect_exit 3 sh -c 'cpe-prep --dim 8 -f in.mp > /dev/full'
