#!/bin/sh
# Start the PostgreSQL and Redis the tests use (127.0.0.1:5432 database `test` with
# trust auth; 127.0.0.1:6379), configuring a freshly installed PostgreSQL if needed.
set -eu
SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
me=$(id -un)

if ! pg_isready -q -h 127.0.0.1 -p 5432; then
  version=$(ls /etc/postgresql | sort -n | tail -1)
  $SUDO pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
fi
if ! psql -h 127.0.0.1 -d postgres -Atc 'select 1' >/dev/null 2>&1; then
  # A fresh install: trust local TCP connections and give this user a role.
  version=$(ls /etc/postgresql | sort -n | tail -1)
  hba=/etc/postgresql/$version/main/pg_hba.conf
  $SUDO sed -i -E 's/^(host\s+all\s+all\s+127\.0\.0\.1\/32\s+)\S+/\1trust/' "$hba"
  $SUDO pg_ctlcluster --skip-systemctl-redirect "$version" main reload
  $SUDO -u postgres psql -qc "CREATE ROLE \"$me\" SUPERUSER LOGIN" 2>/dev/null || \
    su postgres -c "psql -qc 'CREATE ROLE \"$me\" SUPERUSER LOGIN'" 2>/dev/null || true
  sleep 1
fi
psql -h 127.0.0.1 -d postgres -Atc "select 1 from pg_database where datname='test'" | grep -q 1 || \
  createdb -h 127.0.0.1 test

if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no
  for _ in $(seq 1 20); do redis-cli -h 127.0.0.1 ping >/dev/null 2>&1 && break; sleep 0.5; done
fi
echo "services: PostgreSQL and Redis are up"
