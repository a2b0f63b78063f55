#!/bin/sh
# Mismatches between the index, its options, the embedder and the
# database are clear errors.
. "$TESTS/lib/lib.sh"
. "$TESTS/cpe-index/gen.sh"
cpx_setup
gen 0 99

# The embedder must fit the stored vectors (16 + 48 = 64).
expect_exit 2 cpe-index idx
expect_grep err 'fused_vec is 64-D but embedder hash gives 768-D vectors \(fused_vec needs 784-D\)'
expect_exit 0 cpe-index --kind flat --embedder "$EMB" idx
expect_exit 2 cpe-index --vector concept idx
expect_grep err 'idx indexes fused_vec, not concept_vec \(use --rebuild'
expect_exit 2 cpe-index --kind hnsw idx
expect_grep err 'idx is a flat index, not hnsw'
expect_exit 2 cpe-index --embedder hash idx
expect_grep err 'built for embedder hash:dim=48, not hash'
expect_exit 2 cpe-search --embedder hash:dim=32 idx "query"
expect_grep err 'gives model .*, but idx was built with'

# A vector of the wrong size is a data error naming the row.
sql "UPDATE cpe_vectors_data SET concept_vec = substr(concept_vec, 1, 100) WHERE cpe_id = '$(uuid 42)'"
expect_exit 1 cpe-index idx
expect_grep err "cpe_id $(uuid 42): concept_vec is 100 bytes, expected 192 \\(48-D float32; the index is 64-D fused_vec\\)"
sql "UPDATE cpe_vectors_data SET concept_vec = cpx_concept(cpx_vec(42, 64, 20, 0.6)) WHERE cpe_id = '$(uuid 42)'"
expect_exit 0 cpe-index idx

# A damaged metadata file or index.
cp idx.meta meta.good
echo '{"format":"cpe-index 1"}' >idx.meta
expect_exit 1 cpe-index idx
expect_grep err 'idx.meta: not a cpe-index metadata file \(key name\)'
expect_exit 1 cpe-search idx "query"
cp meta.good idx.meta
cp idx idx.good
head -c 1000 idx.good >idx
expect_exit 1 cpe-index idx
expect_exit 1 cpe-search idx "query"
cp idx.good idx

# The same files against another database.
db1=$PGDATABASE
export PGDATABASE=${db1}_b
createdb "$PGDATABASE"
cpe-commit </dev/null 2>/dev/null
expect_exit 1 cpe-index idx
expect_grep err 'the database has no index named idx \(built against another database\?'
expect_exit 1 cpe-search idx "query"
expect_grep err 'the database has no index named idx'
# A database without the cpe-commit schema.
export PGDATABASE=${db1}_c
createdb "$PGDATABASE"
expect_exit 1 cpe-index --rebuild idx
expect_grep err 'database has no cpe_vectors/cpe_entry table'
export PGDATABASE=$db1
expect_exit 0 cpe-index idx
