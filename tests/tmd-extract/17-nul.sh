# -z framing in and out.
. "$TESTS/lib/lib.sh"
pack "$DATA/tmd/chunks.jsonl" >in.mp
rec-dump --copy --to nul in.mp >in.z
tmd-extract -z in.z >out.z
tmd-extract in.mp >out.mp
rec-dump -z out.z >a
rec-dump out.mp >b
expect_same a b
