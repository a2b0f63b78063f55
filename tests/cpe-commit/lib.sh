# SPDX-License-Identifier: ISC
# tests/cpe-commit/lib.sh: helpers sourced by the cpe-commit cases.

jedit() { python3 "$DATA/cpe/jedit.py" "$@"; }

# gen OUT.mp ARGS...: synthetic chunks (gen-chunks.py ARGS), through
# cpe-prep, into OUT.mp.  8-D vectors unless ARGS say otherwise.
gen() {
	_o=$1; shift
	_d=8
	case " $* " in *" --dim "*) _d=$(echo " $* " | sed 's/.* --dim \([0-9]*\) .*/\1/') ;; esac
	python3 "$DATA/cpe/gen-chunks.py" --dim 8 "$@" | pack | cpe-prep --dim "$_d" > "$_o"
}

# sql QUERY: one value or rows, unaligned, tuples only.
sql() { psql -X -q -At -v ON_ERROR_STOP=1 -c "$1"; }

# cksum: an ordered checksum of everything cpe-commit stores that does not
# depend on the time or the run (created_at, updated_at, committed_at and
# run ids are left out).
cksum() {
	sql "SELECT md5(string_agg(r, E'\n' ORDER BY k)) FROM (
	  SELECT e.cpe_id::text AS k, row(e.cpe_id, mission_text, source_chunk,
	    concept_text, probe_question, expected_answer, soft_negatives,
	    hard_negatives, domain_code, task_code, modifier_code, content_type,
	    dataset_source, chunk_position, relations_text, echo_score,
	    validation_status, batch_id, tmd_bits, tmd_lane, lane_index,
	    confidence_score, quality_metrics, access_count, parent_cpe_ids,
	    child_cpe_ids, doc_id, page_id, article_index, chunk_index,
	    chunk_count, episode_id, section, parent_cpe_id, child_cpe_id,
	    v.fused_vec, v.question_vec, v.concept_vec, v.tmd_dense,
	    v.fused_norm)::text AS r
	  FROM cpe_entry e LEFT JOIN cpe_vectors v USING (cpe_id)
	  UNION ALL
	  SELECT 'ledger ' || doc_id, row(doc_id, source, page_id, article_index,
	    title, chunk_count, content_hash, rev_id, src_hash)::text FROM cpe_ledger) x"
}

# whole: every ledger article has exactly chunk_count entries and vectors,
# and no entry lacks a ledger row; prints the number of bad articles.
whole() {
	sql "SELECT count(*) FROM (
	  SELECT l.doc_id FROM cpe_ledger l
	  LEFT JOIN cpe_entry e ON e.doc_id = l.doc_id
	  LEFT JOIN cpe_vectors v ON v.cpe_id = e.cpe_id
	  GROUP BY l.doc_id, l.chunk_count
	  HAVING count(e.cpe_id) <> l.chunk_count OR count(v.cpe_id) <> l.chunk_count
	  UNION ALL
	  SELECT e.doc_id FROM cpe_entry e
	  WHERE NOT EXISTS (SELECT 1 FROM cpe_ledger l WHERE l.doc_id = e.doc_id)) x"
}
