#!/bin/sh
# SPDX-License-Identifier: ISC
# tests/run.sh: the test runner of `make check`.
#
#   sh tests/run.sh [-k] [-v] [DIR|CASE ...]
#
# Runs the C unit tests ($WIKIPIPE_UNIT/test_*), then every case
# tests/<tool>/NN-what.sh in a fresh scratch directory, compares sidecars,
# and ends with one line "N passed, N failed, N skipped".  -k keeps the
# scratch directories (under tests/out/), -v shows skipped reasons and
# failing output in full.  Exit status 0 only when nothing failed.
set -u
LC_ALL=C; export LC_ALL
keep=0 verbose=0
while [ $# -gt 0 ]; do
	case $1 in
	-k) keep=1 ;;
	-v) verbose=1 ;;
	--) shift; break ;;
	-*) echo "usage: run.sh [-k] [-v] [dir|case ...]" >&2; exit 2 ;;
	*) break ;;
	esac
	shift
done

TESTS=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$TESTS")
DATA=$TESTS/data
: "${WIKIPIPE_BIN:=$ROOT/build/bin}"
: "${WIKIPIPE_UNIT:=$ROOT/build/unit}"
: "${WIKIDATA:=$(cd "$ROOT/.." && pwd)/shared/wikidata}"
PATH=$WIKIPIPE_BIN:$TESTS/bin:$PATH
export TESTS DATA ROOT WIKIDATA PATH WIKIPIPE_BIN
# Each run has its own scratch tree, so runs side by side do not collide;
# it is removed at the end unless -k or a case failed.
mkdir -p "$ROOT/tests/out"
OUT=$(mktemp -d "$ROOT/tests/out/run.XXXXXX")
chmod 755 "$OUT"	# the postgres user of a test cluster must reach it

pass=0 failn=0 skipn=0 failed=""

report() {	# status name detail
	case $1 in
	ok) pass=$((pass + 1)); echo "ok      $2" ;;
	skip) skipn=$((skipn + 1)); echo "skip    $2${3:+ # $3}" ;;
	*) failn=$((failn + 1)); failed="$failed $2"; echo "FAIL    $2"
	   [ -n "${3:-}" ] && printf '%s\n' "$3" | head -n $([ $verbose = 1 ] && echo 200 || echo 25) | sed 's/^/  | /' ;;
	esac
}

# One PostgreSQL cluster for the whole run; need_pg makes a database each.
. "$TESTS/lib/pg.sh"
PGDIR=""
if [ "${WIKIPIPE_TEST_PG:-1}" = 1 ]; then
	PGDIR=$(mktemp -d /tmp/wikipipe-pg.XXXXXX)
	if ( pg_start "$PGDIR" >"$OUT/pg-start.log" 2>&1 ); then
		WIKIPIPE_TEST_PGHOST=$PGDIR WIKIPIPE_TEST_PGPORT=5432
		WIKIPIPE_TEST_PGUSER=$([ "$(id -u)" -eq 0 ] && echo postgres || id -un)
		export WIKIPIPE_TEST_PGHOST WIKIPIPE_TEST_PGPORT WIKIPIPE_TEST_PGUSER
	else
		WIKIPIPE_TEST_PGWHY="could not start: $(tail -n 1 "$OUT/pg-start.log")"
		export WIKIPIPE_TEST_PGWHY
		rm -rf "$PGDIR"; PGDIR=""
	fi
else
	WIKIPIPE_TEST_PGWHY="WIKIPIPE_TEST_PG=0"; export WIKIPIPE_TEST_PGWHY
fi
trap '[ -n "$PGDIR" ] && pg_stop "$PGDIR"; [ $keep = 1 ] || [ "${failn:-1}" -ne 0 ] || rm -rf "$OUT"' EXIT
trap 'exit 130' INT TERM

# Unit tests first: each binary prints its own failures and exits non-zero.
want_unit=0
[ $# -eq 0 ] && want_unit=1
for a; do [ "$a" = unit ] && want_unit=1; done
if [ $want_unit = 1 ]; then
	for u in "$WIKIPIPE_UNIT"/test_*; do
		[ -x "$u" ] || continue
		n=unit/$(basename "$u")
		if o=$(cd "$OUT" && "$u" 2>&1); then report ok "$n"
		else report fail "$n" "$o"; fi
	done
fi

# Which cases: all, or the directories / files named.
cases=""
if [ $# -eq 0 ]; then
	cases=$(ls "$TESTS"/*/[0-9]*.sh 2>/dev/null | sort)
else
	for a; do
		[ "$a" = unit ] && continue
		if [ -d "$TESTS/$a" ]; then cases="$cases $(ls "$TESTS/$a"/[0-9]*.sh 2>/dev/null | sort)"
		elif [ -f "$a" ]; then cases="$cases $(cd "$(dirname "$a")" && pwd)/$(basename "$a")"
		elif [ -f "$TESTS/$a" ]; then cases="$cases $TESTS/$a"
		else echo "run.sh: no such test: $a" >&2; exit 2; fi
	done
fi

# match_glob FILE PATTERNFILE: every line of the pattern must glob-match
# the same line of the file (shell pattern, * and ? and [...]).
match_glob() {
	[ "$(wc -l <"$1")" -eq "$(wc -l <"$2")" ] || return 1
	exec 3<"$1" 4<"$2"
	while IFS= read -r got <&3 && IFS= read -r pat <&4; do
		case $got in $pat) ;; *) exec 3<&- 4<&-; return 1 ;; esac
	done
	exec 3<&- 4<&-
	return 0
}

for c in $cases; do
	name=${c#"$TESTS"/}
	dir=$OUT/$(echo "$name" | tr / _)
	mkdir -p "$dir"
	rc=0
	(cd "$dir" && exec sh "$c" >"$dir/.stdout" 2>"$dir/.stderr" </dev/null) || rc=$?
	want=0
	[ -f "$c.exit" ] && want=$(cat "$c.exit")
	why=""
	if [ $rc -eq 77 ] && [ $want -ne 77 ]; then
		report skip "$name" "$(tail -n 1 "$dir/.stderr" | sed 's/^SKIP: //')"
		[ $keep = 1 ] || rm -rf "$dir"
		continue
	fi
	[ $rc -eq "$want" ] || why="exit $rc, wanted $want"
	if [ -z "$why" ]; then
		if [ -f "$c.stdout.exact" ]; then cmp -s "$c.stdout.exact" "$dir/.stdout" || why="stdout differs from $name.stdout.exact"
		elif [ -f "$c.stdout.glob" ]; then match_glob "$dir/.stdout" "$c.stdout.glob" || why="stdout does not match $name.stdout.glob"
		elif [ -s "$dir/.stdout" ]; then why="unexpected stdout"; fi
	fi
	if [ -z "$why" ]; then
		if [ -f "$c.stderr.exact" ]; then cmp -s "$c.stderr.exact" "$dir/.stderr" || why="stderr differs from $name.stderr.exact"
		elif [ -f "$c.stderr.glob" ]; then match_glob "$dir/.stderr" "$c.stderr.glob" || why="stderr does not match $name.stderr.glob"
		fi
	fi
	if [ -z "$why" ]; then
		report ok "$name"
		[ $keep = 1 ] || rm -rf "$dir"
	else
		report fail "$name" "$why
--- stdout:
$(head -c 1500 "$dir/.stdout")
--- stderr:
$(head -c 3000 "$dir/.stderr")"
	fi
done

[ -n "$failed" ] && echo "failed:$failed (scratch directories kept in $OUT)"
echo "$pass passed, $failn failed, $skipn skipped"
[ $failn -eq 0 ]
