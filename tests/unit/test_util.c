/* SPDX-License-Identifier: ISC */
/*
 * test_util: the list-file reader (list_next) and hex64 of common/util.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "common/util.h"
#include "unit.h"

static void
test_list_next(void)
{
	FILE *fp = tmpfile();
	char *line = NULL;
	size_t cap = 0;
	unsigned long long lineno = 0;
	ssize_t n;

	CHECK(fp != NULL);
	fputs("# a comment\n\na:1\r\n\r\nb:22\n#x\nc:333", fp);
	rewind(fp);
	n = list_next(fp, &line, &cap, &lineno);
	CHECK(n == 3 && strcmp(line, "a:1") == 0 && lineno == 3);
	n = list_next(fp, &line, &cap, &lineno);
	CHECK(n == 4 && strcmp(line, "b:22") == 0 && lineno == 5);
	n = list_next(fp, &line, &cap, &lineno);
	CHECK(n == 5 && strcmp(line, "c:333") == 0 && lineno == 7);
	CHECK(list_next(fp, &line, &cap, &lineno) == -1 && !ferror(fp));
	fclose(fp);
	/* Nothing but blank lines and comments: no item. */
	fp = tmpfile();
	fputs("\n#\n\r\n", fp);
	rewind(fp);
	lineno = 0;
	CHECK(list_next(fp, &line, &cap, &lineno) == -1 && lineno == 3);
	fclose(fp);
	free(line);
}

static void
test_hex64(void)
{
	uint64_t v = 7;

	CHECK(hex64("00ff00ff00ff00ff", 16, &v) == 0 && v == 0x00ff00ff00ff00ffull);
	CHECK(hex64("FFFFFFFFFFFFFFFF", 16, &v) == 0 && v == UINT64_MAX);
	CHECK(hex64("0123456789abcdef", 16, &v) == 0 && v == 0x0123456789abcdefull);
	v = 7;
	CHECK(hex64("0123456789abcde", 15, &v) == -1 && v == 7);
	CHECK(hex64("0123456789abcdef0", 17, &v) == -1 && v == 7);
	CHECK(hex64("0123456789abcdeg", 16, &v) == -1 && v == 7);
	CHECK(hex64("0123456789abcd f", 16, &v) == -1 && v == 7);
	CHECK(hex64("", 0, &v) == -1);
}

int
main(void)
{
	log_init("test_util");
	test_list_next();
	test_hex64();
	return UNIT_DONE("test_util");
}
