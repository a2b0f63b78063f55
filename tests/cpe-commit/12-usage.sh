# Usage errors (exit 2), --help (exit 0, stdout, every option in the
# man page), empty input (exit 0, a run with nothing), truncated input
# (exit 1 naming the record).
. "$TESTS/lib/lib.sh"
. "$TESTS/cpe-commit/lib.sh"
expect_exit 2 cpe-commit --no-such-option
expect_grep err '^usage: cpe-commit'
expect_exit 2 cpe-commit --batch-articles 0
expect_exit 2 cpe-commit --retries x
expect_exit 2 cpe-commit -o file
expect_exit 2 cpe-commit a b
expect_exit 0 cpe-commit --help
expect_grep out '^usage: cpe-commit'
for o in $(grep -o -- '--[a-z-]*' out | sort -u); do
	sed "s/\\\\//g" "$ROOT/man/cpe-commit.1" | grep -q -- "Fl ${o#-}" || fail "$o not in man/cpe-commit.1"
done
need_pg
expect_exit 0 cpe-commit < /dev/null
expect_eq "$(sql "SELECT status||rows FROM cpe_run")" ok0 "empty run"
pack "$DATA/cpe/chunks.jsonl" | cpe-prep --dim 8 > in.mp
head -c $(( $(wc -c < in.mp) - 7 )) in.mp > cut.mp
expect_exit 1 cpe-commit cut.mp
expect_grep err '^cpe-commit: cut.mp: record 9 '
expect_eq "$(sql 'SELECT count(*) FROM cpe_ledger')" 2 "whole articles before the cut"
