/* SPDX-License-Identifier: ISC */
/*
 * test_pg: the parts of common/pg.c that need no server: password
 * redaction, conninfo checks, the binary COPY encoders and the
 * classification of a dead connection.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/pg.h"

static int failures;

#define CHECK(c) do { if (!(c)) { failures++; \
	printf("test_pg: %s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, #c); \
	} } while (0)

static void
check_redact(void)
{
	char *r;

	r = pg_redact("host=/tmp dbname=wiki password=Sekr1t user=me");
	CHECK(strstr(r, "Sekr1t") == NULL);
	CHECK(strstr(r, "dbname='wiki'") != NULL);
	CHECK(strstr(r, "user='me'") != NULL);
	free(r);
	r = pg_redact("postgresql://me:Sekr1t@localhost:5433/wiki?sslmode=disable");
	CHECK(strstr(r, "Sekr1t") == NULL);
	CHECK(strstr(r, "port='5433'") != NULL);
	CHECK(strstr(r, "dbname='wiki'") != NULL);
	free(r);
	r = pg_redact("dbname='it''s' password='a b'");
	CHECK(strstr(r, "a b") == NULL);
	free(r);
	r = pg_redact("dbname='unterminated");
	CHECK(strcmp(r, "(unparsable)") == 0);
	free(r);
	r = pg_redact(NULL);
	CHECK(strcmp(r, "") == 0);
	free(r);
}

static void
check_conninfo(void)
{
	struct pg_err e;

	CHECK(pg_check_conninfo(NULL, &e) == 0);
	CHECK(pg_check_conninfo("", &e) == 0);
	CHECK(pg_check_conninfo("dbname=x host=/tmp", &e) == 0);
	CHECK(pg_check_conninfo("postgresql:///x", &e) == 0);
	CHECK(pg_check_conninfo("nosuchkey=1", &e) < 0);
	CHECK(e.cls == PG_PERMANENT && e.msg[0] != '\0');
	CHECK(pg_check_conninfo("dbname='x", &e) < 0);
}

static void
check_copy(void)
{
	static const unsigned char want[] = {
		'P', 'G', 'C', 'O', 'P', 'Y', '\n', 0xff, '\r', '\n', 0,
		0, 0, 0, 0, 0, 0, 0, 0,			/* flags, ext */
		0, 5,					/* 5 fields */
		0, 0, 0, 2, 0x7f, 0xfe,			/* int2 32766 */
		0, 0, 0, 4, 0xff, 0xff, 0xff, 0xff,	/* int4 -1 */
		0xff, 0xff, 0xff, 0xff,			/* NULL */
		0, 0, 0, 4, 0x3f, 0x80, 0, 0,		/* float4 1.0 */
		0, 0, 0, 3, 1, '[', ']',		/* jsonb [] */
		0xff, 0xff				/* trailer */
	};
	struct buf b = { 0 };
	size_t mark;

	pgc_begin(&b);
	pgc_row(&b, 5);
	pgc_int2(&b, 32766);
	pgc_int4(&b, -1);
	pgc_null(&b);
	pgc_float4(&b, 1.0f);
	pgc_jsonb(&b, "[]", 2);
	pgc_end(&b);
	CHECK(b.len == sizeof want);
	CHECK(b.len == sizeof want && memcmp(b.p, want, b.len) == 0);
	b.len = 0;
	mark = pgc_field_begin(&b);
	buf_add(&b, "abc", 3);
	pgc_field_end(&b, mark);
	CHECK(b.len == 7 && memcmp(b.p, "\0\0\0\3abc", 7) == 0);
	b.len = 0;
	pgc_int8(&b, 0x0102030405060708LL);
	CHECK(b.len == 12 && b.p[3] == 8 && b.p[4] == 1 && b.p[11] == 8);
	buf_free(&b);
}

static void
check_dead(void)
{
	struct pg_err e;
	PGconn *c;

	/* No server behind this socket directory: a transient failure. */
	c = pg_connect("host=/nonexistent-wikipipe-dir connect_timeout=2", &e);
	CHECK(c == NULL);
	CHECK(e.cls == PG_TRANSIENT);
	CHECK(strchr(e.msg, '\n') == NULL);
	c = pg_connect("host=/nonexistent-wikipipe-dir password=Sekr1t", &e);
	CHECK(c == NULL && strstr(e.msg, "Sekr1t") == NULL);
}

int
main(void)
{
	check_redact();
	check_conninfo();
	check_copy();
	check_dead();
	if (failures)
		printf("test_pg: %d failure(s)\n", failures);
	return failures != 0;
}
