# The HTTP backends against tests/lib/fake-embed.py: each API gives the
# server's vector for each text, in input order, normalised; texts are
# sent in batches of batch=N with several requests in flight; the
# dimension is probed when not given; OpenAI answers out of order are put
# back by their index.
. "$TESTS/lib/lib.sh"
. "$TESTS/embed/fake.sh"
need_cmd python3
V="python3 $TESTS/embed/vecs.py"
CHECK="python3 $TESTS/lib/fake-embed.py --check"
awk 'BEGIN { for (i = 1; i <= 300; i++)
	printf "{\"doc_id\":\"d%d\",\"chunk_index\":%d,\"text\":\"chunk %d of the test: ü \\\"quoted\\\" \\\\ \\n end\"}\n", i % 7, i, i }' |
	pack > in.mp
start_fake --dim 32 --latency 20
for spec in "gtr:url=$FAKE,dim=32" "ollama:url=$FAKE,model=m1" \
    "openai:url=$FAKE/,model=m2" "openai:url=$FAKE/v1/embeddings,model=m2,dim=32"; do
	expect_exit 0 embed -e "$spec" in.mp
	dump out > o.jsonl
	$CHECK o.jsonl || fail "$spec: vectors do not match their texts"
	expect_eq "$($V info o.jsonl | sort -u | cut -d' ' -f1,2)" "32 1.0000" "$spec"
	expect_eq "$(dump out | sed 's/,"concept_vec".*//')" "$(dump in.mp | sed 's/}$//')" "$spec: order and keys"
done
expect_eq "$($V info o.jsonl | sort -u)" "32 1.0000 openai:m2"
# Batches: 300 texts, batch 64 -> 5 requests per run; several in flight.
before=$(fake_stat requests)
expect_exit 0 embed -e "gtr:url=$FAKE,dim=32,batch=64,parallel=4" in.mp
expect_eq "$(( $(fake_stat requests) - before ))" 5 "requests for 300 texts"
expect_eq "$(fake_stat max_batch)" 64 "largest batch"
[ "$(fake_stat max_inflight)" -ge 2 ] || fail "never more than one request in flight"
# Batch cuts do not change the result.
embed -e "gtr:url=$FAKE,dim=32,batch=7,parallel=3" -b 50 in.mp > cut.mp
expect_same out cut.mp
stop_fake
start_fake --dim 16 --mode shuffle
expect_exit 0 embed -e "openai:url=$FAKE,model=x" in.mp
dump out > s.jsonl
$CHECK s.jsonl || fail "shuffled OpenAI answer not put back in order"
expect_eq "$($V info s.jsonl | sort -u)" "16 1.0000 openai:x"
# An API key comes from the environment, never from the SPEC.
expect_eq "$(fake_stat auth)" 0 "requests with a key before any was set"
OPENAI_API_KEY=sk-test-secret embed -e "openai:url=$FAKE,model=x" in.mp > /dev/null 2>err
expect_no_grep err 'sk-test'
[ "$(fake_stat auth)" -ge 2 ] || fail "OPENAI_API_KEY was not sent"
a=$(fake_stat auth)
MY_KEY=sk-test-secret embed -e "openai:url=$FAKE,model=x,key_env=MY_KEY" in.mp > /dev/null
[ "$(fake_stat auth)" -gt "$a" ] || fail "key_env=MY_KEY was not used"
a=$(fake_stat auth)
OPENAI_API_KEY=sk-test-secret embed -e "openai:url=$FAKE,model=x,key_env=NO_SUCH_VAR" in.mp > /dev/null
expect_eq "$(fake_stat auth)" "$a" "a key sent although key_env names an unset variable"
# A failing request's message does not show the key either.
stop_fake
OPENAI_API_KEY=sk-test-secret
export OPENAI_API_KEY
expect_exit 4 embed -e "openai:url=$FAKE,model=x,retries=0" in.mp
expect_no_grep err 'sk-test'
