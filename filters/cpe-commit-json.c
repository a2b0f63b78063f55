/* SPDX-License-Identifier: ISC */
/*
 * cpe-commit-json.c: msgpack values (chunk_position, quality_metrics, the
 * negatives lists) as JSON text for jsonb columns.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "common/json.h"
#include "common/mp.h"
#include "common/util.h"

int cc_mp_json(struct buf *out, const unsigned char *p, size_t n,
    const char **why);

static int
conv(struct buf *out, const unsigned char *p, size_t n, size_t *used,
    int depth, const char **why)
{
	struct mp_obj o;
	size_t off, k, u;
	int h;

	if (depth > 64) {
		*why = "nested too deeply";
		return -1;
	}
	if ((h = mp_head(p, n, &o)) <= 0) {
		*why = "malformed msgpack";
		return -1;
	}
	off = (size_t)h;
	switch (o.type) {
	case MP_NIL:
		buf_adds(out, "null");
		break;
	case MP_BOOL:
		buf_adds(out, o.v.b ? "true" : "false");
		break;
	case MP_UINT:
		buf_printf(out, "%llu", (unsigned long long)o.v.u);
		break;
	case MP_INT:
		buf_printf(out, "%lld", (long long)o.v.i);
		break;
	case MP_F32:
	case MP_F64: {
		double d = o.type == MP_F32 ? o.v.f32 : o.v.f64;

		if (!isfinite(d)) {
			*why = "a float that is not finite";
			return -1;
		}
		buf_printf(out, "%.17g", d);
		break;
	}
	case MP_STR:
		if (o.n > n - off) {
			*why = "truncated str";
			return -1;
		}
		if (!json_valid_utf8((const char *)o.p, o.n)) {
			*why = "a str that is not valid UTF-8";
			return -1;
		}
		/* jsonb refuses \u0000. */
		if (memchr(o.p, 0, o.n)) {
			*why = "a str containing NUL";
			return -1;
		}
		json_put_str(out, (const char *)o.p, o.n);
		off += o.n;
		break;
	case MP_ARRAY:
		buf_addc(out, '[');
		for (k = 0; k < o.n; k++) {
			if (k)
				buf_addc(out, ',');
			if (conv(out, p + off, n - off, &u, depth + 1, why) < 0)
				return -1;
			off += u;
		}
		buf_addc(out, ']');
		break;
	case MP_MAP:
		buf_addc(out, '{');
		for (k = 0; k < o.n; k++) {
			struct mp_obj ko;

			if (k)
				buf_addc(out, ',');
			if (mp_head(p + off, n - off, &ko) <= 0 ||
			    ko.type != MP_STR) {
				*why = "a map key that is not a str";
				return -1;
			}
			if (conv(out, p + off, n - off, &u, depth + 1, why) < 0)
				return -1;
			off += u;
			buf_addc(out, ':');
			if (conv(out, p + off, n - off, &u, depth + 1, why) < 0)
				return -1;
			off += u;
		}
		buf_addc(out, '}');
		break;
	default:
		*why = "a bin or ext value, which JSON cannot hold";
		return -1;
	}
	*used = off;
	return 0;
}

/*
 * cc_mp_json: append the JSON text of the one msgpack value p (n bytes) to
 * out.  Returns 0, or -1 with *why set (bin, ext, non-str keys, NaN).
 */
int
cc_mp_json(struct buf *out, const unsigned char *p, size_t n,
    const char **why)
{
	size_t used, mark = out->len;

	if (conv(out, p, n, &used, 0, why) < 0) {
		out->len = mark;
		return -1;
	}
	return 0;
}
