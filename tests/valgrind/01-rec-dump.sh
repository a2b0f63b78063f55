# valgrind memcheck over rec-dump: pack, dump (lossless and -r), -z both
# ways, --copy, --check, count, truncated and garbage input.
. "$TESTS/lib/lib.sh"
. "$TESTS/valgrind/lib.sh"
need_prog rec-dump
F=$DATA/rec-dump/types.jsonl
vg 0 rec-dump --pack -o a.mp "$F"
vg 0 rec-dump a.mp
expect_same out "$F"
vg 0 rec-dump -r -w 10 a.mp
vg 0 rec-dump --pack -z -o a.z "$F"
vg 0 rec-dump -z a.z
expect_same out "$F"
# --copy and --check want records (maps): the cpe fixture.
pack -o m.mp "$DATA/cpe/chunks.jsonl"
pack -z -o m.z "$DATA/cpe/chunks.jsonl"
vg 0 rec-dump --copy --to nul -o b.z m.mp
expect_same m.z b.z
vg 0 rec-dump --copy -o c.mp m.mp m.mp
vg 0 rec-dump --check c.mp
vg 0 rec-dump -c c.mp
expect_eq "$(cat out)" "$(($(grep -c . "$DATA/cpe/chunks.jsonl") * 2))" count
head -c 100 a.mp > t.mp
vg 1 rec-dump t.mp
vg 1 rec-dump --check t.mp
printf '\301\302garbage' > g.mp
vg 1 rec-dump g.mp
printf '{"a":1,\n' > bad.jsonl
vg 1 rec-dump --pack -o bad.mp bad.jsonl
[ ! -e bad.mp ] || fail "bad.mp left behind"
