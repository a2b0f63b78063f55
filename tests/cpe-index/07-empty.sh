#!/bin/sh
# An empty store gives an empty index; rows added later arrive, and an
# IVF index that started small is retrained once the rows are many.
. "$TESTS/lib/lib.sh"
. "$TESTS/cpe-index/gen.sh"
cpx_setup

expect_exit 0 cpe-index --embedder "$EMB" ivf
expect_grep ivf.meta '"kind":"ivf",.*"dim":64,.*"nlist":1,.*"ntotal":0,'
expect_exit 0 cpe-search ivf "anything at all"
expect_grep out '^  \(no hits\)$'
gen 0 99
expect_exit 0 cpe-index ivf
expect_grep err 'incremental\), 100 added'
expect_grep ivf.meta '"nlist":1,.*"ntotal":100,'
gen 100 1999
expect_exit 0 cpe-index ivf
expect_grep err 'IVF retrained for the new row count'
expect_grep ivf.meta '"nlist":32,.*"trained_rows":2000,"ntotal":2000,'
gen 2000 2499
expect_exit 0 cpe-index ivf
expect_grep err 'incremental\), 500 added'
