# SPDX-License-Identifier: ISC
# tests/lib/pg.sh: a throwaway PostgreSQL cluster (DESIGN 6), sourced by
# tests/run.sh, the demo and any test that needs a cluster of its own (to
# restart it, say).  Unix socket only, in a private directory; no TCP.
#
#   pg_start DIR   create and start a cluster in DIR (made if missing);
#                  sets and exports PGHOST PGPORT PGUSER PGDATABASE=postgres.
#                  Returns non-zero (reason on stderr) if it cannot.
#   pg_restart DIR restart it (pg_ctl restart -m fast).
#   pg_stop DIR    stop it and remove DIR.
# Works as root (initdb and the server run as the postgres user) and as an
# ordinary user (they run as that user).

pg_bindir() {
	for d in ${PG_BINDIR:-} /usr/lib/postgresql/*/bin; do
		[ -x "$d/initdb" ] && { echo "$d"; return 0; }
	done
	command -v initdb >/dev/null 2>&1 && { dirname "$(command -v initdb)"; return 0; }
	return 1
}

_pg_as() {
	if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_start() {
	_d=$1
	_bin=$(pg_bindir) || { echo "pg_start: initdb not found (install postgresql)" >&2; return 1; }
	mkdir -p "$_d" && chmod 755 "$_d"
	if [ "$(id -u)" -eq 0 ]; then
		id postgres >/dev/null 2>&1 || { echo "pg_start: no postgres user" >&2; return 1; }
		chown postgres: "$_d"
		_user=postgres
	else
		_user=$(id -un)
	fi
	_pg_as "$_bin/initdb" -D "$_d/data" -U "$_user" -A trust -E UTF8 --no-locale \
	    --no-sync >"$_d/initdb.log" 2>&1 || { cat "$_d/initdb.log" >&2; return 1; }
	_pg_as "$_bin/pg_ctl" -D "$_d/data" -l "$_d/log" -w -s -o "-c listen_addresses='' \
-c unix_socket_directories='$_d' -p 5432 -c fsync=off -c synchronous_commit=off \
-c full_page_writes=off -c max_connections=60" start || { cat "$_d/log" >&2; return 1; }
	PGHOST=$_d PGPORT=5432 PGUSER=$_user PGDATABASE=postgres
	export PGHOST PGPORT PGUSER PGDATABASE
}

pg_restart() {
	_bin=$(pg_bindir) || return 1
	_pg_as "$_bin/pg_ctl" -D "$1/data" -l "$1/log" -w -s -m fast restart >/dev/null
}

pg_stop() {
	_bin=$(pg_bindir) || return 0
	[ -f "$1/data/postmaster.pid" ] && _pg_as "$_bin/pg_ctl" -D "$1/data" -m immediate -w -s stop >/dev/null 2>&1
	rm -rf "$1"
}
