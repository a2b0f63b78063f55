# SPDX-License-Identifier: ISC
# tests/cpe-index/gen.sh: sourced by the cpe-index and cpe-search cases
# after lib.sh.  cpx_setup makes a fresh database with cpe-commit's schema
# and the generator functions of gen.sql; gen FIRST LAST [DIM [NCLUS]]
# inserts deterministic rows (cpe_id cpx_uuid(i), lane i % 16, text
# "passage i about topic i % NCLUS").  DIM 64 = 16 + 48 fits the embedder
# hash:dim=48 that most cases use.

EMB=hash:dim=48

cpx_setup() {
	need_pg
	need_cmd psql
	command -v cpe-commit >/dev/null 2>&1 || skip "cpe-commit not built"
	cpe-commit </dev/null 2>cpx-schema.err || {
		cat cpx-schema.err >&2; fail "cpe-commit could not create the schema"; }
	psql -qX -v ON_ERROR_STOP=1 -f "$TESTS/cpe-index/gen.sql" >/dev/null
}

# sql QUERY: one statement, unaligned tuples only.
sql() { psql -qAtX -v ON_ERROR_STOP=1 -c "$1"; }

gen() { sql "SELECT cpx_gen($1, $2, ${3:-64}, ${4:-20})" >/dev/null; }

# uuid I: the cpe_id of generated row I.
uuid() { printf '00000000-0000-4000-8000-%012x' "$1"; }

# gen_hard FIRST LAST: 256-D rows in 300 looser clusters, like the bench.
gen_hard() { sql "SELECT cpx_gen($1, $2, 256, 300, 1.0)" >/dev/null; }

# hits FILE: the cpe_ids of cpe-search -j output, one a line.
hits() { sed -n 's/.*"cpe_id":"\([^"]*\)".*/\1/p' "$1"; }

# churn: after rows 0-1199, the change the incremental cases sync: 300
# rows added (1200-1499), 50 vectors changed (0-49), 50 rows deleted
# with their entries (100-149) and 10 by their vectors (1300-1309):
# "340 added, 100 removed".
churn() {
	gen 1200 1499
	sql "UPDATE cpe_vectors_data SET tmd_dense = cpx_tmd(v), concept_vec = cpx_concept(v)
	     FROM (SELECT i, cpx_vec(5000 + i, 64, 20, 0.6) AS v
	     FROM generate_series(0, 49) AS i) g WHERE cpe_id = cpx_uuid(i)"
	sql "DELETE FROM cpe_entry WHERE cpe_id IN
	     (SELECT cpx_uuid(i) FROM generate_series(100, 149) AS i)"
	sql "DELETE FROM cpe_vectors WHERE cpe_id IN
	     (SELECT cpx_uuid(i) FROM generate_series(1300, 1309) AS i)"
}
