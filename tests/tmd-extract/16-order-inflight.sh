# Many requests in flight, answers in random order: output order is the
# input order, and the server saw the requests concurrently.
. "$TESTS/lib/lib.sh"
. "$TESTS/tmd-extract/fake.sh"
start_fake --mode jitter --delay 0.05
marked 200 | pack >in.mp
tmd-extract -m llm --endpoint "127.0.0.1:$PORT" -j 8 --batch 50 in.mp | dump >got
check_marked got
awk -F'"chunk_index":' '{ split($2, a, ","); if (a[1] != NR - 1) { print "order broken at line " NR; exit 1 } }' got >&2 ||
    fail "order"
m=$(fake_stat max_inflight)
[ "$m" -ge 4 ] || fail "only $m requests were in flight at once"
# Duplicate texts within a batch are asked once.
dump in.mp | sed -n '1,10p' >ten
cat ten ten ten | pack >dup.mp
tmd-extract -m llm --endpoint "127.0.0.1:$PORT" --stats st.json dup.mp | dump >gotdup
check_marked gotdup
expect_grep st.json '"llm_questions": 10'
