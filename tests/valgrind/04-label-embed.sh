# valgrind memcheck over tmd-extract (heuristic) and embed (built-in
# embedder) on small chunk fixtures, and their truncated-input errors.
. "$TESTS/lib/lib.sh"
. "$TESTS/valgrind/lib.sh"
need_prog rec-dump
ran=0
if [ -x "$WIKIPIPE_BIN/tmd-extract" ] && [ -f "$DATA/tmd/chunks.jsonl" ]; then
	pack "$DATA/tmd/chunks.jsonl" > t.mp
	vg 0 tmd-extract -o t2.mp t.mp
	head -c 150 t.mp > tt.mp
	vg 1 tmd-extract tt.mp
	ran=1
fi
if [ -x "$WIKIPIPE_BIN/embed" ] && [ -f "$DATA/embed/chunks.jsonl" ]; then
	pack "$DATA/embed/chunks.jsonl" > e.mp
	vg 0 embed -o e2.mp e.mp
	vg 0 embed -e hash:dim=64 -o e3.mp e.mp
	head -c 150 e.mp > te.mp
	vg 1 embed te.mp
	ran=1
fi
[ $ran = 1 ] || skip "tmd-extract and embed are not built yet"
