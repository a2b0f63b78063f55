# Transport failures: 500/429 retried; a dead server is exit 4 unless
# --fallback heuristic; timeouts; connections closed without an answer.
. "$TESTS/lib/lib.sh"
. "$TESTS/tmd-extract/fake.sh"
start_fake
for mode in 500-once 429-once; do
	marked 6 "$mode" | pack >in.mp
	tmd-extract -m llm --endpoint "127.0.0.1:$PORT" --stats "st-$mode.json" \
	    in.mp | dump >got
	check_marked got
	expect_grep "st-$mode.json" '"llm_attempts": 12'
done
# Always 500 or 503: exit 4 after the retries, naming the record.
marked 3 500 | pack >in.mp
expect_exit 4 tmd-extract -m llm --endpoint "127.0.0.1:$PORT" --retries 1 in.mp
expect_grep err '^tmd-extract: in\.mp: record 1: http://127\.0\.0\.1:[0-9]+/api/generate: HTTP status 500 .*after 2 attempts'
[ ! -s out ] || fail "records written although the run failed"
# The same with a fallback: labelled by the heuristic, counted, marked.
marked 3 503 | pack >in.mp
expect_exit 0 tmd-extract -m llm --endpoint "127.0.0.1:$PORT" --retries 1 \
    --fallback heuristic --stats st.json in.mp
expect_grep err 'LLM unreachable'
dump out >got
expect_eq "$(count_source fallback got)" 3 "fallback labels"
expect_grep st.json '"fallback": 3'
# Nothing listening.
marked 3 | pack >in.mp
expect_exit 4 tmd-extract -m llm --endpoint 127.0.0.1:1 --retries 1 in.mp
expect_grep err "127\\.0\\.0\\.1:1/api/generate: (Couldn't connect|Could not connect)"
expect_exit 0 tmd-extract -m llm --endpoint 127.0.0.1:1 --retries 0 \
    --fallback heuristic in.mp
# Too slow: the per-request timeout fires, then the retries.
marked 2 timeout | pack >slow.mp
expect_exit 4 tmd-extract -m llm --endpoint "127.0.0.1:$PORT" --timeout 0.3 \
    --retries 1 slow.mp
expect_grep err 'Timeout was reached'
# Connection closed without a reply.
marked 2 close | pack >close.mp
expect_exit 4 tmd-extract -m llm --endpoint "127.0.0.1:$PORT" --retries 1 close.mp
expect_grep err 'Server returned nothing|Empty reply from server|Recv failure'
