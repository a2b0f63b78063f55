# SPDX-License-Identifier: ISC
# tests/wiki-fetch/lib.sh: helpers sourced by the --shard cases.

MS=$DATA/wiki-fetch/multistream.py
ms() { python3 "$MS" "$@"; }

# shards N NAME ARGS...: wiki-fetch --shard I/N ARGS for I = 1..N, each
# as JSON lines in NAME.I (its stderr in NAME.I.err, --stats in
# NAME.I.json), and all of them in shard order in NAME.  Each run reads
# the file $stdin (default /dev/null) as its standard input.
shards() {
	_n=$1 _name=$2; shift 2
	: >"$_name"
	_i=1
	while [ "$_i" -le "$_n" ]; do
		wiki-fetch --shard "$_i/$_n" --stats "$_name.$_i.json" "$@" \
		    <"${stdin:-/dev/null}" 2>"$_name.$_i.err" \
		    >"$_name.$_i.mp" || {
			_rc=$?
			cat "$_name.$_i.err" >&2
			fail "wiki-fetch --shard $_i/$_n $*: exit $_rc"; }
		rec-dump "$_name.$_i.mp" >"$_name.$_i"
		cat "$_name.$_i" >>"$_name"
		_i=$((_i + 1))
	done
}

# sfield FILE KEY: an integer or string field of a --stats file.
sfield() { sed -n "s/^ *\"$2\": \"*\([^\",]*\)\"*,*\$/\1/p" "$1"; }

# noai: the records without their article_index.
noai() { sed 's/"article_index":[0-9]*,//' "$@"; }

# ids FILE: the doc ids of the records, one a line.
ids() { sed -n 's/.*"doc_id":"\([^"]*\)".*/\1/p' "$1"; }

# disjoint NAME N: no doc id in two of the shards NAME.1 .. NAME.N.
disjoint() {
	_i=1
	: >all.ids
	while [ "$_i" -le "$2" ]; do ids "$1.$_i" >>all.ids; _i=$((_i + 1)); done
	[ -z "$(sort all.ids | uniq -d)" ] || fail "$1: doc ids in two shards: $(sort all.ids | uniq -d | head -3 | tr '\n' ' ')"
}

# ms_fixture: 60 generated pages as d.xml, in Wikimedia's multistream
# layout (w-multistream.xml.bz2, 10 pages a stream, its index beside it)
# and cut anywhere (p.xml.bz2, p-index.txt); O, the options that keep
# every page.
ms_fixture() {
	ms gen 60 >d.xml
	ms pages 10 d.xml w-multistream.xml.bz2 w-multistream-index.txt.bz2
	ms cut 701 d.xml p.xml.bz2 p-index.txt
	O="-N all --redirects emit --min-chars 0"
}
