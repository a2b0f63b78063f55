#!/bin/sh
# I/O errors exit 3: an index path that cannot be written, an index
# that is missing, output to a full device.
. "$TESTS/lib/lib.sh"
. "$TESTS/cpe-index/gen.sh"
cpx_setup
gen 0 49
: >file
expect_exit 3 cpe-index --embedder "$EMB" file/idx
expect_exit 0 cpe-index --embedder "$EMB" idx
expect_exit 3 cpe-search missing "query"
expect_grep err 'missing: no such index'
expect_exit 3 cpe-search -o /dev/full idx "query"
expect_grep err '/dev/full: write error'
rc=0; cpe-search idx "query" >/dev/full 2>err || rc=$?
expect_eq "$rc" 3 "exit to /dev/full"
expect_grep err 'stdout: write error'
