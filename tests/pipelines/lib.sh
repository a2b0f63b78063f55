# SPDX-License-Identifier: ISC
# tests/pipelines/lib.sh: helpers sourced by the pipeline cases.
# The stages land one by one: a case that needs a program not built yet
# skips (exit 77) with the program's name, so main stays green meanwhile.

INGEST=$ROOT/pipelines/ingest
SAMPLE=$DATA/sample/samplewiki-20260301-pages-articles.xml
STAGES="wiki-fetch chunk-episode chunk-semantic tmd-extract embed cpe-prep cpe-commit rec-dump"

# need_stages [PROG...]: skip unless every stage (or PROG) is built.
need_stages() {
	for _p in ${*:-$STAGES}; do
		[ -x "$WIKIPIPE_BIN/$_p" ] || skip "$_p is not built yet"
	done
	need_cmd parallel bash python3
}

# cksum / whole / sql: the ordered checksum of the store and the
# whole-article check of the cpe-commit tests.
. "$TESTS/cpe-commit/lib.sh"

# replicate N OUT: the sample's articles copied to N articles, fresh ids.
replicate() { python3 "$TESTS/pipelines/replicate.py" --articles "$1" --source rep "$SAMPLE" > "$2"; }

# ingest ARGS...: the script under test, with the built programs.
ingest() { bash "$INGEST" --bin "$WIKIPIPE_BIN" "$@"; }
