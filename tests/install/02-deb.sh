# make deb builds the Debian package (dpkg-buildpackage -b, debhelper),
# lintian finds no error in it, and it holds the programs, the pipelines,
# the man pages and a copyright file, at the tree's version.  As root (CI)
# it is installed with dpkg -i, wikipipe-ingest (/usr/bin) loads the
# sample dump into the throwaway PostgreSQL, and again with its fan-out
# on a "host" (a real sshd on 127.0.0.1) that runs the installed programs
# (--remote-bin /usr/bin), and dpkg -r removes every file it installed.  Skipped under SANITIZE=1 (the package is built with
# Debian's flags, not the sanitizers: the plain pass covers it), without
# dpkg-buildpackage, debhelper or lintian, and, after the build and the
# checks, when not root.
. "$TESTS/lib/lib.sh"
. "$TESTS/pipelines/lib.sh"
. "$TESTS/install/lib.sh"
[ $SAN = 0 ] || skip "the package is built and installed in the plain pass, not under SANITIZE=1"
need_cmd dpkg-buildpackage dpkg-deb dh lintian
need_stages
need_pg

# One package build at a time on this machine (build/deb is the tree's).
exec 9> "${TMPDIR:-/tmp}/wikipipe-deb-test.lock"
flock -w 600 9 || fail "another package test holds the lock"

version=$(sed -n 's/^VERSION *= *//p' "$ROOT/config.mk")
tree_make deb > deb.log 2>&1 || { tail -n 40 deb.log >&2; fail "make deb"; }
expect_grep deb.log '^deb: lintian found no error$'
expect_no_grep deb.log '^E: '
deb=$(ls "$ROOT"/build/deb/wikipipe_"$version"_*.deb)
[ -f "$deb" ] || fail "no build/deb/wikipipe_${version}_*.deb"
expect_eq "$(dpkg-deb -f "$deb" Package)" wikipipe "package name"
expect_eq "$(dpkg-deb -f "$deb" Version)" "$version" "package version (config.mk's VERSION)"
dep=$(dpkg-deb -f "$deb" Depends)
for d in libmsgpackc libpq5 libxxhash libcurl liblmdb libbz2 parallel python3; do
	case $dep in *"$d"*) ;; *) fail "Depends lacks $d: $dep" ;; esac
done
dpkg-deb -c "$deb" | awk '{ print $6 }' | sed 's|^\./|/|; s|/$||' | sort > contents
for p in "$WIKIPIPE_BIN"/*; do echo "/usr/bin/${p##*/}"; done > want
for n in $PIPES; do echo "/usr/bin/wikipipe-$n"; done >> want
for m in "$ROOT"/man/*.[1-9]; do echo "/usr/share/man/man${m##*.}/${m##*/}.gz"; done >> want
echo /usr/share/doc/wikipipe/copyright >> want
sort want > want.s
comm -23 want.s contents > missing
[ ! -s missing ] || fail "not in the package: $(cat missing)"

[ "$(id -u)" -eq 0 ] || skip "built and checked; not root, so not installed (dpkg -i)"

# Install it, unless the machine has it (or its files) already.
st=$(dpkg-query -W -f='${db:Status-Status}' wikipipe 2>/dev/null || :)
case $st in ""|not-installed) ;; *) skip "a wikipipe package is on this machine already ($st): not replaced" ;; esac
grep '^/usr/bin/' contents | while read -r f; do
	[ ! -e "$f" ] || { echo "$f" >> present; }
done
[ ! -s present ] || skip "files of the package exist already (make install PREFIX=/usr?): $(head -3 present | tr '\n' ' ')"
start_sshd
installed=1
trap 'kill $sshd_pid 2>/dev/null || :; [ -z "${installed:-}" ] || dpkg -P wikipipe >/dev/null 2>&1 || :' EXIT
dpkg -i "$deb" > dpkg.log 2>&1 || { cat dpkg.log >&2; fail "dpkg -i $deb"; }
dpkg -L wikipipe | sort > files
expect_grep files '^/usr/bin/wikipipe-ingest$'
expect_grep files '^/usr/share/man/man1/wikipipe-ingest.1.gz$'

# The load, from another directory, with nothing of the tree on PATH.
w=$(mktemp -d /tmp/wikipipe-deb-run.XXXXXX)
rc=0
(cd "$w" && exec env -u WIKIPIPE_BIN PATH=/usr/bin:/bin wikipipe-ingest -j 2 "$SAMPLE") > out 2> err || rc=$?
rm -rf "$w"
[ "$rc" -eq 0 ] || { cat err >&2; fail "wikipipe-ingest (installed package) exited $rc"; }
expect_grep err '^ingest: 20 articles, [0-9]+ episodes, [0-9]+ chunks in '
ingest_ok
env -u WIKIPIPE_BIN PATH=/usr/bin:/bin wikipipe-ingest -n "$SAMPLE" > plan 2>&1 || { cat plan >&2; fail "wikipipe-ingest -n"; }
expect_grep plan '^/usr/bin/wiki-fetch '
ref=$(cksum)

# The remote-host way of pipelines/README: the package on the host, and
# --remote-bin /usr/bin (this machine, ':', runs them from there too).
newdb remote
rc=0
(cd /tmp && exec env -u WIKIPIPE_BIN PATH=/usr/bin:/bin wikipipe-ingest -q --hosts 127.0.0.1,: \
    --remote-bin /usr/bin -j 1 --block 256k "$SAMPLE") > out 2> err || rc=$?
[ "$rc" -eq 0 ] || { cat err >&2; fail "wikipipe-ingest --hosts --remote-bin /usr/bin exited $rc"; }
expect_eq "$(cksum)" "$ref" "checksum with --hosts 127.0.0.1,: --remote-bin /usr/bin"
grep -q 'Accepted publickey' sshd.log || fail "no job logged in over ssh"
expect_eq "$(wikipipe-ingest --version)" "wikipipe-ingest $(/usr/bin/wiki-fetch --version | sed 's/^wiki-fetch //')" "installed version"

# Remove it: every file it installed is gone, and dpkg forgets it.
dpkg -r wikipipe > dpkg.log 2>&1 || { cat dpkg.log >&2; fail "dpkg -r wikipipe"; }
installed=""
while read -r f; do
	[ -d "$f" ] && continue
	[ ! -e "$f" ] && [ ! -L "$f" ] || echo "$f" >> left
done < files
[ ! -s left ] || fail "left after dpkg -r: $(cat left)"
st=$(dpkg-query -W -f='${db:Status-Status}' wikipipe 2>/dev/null || :)
case $st in ""|not-installed) ;; *) fail "dpkg -r left the package $st" ;; esac
exit 0
