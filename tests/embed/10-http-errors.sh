# HTTP failures: a server that is down, answers 500 or 429, garbage, too
# few vectors, a NaN, another dimension, an answer over the size cap,
# never answers in time, or drops the connection ends the run with exit 4 after the retries, and what was
# written downstream is whole records only.  A server that fails a few
# times and then recovers costs nothing.
. "$TESTS/lib/lib.sh"
. "$TESTS/embed/fake.sh"
need_cmd python3
awk 'BEGIN { for (i = 1; i <= 300; i++) printf "{\"n\":%d,\"text\":\"text %d\"}\n", i, i }' | pack > in.mp
R="retries=2,backoff_ms=10,timeout=2"
# Nothing listens.
expect_exit 4 embed -e "gtr:url=http://127.0.0.1:$(free_port),$R" in.mp
expect_grep err "^embed: .*Couldn't connect to server \(after 3 attempts\)"
[ -s out ] && fail "output although the server is down"
for mode in 500 429 garbage short nan wrongdim hang drop huge; do
	start_fake --dim 16 --mode $mode --hang 4
	expect_exit 4 embed -e "gtr:url=$FAKE,dim=16,$R" in.mp
	case $mode in
	500) expect_grep err 'HTTP 500: \{"error": "internal error \(fake\)"\} \(after 3 attempts\)' ;;
	429) expect_grep err 'HTTP 429.*after 3 attempts' ;;
	garbage) expect_grep err 'not JSON .* \(after every retry\)' ;;
	short) expect_grep err '15 vectors for 16 texts|63 vectors for 64 texts' ;;
	nan) expect_grep err 'not JSON' ;;
	wrongdim) expect_grep err 'a vector of dimension 17, this run.s is 16$' ;;
	hang) expect_grep err 'Timeout was reached \(after 3 attempts\)' ;;
	drop) expect_grep err 'after 3 attempts' ;;
	huge) expect_grep err 'larger than|too (big|large)' ;;
	esac
	[ -s out ] && fail "$mode: output although every request failed"
	stop_fake
done
# The dimension probe of a server answering garbage fails the same way.
start_fake --mode garbage
expect_exit 4 embed -e "ollama:url=$FAKE,model=m,$R" in.mp
expect_grep err 'probing the dimension'
stop_fake
# Another dimension in the middle of a run.
start_fake --dim 16 --mode flipdim
expect_exit 4 embed -e "ollama:url=$FAKE,model=m,batch=16,parallel=1,$R" -b 16 in.mp
expect_grep err 'a vector of dimension 17, this run.s is 16'
stop_fake
# Flaky: 429, 503 and then answers: retried, complete, correct.
start_fake --dim 16 --mode flaky --fail 2
expect_exit 0 embed -e "gtr:url=$FAKE,dim=16,batch=64,parallel=1,$R" in.mp
expect_eq "$(dump -c out)" 300 "records after transient failures"
dump out > o.jsonl
python3 "$TESTS/lib/fake-embed.py" --check o.jsonl || fail "wrong vectors after retries"
stop_fake
# Dies in the middle: batches of 64 records, one request each; the first
# two batches are written, whole, and nothing of the third.
start_fake --dim 16 --mode dieafter --fail 2
expect_exit 4 embed -e "gtr:url=$FAKE,dim=16,batch=64,parallel=1,$R" -b 64 in.mp
expect_eq "$(dump -c out)" 128 "records of the batches that succeeded"
dump --check out
stop_fake
start_fake --dim 16 --mode dieafter --fail 2
dump in.mp | pack -z > in.z
expect_exit 4 embed -z -e "gtr:url=$FAKE,dim=16,batch=64,parallel=1,$R" -b 64 in.z
expect_eq "$(dump -z -c out)" 128 "-z records of the batches that succeeded"
