# One live progress line on a terminal (articles done, articles/s, ETA),
# and nothing of it in a pipe or a file; --help and --version.
. "$TESTS/lib/lib.sh"
. "$TESTS/pipelines/lib.sh"
need_stages
need_pg
need_cmd script

expect_exit 0 ingest --help
expect_grep out '^usage: ingest '
expect_grep out '--resume'
expect_exit 0 ingest --version
expect_grep out '^ingest [0-9]'

replicate 300 rep.xml
# In a file: no carriage return, no escape sequence.
expect_exit 0 ingest -A cpe-commit=--batch-articles=5 rep.xml
if grep -q "$(printf '\r')" err; then fail "a progress line went to a file"; fi
expect_grep err '^ingest: 300 articles'

# On a terminal (script(1) gives the run one).
PGDATABASE=${PGDATABASE}_tty; export PGDATABASE; createdb "$PGDATABASE"
cmd="bash '$INGEST' --bin '$WIKIPIPE_BIN' -A cpe-commit=--batch-articles=5 --limit 300 rep.xml"
script -qefc "$cmd" /dev/null > tty.txt 2>&1 </dev/null || { cat tty.txt >&2; fail "the run on a terminal failed"; }
tr '\r' '\n' < tty.txt | sed "s/$(printf '\033')\[K//g" > lines.txt
expect_grep lines.txt 'ingest: [0-9]+/300 articles committed, [0-9]+\.[0-9] articles/s'
expect_grep lines.txt '^ingest: 300 articles'
# Stage progress lines are off: only the script's own.
expect_no_grep lines.txt '^(wiki-fetch|chunk-episode|chunk-semantic|tmd-extract|embed|cpe-prep|cpe-commit): [0-9]+ (records|articles)/'
exit 0
