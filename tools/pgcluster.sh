#!/usr/bin/env bash
# The suite's private PostgreSQL 15 cluster: start | stop | status | env.
#
# The cluster lives in <checkout>/.pgdata. As root, initdb and the server run as
# the `postgres` user; when that user cannot enter the checkout (a private
# temporary folder, say), the cluster goes to /var/tmp/heat-suite-pg-<hash>.
# When the user names a server (PGHOST, or db_host in odoo.conf), nothing is
# started and `env` prints nothing: that server is used.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ACTION=${1:-start}
PG_ROLE=odoo

die() { echo "pgcluster: $*" >&2; exit 1; }

external_server() {
    [ -n "${PGHOST:-}" ] && return 0
    [ -f "$ROOT/odoo.conf" ] && grep -Eq '^\s*db_host\s*=\s*[^[:space:]]' "$ROOT/odoo.conf" && return 0
    return 1
}

find_pg_bin() {
    local d
    for d in "${PG_BINDIR:-}" /usr/lib/postgresql/15/bin; do
        [ -n "$d" ] && [ -x "$d/initdb" ] && { echo "$d"; return; }
    done
    command -v pg_ctl >/dev/null && { dirname "$(command -v pg_ctl)"; return; }
    die "PostgreSQL 15 server binaries not found: install the Debian package postgresql-15 (or set PG_BINDIR)."
}

as_owner() {
    # Run a command as the cluster's owner (postgres when we are root).
    if [ "$(id -u)" = 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

choose_datadir() {
    if [ -n "${HEAT_PGDATA:-}" ]; then echo "$HEAT_PGDATA"; return; fi
    local local_dir="$ROOT/.pgdata"
    if [ "$(id -u)" != 0 ] || [ -d "$local_dir/base" ]; then echo "$local_dir"; return; fi
    if runuser -u postgres -- test -x "$ROOT" 2>/dev/null; then
        echo "$local_dir"; return
    fi
    # The postgres user cannot enter the checkout (e.g. a mktemp folder of root's).
    local local_hash
    local_hash=$(printf '%s' "$ROOT" | md5sum | cut -c1-10)
    echo "/var/tmp/heat-suite-pg-$local_hash"
}

PGBIN=$(find_pg_bin)
DATA=$(choose_datadir)
SOCK="$DATA/run"
if [ ${#SOCK} -gt 80 ]; then
    SOCK="/tmp/heat-suite-sock-$(printf '%s' "$DATA" | md5sum | cut -c1-10)"
fi

free_port() {
    python3 - "$1" <<'PY'
import socket, sys
port = int(sys.argv[1])
for candidate in range(port, port + 200):
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", candidate))
        except OSError:
            continue
        print(candidate)
        break
else:
    sys.exit("pgcluster: no free local port from %s" % port)
PY
}

running() {
    [ -f "$DATA/postmaster.pid" ] && as_owner "$PGBIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1
}

clear_stale_pid() {
    local pidfile="$DATA/postmaster.pid" pid
    [ -f "$pidfile" ] || return 0
    pid=$(head -1 "$pidfile")
    if [ -n "$pid" ] && [ -r "/proc/$pid/comm" ] && grep -q postgres "/proc/$pid/comm"; then
        return 0
    fi
    echo "pgcluster: removing the stale postmaster.pid left by a crash (pid $pid is gone)" >&2
    rm -f "$pidfile"
}

init_cluster() {
    mkdir -p "$DATA"
    chmod 700 "$DATA"
    [ "$(id -u)" = 0 ] && chown postgres: "$DATA"
    echo "pgcluster: creating the private PostgreSQL cluster in $DATA" >&2
    if ! as_owner "$PGBIN/initdb" -D "$DATA" -U postgres --auth=trust -E UTF8 \
            --locale=C.UTF-8 >"$DATA.initdb.log" 2>&1; then
        tail -5 "$DATA.initdb.log" >&2
        rm -rf "$DATA"
        die "initdb failed (log above); nothing was kept."
    fi
    rm -f "$DATA.initdb.log"
}

start() {
    [ -f "$DATA/PG_VERSION" ] || init_cluster
    if running; then return 0; fi
    clear_stale_pid
    mkdir -p "$SOCK"
    [ "$(id -u)" = 0 ] && chown postgres: "$SOCK"
    local port
    port=$(free_port "${HEAT_PGPORT:-5433}")
    if ! as_owner "$PGBIN/pg_ctl" -D "$DATA" -l "$DATA/server.log" -w -t 60 start \
            -o "-p $port -k $SOCK -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c synchronous_commit=off -c shared_buffers=1GB -c max_wal_size=4GB" >/dev/null; then
        tail -5 "$DATA/server.log" >&2
        die "the private cluster did not start (log: $DATA/server.log)."
    fi
    as_owner psql -h "$SOCK" -p "$port" -U postgres -d postgres -qAt -c \
        "SELECT 1 FROM pg_roles WHERE rolname = '$PG_ROLE'" | grep -q 1 || \
        as_owner psql -h "$SOCK" -p "$port" -U postgres -d postgres -q -c \
        "CREATE ROLE $PG_ROLE LOGIN SUPERUSER PASSWORD '$PG_ROLE'"
    echo "pgcluster: started on port $port (socket in $SOCK)" >&2
}

current_port() {
    sed -n 4p "$DATA/postmaster.pid"
}

case "$ACTION" in
    start)
        external_server && exit 0
        start ;;
    stop)
        external_server && exit 0
        if running; then
            as_owner "$PGBIN/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null
            echo "pgcluster: stopped" >&2
        else
            echo "pgcluster: not running" >&2
        fi ;;
    status)
        if external_server; then echo "external server ${PGHOST:-from odoo.conf}"; exit 0; fi
        if running; then echo "running on port $(current_port), data in $DATA"; else echo "stopped"; exit 3; fi ;;
    env)
        external_server && exit 0
        running || die "the private cluster is not running (run: tools/pgcluster.sh start)."
        echo "HEAT_DB_HOST=$SOCK"
        echo "HEAT_DB_PORT=$(current_port)"
        echo "HEAT_DB_USER=$PG_ROLE" ;;
    destroy)
        external_server && exit 0
        running && as_owner "$PGBIN/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null
        rm -rf "$DATA" "$SOCK" ;;
    *) die "usage: tools/pgcluster.sh start|stop|status|env|destroy" ;;
esac
