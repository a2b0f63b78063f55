/* SPDX-License-Identifier: ISC */
/*
 * fuzz_llm: the LLM clients' response parser (common/llm.c
 * llm_parse_reply) for the three wire protocols (ollama, ollama-chat,
 * openai) on arbitrary response bodies.
 *
 * Checks: success and failure are exclusive (text on success, a reason
 * on failure); the text is valid UTF-8 (it came from a JSON string); the
 * reason is NUL-terminated within its buffer.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/json.h"
#include "common/llm.h"
#include "common/log.h"
#include "fuzz/fuzz.h"

FUZZ_QUIET_INIT

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum llm_api apis[] = { LLM_OLLAMA, LLM_OLLAMA_CHAT,
	    LLM_OPENAI };
	struct buf text = { 0 };
	char err[240];
	size_t i;

	for (i = 0; i < 3; i++) {
		memset(err, 'x', sizeof err);
		text.len = 0;
		if (llm_parse_reply(apis[i], (const char *)data, size, &text,
		    err, sizeof err) == 0) {
			FUZZ_CHECK(text.len <= size);
			FUZZ_CHECK(json_valid_utf8((const char *)text.p,
			    text.len));
		} else {
			FUZZ_CHECK(memchr(err, 0, sizeof err) != NULL);
			FUZZ_CHECK(err[0] != '\0');
		}
	}
	buf_free(&text);
	return 0;
}
