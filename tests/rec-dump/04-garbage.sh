# Garbage: the invalid byte 0xc1, a str32 claiming 4 GiB, a record over
# --max-record, a non-map under --check, bad JSON for --pack.
. "$TESTS/lib/lib.sh"
printf '\301' > c1.mp
expect_exit 1 dump c1.mp
expect_grep err 'record 1 \(byte 0\): invalid msgpack'
printf '\201\241k\333\377\377\377\360x' > huge.mp
expect_exit 1 dump huge.mp
expect_grep err 'exceeds the limit of 67108864 bytes'
printf '{"t":"%0500d"}\n' 0 | pack > big.mp
expect_exit 1 dump --max-record 100 big.mp
expect_grep err 'exceeds the limit of 100 bytes \(--max-record\)'
expect_exit 0 dump --max-record 1K big.mp
printf '[1,2]\n' | pack > arr.mp
expect_exit 0 dump arr.mp
expect_exit 1 dump --check arr.mp
expect_grep err 'not a map'
printf '{"a":1}\n{"a":}\n' > bad.jsonl
expect_exit 1 pack bad.jsonl
expect_grep err '^rec-dump: bad.jsonl: line 2, column 6: unexpected character'
printf '{"$nope":1}\n' > tag.jsonl
expect_exit 1 pack tag.jsonl
expect_grep err 'line 1: unknown tag "\$nope"'
printf '{"x":{"$uint8":300}}\n' > fit.jsonl
expect_exit 1 pack fit.jsonl
expect_grep err 'does not fit'
