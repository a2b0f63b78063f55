#!/bin/sh
# Usage errors exit 2 with a reason; --help prints the synopsis to stdout.
. "$TESTS/lib/lib.sh"
expect_exit 0 cpe-index --help
expect_grep out '^usage: cpe-index '
expect_grep out '--kind KIND'
[ ! -s err ] || fail "--help wrote to stderr"
expect_exit 0 cpe-index -V
expect_grep out '^cpe-index '
expect_exit 2 cpe-index
expect_grep err 'no INDEX given'
expect_exit 2 cpe-index a b
expect_grep err 'one INDEX only'
expect_exit 2 cpe-index --bogus idx
expect_exit 2 cpe-index --kind lsh idx
expect_grep err '^cpe-index: --kind: want flat, ivf, hnsw or ivfpq, not "lsh"$'
expect_grep err '^usage: cpe-index '
expect_exit 2 cpe-index --vector question idx
expect_grep err '^cpe-index: --vector: want fused, concept, fused_vec or concept_vec, not "question"$'
expect_exit 2 cpe-index --nlist 0 idx
expect_exit 2 cpe-index --nprobe x idx
expect_exit 2 cpe-index --db 'host=' --db 'nonsense' idx
expect_exit 2 cpe-index --kind
[ ! -e idx ] || fail "idx created by a usage error"
# The shared options of common/opt.h that mean nothing to cpe-index.
expect_exit 2 cpe-index -o res idx
expect_grep err 'o: cpe-index writes its operand and the database, not a file'
expect_exit 2 cpe-index -f idx
expect_grep err 'f: cpe-index reads and writes no records'
expect_exit 2 cpe-index --max-record 1M idx
expect_grep err 'max-record: cpe-index reads and writes no records'
[ ! -e res ] || fail "-o res created a file"
expect_exit 2 cpe-index -j idx
expect_grep err "unknown option -- 'j'"
