/* SPDX-License-Identifier: ISC */
/*
 * pg.c: libpq helpers (see pg.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include <libpq-fe.h>

#include "log.h"
#include "pg.h"
#include "util.h"

/* Copy a libpq message into err->msg as one line. */
static void
set_msg(struct pg_err *err, const char *m)
{
	size_t i, j = 0;

	if (!m || !*m)
		m = "unknown error";
	for (i = 0; m[i] && j + 1 < sizeof err->msg; i++) {
		char c = m[i] == '\n' || m[i] == '\t' ? ' ' : m[i];

		if (c == ' ' && (j == 0 || err->msg[j - 1] == ' '))
			continue;
		err->msg[j++] = c;
	}
	while (j > 0 && err->msg[j - 1] == ' ')
		j--;
	err->msg[j] = '\0';
}

int
pg_check_conninfo(const char *conninfo, struct pg_err *err)
{
	PQconninfoOption *o;
	char *msg = NULL;

	if (!conninfo || !*conninfo)
		return 0;
	if ((o = PQconninfoParse(conninfo, &msg)) == NULL) {
		err->cls = PG_PERMANENT;
		err->sqlstate[0] = '\0';
		set_msg(err, msg ? msg : "invalid connection string");
		PQfreemem(msg);
		return -1;
	}
	PQconninfoFree(o);
	return 0;
}

const char *
pg_db_option(int file, char *arg)
{
	const char *db = file ? pg_conninfo_file(arg) : pg_conninfo_arg(arg);
	struct pg_err e;

	if (pg_check_conninfo(db, &e))
		die(EXIT_USAGE, "--db: %s", e.msg);
	return db;
}

char *
pg_redact(const char *conninfo)
{
	PQconninfoOption *opts, *o;
	struct buf b = { 0 };
	char *msg = NULL;

	if (!conninfo || !*conninfo)
		return estrdup("");
	if ((opts = PQconninfoParse(conninfo, &msg)) == NULL) {
		PQfreemem(msg);
		return estrdup("(unparsable)");
	}
	for (o = opts; o->keyword; o++) {
		const char *v;

		if (!o->val || strcmp(o->keyword, "password") == 0)
			continue;
		if (b.len)
			buf_addc(&b, ' ');
		buf_printf(&b, "%s='", o->keyword);
		for (v = o->val; *v; v++) {
			if (*v == '\'' || *v == '\\')
				buf_addc(&b, '\\');
			buf_addc(&b, *v);
		}
		buf_addc(&b, '\'');
	}
	PQconninfoFree(opts);
	buf_addc(&b, '\0');
	return (char *)b.p;
}

/* Connection-time failures carry no SQLSTATE through libpq, so the
 * server's (English) message decides. */
static enum pg_class
connect_class(const char *m)
{
	static const char *const permanent[] = {
		"does not exist", "authentication failed", "no password",
		"not permitted to log in", "permission denied",
		"no pg_hba.conf entry", "invalid", NULL
	};
	size_t i;

	for (i = 0; permanent[i]; i++)
		if (strstr(m, permanent[i]))
			return PG_PERMANENT;
	return PG_TRANSIENT;
}

/*
 * pg_notice: a server notice through our log channel, with the program's
 * name: a WARNING as our warnings are (shown unless -q), NOTICE, INFO and
 * the rest ("relation ... already exists, skipping") at -v only.
 */
static void
pg_notice(void *arg, const PGresult *res)
{
	const char *msg = PQresultErrorMessage(res),
	    *sev = PQresultErrorField(res, PG_DIAG_SEVERITY_NONLOCALIZED);
	size_t n = strlen(msg);

	(void)arg;
	while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == '\r'))
		n--;
	if (sev && strcmp(sev, "WARNING") == 0)
		warn("server: %.*s", (int)n, msg);
	else
		info(3, "server: %.*s", (int)n, msg);
}

/* has_password: 1 if conninfo parses and sets a non-empty password. */
static int
has_password(const char *conninfo)
{
	PQconninfoOption *opts, *o;
	char *msg = NULL;
	int found = 0;

	if ((opts = PQconninfoParse(conninfo, &msg)) == NULL) {
		PQfreemem(msg);
		return 0;
	}
	for (o = opts; o->keyword; o++)
		if (strcmp(o->keyword, "password") == 0 && o->val && *o->val)
			found = 1;
	PQconninfoFree(opts);
	return found;
}

/* hide: after a password was seen, keep it out of core files (and out of
 * other processes' reach through ptrace). */
static void
hide(void)
{
#if defined(__linux__) && defined(PR_SET_DUMPABLE)
	(void)prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
#endif
}

/* The conninfo given by --db or --db-file, kept for the program's life. */
static char *held;

static const char *
hold(char *conninfo)
{
	free(held);
	return held = conninfo;
}

const char *
pg_conninfo_arg(char *arg)
{
	char *copy = estrdup(arg), *red;
	size_t n = strlen(arg), r;

	if (!has_password(copy))
		return hold(copy);
	hide();
	red = pg_redact(copy);
	r = strlen(red);
	if (r <= n && strcmp(red, "(unparsable)") != 0) {
		memcpy(arg, red, r);
		memset(arg + r, ' ', n - r);
	} else {
		memset(arg, '*', n);
	}
	free(red);
	return hold(copy);
}

const char *
pg_conninfo_file(const char *path)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;

	if (f == NULL)
		die(EXIT_USAGE, "--db-file %s:", path);
	/* /dev/fd/N may share its offset with the parent's descriptor. */
	rewind(f);
	n = getline(&line, &cap, f);
	if (n < 0 && ferror(f))
		die(EXIT_USAGE, "--db-file %s:", path);
	fclose(f);
	while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
		line[--n] = '\0';
	if (n <= 0)
		die(EXIT_USAGE, "--db-file %s: empty (one line: a conninfo or URI)",
		    path);
	if (has_password(line))
		hide();
	return hold(line);
}

PGconn *
pg_connect(const char *conninfo, struct pg_err *err)
{
	PGconn *c;

	err->cls = PG_OK;
	err->sqlstate[0] = '\0';
	err->msg[0] = '\0';
	if (pg_check_conninfo(conninfo, err) < 0)
		return NULL;
	c = PQconnectdb(conninfo ? conninfo : "");
	if (!c) {
		err->cls = PG_TRANSIENT;
		set_msg(err, "out of memory allocating a connection");
		return NULL;
	}
	if (PQstatus(c) != CONNECTION_OK) {
		set_msg(err, PQerrorMessage(c));
		err->cls = connect_class(err->msg);
		PQfinish(c);
		return NULL;
	}
	PQsetNoticeReceiver(c, pg_notice, NULL);
	if (PQsetClientEncoding(c, "UTF8") != 0) {
		set_msg(err, PQerrorMessage(c));
		err->cls = PG_PERMANENT;
		PQfinish(c);
		return NULL;
	}
	return c;
}

static int
is_transient_state(const char *s)
{
	static const char *const states[] = {
		"40001", "40P01", "57P01", "57P02", "57P03", "53300", NULL
	};
	size_t i;

	if (s[0] == '0' && s[1] == '8')
		return 1;
	for (i = 0; states[i]; i++)
		if (strcmp(s, states[i]) == 0)
			return 1;
	return 0;
}

enum pg_class
pg_classify(PGconn *conn, const PGresult *res, struct pg_err *err)
{
	const char *st = NULL;

	if (res) {
		switch (PQresultStatus(res)) {
		case PGRES_COMMAND_OK:
		case PGRES_TUPLES_OK:
		case PGRES_COPY_IN:
		case PGRES_SINGLE_TUPLE:
			return err->cls = PG_OK;
		default:
			break;
		}
		st = PQresultErrorField(res, PG_DIAG_SQLSTATE);
	}
	snprintf(err->sqlstate, sizeof err->sqlstate, "%s", st ? st : "");
	set_msg(err, res && *PQresultErrorMessage(res) ?
	    PQresultErrorMessage(res) : PQerrorMessage(conn));
	if (st && is_transient_state(st))
		err->cls = PG_TRANSIENT;
	else if (PQstatus(conn) == CONNECTION_BAD)
		err->cls = PG_TRANSIENT;
	else if (st && (strncmp(st, "22", 2) == 0 || strncmp(st, "23", 2) == 0))
		err->cls = PG_DATA;
	else if (!st)
		err->cls = PG_TRANSIENT;	/* no server answer at all */
	else
		err->cls = PG_PERMANENT;
	return err->cls;
}

enum pg_class
pg_exec(PGconn *conn, const char *sql, struct pg_err *err)
{
	PGresult *r;
	enum pg_class cls = PG_OK;

	err->cls = PG_OK;
	if (!PQsendQuery(conn, sql))
		return pg_classify(conn, NULL, err);
	while ((r = PQgetResult(conn)) != NULL) {
		if (cls == PG_OK && pg_classify(conn, r, err) != PG_OK)
			cls = err->cls;
		PQclear(r);
		if (PQstatus(conn) == CONNECTION_BAD)
			break;
	}
	if (cls == PG_OK && PQstatus(conn) == CONNECTION_BAD)
		cls = pg_classify(conn, NULL, err);
	return err->cls = cls;
}

PGresult *
pg_exec_params(PGconn *conn, const char *sql, int nparams,
    const char *const *params, struct pg_err *err)
{
	PGresult *r;

	r = PQexecParams(conn, sql, nparams, NULL, params, NULL, NULL, 0);
	if (pg_classify(conn, r, err) == PG_OK)
		return r;
	PQclear(r);
	return NULL;
}

enum pg_class
pg_copy_in(PGconn *conn, const char *sql, const void *data, size_t n,
    struct pg_err *err)
{
	const char *p = data;
	PGresult *r;
	enum pg_class cls;
	size_t off, chunk;

	r = PQexec(conn, sql);
	if (!r || PQresultStatus(r) != PGRES_COPY_IN) {
		cls = pg_classify(conn, r, err);
		if (cls == PG_OK)
			cls = err->cls = PG_PERMANENT;
		PQclear(r);
		while ((r = PQgetResult(conn)) != NULL)
			PQclear(r);
		return cls;
	}
	PQclear(r);
	for (off = 0; off < n; off += chunk) {
		chunk = n - off < (1u << 20) ? n - off : (1u << 20);
		if (PQputCopyData(conn, p + off, (int)chunk) != 1)
			break;
	}
	if (off < n)
		(void)PQputCopyEnd(conn, "client failed to send data");
	else
		(void)PQputCopyEnd(conn, NULL);
	cls = PG_OK;
	err->cls = PG_OK;
	while ((r = PQgetResult(conn)) != NULL) {
		if (cls == PG_OK && pg_classify(conn, r, err) != PG_OK)
			cls = err->cls;
		PQclear(r);
		if (PQstatus(conn) == CONNECTION_BAD)
			break;
	}
	if (cls == PG_OK && (off < n || PQstatus(conn) == CONNECTION_BAD))
		cls = pg_classify(conn, NULL, err);
	return err->cls = cls;
}

double
pg_backoff(int attempt, double max_s)
{
	struct timespec ts;
	double s = 0.1;
	int i;

	for (i = 1; i < attempt && s < max_s; i++)
		s *= 2;
	if (s > max_s)
		s = max_s;
	s *= 1.0 + 0.25 * (rand() / (RAND_MAX + 1.0));
	ts.tv_sec = (time_t)s;
	ts.tv_nsec = (long)((s - (double)ts.tv_sec) * 1e9);
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
	return s;
}

void
pg_session_close(struct pg_session *s)
{
	if (s->conn)
		PQfinish(s->conn);
	s->conn = NULL;
}

enum pg_class
pg_run(struct pg_session *s,
    enum pg_class (*fn)(PGconn *, void *, struct pg_err *), void *arg,
    struct pg_err *err)
{
	enum pg_class cls;
	int attempt = 0;

	for (;;) {
		if (!s->conn) {
			s->conn = pg_connect(s->conninfo, err);
			cls = s->conn ? PG_OK : err->cls;
			if (cls == PG_OK && s->setup)
				cls = s->setup(s->conn, s->arg, err);
		} else {
			cls = PG_OK;
		}
		if (cls == PG_OK)
			cls = fn(s->conn, arg, err);
		if (cls != PG_TRANSIENT || attempt >= s->max_retries)
			return cls;
		attempt++;
		s->retries++;
		pg_session_close(s);
		(void)pg_backoff(attempt, s->max_backoff);
	}
}

/* ---- binary COPY ---- */

static void
put16(struct buf *b, uint16_t v)
{
	unsigned char p[2] = { (unsigned char)(v >> 8), (unsigned char)v };

	buf_add(b, p, 2);
}

static void
put32(struct buf *b, uint32_t v)
{
	unsigned char p[4] = { (unsigned char)(v >> 24),
	    (unsigned char)(v >> 16), (unsigned char)(v >> 8),
	    (unsigned char)v };

	buf_add(b, p, 4);
}

static void
put64(struct buf *b, uint64_t v)
{
	put32(b, (uint32_t)(v >> 32));
	put32(b, (uint32_t)v);
}

void
pgc_begin(struct buf *b)
{
	buf_add(b, "PGCOPY\n\377\r\n\0", 11);
	put32(b, 0);		/* flags */
	put32(b, 0);		/* header extension length */
}

void
pgc_end(struct buf *b)
{
	put16(b, 0xffff);
}

void
pgc_row(struct buf *b, int nfields)
{
	put16(b, (uint16_t)nfields);
}

void
pgc_null(struct buf *b)
{
	put32(b, 0xffffffffu);
}

void
pgc_int2(struct buf *b, int16_t v)
{
	put32(b, 2);
	put16(b, (uint16_t)v);
}

void
pgc_int4(struct buf *b, int32_t v)
{
	put32(b, 4);
	put32(b, (uint32_t)v);
}

void
pgc_int8(struct buf *b, int64_t v)
{
	put32(b, 8);
	put64(b, (uint64_t)v);
}

void
pgc_float4(struct buf *b, float v)
{
	uint32_t u;

	memcpy(&u, &v, 4);
	put32(b, 4);
	put32(b, u);
}

void
pgc_float8(struct buf *b, double v)
{
	uint64_t u;

	memcpy(&u, &v, 8);
	put32(b, 8);
	put64(b, u);
}

void
pgc_bytes(struct buf *b, const void *p, size_t n)
{
	put32(b, (uint32_t)n);
	buf_add(b, p, n);
}

void
pgc_uuid(struct buf *b, const unsigned char u[16])
{
	pgc_bytes(b, u, 16);
}

void
pgc_jsonb(struct buf *b, const char *json, size_t n)
{
	put32(b, (uint32_t)n + 1);
	buf_addc(b, 1);
	buf_add(b, json, n);
}

size_t
pgc_field_begin(struct buf *b)
{
	size_t mark = b->len;

	put32(b, 0);
	return mark;
}

void
pgc_field_end(struct buf *b, size_t mark)
{
	uint32_t n = (uint32_t)(b->len - mark - 4);

	b->p[mark] = (unsigned char)(n >> 24);
	b->p[mark + 1] = (unsigned char)(n >> 16);
	b->p[mark + 2] = (unsigned char)(n >> 8);
	b->p[mark + 3] = (unsigned char)n;
}
