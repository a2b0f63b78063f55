#!/bin/sh
# SPDX-License-Identifier: ISC
# fuzz/run.sh: build the libFuzzer harnesses and run them (`make fuzz`).
#
#   sh fuzz/run.sh [-b] [-r] [-s] [-t SECONDS] [HARNESS ...]
#
#   -b          build only
#   -r          replay only: run each harness once over its seeds
#               (fuzz/corpus/NAME) and its regression inputs
#               (fuzz/regress/NAME); no new inputs are generated
#   -s          smoke (CI): replay, then fuzz each harness for
#               FUZZ_SMOKE_SECONDS (5) seconds
#   -t SECONDS  fuzz each harness this long (default $FUZZ_SECONDS or 30)
#
# Harnesses whose sources are not in the tree yet (stages still being
# written) are skipped with a note.  Everything is built with clang
# (FUZZ_CC, default clang) and -fsanitize=fuzzer,address,undefined into
# build/fuzz/: an instrumented copy of common/, then one binary per
# harness (build/fuzz-smoke/ for -s).  Inputs that libFuzzer finds
# interesting go to
# build/fuzz/corpus/NAME (the checked-in seeds are never written); a crash
# is saved as build/fuzz/crash/NAME/crash-* and makes the script exit 1.
# Copy a crash into fuzz/regress/NAME/ once fixed: the smoke test replays it.
# Exit status: 0 all passed, 1 a harness crashed, 2 usage, 77 no clang.
set -u
LC_ALL=C; export LC_ALL
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT" || exit 3
OUT=$ROOT/build/fuzz
CC=${FUZZ_CC:-clang}
secs=${FUZZ_SECONDS:-30}
mode=fuzz
while getopts brst: c; do
	case $c in
	b) mode=build ;;
	r) mode=replay ;;
	s) mode=smoke; secs=${FUZZ_SMOKE_SECONDS:-5} ;;
	t) secs=$OPTARG ;;
	*) echo "usage: fuzz/run.sh [-b] [-r] [-s] [-t seconds] [harness ...]" >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
case $secs in ''|*[!0-9]*) echo "fuzz/run.sh: bad seconds: $secs" >&2; exit 2 ;; esac

# A smoke run (make check) builds apart from `make fuzz`, and runs of one
# kind take turns: engineers share the checkout and its build/.
[ $mode = smoke ] && OUT=$ROOT/build/fuzz-smoke
OUT=${FUZZ_OUT:-$OUT}
mkdir -p "$OUT" || exit 3
if command -v flock >/dev/null 2>&1; then
	exec 9> "$OUT.lock"
	flock -w "${FUZZ_LOCK_WAIT:-900}" 9 || {
		echo "fuzz/run.sh: $OUT is busy (another run holds $OUT.lock)" >&2; exit 77; }
fi

command -v "$CC" >/dev/null 2>&1 || { echo "fuzz/run.sh: $CC not found (apt-get install clang libclang-rt-14-dev)" >&2; exit 77; }

# NAME | harness source | extra sources (must all exist) | extra flags
# Sources #included by a harness (rec-dump.c, http.c) are marked @ and
# listed so that the harness is skipped while they are absent.  A glob
# (filters/wiki-fetch-*.c) links a program's private files, as the
# Makefile does.
HARNESSES='
record     | fuzz/fuzz_record.c    |                                   |
record_z   | fuzz/fuzz_record.c    |                                   | -DFUZZ_NUL
cobs       | fuzz/fuzz_cobs.c      |                                   |
json       | fuzz/fuzz_json.c      |                                   |
pack       | fuzz/fuzz_pack.c      | @filters/rec-dump.c               |
dump       | fuzz/fuzz_dump.c      | @filters/rec-dump.c               |
sentence   | fuzz/fuzz_sentence.c  | @common/sentence.c                |
wikitext   | fuzz/fuzz_wikitext.c  | filters/wiki-fetch-wikitext*.c    |
xml        | fuzz/fuzz_wikifetch.c | @filters/wiki-fetch.c filters/wiki-fetch-*.c |
jsonl      | fuzz/fuzz_wikifetch.c | @filters/wiki-fetch.c filters/wiki-fetch-*.c | -DFUZZ_JSONL
llm        | fuzz/fuzz_llm.c       | @common/llm.c                     |
http       | fuzz/fuzz_http.c      | @common/http.c                    |
embed_http | fuzz/fuzz_embed_http.c | @common/embed_http.c             |
answers    | fuzz/fuzz_answers.c   | @filters/cpe-prep-cpesh.c @common/tmd.c |
'

PKG_CFLAGS=$(pkg-config --cflags msgpack libpq libxxhash libcurl 2>/dev/null)
PKG_LIBS=$(pkg-config --libs msgpack libpq libxxhash libcurl icu-uc icu-i18n 2>/dev/null || echo -lmsgpackc -lpq -lxxhash -lcurl -licui18n -licuuc -licudata)
LIBS="$PKG_LIBS -llmdb -lbz2 -lpthread -lm"
# pointer-overflow and nonnull-attribute are off: they report "NULL + 0"
# and memcpy(dst, NULL, 0) on empty struct bufs (p == NULL, len == 0), a
# pattern the code base uses everywhere; a NULL with a length is a crash
# that ASan reports anyway.
SAN="-fsanitize=address,undefined -fno-sanitize=pointer-overflow,nonnull-attribute -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
CFLAGS="-std=c11 -g -O1 $SAN -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -I. -I$OUT $PKG_CFLAGS -w"

mkdir -p "$OUT/obj/common" "$OUT/obj/filters" "$OUT/bin"
[ -f "$OUT/version.h" ] || printf '#define WIKIPIPE_VERSION "fuzz"\n' > "$OUT/version.h"

# newest header, so a changed contract rebuilds everything
hdr_newest=$(ls -t common/*.h filters/*.h fuzz/*.h tests/unit/*.h fuzz/run.sh 2>/dev/null | head -n 1)

# obj SRC OBJ FLAGS...: compile when out of date; returns non-zero on error.
obj() {
	_s=$1 _o=$2; shift 2
	if [ -f "$_o" ] && [ ! "$_s" -nt "$_o" ] && [ ! "$hdr_newest" -nt "$_o" ]; then
		return 0
	fi
	$CC $CFLAGS "$@" -c -o "$_o" "$_s" 2>"$_o.log" || {
		echo "fuzz: cannot compile $_s (see $_o.log)" >&2; rm -f "$_o"; return 1; }
}

# The instrumented common library; a file that does not compile (work in
# progress) is left out and only harnesses needing it fail to link.
libobjs=""
for s in common/*.c; do
	o=$OUT/obj/${s%.c}.o
	obj "$s" "$o" -fsanitize=fuzzer-no-link && libobjs="$libobjs $o"
done
rm -f "$OUT/libcommon.a"
ar rcs "$OUT/libcommon.a" $libobjs || exit 3

echo "$HARNESSES" | while IFS='|' read -r name src extra flags; do
	name=$(echo $name)
	[ -n "$name" ] || continue
	echo "$name|$(echo $src)|$(echo $extra)|$(echo $flags)"
done > "$OUT/harnesses.txt"

want() {	# is harness $1 selected on the command line?
	[ $# -eq 1 ] && return 0
	_n=$1; shift
	for _a; do [ "$_a" = "$_n" ] && return 0; done
	return 1
}

while IFS='|' read -r name src extra flags; do
	want "$name" "$@" || continue
	missing=""
	[ -f "$src" ] || missing="$src"
	objs=""
	for e in $extra; do
		f=${e#@}
		[ -f "$f" ] || { missing="$missing $f"; continue; }
		# @file: #included by the harness, not compiled on its own;
		# the harness object is stale when the file is newer.
		if [ "$e" != "$f" ]; then
			[ "$f" -nt "$OUT/obj/fuzz_$name.o" ] && rm -f "$OUT/obj/fuzz_$name.o"
			continue
		fi
		o=$OUT/obj/${f%.c}.o
		obj "$f" "$o" -fsanitize=fuzzer-no-link -Dmain=fuzz_unused_main || missing="$missing $f(compile)"
		objs="$objs $o"
	done
	if [ -n "$missing" ]; then
		echo "skip    $name (not in the tree yet:$missing)"
		continue
	fi
	ho=$OUT/obj/fuzz_$name.o
	obj "$src" "$ho" -fsanitize=fuzzer-no-link $flags || continue
	bin=$OUT/bin/fuzz_$name
	rm -f "$bin"
	$CC $SAN -fsanitize=fuzzer -o "$bin" "$ho" $objs "$OUT/libcommon.a" $LIBS 2>"$bin.log" || {
		echo "fuzz: cannot link $name (see $bin.log)" >&2; continue; }
done < "$OUT/harnesses.txt" 2>&1 | tee "$OUT/build.log"
# The loop ran in a subshell (pipe): read the outcome back from the log.
grep -q '^fuzz: cannot' "$OUT/build.log" && buildfail=1 || buildfail=0
[ $mode = build ] && exit $buildfail

# Run each harness that was built.
total=0 crashes=0 ran=0
# Known leaks on error paths, reported and not yet fixed, are listed in
# fuzz/lsan.supp (each with the bug it stands for); remove them when fixed.
LSAN_OPTIONS=suppressions=$ROOT/fuzz/lsan.supp:print_suppressions=0
export LSAN_OPTIONS
opts="-rss_limit_mb=2048 -malloc_limit_mb=512 -timeout=10 -max_len=65536 -print_final_stats=1"
while IFS='|' read -r name src extra flags; do
	want "$name" "$@" || continue
	bin=$OUT/bin/fuzz_$name
	[ -x "$bin" ] && [ "$bin" -nt "$src" ] || continue
	seeds=fuzz/corpus/$name
	reg=fuzz/regress/$name
	work=$OUT/corpus/$name
	# A smoke run starts from the seeds alone, so CI runs are alike.
	[ $mode = smoke ] && { work=$OUT/smoke/$name; rm -rf "$work"; }
	art=$OUT/crash/$name
	mkdir -p "$work" "$art"
	dirs=""
	[ -d "$seeds" ] && dirs="$dirs $seeds"
	[ -d "$reg" ] && dirs="$dirs $reg"
	log=$OUT/$name.log
	ran=$((ran + 1))
	# Replay: every seed and regression input once.
	if [ -n "$dirs" ]; then
		files=$(find $dirs -type f | sort)
		if [ -n "$files" ] && ! "$bin" $opts -close_fd_mask=2 $files >"$log" 2>&1; then
			echo "FAIL    $name: a seed or regression input fails (see $log)"
			crashes=$((crashes + 1))
			continue
		fi
	fi
	if [ $mode = replay ]; then
		echo "ok      $name (replayed $(echo "$files" | grep -c .) inputs)"
		continue
	fi
	t0=$(date +%s)
	rc=0
	"$bin" $opts -close_fd_mask=2 -max_total_time="$secs" \
	    -artifact_prefix="$art/" "$work" $dirs >"$log" 2>&1 || rc=$?
	t1=$(date +%s)
	total=$((total + t1 - t0))
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	cov=$(grep -a -o 'cov: [0-9]*' "$log" | tail -n 1)
	if [ $rc -ne 0 ]; then
		echo "FAIL    $name: crash after $((t1 - t0)) s; input in $art/ (see $log)"
		grep -a -m 3 -E 'ERROR|invariant|runtime error' "$log" | sed 's/^/  | /'
		crashes=$((crashes + 1))
	else
		echo "ok      $name: $((t1 - t0)) s, ${execs:-?} runs, $cov, corpus $(ls "$work" | wc -l)"
	fi
done < "$OUT/harnesses.txt"
echo "fuzz: $ran harnesses, $total s of fuzzing, $crashes failed"
[ $crashes -eq 0 ] && [ $buildfail -eq 0 ]
