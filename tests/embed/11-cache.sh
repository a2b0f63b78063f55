# --cache FILE: the second run takes every vector from the cache (its
# hit rate is reported on stderr and in --stats) and writes the same
# records; the cache is per model.
. "$TESTS/lib/lib.sh"
pack < "$DATA/embed/chunks.jsonl" > in.mp
expect_exit 0 embed --cache c.lmdb --stats s1.json in.mp
mv out o1.mp
expect_grep err 'cache c.lmdb: 0 hits, 12 misses \(0.0%\)'
expect_grep s1.json '"cache_misses": ?12'
expect_exit 0 embed --cache c.lmdb --stats s2.json in.mp
expect_same out o1.mp
expect_grep err 'cache c.lmdb: 12 hits, 0 misses \(100.0%\)'
expect_grep s2.json '"cache_hit_rate": ?1'
expect_grep s2.json '"texts_embedded": ?0'
# Another model misses.
expect_exit 0 embed --cache c.lmdb -e hash:dim=32 in.mp
expect_grep err '0 hits, 12 misses'
# A file that is not a cache is an error before any record is read.
printf 'not lmdb at all, not at all\n%.0s' $(seq 1 300) > bad.lmdb
expect_exit 3 embed --cache bad.lmdb in.mp
[ -s out ] && fail "output with a bad cache"
true
