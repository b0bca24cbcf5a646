#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL server: a new cluster in a temporary
# folder, listening on a Unix socket there only, removed afterwards.
#   scripts/with_postgres.sh .venv/bin/pytest
set -euo pipefail
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
dir=$(mktemp -d /tmp/archive-pg.XXXXXX)
# PostgreSQL refuses to run as root: the cluster belongs to the 'postgres' user then.
if [ "$(id -u)" = 0 ]; then as_owner=(runuser -u postgres --); chown postgres "$dir"; else as_owner=(); fi
cleanup() { "${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$dir"; }
trap cleanup EXIT
"${as_owner[@]}" "$bin/initdb" -D "$dir/data" -U archive --auth=trust -E UTF8 >/dev/null
"${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -w -l "$dir/log" \
  -o "-k $dir -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null
"$bin/createdb" -h "$dir" -U archive archive
export DATABASE_URL="postgres://archive@%2F${dir//\//%2F}/archive"
echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on $dir"
"$@"
