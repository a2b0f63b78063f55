# The demo: as an ordinary user without the packages it prints the one
# install command (exit 3); with PG* set it uses that database; without,
# it starts a throwaway cluster and stops it; WIKIPIPE_DEMO_DUMP runs it
# on a real dump.
. "$TESTS/lib/lib.sh"
. "$TESTS/pipelines/lib.sh"
need_stages

# 1. Missing packages, not root: a tree whose install-deps reports some.
# (In a directory of its own under /tmp that another user can reach.)
fk=$(mktemp -d /tmp/wikipipe-demo-test.XXXXXX)
trap 'rm -rf "$fk"' EXIT
chmod 755 "$fk"
mkdir -p "$fk/pipelines" "$fk/scripts"
cp "$ROOT/pipelines/demo" "$fk/pipelines/"
cat > "$fk/scripts/install-deps" <<'SH'
#!/bin/sh
[ "${1:-}" = --print ] && { echo "apt-get install -y --no-install-recommends libfoo-dev bar"; exit 0; }
echo "install-deps: would install" >&2; exit 99
SH
chmod -R a+rX "$fk"
if [ "$(id -u)" -eq 0 ]; then
	need_cmd runuser
	id nobody >/dev/null 2>&1 || skip "no user nobody to run the demo as"
	(cd /tmp && runuser -u nobody -- sh "$fk/pipelines/demo") >out 2>err && rc=0 || rc=$?
	[ $rc -eq 3 ] || { cat err >&2; fail "demo as nobody exited $rc, wanted 3"; }
else
	expect_exit 3 sh "$fk/pipelines/demo"
fi
expect_grep err '^    apt-get install -y --no-install-recommends libfoo-dev bar$'
expect_no_grep err 'would install'

# The real tree from here on: only when nothing is missing (the demo
# would install it as root, which a test must not do).
missing=$(sh "$ROOT/scripts/install-deps" --print)
case $missing in "#"*) ;; *) skip "packages missing ($missing); the demo would install them" ;; esac

# 2. PG* points at a database: the demo uses it and leaves it running.
need_pg
run sh "$ROOT/pipelines/demo"
[ "$rc" -eq 0 ] || { cat err >&2; fail "demo with PG* exited $rc"; }
expect_grep out '^using the PostgreSQL of PG\*'
expect_grep out '^cpe-commit +[0-9]+ +[0-9]+ '
expect_grep out '^20 articles, [0-9]+ episodes, [0-9]+ chunks, 0 errors'
expect_grep out '^ +episode_chunking +avg'
expect_grep out '^ Lighthouse \| 0 \|'
expect_grep out '^ +20 \| +[0-9]+ \| +[0-9]+ \|'
expect_no_grep err 'stopped the throwaway'
expect_eq "$(sql 'SELECT count(*) FROM cpe_ledger')" 20 "articles in the PG* database"

# 3. No PG*: a throwaway cluster, stopped at the end, nothing left over.
TMPDIR=$PWD/tmp; export TMPDIR; mkdir tmp; chmod 755 tmp
run env -u PGHOST -u PGPORT -u PGDATABASE -u PGUSER sh "$ROOT/pipelines/demo"
[ "$rc" -eq 0 ] || { cat err >&2; fail "demo with a throwaway cluster exited $rc"; }
expect_grep out '^throwaway PostgreSQL '
expect_grep err '^demo: stopped the throwaway PostgreSQL'
expect_grep out '^ +20 \| +[0-9]+ \| +[0-9]+ \|'
[ -z "$(ls tmp)" ] || fail "left over in TMPDIR: $(ls tmp)"
pgd=$(sed -n 's/^throwaway PostgreSQL .* on a unix socket in \(.*\) (stopped at the end)$/\1/p' out)
[ -n "$pgd" ] || fail "no cluster directory in the output"
[ ! -e "$pgd" ] || fail "the throwaway cluster was left in $pgd"

# 4. A real dump (../shared/wikidata), limited.
need_wikidata
d=$WIKIDATA/gensim/enwiki-latest-pages-articles1.xml-p000000010p000030302-shortened.bz2
[ -f "$d" ] || skip "$d not found"
PGDATABASE=${PGDATABASE}_real; export PGDATABASE; createdb "$PGDATABASE"
run env WIKIPIPE_DEMO_DUMP="$d" WIKIPIPE_DEMO_LIMIT=5 sh "$ROOT/pipelines/demo"
[ "$rc" -eq 0 ] || { cat err >&2; fail "demo on $d exited $rc"; }
expect_grep out '^5 articles, '
expect_eq "$(sql "SELECT count(*) FROM cpe_ledger")" 5 "real articles"
exit 0
