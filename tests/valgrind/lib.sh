# SPDX-License-Identifier: ISC
# tests/valgrind/lib.sh: sourced by the valgrind cases after tests/lib/lib.sh.
#
#   vg WANT PROG ARGS...   run a built program under valgrind memcheck
#                          (stdout to ./out, stderr to ./err), require exit
#                          status WANT and an empty valgrind log: no memory
#                          error and no definite leak.
#   need_prog PROG...      skip unless the programs are built
#
# Options: --error-exitcode=1 --leak-check=full
# --errors-for-leak-kinds=definite.  Exit status 1 is also a data error,
# so the verdict is the log, which valgrind -q leaves empty when clean.
need_cmd valgrind
# Valgrind cannot run AddressSanitizer builds (make asan): skip those.
if command -v ldd >/dev/null 2>&1 && [ -x "$WIKIPIPE_BIN/rec-dump" ] &&
    ldd "$WIKIPIPE_BIN/rec-dump" 2>/dev/null | grep -q 'libasan'; then
	skip "$WIKIPIPE_BIN holds sanitizer builds; valgrind runs on the plain build"
fi

need_prog() {
	for _p; do
		[ -x "$WIKIPIPE_BIN/$_p" ] || skip "$_p is not built yet"
	done
}

vgn=0
vg() {
	_want=$1 _prog=$2; shift 2
	vgn=$((vgn + 1))
	_log=vg.$vgn.log
	rc=0
	valgrind -q --error-exitcode=1 --leak-check=full \
	    --errors-for-leak-kinds=definite --show-leak-kinds=definite \
	    --log-file="$_log" "$WIKIPIPE_BIN/$_prog" "$@" >out 2>err || rc=$?
	if [ -s "$_log" ]; then
		head -c 4000 "$_log" >&2
		fail "valgrind found errors: $_prog $*"
	fi
	[ "$rc" -eq "$_want" ] || { head -c 1000 err >&2
		fail "exit $rc, wanted $_want: $_prog $*"; }
}
