#!/usr/bin/env bash
# A point-in-time recovery drill with pgBackRest on a throw-away PostgreSQL 15 cluster of its own
# (never the shared server): WAL archived continuously into an encrypted repository, a full
# backup, writes before and after a target time, then a restore to that time. Prints what was
# recovered and the recovery time (stop to promoted and answering). docs/operations.md.
#
#   sudo scripts/ops/pitr-drill.sh        (needs Debian's postgresql-15 and pgbackrest packages)
set -euo pipefail
BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
D=$(mktemp -d /tmp/rephub-pitr-XXXXXX)
PORT=${PORT:-$((20000 + RANDOM % 20000))}
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
chown postgres: "$D" 2>/dev/null || true
cleanup() { as_pg "$BIN/pg_ctl" -D "$D/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$D"; }
trap cleanup EXIT

cat > "$D/pgbackrest.conf" <<CONF
[global]
repo1-path=$D/repo
repo1-cipher-type=aes-256-cbc
repo1-cipher-pass=drill-passphrase-$(openssl rand -hex 16)
repo1-retention-full=2
lock-path=$D/lock
log-path=$D/log
log-level-console=warn
log-level-file=off
start-fast=y
[drill]
pg1-path=$D/data
pg1-port=$PORT
pg1-socket-path=$D
CONF
chown postgres: "$D/pgbackrest.conf" 2>/dev/null || true
BR=(pgbackrest --config="$D/pgbackrest.conf" --stanza=drill)
psql_() { as_pg psql -X -q -t -A -h "$D" -p "$PORT" -d postgres -c "$1"; }

as_pg "$BIN/initdb" -D "$D/data" -U postgres --auth=trust >/dev/null
cat >> "$D/data/postgresql.conf" <<CONF
port = $PORT
listen_addresses = ''
unix_socket_directories = '$D'
wal_level = replica
archive_mode = on
archive_command = 'pgbackrest --config=$D/pgbackrest.conf --stanza=drill archive-push %p'
archive_timeout = 60
CONF
as_pg "$BIN/pg_ctl" -D "$D/data" -l "$D/server.log" -w start >/dev/null
as_pg "${BR[@]}" stanza-create
as_pg "${BR[@]}" check
as_pg "${BR[@]}" --type=full backup

psql_ "CREATE TABLE drill (n int, phase text); INSERT INTO drill SELECT g, 'before' FROM generate_series(1, 100000) g"
sleep 1
TARGET=$(psql_ "SELECT now()")
sleep 1
psql_ "INSERT INTO drill SELECT g, 'after' FROM generate_series(1, 1000) g; SELECT pg_switch_wal()" >/dev/null
as_pg "${BR[@]}" check   # the WAL holding both writes is archived

echo "target time: $TARGET"
START=$(date +%s.%N)
as_pg "$BIN/pg_ctl" -D "$D/data" -m fast -w stop >/dev/null
as_pg "${BR[@]}" --delta --type=time --target="$TARGET" --target-action=promote restore
as_pg "$BIN/pg_ctl" -D "$D/data" -l "$D/server.log" -w start >/dev/null
until [ "$(psql_ "SELECT pg_is_in_recovery()")" = "f" ]; do sleep 0.1; done
END=$(date +%s.%N)
echo "recovered rows: $(psql_ "SELECT string_agg(phase || '=' || n, ', ') FROM (SELECT phase, count(*) AS n FROM drill GROUP BY phase ORDER BY phase) x")"
printf 'recovery time: %.1f s (stop, restore to the target time, replay, promote)\n' "$(echo "$END - $START" | bc)"
[ "$(psql_ "SELECT count(*) FROM drill WHERE phase = 'after'")" = "0" ] && [ "$(psql_ "SELECT count(*) FROM drill WHERE phase = 'before'")" = "100000" ] && echo "PITR drill: OK"
