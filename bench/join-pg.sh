#!/bin/bash
# bench/join-pg.sh: PostgreSQL's own cost of a join into one big session, before and after V11 (the member
# count kept instead of counted at each join): two scratch schemas on the shared harness's PostgreSQL (5441,
# database huddle), one migrated to V10 and one to the latest, each with one session that fills as pgbench
# calls huddle_join, one client at a time in steps of STEP joins up to STEPS steps, then CLIENTS at once for
# 10 s. Prints pgbench's average latency and rate per line. The scratch schemas are dropped at the end.
#   bash bench/join-pg.sh            STEP=2500 STEPS=4 CLIENTS=8 by default
set -eu
cd "$(dirname "$0")/../adapters-postgres/src/main/resources/db/migration"
PG=(-h 127.0.0.1 -p "${PGPORT:-5441}" -U postgres)
DB=${PGDATABASE:-huddle}
PGBENCH=${PGBENCH:-/usr/lib/postgresql/15/bin/pgbench}
script=$(mktemp --suffix .sql)
echo "SELECT huddle_join('BIGONE', 'm_' || md5(random()::text), 'member', 'x', md5(random()::text) || md5(random()::text), now(), now());" >"$script"
migrate() { # schema, migrations in version order
  local schema=$1; shift
  psql "${PG[@]}" -d "$DB" -qc "DROP SCHEMA IF EXISTS $schema CASCADE" -c "CREATE SCHEMA $schema" >/dev/null 2>&1
  for f in "$@"; do (echo "SET search_path TO $schema;"; cat "$f") | psql "${PG[@]}" -d "$DB" -q -1 -v ON_ERROR_STOP=1 >/dev/null 2>&1; done
  psql "${PG[@]}" -d "$DB" -qc "SET search_path TO $schema; INSERT INTO sessions (code, owner_id, name, max_members,
    created_at, expires_at, last_activity_at) VALUES ('BIGONE', 'o', 'big', 1000000, now(), now() + interval '1 day', now())"
}
# Flyway's order: V5_1 is version 5.1, after V5.
ordered() { for f in V*__*.sql; do v=${f%%__*}; v=${v#V}; echo "${v//_/.} $f"; done | sort -V | awk -v below="$1" '$1 + 0 < below {print $2}'; }
migrate join_pg_v10 $(ordered 11)
migrate join_pg_latest $(ordered 1000000)
run() { PGOPTIONS="-c search_path=$1" "$PGBENCH" "${PG[@]}" -n -f "$script" "${@:2}" "$DB" 2>&1 | grep -E "latency average|^tps" | paste -sd' '; }
for step in $(seq 1 "${STEPS:-4}"); do
  for schema in join_pg_v10 join_pg_latest; do
    echo "$schema, members $(( (step - 1) * ${STEP:-2500} ))..$(( step * ${STEP:-2500} )), one at a time: $(run $schema -t "${STEP:-2500}" -c 1)"
  done
done
for schema in join_pg_v10 join_pg_latest; do
  echo "$schema, ${CLIENTS:-8} at once for 10 s: $(run $schema -T 10 -c "${CLIENTS:-8}")"
done
psql "${PG[@]}" -d "$DB" -qc "DROP SCHEMA join_pg_v10 CASCADE" -c "DROP SCHEMA join_pg_latest CASCADE" >/dev/null 2>&1
rm -f "$script"
