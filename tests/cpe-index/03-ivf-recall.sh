#!/bin/sh
# IVF recall@10 against exact search is at least 0.95 at the default
# nprobe on bench-like data (clustered 256-D rows, automatic nlist).
. "$TESTS/lib/lib.sh"
. "$TESTS/cpe-index/gen.sh"
cpx_setup
gen_hard 0 3999

expect_exit 0 cpe-index --embedder hash:dim=240 --stats build.json ivf
expect_grep build.json '"nlist": 64,'
expect_grep ivf.meta '"nprobe":8,'
expect_exit 0 cpe-search --sample 200 --recall --stats s.json ivf
r=$(sed -n 's/.*"recall_at_k": *\([0-9.]*\).*/\1/p' s.json)
awk -v r="$r" 'BEGIN { exit !(r >= 0.95) }' || fail "recall@10 $r < 0.95"
expect_grep err "ivf: 200 queries, recall@10 $r, search median"
# --exact is exact: recall 1.
expect_exit 0 cpe-search --sample 20 --recall --exact --stats e.json ivf
expect_grep e.json '"recall_at_k": 1,'
