# A stream cut inside a record is a data error naming the record; so is a
# -z stream whose last frame has no NUL.  Every whole record before it is
# still written.
. "$TESTS/lib/lib.sh"
printf '{"a":1}\n{"b":"hello world"}\n' | pack > s.mp
head -c 12 s.mp > cut.mp
expect_exit 1 dump cut.mp
expect_grep err '^rec-dump: cut.mp: record 2 \(byte 4\): truncated record'
expect_eq "$(cat out)" '{"a":1}'
expect_exit 1 dump --check cut.mp
expect_grep err 'record 2 \(byte 4\): truncated'
printf '{"a":1}\n{"b":2}\n' | pack -z | head -c 8 > cut.z
expect_exit 1 dump -z cut.z
expect_grep err 'record 2 .*no NUL'
# Plain msgpack given to -z and -z given to plain are refused clearly.
expect_exit 1 dump -z s.mp
expect_exit 0 dump --check s.mp
