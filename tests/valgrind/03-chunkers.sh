# valgrind memcheck over the chunkers on a small article fixture:
# chunk-episode, chunk-semantic (simple and semantic modes), truncated
# input.
. "$TESTS/lib/lib.sh"
. "$TESTS/valgrind/lib.sh"
need_prog rec-dump chunk-episode
[ -f "$DATA/chunk/articles.jsonl" ] || skip "no chunk fixtures yet"
pack "$DATA/chunk/articles.jsonl" > art.mp
vg 0 chunk-episode -o ep.mp art.mp
head -c 200 art.mp > t.mp
vg 1 chunk-episode t.mp
[ -x "$WIKIPIPE_BIN/chunk-semantic" ] || exit 0
vg 0 chunk-semantic -o ch.mp ep.mp
chunk-semantic --help | grep -q -- '--mode' && vg 0 chunk-semantic --mode semantic -o ch2.mp ep.mp
vg 1 chunk-semantic t.mp
:
