# Every regression input the fuzzers found, through the real programs
# (no clang needed): each must end with exit 0 or a data error (1), never
# a signal or another status.  Inputs live in fuzz/regress/<harness>/.
. "$TESTS/lib/lib.sh"
n=0
for f in "$ROOT"/fuzz/regress/record/* "$ROOT"/fuzz/regress/dump/*; do
	[ -f "$f" ] || continue
	for args in "" "-r" "--check" "--copy"; do
		run rec-dump $args "$f"
		case $rc in 0|1) ;; *) fail "rec-dump $args $f: exit $rc: $(head -c 300 err)" ;; esac
		n=$((n + 1))
	done
	run rec-dump -z "$f"
	case $rc in 0|1) ;; *) fail "rec-dump -z $f: exit $rc" ;; esac
done
for f in "$ROOT"/fuzz/regress/pack/*; do
	[ -f "$f" ] || continue
	run rec-dump --pack -o /dev/null "$f"
	case $rc in 0|1) ;; *) fail "rec-dump --pack $f: exit $rc" ;; esac
	n=$((n + 1))
done
[ $n -gt 0 ] || fail "no regression inputs found"
