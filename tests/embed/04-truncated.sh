# A stream cut inside a record: exit 1 naming the record; the whole
# records before it are embedded and written.
. "$TESTS/lib/lib.sh"
pack < "$DATA/embed/chunks.jsonl" > in.mp
n=$(head -3 "$DATA/embed/chunks.jsonl" | pack | wc -c)
head -c $((n + 20)) in.mp > cut.mp
expect_exit 1 embed cut.mp
expect_grep err "^embed: cut.mp: record 4 \(byte $n\): truncated record"
expect_eq "$(dump -c out)" 3 "whole records written"
dump --check out
pack -z < "$DATA/embed/chunks.jsonl" | head -c 300 > cut.z
expect_exit 1 embed -z cut.z
expect_grep err 'record 2 .*'
