# valgrind memcheck over cpe-serve: started, asked every endpoint (good
# and bad requests, batches, a URL and a header too long, a damaged
# stored vector, a sync followed), stopped with SIGTERM; no
# memory error, no definite leak.
. "$TESTS/lib/lib.sh"
. "$TESTS/valgrind/lib.sh"
. "$TESTS/cpe-index/gen.sh"
. "$TESTS/cpe-serve/lib.sh"
need_prog cpe-serve cpe-index
cpx_setup
gen 0 99
expect_exit 0 cpe-index --kind ivfpq --nlist 4 --embedder "$EMB" idx
SERVE_WRAP="valgrind -q --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite --show-leak-kinds=definite --log-file=vg.log"
serve_start --threads 2 idx
expect_status 200 "$URL/search?q=passage+about+topic+3&k=3&lane=3&with_none=1"
expect_status 200 "$URL/search?like=$(uuid 5)&k=3"
expect_status 200 -X POST --data '{"queries":["topic one",{"q":"topic two","k":2,"domain":1}]}' "$URL/search"
expect_status 400 "$URL/search?q=%FF"
expect_status 400 -X POST --data '{"q":' "$URL/search"
expect_status 413 -X POST --data '{"queries":["a","b","c","d","e","f","g","h","i","j","k","l","m","n","o","p","q","r","s","t","u","v","w","x","y","z","a","b","c","d","e","f","g","h","i","j","k","l","m","n","o","p","q","r","s","t","u","v","w","x","y","z","a","b","c","d","e","f","g","h","i","j","k","l","m"]}' "$URL/search"
expect_status 404 "$URL/search?like=$(uuid 999)"
expect_status 200 -X POST --data '{"k":2,"lane":3,"queries":["topic one",{"q":"topic two","k":3}]}' "$URL/search"
head -c 20000 /dev/zero | tr '\0' a >a20k
expect_status 414 "$URL/search?q=$(cat a20k)"
expect_status 431 -H "X-Long: $(cat a20k)" "$URL/health"
expect_status 200 "$URL/health"
expect_status 200 "$URL/metrics"
expect_status 200 "$URL/"
gen 100 149
expect_exit 0 cpe-index idx
i=0
until [ "$(curl -s "$URL/health" | jq .index.rows)" = 150 ]; do
	i=$((i + 1)); [ $i -lt 300 ] || fail "sync not followed"
	sleep 0.1
done
expect_status 200 "$URL/search?q=passage+about+topic+3&k=3"
sql "UPDATE cpe_vectors_data SET concept_vec = '\\x0102'::bytea WHERE cpe_id = '$(uuid 7)'"
expect_status 500 "$URL/search?like=$(uuid 7)&k=3"
serve_stop
[ ! -s vg.log ] || { head -c 4000 vg.log >&2; fail "valgrind found errors in cpe-serve"; }
