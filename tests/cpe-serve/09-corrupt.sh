#!/bin/sh
# A damaged stored vector reached through like: status 500 with a JSON
# error (the store's fault, not the request's), the reason on standard
# error, and the server goes on; cpe-search still exits 1 on it.
. "$TESTS/lib/lib.sh"
. "$TESTS/cpe-index/gen.sh"
. "$TESTS/cpe-serve/lib.sh"
cpx_setup
gen 0 99
expect_exit 0 cpe-index --kind flat --embedder "$EMB" idx
# Row 3: a concept vector of 2 bytes; row 5: a NaN in its first element.
sql "UPDATE cpe_vectors_data SET concept_vec = '\\x0102'::bytea WHERE cpe_id = '$(uuid 3)'"
sql "UPDATE cpe_vectors_data SET concept_vec = overlay(concept_vec placing '\\x0000c07f'::bytea from 1 for 4) WHERE cpe_id = '$(uuid 5)'"
serve_start --threads 2 idx

expect_status 500 "$URL/search?like=$(uuid 3)&k=3"
expect_eq "$(jq -r .error.message body)" "like: the stored vector of $(uuid 3) is damaged" "message"
expect_status 500 "$URL/search?like=$(uuid 5)&k=3"
expect_status 500 -X POST --data "{\"queries\":[\"topic\",{\"like\":\"$(uuid 3)\"}]}" "$URL/search"
expect_eq "$(jq -r .error.message body)" "query 1: like: the stored vector of $(uuid 3) is damaged" "batch message"
expect_no_grep bodies 'bytes|expected|float32|cpe_vectors'
# Still serving: other rows, other queries, health.
expect_status 200 "$URL/search?like=$(uuid 4)&k=3"
expect_eq "$(jq '.hits | length' body)" 3 "like of a sound row"
expect_status 200 "$URL/search?q=passage+about+topic+3&k=3"
expect_status 200 "$URL/health"
expect_status 200 "$URL/metrics"
expect_grep body '^cpe_serve_requests_total\{code="500"\} 3$'
serve_stop
expect_grep serve.err "like $(uuid 3): cpe_vectors cpe_id $(uuid 3): concept_vec is 2 bytes, expected 192"
expect_grep serve.err "like $(uuid 5): cpe_vectors cpe_id $(uuid 5): fused_vec element 16 is not finite"

# cpe-search: unchanged, exit 1 with the reason.
expect_exit 1 cpe-search -j -k 3 --like "$(uuid 3)" idx
expect_grep err "cpe-search: cpe_vectors cpe_id $(uuid 3): concept_vec is 2 bytes, expected 192"
