#!/bin/sh
# Rows deleted after the last sync are left out of the results with a
# warning, until cpe-index catches up.
. "$TESTS/lib/lib.sh"
. "$TESTS/cpe-index/gen.sh"
cpx_setup
gen 0 99
expect_exit 0 cpe-index --kind flat --embedder "$EMB" idx
sql "DELETE FROM cpe_entry WHERE cpe_id = '$(uuid 3)'"
expect_exit 0 cpe-search -j -k 3 --like "$(uuid 23)" idx
expect_no_grep out "$(uuid 3)"
expect_exit 0 cpe-search -j -k 100 --like "$(uuid 23)" idx
expect_eq "$(wc -l <out | tr -d ' ')" 99 "hits"
expect_grep err 'idx: 1 hits are no longer in the database \(run cpe-index'
expect_exit 1 cpe-search --like "$(uuid 3)" idx
expect_grep err "like $(uuid 3): no such row in cpe_vectors"
expect_exit 0 cpe-index idx
expect_exit 0 cpe-search -j -k 100 --like "$(uuid 23)" idx
expect_no_grep err .
