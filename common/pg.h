/* SPDX-License-Identifier: ISC */
/*
 * pg.h: libpq helpers: connecting the libpq way, telling transient from
 * permanent failures, retry with backoff and reconnect, and binary COPY.
 *
 * Connection: a conninfo string or URI (--db, or --db-file FILE), or ""
 * for the PG* environment variables, exactly as libpq reads them.
 * Messages built here never contain a password: libpq's own messages do
 * not echo it, and pg_redact() gives a conninfo fit for logs and run
 * tables.  Server notices go through log.h (never raw on stderr): a
 * WARNING as a warning, the others at -v.
 *
 * Classification (struct pg_err.cls):
 *   PG_TRANSIENT  connection lost or refused, server shutting down or
 *                 starting up (57P01 57P02 57P03), serialization failure
 *                 (40001), deadlock (40P01), too many connections (53300),
 *                 any class 08 connection exception: retry after a
 *                 reconnect and it may well succeed;
 *   PG_DATA       classes 22 (data exception) and 23 (integrity): the rows
 *                 themselves are wrong, retrying cannot help;
 *   PG_PERMANENT  everything else (permissions, read-only, missing
 *                 objects, a database that does not exist).
 *
 * Binary COPY (PostgreSQL's FORMAT binary): pgc_begin() writes the file
 * header, pgc_row() a field count, then one pgc_* per field in column
 * order, and pgc_end() the trailer.  All integers are big endian.
 */
#ifndef WIKIPIPE_PG_H
#define WIKIPIPE_PG_H

#include <stddef.h>
#include <stdint.h>

#include <libpq-fe.h>

#include "util.h"

enum pg_class { PG_OK = 0, PG_TRANSIENT, PG_DATA, PG_PERMANENT };

/* One failure: its class, SQLSTATE ("" if none) and message. */
struct pg_err {
	enum pg_class cls;
	char sqlstate[6];
	char msg[512];		/* one line, no trailing newline */
};

/*
 * pg_connect: connect with conninfo (a "key=value" string or a
 * postgres:// URI; NULL or "" reads PG* only).  Returns the connection,
 * or NULL with err filled: PG_PERMANENT for a malformed conninfo, a
 * database or role that does not exist or failed authentication,
 * PG_TRANSIENT otherwise (server down, starting, socket missing).
 * client_encoding is set to UTF8.
 */
PGconn *pg_connect(const char *conninfo, struct pg_err *err);

/*
 * pg_conninfo_arg: the conninfo of a --db argument.  arg is the string in
 * argv (getopt's optarg); a copy is returned, kept until the next call
 * of this or pg_conninfo_file (the program's one connection).  When it
 * holds a password, arg is overwritten in place, right away, with the
 * same conninfo without it (padded with spaces), or with asterisks where
 * that does not fit, so that ps and /proc/PID/cmdline show no password;
 * and the process is made non-dumpable (no core file, no ptrace by
 * others) on Linux.
 */
const char *pg_conninfo_arg(char *arg);

/*
 * pg_conninfo_file: the conninfo in the first line of path (--db-file: a
 * private file, or /dev/fd/N inherited from a parent, never a command
 * line).  Dies with EXIT_USAGE if it cannot be read or is empty.  A
 * password makes the process non-dumpable as above.  Kept as above.
 */
const char *pg_conninfo_file(const char *path);

/*
 * pg_check_conninfo: 0 if conninfo parses (NULL is fine), else -1 with
 * libpq's reason in err->msg.  For option validation (a usage error).
 */
int pg_check_conninfo(const char *conninfo, struct pg_err *err);

/*
 * pg_db_option: the conninfo of --db ARG (file 0: pg_conninfo_arg) or
 * --db-file ARG (file 1: pg_conninfo_file), checked by pg_check_conninfo;
 * dies with EXIT_USAGE ("--db: reason") if libpq cannot parse it.
 */
const char *pg_db_option(int file, char *arg);

/*
 * pg_redact: a newly allocated conninfo equivalent to conninfo but without
 * any password (URI or key=value input; the result is key=value form).
 * An unparsable conninfo gives "(unparsable)".  Caller frees.
 */
char *pg_redact(const char *conninfo);

/*
 * pg_classify: classify a failed result (res may be NULL) on conn into
 * err: SQLSTATE first, then the connection status (a connection that has
 * gone bad is transient).  Returns err->cls.  For a successful result
 * (COMMAND_OK, TUPLES_OK, COPY_IN) it returns PG_OK.
 */
enum pg_class pg_classify(PGconn *conn, const PGresult *res,
    struct pg_err *err);

/*
 * pg_exec: run sql (one or more statements, simple protocol) and consume
 * every result.  Returns PG_OK or the class of the first failure, with
 * err filled.
 */
enum pg_class pg_exec(PGconn *conn, const char *sql, struct pg_err *err);

/*
 * pg_exec_params: run one statement with text parameters and return its
 * result (the caller PQclear()s it) when it succeeded, else NULL with err
 * filled.
 */
PGresult *pg_exec_params(PGconn *conn, const char *sql, int nparams,
    const char *const *params, struct pg_err *err);

/*
 * pg_copy_in: run "COPY ... FROM STDIN" (sql) and send n bytes of data in
 * chunks of about 1 MiB.  Returns PG_OK or a class with err filled.
 */
enum pg_class pg_copy_in(PGconn *conn, const char *sql, const void *data,
    size_t n, struct pg_err *err);

/*
 * pg_backoff: sleep before retry attempt (1-based): 0.1 s doubling up to
 * max_s, with up to 25% jitter.  Returns the seconds slept.
 */
double pg_backoff(int attempt, double max_s);

/*
 * Retrying work.  A struct pg_session owns the connection.  pg_run()
 * calls fn(conn, arg, err); when fn returns PG_TRANSIENT it drops the
 * connection, backs off, reconnects (calling setup(conn, arg, err) on each
 * new connection, if set) and calls fn again, up to max_retries times.  It
 * returns the final class; err describes the last failure.  fn must be
 * safe to replay: it runs inside its own transaction.
 */
struct pg_session {
	const char *conninfo;	/* as for pg_connect */
	PGconn *conn;		/* NULL when not connected */
	int max_retries;	/* attempts after the first */
	double max_backoff;	/* seconds, cap of one wait */
	enum pg_class (*setup)(PGconn *, void *, struct pg_err *);
	void *arg;		/* for setup */
	uint64_t retries;	/* total retries done, for --stats */
};

enum pg_class pg_run(struct pg_session *s,
    enum pg_class (*fn)(PGconn *, void *, struct pg_err *), void *arg,
    struct pg_err *err);

/* pg_session_close: close the session's connection (if any). */
void pg_session_close(struct pg_session *s);

/* ---- binary COPY encoding ---- */

void pgc_begin(struct buf *b);		/* "PGCOPY\n\377\r\n\0" + flags + ext */
void pgc_end(struct buf *b);		/* int16 -1 */
void pgc_row(struct buf *b, int nfields);
void pgc_null(struct buf *b);
void pgc_int2(struct buf *b, int16_t v);
void pgc_int4(struct buf *b, int32_t v);
void pgc_int8(struct buf *b, int64_t v);
void pgc_float4(struct buf *b, float v);
void pgc_float8(struct buf *b, double v);
/* pgc_bytes: a text, varchar or bytea field (raw bytes). */
void pgc_bytes(struct buf *b, const void *p, size_t n);
/* pgc_uuid: 16 raw bytes. */
void pgc_uuid(struct buf *b, const unsigned char u[16]);
/* pgc_jsonb: JSON text as jsonb (version byte 1, then the text). */
void pgc_jsonb(struct buf *b, const char *json, size_t n);
/* pgc_field_begin / pgc_field_end: a field written in place: reserve the
 * length word, append bytes to b, then patch the length. */
size_t pgc_field_begin(struct buf *b);
void pgc_field_end(struct buf *b, size_t mark);

#endif
