# make install DESTDIR=D PREFIX=/usr installs the programs, the pipelines
# as wikipipe-NAME and the man pages, and nothing else (no empty man5);
# the installed wikipipe-ingest loads the sample dump from that tree
# alone: the source tree is hidden under an empty tmpfs in a mount
# namespace of its own, the working directory and the dump are outside
# it, PATH is D/usr/bin and the system's, and no WIKIPIPE_BIN.  --bin
# still overrides.  make uninstall leaves no file behind.
. "$TESTS/lib/lib.sh"
. "$TESTS/pipelines/lib.sh"
. "$TESTS/install/lib.sh"
need_stages
need_pg
t=$(mktemp -d /tmp/wikipipe-install.XXXXXX)
trap 'rm -rf "$t"' EXIT
chmod 755 "$t"
D=$t/root
tree_make install DESTDIR="$D" PREFIX=/usr > make.log 2>&1 || { cat make.log >&2; fail "make install"; }

# 1. Exactly these files and directories.
(cd "$D" && find . | sort) > got
{
	printf '%s\n' . ./usr ./usr/bin ./usr/share ./usr/share/man
	for p in "$WIKIPIPE_BIN"/*; do echo "./usr/bin/${p##*/}"; done
	for n in $PIPES; do echo "./usr/bin/wikipipe-$n"; done
	for m in "$ROOT"/man/*.[1-9]; do
		echo "./usr/share/man/man${m##*.}"
		echo "./usr/share/man/man${m##*.}/${m##*/}"
	done
} | sort -u > want
expect_same got want
for f in "$D"/usr/bin/*; do [ -x "$f" ] || fail "$f is not executable"; done
[ -z "$(find "$D" -type d -empty)" ] || fail "empty directories: $(find "$D" -type d -empty)"
# The pipelines hold no path into the source tree.
! grep -l "$ROOT" "$D"/usr/bin/wikipipe-* > paths || fail "source tree paths in $(cat paths)"

# 2. The installed pipelines: their names, the build's version.
v=$(wiki-fetch --version | sed 's/^wiki-fetch //')
expect_eq "$(bash "$D/usr/bin/wikipipe-ingest" --version)" "wikipipe-ingest $v" "wikipipe-ingest --version"
for n in $PIPES; do
	"$D/usr/bin/wikipipe-$n" --help > help 2>&1 || fail "wikipipe-$n --help"
	expect_grep help "^usage: wikipipe-$n "
done

# 3. The demo's load from the installed tree alone.
cp "$SAMPLE" "$t/sample.xml"
mkdir "$t/work" && chmod 777 "$t/work"
cat > "$t/run" <<SH
set -eu
if [ "\${1:-}" = hide ]; then
	mount -t tmpfs -o size=64k wikipipe-hidden '$ROOT'
	[ ! -e '$ROOT/Makefile' ] || { echo 'the source tree is still there' >&2; exit 99; }
fi
cd '$t/work'
exec env -i PATH='$D/usr/bin:/usr/bin:/bin' HOME='$t/work' LC_ALL=C \
    PGHOST='$PGHOST' PGPORT='$PGPORT' PGUSER='$PGUSER' PGDATABASE='$PGDATABASE' \
    ASAN_OPTIONS='${ASAN_OPTIONS:-}' UBSAN_OPTIONS='${UBSAN_OPTIONS:-}' \
    wikipipe-ingest -j 2 -s '$t/work/st' ../sample.xml
SH
if [ "$(id -u)" -eq 0 ] && unshare -m true 2>/dev/null; then hide="unshare -m"
elif unshare -rm true 2>/dev/null; then hide="unshare -rm"
else hide=""; fi
if [ -n "$hide" ]; then
	run $hide sh "$t/run" hide
else
	echo "note: no mount namespace here: the source tree was not hidden (cwd, PATH and environment only)" >&2
	run sh "$t/run"
fi
[ "$rc" -eq 0 ] || { cat err >&2; fail "the installed wikipipe-ingest exited $rc"; }
expect_grep err '^ingest: 20 articles, [0-9]+ episodes, [0-9]+ chunks in '
ingest_ok
[ -f "$t/work/st/pipeline_metrics.json" ] || fail "no pipeline_metrics.json: wikipipe-metrics not found?"

# 4. It runs the programs beside it; --bin overrides.
unset WIKIPIPE_BIN
bash "$D/usr/bin/wikipipe-ingest" -n "$t/sample.xml" > plan 2>&1 || { cat plan >&2; fail "wikipipe-ingest -n"; }
expect_grep plan "^$D/usr/bin/wiki-fetch "
expect_grep plan "^  \\| $D/usr/bin/cpe-commit "
mkdir "$t/other"
for p in "$D"/usr/bin/*; do ln -s "$p" "$t/other/"; done
bash "$D/usr/bin/wikipipe-ingest" --bin "$t/other" -n "$t/sample.xml" > plan 2>&1 || { cat plan >&2; fail "wikipipe-ingest --bin -n"; }
expect_grep plan "^$t/other/wiki-fetch "
expect_no_grep plan "$D/usr/bin/"
mkdir "$t/empty"
expect_exit 3 bash "$D/usr/bin/wikipipe-ingest" --bin "$t/empty" -n "$t/sample.xml"
expect_grep err "^wikipipe-ingest: wiki-fetch not found in $t/empty"

# 5. make uninstall: no file left (the directories stay).
tree_make uninstall DESTDIR="$D" PREFIX=/usr > make.log 2>&1 || { cat make.log >&2; fail "make uninstall"; }
[ -z "$(find "$D" ! -type d)" ] || fail "left after make uninstall: $(find "$D" ! -type d)"
exit 0
