# An index built before the hash embedder's features version 2: its meta
# says "hash:dim=48" with model hash-v1-d48-...  cpe-search embeds its
# queries with version 1 (the same hits as --embedder hash:dim=48,v=1),
# an explicit --embedder that gives another model is refused, and a sync
# by cpe-index keeps version 1 and records it in the meta.
. "$TESTS/lib/lib.sh"
. "$TESTS/cpe-index/gen.sh"
cpx_setup
gen 0 99
expect_exit 0 cpe-index --kind flat --embedder "$EMB,v=1" idx
expect_grep idx.meta '"embedder":"hash:dim=48,v=1","embed_model":"hash-v1-d48-c3-4-b1"'
# As an index of the earlier version recorded it.
sed 's/"embedder":"hash:dim=48,v=1"/"embedder":"hash:dim=48"/' idx.meta >m &&
    mv m idx.meta
sql "UPDATE cpe_index_state SET embedder = 'hash:dim=48'"

expect_exit 0 cpe-search -j -k 5 idx "passage 7 about topic 7"
mv out pinned
expect_exit 0 cpe-search -j -k 5 --embedder "$EMB,v=1" idx "passage 7 about topic 7"
expect_same out pinned
expect_exit 2 cpe-search -j -k 5 --embedder "$EMB" idx "passage 7"
expect_grep err 'gives model hash-v2-d48-c3-4-b1, but idx was built with hash-v1-d48-c3-4-b1'

gen 100 119
expect_exit 0 cpe-index idx
expect_grep idx.meta '"embedder":"hash:dim=48,v=1","embed_model":"hash-v1-d48-c3-4-b1"'
expect_exit 0 cpe-search -j -k 5 idx "passage 7 about topic 7"
