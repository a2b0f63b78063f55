# The fan-out of DESIGN 3: parallel cpe-prep -z | cpe-commit -z loads the
# same tables as the plain pipeline.
. "$TESTS/lib/lib.sh"
. "$TESTS/cpe-commit/lib.sh"
need_pg
need_cmd python3 parallel
python3 "$DATA/cpe/gen-chunks.py" --dim 8 --articles 200 --chunks 6 --vary > in.jsonl
pack in.jsonl | cpe-prep --dim 8 | cpe-commit
want=$(cksum)
PGDATABASE=${PGDATABASE}_z; export PGDATABASE
createdb "$PGDATABASE"
pack -z in.jsonl | parallel --will-cite --pipe --recend '\0' -k --block 32k \
    --halt now,fail=1 -j3 cpe-prep -z --dim 8 | cpe-commit -z --batch-articles 7
expect_eq "$(cksum)" "$want" "checksum through parallel and -z"
