#!/bin/sh
# --lane and --domain filter inside the search: k hits of that lane come
# back even when the lane is a sixteenth of the rows, for every kind, and
# --exact agrees with the flat index.  Rows whose codes are no finding
# (tmd_source "none") are in no lane unless --with-none asks for them.
. "$TESTS/lib/lib.sh"
. "$TESTS/cpe-index/gen.sh"
cpx_setup
gen 0 799
for k in flat ivf hnsw; do
	expect_exit 0 cpe-index --kind $k --nlist 8 --embedder "$EMB" $k
done
for k in flat ivf hnsw; do
	expect_exit 0 cpe-search -j -k 10 --lane lane_5 --like "$(uuid 3)" $k
	expect_eq "$(grep -c '"tmd_lane":"lane_5"' out)" 10 "$k lane hits"
	expect_eq "$(wc -l <out | tr -d ' ')" 10 "$k lines"
	expect_exit 0 cpe-search -j -k 10 --domain 7 --exact --like "$(uuid 3)" $k
	mv out $k-exact.out
	expect_eq "$(grep -c '"tmd_lane":"lane_7"' $k-exact.out)" 10 "$k domain hits"
	# Only 50 rows are in lane 9: -k 80 gives those 50.
	expect_exit 0 cpe-search -j -k 80 --lane 9 --exact --like "$(uuid 3)" $k
	expect_eq "$(grep -c '"tmd_lane":"lane_9"' out)" 50 "$k small lane"
	expect_exit 0 cpe-search -j -k 5 --lane 9 --domain 8 --like "$(uuid 3)" $k
	[ ! -s out ] || fail "$k: lane 9 and domain 8 should match nothing"
done
expect_same ivf-exact.out flat-exact.out
expect_same hnsw-exact.out flat-exact.out
# Half of lane 9 becomes "no evidence": --lane 9 leaves those 25 out,
# --with-none keeps them; an unfiltered search is unchanged.
sql "UPDATE cpe_entry SET tmd_source = 'none' WHERE lane_index = 9 AND
     cpe_id IN (SELECT cpe_id FROM cpe_entry WHERE lane_index = 9 ORDER BY cpe_id LIMIT 25)"
expect_exit 0 cpe-search -j -k 80 --lane 9 --exact --like "$(uuid 3)" flat
expect_eq "$(grep -c '"tmd_lane":"lane_9"' out)" 25 "lane 9 without the none rows"
expect_exit 0 cpe-search -j -k 80 --lane 9 --with-none --exact --like "$(uuid 3)" flat
expect_eq "$(grep -c '"tmd_lane":"lane_9"' out)" 50 "lane 9 with --with-none"
expect_exit 0 cpe-search -j -k 80 --domain 9 --exact --like "$(uuid 3)" flat
expect_eq "$(grep -c '"tmd_lane":"lane_9"' out)" 25 "domain 9 without the none rows"
