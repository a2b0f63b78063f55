# valgrind memcheck over cpe-prep and cpe-commit (into a fresh database)
# on the small cpe fixture, and a truncated stream into cpe-commit.
. "$TESTS/lib/lib.sh"
. "$TESTS/valgrind/lib.sh"
need_prog rec-dump cpe-prep
pack "$DATA/cpe/chunks.jsonl" > c.mp
vg 0 cpe-prep --dim 8 -o p.mp c.mp
[ -x "$WIKIPIPE_BIN/cpe-commit" ] || exit 0
need_pg
vg 0 cpe-commit p.mp
head -c 300 p.mp > tp.mp
vg 1 cpe-commit tp.mp
vg 0 cpe-commit p.mp
