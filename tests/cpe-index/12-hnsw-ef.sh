#!/bin/sh
# cpe-search --ef-search reaches the HNSW graph walk: on a graph built
# sparse on purpose (M 4, efConstruction 16) over scattered rows, a
# broader search finds more of the exact top 10.  (libfaiss 1.7.3 reads
# efSearch from the index, not from the search parameters: before the
# fix every --ef-search searched at the index's own 16.)
. "$TESTS/lib/lib.sh"
. "$TESTS/cpe-index/gen.sh"
cpx_setup
sql "SELECT cpx_gen(0, 2999, 256, 3000, 1.0)" >/dev/null

expect_exit 0 cpe-index --embedder hash:dim=240 --kind hnsw --hnsw-m 4 --ef-construction 16 h
recall() {
	expect_exit 0 cpe-search --sample 200 --recall --ef-search "$1" --stats "s$1.json" h
	sed -n 's/.*"recall_at_k": *\([0-9.]*\).*/\1/p' "s$1.json"
}
r10=$(recall 10) r400=$(recall 400)
awk -v a="$r10" -v b="$r400" 'BEGIN { exit !(b >= a + 0.2) }' ||
	fail "recall@10 at --ef-search 400 ($r400) is not well above that at 10 ($r10)"
# The recorded value is the default: 400 recorded, the same recall.
expect_exit 0 cpe-index --embedder hash:dim=240 --kind hnsw --hnsw-m 4 --ef-construction 16 --ef-search 400 h
expect_exit 0 cpe-search --sample 200 --recall --stats d.json h
expect_grep d.json "\"recall_at_k\": $r400,"
exit 0
