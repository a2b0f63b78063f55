# Malformed answers are asked again, then handled by --on-malformed.
. "$TESTS/lib/lib.sh"
. "$TESTS/tmd-extract/fake.sh"
start_fake
# Wrong on the first try only: the retry fixes it.
marked 12 malformed-once | pack >once.mp
tmd-extract -m llm --endpoint "127.0.0.1:$PORT" --stats st.json once.mp | dump >got
check_marked got
expect_eq "$(count_source llm got)" 12 "llm labels"
expect_grep st.json '"llm_malformed": 12'
expect_grep st.json '"llm_questions": 24'
# Always wrong, out of range, not JSON, wrong JSON shape: after the
# re-asks the heuristic takes over (the default policy), marked "fallback".
for mode in malformed range badjson noshape; do
	marked 5 "$mode" | pack >bad.mp
	tmd-extract -m llm --endpoint "127.0.0.1:$PORT" --answer-retries 1 \
	    --stats "st-$mode.json" bad.mp | dump >"got-$mode"
	expect_eq "$(count_source fallback "got-$mode")" 5 "$mode: fallback labels"
	expect_grep "st-$mode.json" '"fallback": 5'
	expect_grep "st-$mode.json" '"llm_malformed": 10'
done
# --on-malformed fail stops with exit 4 naming the record.
marked 3 malformed | pack >bad.mp
expect_exit 4 tmd-extract -m llm --endpoint "127.0.0.1:$PORT" \
    --on-malformed fail --answer-retries 0 bad.mp
expect_grep err '^tmd-extract: bad\.mp: record 1: no well-formed answer after 1 tries'
