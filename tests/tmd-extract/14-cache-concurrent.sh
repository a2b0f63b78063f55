# Two tmd-extract processes write one cache at the same time (as under
# GNU parallel); afterwards every label of both inputs is in it.
. "$TESTS/lib/lib.sh"
. "$TESTS/tmd-extract/fake.sh"
start_fake --mode jitter --delay 0.01
marked 400 | pack >all.mp
# Overlapping halves: records 0-249 and 150-399.
dump all.mp | sed -n '1,250p' | pack >a.mp
dump all.mp | sed -n '151,400p' | pack >b.mp
tmd-extract -m llm --endpoint "127.0.0.1:$PORT" --cache c.mdb -j 4 --batch 16 \
    --stats sa.json a.mp >a.out 2>a.err &
pa=$!
tmd-extract -m llm --endpoint "127.0.0.1:$PORT" --cache c.mdb -j 4 --batch 16 \
    --stats sb.json b.mp >b.out 2>b.err &
pb=$!
wait $pa || fail "writer a: $(cat a.err)"
wait $pb || fail "writer b: $(cat b.err)"
dump a.out >ga
dump b.out >gb
check_marked ga
check_marked gb
# No server now: all 400 come from the cache, with the right codes.
tmd-extract -m llm --endpoint 127.0.0.1:1 --retries 0 --cache c.mdb \
    --stats st.json all.mp | dump >got
check_marked got
expect_grep st.json '"cache_hits": 400'
