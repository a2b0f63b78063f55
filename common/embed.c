/* SPDX-License-Identifier: ISC */
/*
 * embed.c: the embedder registry, SPEC parsing and the batching and
 * normalising wrapper around the backends (see embed.h).
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "embed.h"
#include "util.h"

/*
 * The registry.  To add a backend, declare its struct in embed.h (or an
 * extern line here) and list it below; nothing else changes.
 */
extern const struct embed_backend embed_backend_wordvec,
    embed_backend_ollama, embed_backend_openai, embed_backend_gtr;

static const struct embed_backend *const backends[] = {
	&embed_backend_hash,
	&embed_backend_wordvec,
	&embed_backend_ollama,
	&embed_backend_openai,
	&embed_backend_gtr,
	NULL
};

static void
seterr(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL || errlen == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

int
embed_spec_parse(const char *text, struct embed_spec *spec, char *err,
    size_t errlen)
{
	char *p, *item, *next, *eq;
	size_t i;

	memset(spec, 0, sizeof *spec);
	spec->buf = estrdup(text);
	p = strchr(spec->buf, ':');
	if (p != NULL)
		*p++ = '\0';
	spec->name = spec->buf;
	if (*spec->name == '\0') {
		seterr(err, errlen, "empty embedder name");
		goto bad;
	}
	for (item = p; item != NULL; item = next) {
		next = strchr(item, ',');
		if (next != NULL)
			*next++ = '\0';
		eq = strchr(item, '=');
		if (eq == NULL || eq == item) {
			seterr(err, errlen, "parameter \"%s\" is not KEY=VALUE",
			    item);
			goto bad;
		}
		*eq = '\0';
		for (i = 0; i < spec->nparam; i++)
			if (strcmp(spec->key[i], item) == 0) {
				seterr(err, errlen,
				    "parameter \"%s\" given twice", item);
				goto bad;
			}
		if (spec->nparam == EMBED_MAX_PARAMS) {
			seterr(err, errlen, "more than %d parameters",
			    EMBED_MAX_PARAMS);
			goto bad;
		}
		spec->key[spec->nparam] = item;
		spec->val[spec->nparam] = eq + 1;
		spec->nparam++;
	}
	return 0;
bad:
	embed_spec_free(spec);
	return -1;
}

void
embed_spec_free(struct embed_spec *spec)
{
	free(spec->buf);
	memset(spec, 0, sizeof *spec);
}

const char *
embed_param(struct embed_spec *spec, const char *key)
{
	size_t i;

	for (i = 0; i < spec->nparam; i++)
		if (strcmp(spec->key[i], key) == 0) {
			spec->used[i] = 1;
			return spec->val[i];
		}
	return NULL;
}

int
embed_param_long(struct embedder *e, struct embed_spec *spec,
    const char *key, long min, long max, long def, long *out)
{
	const char *s = embed_param(spec, key);
	char *end;
	long v;

	if (s == NULL) {
		*out = def;
		return 0;
	}
	errno = 0;
	v = strtol(s, &end, 10);
	if (*s == '\0' || *end != '\0' || errno != 0 || v < min || v > max) {
		embed_seterr(e, "parameter %s=%s: want an integer in %ld..%ld",
		    key, s, min, max);
		return -1;
	}
	*out = v;
	return 0;
}

void
embed_seterr(struct embedder *e, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(e->err, sizeof e->err, fmt, ap);
	va_end(ap);
}

int
embed_open(const char *spec_text, struct embedder **ep, char *err,
    size_t errlen)
{
	struct embed_spec spec;
	struct embedder *e;
	size_t i;
	int st;

	*ep = NULL;
	if (spec_text == NULL)
		spec_text = EMBED_DEFAULT_SPEC;
	if (embed_spec_parse(spec_text, &spec, err, errlen) < 0)
		return EXIT_USAGE;
	for (i = 0; backends[i] != NULL; i++)
		if (strcmp(backends[i]->name, spec.name) == 0)
			break;
	if (backends[i] == NULL) {
		seterr(err, errlen, "unknown embedder \"%s\"", spec.name);
		embed_spec_free(&spec);
		return EXIT_USAGE;
	}
	e = ecalloc(1, sizeof *e);
	e->be = backends[i];
	e->batch_max = 256;
	st = e->be->open(e, &spec);
	if (st == EXIT_OK) {
		for (i = 0; i < spec.nparam; i++)
			if (!spec.used[i]) {
				embed_seterr(e, "unknown parameter \"%s\" for "
				    "embedder %s", spec.key[i], spec.name);
				st = EXIT_USAGE;
				break;
			}
		if (st == EXIT_OK && (e->dim == 0 || e->model[0] == '\0')) {
			embed_seterr(e, "backend %s set no dimension or model",
			    spec.name);
			st = EXIT_USAGE;
		}
		if (st != EXIT_OK && e->be->close != NULL)
			e->be->close(e);
	}
	embed_spec_free(&spec);
	if (st != EXIT_OK) {
		seterr(err, errlen, "%s", e->err);
		free(e);
		return st;
	}
	if (e->batch_max == 0)
		e->batch_max = 1;
	*ep = e;
	return EXIT_OK;
}

/*
 * Normalise in a fixed order with double accumulation, so that the result
 * is the same bits on every machine (no libm beyond sqrt, which IEEE 754
 * requires to be correctly rounded).
 */
static int
normalise(float *v, size_t dim)
{
	double s = 0, inv;
	size_t i;

	for (i = 0; i < dim; i++)
		s += (double)v[i] * (double)v[i];
	if (s == 0 || !(s < INFINITY)) {
		for (i = 0; i < dim; i++)
			v[i] = 0;
		return 0;
	}
	inv = 1.0 / sqrt(s);
	/* Four at a time, which the compiler does in vector registers: a
	 * product is rounded the same either way. */
	for (i = 0; i + 4 <= dim; i += 4) {
		v[i] = (float)((double)v[i] * inv);
		v[i + 1] = (float)((double)v[i + 1] * inv);
		v[i + 2] = (float)((double)v[i + 2] * inv);
		v[i + 3] = (float)((double)v[i + 3] * inv);
	}
	for (; i < dim; i++)
		v[i] = (float)((double)v[i] * inv);
	return 1;
}

int
embed_texts(struct embedder *e, size_t n, const char *const *text,
    const size_t *len, float *out)
{
	size_t off, k, i;
	int st;

	for (off = 0; off < n; off += k) {
		k = n - off < e->batch_max ? n - off : e->batch_max;
		st = e->be->embed(e, k, text + off, len + off,
		    out + off * e->dim);
		if (st != EXIT_OK)
			return st;
		for (i = 0; i < k; i++) {
			float *v = out + (off + i) * e->dim;
			size_t j;

			for (j = 0; j < e->dim; j++)
				if (!isfinite(v[j])) {
					embed_seterr(e, "backend %s returned a "
					    "non-finite value", e->be->name);
					return EXIT_DATA;
				}
			if (!normalise(v, e->dim))
				e->nzero++;
		}
		e->ntexts += k;
	}
	return EXIT_OK;
}

size_t
embed_dim(const struct embedder *e)
{
	return e->dim;
}

int
embed_spec_pin(const char *spec, const char *model, char *out, size_t len)
{
	size_t nl = strcspn(spec, ":");
	const char *v, *p;
	int n;

	if (model == NULL || strncmp(model, spec, nl) != 0 ||
	    strncmp(model + nl, "-v", 2) != 0)
		return 0;
	v = model + nl + 2;
	for (p = v; *p >= '0' && *p <= '9'; p++)
		;
	if (p == v || *p != '-')
		return 0;
	/* A "v=" parameter already: the spec says which version. */
	for (p = spec + nl; (p = strstr(p, "v=")) != NULL; p++)
		if (p[-1] == ':' || p[-1] == ',')
			return 0;
	n = snprintf(out, len, "%s%cv=%.*s", spec, spec[nl] ? ',' : ':',
	    (int)strspn(v, "0123456789"), v);
	return n > 0 && (size_t)n < len;
}

const char *
embed_model(const struct embedder *e)
{
	return e->model;
}

const char *
embed_errmsg(const struct embedder *e)
{
	return e->err;
}

void
embed_close(struct embedder *e)
{
	if (e == NULL)
		return;
	if (e->be->close != NULL)
		e->be->close(e);
	free(e);
}

void
embed_help(FILE *fp)
{
	size_t i;

	for (i = 0; backends[i] != NULL; i++)
		fprintf(fp, "  %-8s %s\n", backends[i]->name,
		    backends[i]->help);
}
