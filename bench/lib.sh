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
