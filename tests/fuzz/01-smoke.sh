# CI smoke of the libFuzzer harnesses: build them, replay every seed
# (fuzz/corpus/NAME) and every regression input (fuzz/regress/NAME), then
# fuzz each harness for FUZZ_SMOKE_SECONDS (5) seconds from the seeds.
# Skipped when clang (with libclang-rt-14-dev) is not installed.
. "$TESTS/lib/lib.sh"
command -v clang >/dev/null 2>&1 || skip "clang not installed (scripts/deps.d/fuzz.txt)"
# The harnesses are sanitizer builds of their own: once per CI run is
# enough, so the second pass of .ci/run (make check SANITIZE=1) skips.
if [ -x "$WIKIPIPE_BIN/rec-dump" ] && command -v ldd >/dev/null 2>&1 &&
    ldd "$WIKIPIPE_BIN/rec-dump" 2>/dev/null | grep -q libasan; then
	skip "ran with the plain build's check"
fi
rc=0
FUZZ_SMOKE_SECONDS=${FUZZ_SMOKE_SECONDS:-5} sh "$ROOT/fuzz/run.sh" -s > log 2>&1 || rc=$?
[ $rc -eq 77 ] && skip "$(tail -n 1 log)"
if [ $rc -ne 0 ]; then
	cat log >&2
	fail "fuzz smoke failed (exit $rc)"
fi
grep -q '^ok ' log || { cat log >&2; fail "no harness ran"; }
