#!/bin/sh
# Usage errors exit 2; --help goes to stdout.
. "$TESTS/lib/lib.sh"
expect_exit 0 cpe-search --help
expect_grep out '^usage: cpe-search '
expect_grep out '--lane LANE'
[ ! -s err ] || fail "--help wrote to stderr"
expect_exit 2 cpe-search
expect_grep err 'no INDEX given'
expect_exit 2 cpe-search idx
expect_grep err 'no query: give TEXT, --queries, --like or --sample'
expect_exit 2 cpe-search -k 0 idx q
expect_exit 2 cpe-search --lane lane_x idx q
expect_exit 2 cpe-search --domain 16 idx q
expect_exit 2 cpe-search --like not-a-uuid idx
expect_grep err 'like: not-a-uuid: not a UUID'
expect_exit 2 cpe-search --bogus idx q
expect_exit 2 cpe-search --nprobe idx
expect_exit 2 cpe-search -z idx q
expect_grep err 'z: cpe-search reads and writes no records'
