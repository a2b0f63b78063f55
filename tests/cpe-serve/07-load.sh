#!/bin/sh
# A bounded load: 16 keep-alive clients, 20,000 searches, no error, and
# memory flat (resident size after 20,000 within 16 MB of after the
# first 2,000, when every buffer has been grown once).
. "$TESTS/lib/lib.sh"
. "$TESTS/cpe-index/gen.sh"
. "$TESTS/cpe-serve/lib.sh"
need_cmd python3
cpx_setup
gen 0 999
expect_exit 0 cpe-index --kind ivf --nlist 16 --embedder "$EMB" idx
serve_start --threads 4 idx
rss() { awk '/^VmRSS:/ { print $2 }' "/proc/$SERVE_PID/status"; }
python3 "$TESTS/cpe-serve/load.py" "$PORT" 16 load.stop warm.out 2000
r0=$(rss)
python3 "$TESTS/cpe-serve/load.py" "$PORT" 16 load.stop load.out 20000
r1=$(rss)
cat load.out >&2
expect_no_grep warm.out '^error|^[^2]'
expect_no_grep load.out '^error|^[^2]'
n=$(awk '$1 == 200 { print $2 }' load.out)
[ "$n" -ge 20000 ] || fail "only $n requests answered"
echo "rss $r0 kB after 2,000, $r1 kB after 20,000 more" >&2
# AddressSanitizer keeps freed memory in its quarantine (256 MB by
# default), so a sanitizer build's resident size grows with any churn:
# the flatness check is for the plain build (leaks are LeakSanitizer's
# business there, and valgrind's in tests/valgrind/07).
if ldd "$WIKIPIPE_BIN/cpe-serve" 2>/dev/null | grep -q libasan; then
	echo "sanitizer build: resident size not checked (ASan quarantine)" >&2
else
	[ $((r1 - r0)) -lt 16384 ] ||
	    fail "memory grew by $((r1 - r0)) kB under load"
fi
expect_status 200 "$URL/metrics"
# The load's connections are closed: only this request's is open.
expect_grep body '^cpe_serve_connections 1$'
serve_stop
