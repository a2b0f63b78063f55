# The persistent cache: a second run needs no server; hits and misses are
# reported; a corrupt or unusable cache file is a clear error (exit 3).
. "$TESTS/lib/lib.sh"
. "$TESTS/tmd-extract/fake.sh"
start_fake
marked 30 | pack >in.mp
tmd-extract -m llm --endpoint "127.0.0.1:$PORT" --cache c.mdb --stats st1.json \
    in.mp 2>err1 | dump >got1
check_marked got1
expect_grep st1.json '"cache_misses": 30'
expect_grep err1 'cache c\.mdb: 0 hits, 30 misses, hit rate 0\.0%'
# Server gone: every label comes from the cache.
tmd-extract -m llm --endpoint 127.0.0.1:1 --retries 0 --cache c.mdb \
    --stats st2.json in.mp 2>err2 | dump >got2
check_marked got2
expect_eq "$(count_source cache got2)" 30 "cache labels"
expect_grep st2.json '"cache_hits": 30'
expect_grep st2.json '"cache_hit_rate": 1'
expect_grep err2 '30 hits, 0 misses, hit rate 100\.0%'
# Whitespace differences hit the same entry; another model does not.
dump in.mp | sed 's/Passage /Passage   /' | pack >spaced.mp
expect_exit 0 tmd-extract -m llm --endpoint 127.0.0.1:1 --retries 0 --cache c.mdb spaced.mp
expect_exit 4 tmd-extract -m llm --endpoint 127.0.0.1:1 --retries 0 --cache c.mdb \
    --model other in.mp
# The environment names the cache; --no-cache ignores it.
WIKIPIPE_TMD_CACHE=c.mdb expect_exit 0 tmd-extract -m llm --endpoint 127.0.0.1:1 \
    --retries 0 in.mp
WIKIPIPE_TMD_CACHE=c.mdb expect_exit 4 tmd-extract -m llm --endpoint 127.0.0.1:1 \
    --retries 0 --no-cache in.mp
# Corrupt: not an LMDB file.
for i in 1 2 3 4 5 6 7 8 9 10; do echo "this is not a cache file at all"; done >bad.mdb
expect_exit 3 tmd-extract -m llm --endpoint "127.0.0.1:$PORT" --cache bad.mdb in.mp
expect_grep err '^tmd-extract: bad\.mdb: .*corrupt'
# Corrupt: truncated.
cp c.mdb t.mdb
head -c 4096 c.mdb >t.mdb
expect_exit 3 tmd-extract -m llm --endpoint "127.0.0.1:$PORT" --cache t.mdb in.mp
expect_grep err '^tmd-extract: t\.mdb: .*corrupt'
# Cannot be created.
expect_exit 3 tmd-extract -m llm --endpoint "127.0.0.1:$PORT" --cache bad.mdb/x.mdb in.mp
expect_grep err '^tmd-extract: bad\.mdb/x\.mdb: cannot open or create cache'
