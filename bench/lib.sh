# SPDX-License-Identifier: ISC
# bench/lib.sh: what the benchmarks share, sourced (bench/run.sh does not
# run it): the corpora made from real pages, and a private PostgreSQL.
# The caller sets root (the project), out (bench/out), WIKIDATA and
# WIKIPIPE_BIN.

# corpus NAME N DUMP...: bench/out/e2e-NAME-N.xml, N articles copied from
# the pages of DUMP with fresh ids (tests/pipelines/replicate.py), made
# once; prints its path.
corpus() {
	_name=$1 _n=$2; shift 2
	_f=$out/e2e-$_name-$_n.xml
	if [ ! -s "$_f" ]; then
		python3 "$root/tests/pipelines/replicate.py" --articles "$_n" \
		    --source "e2e$_name" "$@" > "$_f.tmp" && mv "$_f.tmp" "$_f"
	fi
	echo "$_f"
}

# pages_corpus N: the corpus "pages", N articles from the real pages of
# WIKIDATA (~120 chunks an article).
pages_corpus() {
	corpus pages "$1" "$WIKIDATA"/gensim/*.bz2 "$WIKIDATA"/wikidump-rs/*.bz2 \
	    "$WIKIDATA"/wikidump-rs/enwiki-articles-partial.xml \
	    "$WIKIDATA"/wikiextractor-pr322/test.xml
}

# pages_rows N: the real-pages corpus of N articles through the whole
# pipeline up to cpe-prep with the programs in $B, as JSON lines in
# $out/faiss-pages-N.jsonl (made once; bench/faiss.sh and bench/serve.sh
# share it); prints its path.
pages_rows() {
	_dump=$(pages_corpus "$1")
	_rows=$out/faiss-pages-$1.jsonl
	if [ ! -s "$_rows" ]; then
		"$B/wiki-fetch" -q "$_dump" | "$B/chunk-episode" | "$B/chunk-semantic" |
		    "$B/tmd-extract" -q | "$B/embed" -q | "$B/cpe-prep" -q |
		    "$B/rec-dump" > "$_rows.tmp" && mv "$_rows.tmp" "$_rows"
	fi
	echo "$_rows"
}

# text_queries ROWS: 300 text queries on stdout, the first 12 words of
# rows spread over the JSON lines file ROWS.
text_queries() {
	python3 - "$1" <<'PY'
import json, re, sys
rows = open(sys.argv[1]).readlines()
step, n = max(1, len(rows) // 300), 0
for l in rows[::step]:
    words = re.findall(r"[A-Za-z]{3,}", json.loads(l)["text"])
    if len(words) >= 4 and n < 300:
        print(" ".join(words[:12]))
        n += 1
PY
}

# private_cluster: a PostgreSQL of our own (unix socket, fsync off) in
# $pgd, a new directory under out, with the PG* variables set, and a
# private copy of the programs in $pgd/bin (a rebuild in build/ during
# the run must not swap a binary under GNU parallel's feet); both go at
# exit.
private_cluster() {
	. "$root/tests/lib/pg.sh"
	pgd=$(mktemp -d "$out/pg.XXXXXX")
	chmod 755 "$pgd"
	mkdir "$pgd/bin"
	cp "$WIKIPIPE_BIN"/* "$pgd/bin/"
	trap 'pg_stop "$pgd/c"; rm -rf "$pgd"' EXIT
	pg_start "$pgd/c" >/dev/null
}

# prev_build: the programs of the previous build, for figures beside it
# in the same run: BENCH_PREV (a git revision, default main) exported with
# `git archive` and built under bench/out/prev-COMMIT (kept: built once
# per commit); prints the directory of its programs.
prev_build() {
	_rev=$(git -C "$root" rev-parse --short "${BENCH_PREV:-main}") || return 1
	_pd=$root/bench/out/prev-$_rev
	if [ ! -x "$_pd/build/bin/cpe-commit" ]; then
		rm -rf "$_pd"; mkdir -p "$_pd"
		git -C "$root" archive "$_rev" | tar -x -C "$_pd"
		make -C "$_pd" -j"$(nproc)" > "$_pd/build.log" 2>&1 ||
		    { echo "bench: cannot build $_rev (see $_pd/build.log)" >&2; return 1; }
	fi
	echo "$_pd/build/bin"
}

# wal_lsn: the cluster's current WAL position.
wal_lsn() { psql -X -At -d postgres -c 'SELECT pg_current_wal_lsn()'; }

# store_figures DB ROWS LSN0 LSN1: one line of what a load of ROWS rows
# into DB cost: bytes stored a row in every table of the store (heap,
# TOAST and indexes: pg_total_relation_size), each table's share, and
# the WAL written a row between LSN0 and LSN1 (pg_wal_lsn_diff).
store_figures() {
	psql -X -At -d "$1" -c "
	  SELECT format('%s B/row stored (%s), WAL %s B/row',
	    round(sum(b) / $2), string_agg(t || ' ' || round(b / $2), ', ' ORDER BY b DESC),
	    round(pg_wal_lsn_diff('$4', '$3') / $2))
	  FROM (SELECT c.relname AS t, pg_total_relation_size(c.oid)::numeric AS b
	    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
	    WHERE n.nspname = current_schema() AND c.relkind = 'r') s"
}

# versus LABEL COMMAND: COMMAND (with @ for a programs directory) timed
# best of 3 by CPU seconds with prev_build's programs ($bb) and with
# today's ($WIKIPIPE_BIN), one after the other in the same run; prints
# both and today's CPU time as a ratio of the base's.
versus() {
	_old=$(printf '%s' "$2" | sed "s|@|$bb|g")
	_new=$(printf '%s' "$2" | sed "s|@|$WIKIPIPE_BIN|g")
	_co=999 _cn=999
	for _ in 1 2 3; do
		_co=$( { /usr/bin/time -f '%U %S' sh -c "$_old" >/dev/null; } 2>&1 |
		    tail -1 | awk -v b="$_co" '{ c = $1 + $2; print c < b ? c : b }')
		_cn=$( { /usr/bin/time -f '%U %S' sh -c "$_new" >/dev/null; } 2>&1 |
		    tail -1 | awk -v b="$_cn" '{ c = $1 + $2; print c < b ? c : b }')
	done
	awk -v l="$1" -v o="$_co" -v n="$_cn" 'BEGIN {
		printf "%-34s base %6.2f s CPU  today %6.2f s CPU  today/base %.3f\n",
		    l, o, n, (o > 0 ? n / o : 0) }'
}
