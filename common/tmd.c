/* SPDX-License-Identifier: ISC */
/*
 * tmd.c: the schema v1 taxonomy table, packing, lookups, the LLM prompt
 * and the strict parser of its answer.  See tmd.h.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "json.h"
#include "tmd.h"
#include "util.h"

/* Schema v1 (ORIGINAL.md 10.1), index = code.  Spelling is the schema's. */
static const char *const domains[TMD_NDOMAIN] = {
	"Science", "Mathematics", "Technology", "Engineering",
	"Medicine", "Psychology", "Philosophy", "History",
	"Literature", "Art", "Economics", "Law",
	"Politics", "Education", "Environment", "Software"
};

static const char *const tasks[TMD_NTASK] = {
	"Fact Retrieval", "Definition Matching", "Analogical Reasoning",
	"Causal Inference", "Classification", "Entity Recognition",
	"Relationship Extraction", "Schema Adherence", "Summarization",
	"Paraphrasing", "Translation", "Sentiment Analysis",
	"Argument Evaluation", "Hypothesis Testing", "Code Generation",
	"Function Calling", "Mathematical Proof", "Diagram Interpretation",
	"Temporal Reasoning", "Spatial Reasoning", "Ethical Evaluation",
	"Policy Recommendation", "Roleplay Simulation", "Creative Writing",
	"Instruction Following", "Error Detection", "Output Repair",
	"Question Generation", "Conceptual Mapping", "Knowledge Distillation",
	"Tool Use", "Prompt Completion"
};

static const char *const modifiers[TMD_NMODIFIER] = {
	"Biochemical", "Evolutionary", "Computational", "Logical",
	"Ethical", "Historical", "Legal", "Philosophical",
	"Emotional", "Technical", "Creative", "Abstract",
	"Concrete", "Visual", "Auditory", "Spatial",
	"Temporal", "Quantitative", "Qualitative", "Procedural",
	"Declarative", "Comparative", "Analogical", "Causal",
	"Hypothetical", "Experimental", "Narrative", "Descriptive",
	"Prescriptive", "Diagnostic", "Predictive", "Reflective",
	"Strategic", "Tactical", "Symbolic", "Functional",
	"Structural", "Semantic", "Syntactic", "Pragmatic",
	"Normative", "Statistical", "Probabilistic", "Deterministic",
	"Stochastic", "Modular", "Hierarchical", "Distributed",
	"Localized", "Global", "Contextual", "Generalized",
	"Specialized", "Interdisciplinary", "Multimodal", "Ontological",
	"Epistemic", "Analog-sensitive", "Schema-bound", "Role-based",
	"Feedback-driven", "Entailment-aware", "Alignment-focused",
	"Compression-optimized"
};

static const char *const *
table(enum tmd_field f)
{
	switch (f) {
	case TMD_DOMAIN: return domains;
	case TMD_TASK: return tasks;
	case TMD_MODIFIER: return modifiers;
	}
	return NULL;
}

int
tmd_count(enum tmd_field f)
{
	switch (f) {
	case TMD_DOMAIN: return TMD_NDOMAIN;
	case TMD_TASK: return TMD_NTASK;
	case TMD_MODIFIER: return TMD_NMODIFIER;
	}
	return 0;
}

const char *
tmd_field_name(enum tmd_field f)
{
	switch (f) {
	case TMD_DOMAIN: return "domain";
	case TMD_TASK: return "task";
	case TMD_MODIFIER: return "modifier";
	}
	return "?";
}

const char *
tmd_name(enum tmd_field f, int code)
{
	if (code < 0 || code >= tmd_count(f))
		return NULL;
	return table(f)[code];
}

/* Fold one name character: case ignored, ' ' '-' '_' the same. */
static int
fold(int c)
{
	if (c == '-' || c == '_')
		return ' ';
	return tolower((unsigned char)c);
}

int
tmd_lookup(enum tmd_field f, const char *s, size_t n)
{
	const char *const *tab = table(f);
	int i, cnt = tmd_count(f);
	size_t k;

	if (n > 0 && n <= 2) {
		int v = 0;
		for (k = 0; k < n && isdigit((unsigned char)s[k]); k++)
			v = v * 10 + (s[k] - '0');
		if (k == n)
			return v < cnt ? v : -1;
	}
	for (i = 0; i < cnt; i++) {
		const char *name = tab[i];
		for (k = 0; k < n && name[k]; k++)
			if (fold(s[k]) != fold(name[k]))
				break;
		if (k == n && name[k] == '\0')
			return i;
	}
	return -1;
}

int
tmd_valid(int64_t d, int64_t t, int64_t m)
{
	return d >= 0 && d < TMD_NDOMAIN && t >= 0 && t < TMD_NTASK &&
	    m >= 0 && m < TMD_NMODIFIER;
}

unsigned
tmd_pack(int d, int t, int m)
{
	return (unsigned)d << 11 | (unsigned)t << 6 | (unsigned)m;
}

int
tmd_unpack(int64_t bits, int *d, int *t, int *m)
{
	if (bits < 0 || bits > TMD_BITS_MAX)
		return -1;
	*d = (int)(bits >> 11) & 0xf;
	*t = (int)(bits >> 6) & 0x1f;
	*m = (int)bits & 0x3f;
	return 0;
}

int
tmd_lane(int d, char *out, size_t size)
{
	int r = snprintf(out, size, "lane_%d", d);
	return r < 0 ? 0 : r;
}

void
tmd_list(struct buf *b, int json)
{
	enum tmd_field f;
	int i;

	if (json)
		buf_adds(b, "{\"schema\":\"" TMD_SCHEMA "\"");
	for (f = TMD_DOMAIN; f <= TMD_MODIFIER; f++) {
		if (json) {
			buf_printf(b, ",\"%s\":[", tmd_field_name(f));
			for (i = 0; i < tmd_count(f); i++) {
				if (i)
					buf_addc(b, ',');
				json_put_str(b, tmd_name(f, i),
				    strlen(tmd_name(f, i)));
			}
			buf_addc(b, ']');
			continue;
		}
		for (i = 0; i < tmd_count(f); i++)
			buf_printf(b, "%s\t%d\t%s\n", tmd_field_name(f), i,
			    tmd_name(f, i));
	}
	if (json)
		buf_adds(b, "}\n");
}

/* ---- prompt and answer ---- */

static void
prompt_list(struct buf *b, enum tmd_field f)
{
	int i;

	for (i = 0; i < tmd_count(f); i++)
		buf_printf(b, "%s%d=%s", i ? ", " : "", i, tmd_name(f, i));
	buf_addc(b, '\n');
}

void
tmd_prompt(struct buf *b, const char *text, size_t n)
{
	buf_adds(b, "Classify the passage below with three codes from this "
	    "taxonomy.\nDomain (what field the passage belongs to):\n");
	prompt_list(b, TMD_DOMAIN);
	buf_adds(b, "Task (what kind of knowledge the passage supports):\n");
	prompt_list(b, TMD_TASK);
	buf_adds(b, "Modifier (the passage's character):\n");
	prompt_list(b, TMD_MODIFIER);
	buf_adds(b, "Answer with exactly three numbers separated by commas, "
	    "domain,task,modifier, and nothing else. Example: 7,18,5\n"
	    "<passage>\n");
	buf_add(b, text, n);
	buf_adds(b, "\n</passage>\n");
}

/* Parse a decimal code of at most 3 digits at s[*i]. */
static int
parse_code(const char *s, size_t n, size_t *i, int *v)
{
	size_t k = *i;
	int x = 0;

	while (k < n && s[k] >= '0' && s[k] <= '9' && k - *i < 3)
		x = x * 10 + (s[k++] - '0');
	if (k == *i || (k < n && s[k] >= '0' && s[k] <= '9'))
		return -1;
	*i = k;
	*v = x;
	return 0;
}

static void
skip_ws(const char *s, size_t n, size_t *i)
{
	while (*i < n && (s[*i] == ' ' || s[*i] == '\t' || s[*i] == '\n' ||
	    s[*i] == '\r'))
		(*i)++;
}

int
tmd_parse_answer(const char *s, size_t n, int *d, int *t, int *m,
    char *why, size_t whylen)
{
	int v[3], k;
	size_t i = 0;

	for (k = 0; k < 3; k++) {
		skip_ws(s, n, &i);
		if (parse_code(s, n, &i, &v[k]) < 0) {
			snprintf(why, whylen, "expected a number at byte %zu",
			    i);
			return -1;
		}
		skip_ws(s, n, &i);
		if (k < 2) {
			if (i >= n || s[i] != ',') {
				snprintf(why, whylen,
				    "expected ',' at byte %zu", i);
				return -1;
			}
			i++;
		}
	}
	if (i < n && s[i] == '.')
		i++;
	skip_ws(s, n, &i);
	if (i != n) {
		snprintf(why, whylen, "unexpected text at byte %zu", i);
		return -1;
	}
	if (!tmd_valid(v[0], v[1], v[2])) {
		snprintf(why, whylen, "codes %d,%d,%d out of range "
		    "(0-15,0-31,0-63)", v[0], v[1], v[2]);
		return -1;
	}
	*d = v[0];
	*t = v[1];
	*m = v[2];
	return 0;
}
