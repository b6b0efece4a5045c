#!/usr/bin/env bash
# Starts a PostgreSQL 15 cluster of the tests' own ("posecluster-test", 127.0.0.1 only, scram
# password auth) and prints its Npgsql connection string on stdout. Idempotent: an existing cluster
# is reused and started if stopped. Needs root (pg_createcluster) and Debian's postgresql-15.
# Tests read the string from POSECLUSTER_TEST_POSTGRES; `make test` sets it from this script.
set -euo pipefail
port=${POSECLUSTER_TEST_PG_PORT:-55432}
name=posecluster-test
password=posecluster-test

if ! pg_lsclusters -h 2>/dev/null | awk '{print $1"/"$2}' | grep -qx "15/$name"; then
  pg_createcluster 15 "$name" -p "$port" -- --auth-host=scram-sha-256 --auth-local=peer >/dev/null
  conf=/etc/postgresql/15/$name/conf.d/posecluster-test.conf
  cat > "$conf" <<CONF
listen_addresses = '127.0.0.1'
max_connections = 300
# Test data is disposable: trade durability for speed.
fsync = off
synchronous_commit = off
full_page_writes = off
CONF
fi

status=$(pg_lsclusters -h | awk -v n="$name" '$2==n {print $4}')
if [ "$status" != "online" ]; then
  pg_ctlcluster 15 "$name" start >&2
fi

for _ in $(seq 1 50); do
  pg_isready -q -h 127.0.0.1 -p "$port" && break
  sleep 0.2
done

runuser -u postgres -- psql -q -p "$port" -v ON_ERROR_STOP=1 -d postgres >/dev/null <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'posecluster') THEN
    CREATE ROLE posecluster LOGIN SUPERUSER PASSWORD '$password';
  END IF;
END \$\$;
SQL

echo "Host=127.0.0.1;Port=$port;Username=posecluster;Password=$password;Database=postgres"
