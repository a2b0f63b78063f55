# SPDX-License-Identifier: ISC
# tests/install/lib.sh: helpers of the install cases.

# The build these cases install: build (SAN=0) or build-asan (SAN=1), the
# one run.sh tests.  A case skips when WIKIPIPE_BIN is not this tree's.
case $WIKIPIPE_BIN in
"$ROOT/build/bin") SAN=0 ;;
"$ROOT/build-asan/bin") SAN=1 ;;
*) skip "WIKIPIPE_BIN ($WIKIPIPE_BIN) is not this tree's build/bin or build-asan/bin" ;;
esac

# tree_make TARGET VAR=VALUE...: make in the source tree, on its own: not
# under the make check that runs the tests (its MAKEFLAGS would carry the
# outer command line, SANITIZE=1 too, and a jobserver).
tree_make() {
	env -u MAKEFLAGS -u MAKELEVEL -u MFLAGS make -C "$ROOT" --no-print-directory SANITIZE=$SAN "$@"
}

# PIPES: the pipelines make install installs as wikipipe-NAME.
PIPES="ingest metrics reembed chunks-jsonl"

# ingest_ok: the sample dump is in the database: 20 articles, all whole.
ingest_ok() {
	expect_eq "$(sql 'SELECT count(*) FROM cpe_ledger')" 20 "articles committed"
	expect_eq "$(whole)" 0 "articles not whole"
	[ "$(sql 'SELECT count(*) FROM cpe_entry')" -gt 100 ] || fail "only $(sql 'SELECT count(*) FROM cpe_entry') rows"
}
