#!/usr/bin/env bash
# Start the services the test suite needs and say how to reach them.
#
#   eval "$(scripts/services.sh)"   start PostgreSQL, then export
#                                   DP_ANALYSIS_TEST_DATABASE_URL in this shell
#   scripts/services.sh stop        stop the PostgreSQL cluster again
#
# PostgreSQL: starts the cluster Debian's package created (initdb refuses to
# run as root, so the packaged cluster, owned by the postgres user, is the one
# to use), waits until it accepts connections on 127.0.0.1, then creates a
# login role and a database for the tests if they do not exist yet. Progress
# goes to standard error; standard output carries only the export line, so
# that it can be eval'd. Every step is safe to repeat.
set -euo pipefail

role=${DP_ANALYSIS_TEST_DB_ROLE:-dp_analysis}
database=${DP_ANALYSIS_TEST_DB_NAME:-dp_analysis_test}
# A password for a throwaway test database reachable only from this machine.
password=${DP_ANALYSIS_TEST_DB_PASSWORD:-dp_analysis}

log() { echo "services: $*" >&2; }
die() { log "$*"; exit 1; }

as_postgres() {
    if [[ $(id -u) -eq 0 ]]; then
        runuser -u postgres -- "$@"
    else
        sudo -u postgres -- "$@"
    fi
}

command -v pg_lsclusters >/dev/null 2>&1 \
    || die "PostgreSQL is not installed; run 'make setup' first"

# The packaged cluster: the first one pg_lsclusters lists, or the one named
# VERSION/NAME in DP_ANALYSIS_PG_CLUSTER. A machine where the package was
# installed without one gets a cluster of the newest version.
if [[ -n "${DP_ANALYSIS_PG_CLUSTER:-}" ]]; then
    cluster=$(pg_lsclusters --no-header "${DP_ANALYSIS_PG_CLUSTER%/*}" \
        "${DP_ANALYSIS_PG_CLUSTER#*/}")
else
    cluster=$(pg_lsclusters --no-header | head -n 1)
fi
if [[ -z "$cluster" ]]; then
    version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
    log "creating PostgreSQL cluster $version/main"
    pg_createcluster "$version" main >&2
    cluster=$(pg_lsclusters --no-header | head -n 1)
fi
read -r version name port status _ <<<"$cluster"

if [[ "${1:-start}" == "stop" ]]; then
    if [[ "$status" == online* ]]; then
        pg_ctlcluster "$version" "$name" stop >&2
    fi
    log "PostgreSQL $version/$name stopped"
    exit 0
fi

# A server killed without a shutdown (as at the end of a session) leaves its
# socket lock behind. PostgreSQL clears it itself once the old process is
# gone, but refuses while that process is an unreaped zombie, which holds
# nothing: clear the lock then, and retry while the old processes exit.
clear_zombie_lock() {
    local lock=/var/run/postgresql/.s.PGSQL.$port.lock pid state
    [[ -f "$lock" ]] || return 0
    pid=$(head -n 1 "$lock")
    state=$(awk '/^State:/ {print $2}' "/proc/$pid/status" 2>/dev/null || true)
    if [[ -z "$state" || "$state" == Z ]]; then
        log "removing the stale lock $lock of stopped process $pid"
        rm -f "$lock"
    fi
}

if [[ "$status" != online* ]]; then
    log "starting PostgreSQL $version/$name on port $port"
    for attempt in 1 2 3 4 5 6; do
        clear_zombie_lock
        pg_ctlcluster "$version" "$name" start >&2 && break
        [[ $attempt -lt 6 ]] || die "PostgreSQL $version/$name did not start;" \
            "see /var/log/postgresql/postgresql-$version-$name.log"
        log "start failed (attempt $attempt); trying again in 2 s"
        sleep 2
    done
fi

# pg_ctlcluster returns once the postmaster runs; TCP may take a moment more.
for _ in $(seq 1 60); do
    pg_isready -q -h 127.0.0.1 -p "$port" && break
    sleep 0.5
done
pg_isready -q -h 127.0.0.1 -p "$port" \
    || die "PostgreSQL did not accept connections on 127.0.0.1:$port within 30 s;" \
        "see /var/log/postgresql/postgresql-$version-$name.log"

sql() { as_postgres psql -X -q -t -A -p "$port" -v ON_ERROR_STOP=1 -c "$1"; }

if [[ -z $(sql "SELECT 1 FROM pg_roles WHERE rolname = '$role'") ]]; then
    log "creating role $role"
    sql "CREATE ROLE $role LOGIN CREATEDB PASSWORD '$password'"
else
    sql "ALTER ROLE $role LOGIN CREATEDB PASSWORD '$password'"
fi
if [[ -z $(sql "SELECT 1 FROM pg_database WHERE datname = '$database'") ]]; then
    log "creating database $database"
    sql "CREATE DATABASE $database OWNER $role"
fi

# Prove that the URL works the way the tests will use it: TCP and a password.
PGPASSWORD=$password psql -X -q -t -A -h 127.0.0.1 -p "$port" -U "$role" \
    -d "$database" -c "SELECT 1" >/dev/null \
    || die "could not log in as $role to $database on 127.0.0.1:$port"

url="postgresql+psycopg://$role:$password@127.0.0.1:$port/$database"
log "PostgreSQL $version/$name ready: database $database on 127.0.0.1:$port"
echo "export DP_ANALYSIS_TEST_DATABASE_URL='$url'"
