#!/bin/sh
# Happy path: build a flat index, find a stored row by its own vector
# (score 1), search by text, and see the watermark in file and database.
. "$TESTS/lib/lib.sh"
. "$TESTS/cpe-index/gen.sh"
cpx_setup
gen 0 299

expect_exit 0 cpe-index --kind flat --embedder "$EMB" idx
[ -s idx ] && [ -s idx.meta ] || fail "idx or idx.meta missing"
expect_grep idx.meta '"kind":"flat".*"vector":"fused_vec","dim":64,"embedder":"hash:dim=48"'
expect_grep idx.meta '"ntotal":300,'
wm=$(sed 's/.*"watermark":\([0-9]*\).*/\1/' idx.meta)
expect_eq "$(sql "SELECT watermark || ' ' || ntotal || ' ' || kind FROM cpe_index_state WHERE name = 'idx'")" "$wm 300 flat" "database state"
expect_grep err 'idx: flat fused_vec, 300 vectors \(new index\), 300 added'

expect_exit 0 cpe-search -j -k 3 --like "$(uuid 42)" idx
expect_eq "$(wc -l <out | tr -d ' ')" 3 "hits"
expect_grep out "^\{\"query\":0,.*\"rank\":1,\"score\":1,\"row_id\":[0-9]+,\"cpe_id\":\"$(uuid 42)\",\"doc_id\":\"testwiki:10\",\"title\":\"Article 10\",\"section\":\"Section 0\",\"chunk_index\":2,\"tmd_lane\":\"lane_10\",\"lane\":\"lane_10\",\"text\":\"passage 42 about topic 2\"\}$"
# The other hits are the same topic.
expect_eq "$(grep -c 'about topic 2"' out)" 3 "same-topic hits"

expect_exit 0 cpe-search idx "passage about a topic" "second query"
expect_grep out '^query 1: passage about a topic$'
expect_grep out '^query 2: second query$'
expect_grep out '^ rank  score   title +section +text$'
expect_eq "$(grep -Ec '^ +[0-9]+  -?[0-9]\.[0-9]{4}  Article [0-9]+ +Section [0-2] +passage [0-9]+ about topic' out)" 20 "table rows"

# A second run with no changes rewrites nothing but the metadata.
cp idx idx.before
expect_exit 0 cpe-index idx
expect_grep err '0 added, 0 removed'
expect_same idx idx.before
