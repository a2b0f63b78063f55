/* SPDX-License-Identifier: ISC */
/*
 * cpe-commit-json.c: msgpack values (chunk_position, quality_metrics, the
 * negatives lists), as msgpack-c decoded them, as JSON text for jsonb
 * columns.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "common/json.h"
#include "common/mp.h"
#include "common/util.h"

int cc_mp_json(struct buf *out, const msgpack_object *o, const char **why);

static int
conv(struct buf *out, const msgpack_object *o, int depth, const char **why)
{
	uint32_t k;

	if (depth > 64) {
		*why = "nested too deeply";
		return -1;
	}
	switch (o->type) {
	case MSGPACK_OBJECT_NIL:
		buf_adds(out, "null");
		break;
	case MSGPACK_OBJECT_BOOLEAN:
		buf_adds(out, o->via.boolean ? "true" : "false");
		break;
	case MSGPACK_OBJECT_POSITIVE_INTEGER:
		buf_printf(out, "%llu", (unsigned long long)o->via.u64);
		break;
	case MSGPACK_OBJECT_NEGATIVE_INTEGER:
		buf_printf(out, "%lld", (long long)o->via.i64);
		break;
	case MSGPACK_OBJECT_FLOAT32:
	case MSGPACK_OBJECT_FLOAT64:
		if (!isfinite(o->via.f64)) {
			*why = "a float that is not finite";
			return -1;
		}
		buf_printf(out, "%.17g", o->via.f64);
		break;
	case MSGPACK_OBJECT_STR:
		if (!json_valid_utf8(o->via.str.ptr, o->via.str.size)) {
			*why = "a str that is not valid UTF-8";
			return -1;
		}
		/* jsonb refuses \u0000. */
		if (memchr(o->via.str.ptr, 0, o->via.str.size)) {
			*why = "a str containing NUL";
			return -1;
		}
		json_put_str(out, o->via.str.ptr, o->via.str.size);
		break;
	case MSGPACK_OBJECT_ARRAY:
		buf_addc(out, '[');
		for (k = 0; k < o->via.array.size; k++) {
			if (k)
				buf_addc(out, ',');
			if (conv(out, &o->via.array.ptr[k], depth + 1, why) < 0)
				return -1;
		}
		buf_addc(out, ']');
		break;
	case MSGPACK_OBJECT_MAP:
		buf_addc(out, '{');
		for (k = 0; k < o->via.map.size; k++) {
			const msgpack_object_kv *kv = &o->via.map.ptr[k];

			if (k)
				buf_addc(out, ',');
			if (kv->key.type != MSGPACK_OBJECT_STR) {
				*why = "a map key that is not a str";
				return -1;
			}
			if (conv(out, &kv->key, depth + 1, why) < 0)
				return -1;
			buf_addc(out, ':');
			if (conv(out, &kv->val, depth + 1, why) < 0)
				return -1;
		}
		buf_addc(out, '}');
		break;
	default:
		*why = "a bin or ext value, which JSON cannot hold";
		return -1;
	}
	return 0;
}

/*
 * cc_mp_json: append the JSON text of the decoded value o to out.
 * Returns 0, or -1 with *why set (bin, ext, non-str keys, NaN) and out as
 * it was.
 */
int
cc_mp_json(struct buf *out, const msgpack_object *o, const char **why)
{
	size_t mark = out->len;

	if (conv(out, o, 0, why) < 0) {
		out->len = mark;
		return -1;
	}
	return 0;
}
