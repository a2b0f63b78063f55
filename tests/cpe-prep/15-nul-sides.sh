# --nul-in / --nul-out: -z on one side only.  Every combination of the
# framings gives the same records, framed as asked, and the fan-out
# with plain output (the stage after parallel reads plain) is
# byte-identical to cpe-prep alone.
. "$TESTS/lib/lib.sh"
need_cmd parallel python3
python3 "$DATA/cpe/gen-chunks.py" --articles 60 --chunks 6 --vary --dim 768 \
    --text-bytes 200 | pack > in.mp
rec-dump --copy --to nul in.mp > in.z
cpe-prep in.mp > plain.mp
cpe-prep -z in.z > both.z
cpe-prep --nul-in in.z > in-only.mp
cpe-prep --nul-out in.mp > out-only.z
expect_same plain.mp in-only.mp
expect_same both.z out-only.z
rec-dump -z --copy --to plain both.z > both.mp
expect_same plain.mp both.mp
# --nul-in reading plain records is a data error naming the input.
expect_exit 1 cpe-prep --nul-in in.mp
expect_grep err 'cpe-prep: in.mp'
# -z --nul-in is just -z.
cpe-prep -z --nul-in in.z > z2.z
expect_same both.z z2.z
parallel --will-cite --pipe --recend '\0' -k --block 64k --halt now,fail=1 \
    -j2 cpe-prep --nul-in < in.z > par.mp
expect_same plain.mp par.mp
