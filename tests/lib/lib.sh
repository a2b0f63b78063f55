# SPDX-License-Identifier: ISC
# tests/lib/lib.sh: sourced by every test case (tests/<tool>/NN-what.sh).
#
# run.sh gives each case a fresh scratch directory as its working directory
# and exports:
#   TESTS     the tests/ directory      DATA      tests/data
#   WIKIDATA  ../shared/wikidata beside the project (may be absent)
#   PATH      the built programs first, then tests/bin
#   EXEC_PREFIX  optional wrapper (valgrind) placed before our programs
# A case passes when it exits 0 with no stdout, or matches its sidecars
# (NAME.sh.exit, NAME.sh.stdout.exact|glob, NAME.sh.stderr.exact|glob).
# Exit 77 means skipped; the last line of stderr says why.
set -eu
LC_ALL=C
export LC_ALL

# fail MSG: stop the case with a reason.
fail() { printf 'FAIL: %s\n' "$*" >&2; exit 1; }

# skip MSG: stop the case as skipped.
skip() { printf 'SKIP: %s\n' "$*" >&2; exit 77; }

# run CMD...: run CMD with stdout to ./out and stderr to ./err; sets $rc.
run() { rc=0; "$@" >out 2>err || rc=$?; }

# expect_exit N CMD...: run CMD and require exit status N.
expect_exit() {
	_lib_want=$1; shift
	run "$@"
	[ "$rc" -eq "$_lib_want" ] || {
		printf 'stderr was:\n' >&2; head -c 2000 err >&2
		fail "exit $rc, wanted $_lib_want: $*"; }
}

# expect_grep FILE ERE: FILE must contain a line matching ERE.
expect_grep() {
	grep -Eq -- "$2" "$1" || { printf '%s was:\n' "$1" >&2; head -c 2000 "$1" >&2
		fail "no line matching /$2/ in $1"; }
}

# expect_no_grep FILE ERE: no line of FILE may match ERE.
expect_no_grep() {
	! grep -Eq -- "$2" "$1" || { grep -E -- "$2" "$1" | head -5 >&2
		fail "unexpected /$2/ in $1"; }
}

# expect_same A B: files must be byte-identical.
expect_same() { cmp -s "$1" "$2" || { diff "$1" "$2" | head -20 >&2; fail "$1 and $2 differ"; }; }

# expect_eq GOT WANT [WHAT]
expect_eq() { [ "$1" = "$2" ] || fail "${3:-value}: got '$1', wanted '$2'"; }

# need_wikidata: skip unless the shared real dumps are present.
need_wikidata() {
	[ -d "$WIKIDATA" ] || skip "real dumps not found at $WIKIDATA (shared/wikidata absent)"
}

# need_cmd NAME...: skip unless each command exists.
need_cmd() {
	for c; do command -v "$c" >/dev/null 2>&1 || skip "$c not installed"; done
}

# need_pg: a fresh, empty database in the run's throwaway cluster, exported
# as PGDATABASE; skip when run.sh could not start a cluster.
need_pg() {
	[ -n "${WIKIPIPE_TEST_PGHOST:-}" ] || skip "no PostgreSQL cluster for tests (${WIKIPIPE_TEST_PGWHY:-not started})"
	export PGHOST="$WIKIPIPE_TEST_PGHOST" PGPORT="$WIKIPIPE_TEST_PGPORT" PGUSER="$WIKIPIPE_TEST_PGUSER"
	PGDATABASE="t_$(basename "$PWD" | tr -c 'a-zA-Z0-9\n' _)_$$"
	export PGDATABASE
	createdb "$PGDATABASE" || fail "createdb $PGDATABASE"
}

# pack / dump: JSONL <-> msgpack through rec-dump.
pack() { rec-dump --pack "$@"; }
dump() { rec-dump "$@"; }
