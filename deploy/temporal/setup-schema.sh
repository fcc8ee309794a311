#!/bin/sh
# Creates and brings up to date Temporal's persistence and visibility schemas on PostgreSQL. Safe to run again:
# every step skips what is already there. docker-compose.yml runs it in the temporalio/admin-tools image (the
# `temporal-schema` job); the process proof runs it with the binaries scripts/temporal-server.ts resolves.
#   SQL_HOST SQL_PORT SQL_USER SQL_PASSWORD   where PostgreSQL is (read by temporal-sql-tool itself)
#   TEMPORAL_DB TEMPORAL_VISIBILITY_DB         the two databases (temporal, temporal_visibility)
#   TEMPORAL_SCHEMA_DIR                        the server's schema/ folder (admin-tools: /etc/temporal/schema)
#   TEMPORAL_SQL_TOOL                          the temporal-sql-tool binary (default: on PATH)
set -eu
: "${SQL_HOST:?set SQL_HOST}" "${SQL_USER:?set SQL_USER}" "${SQL_PASSWORD:?set SQL_PASSWORD}"
tool="${TEMPORAL_SQL_TOOL:-temporal-sql-tool}"
schema="${TEMPORAL_SCHEMA_DIR:-/etc/temporal/schema}/postgresql/v12"

for pair in "${TEMPORAL_DB:-temporal}:temporal" "${TEMPORAL_VISIBILITY_DB:-temporal_visibility}:visibility"; do
  db="${pair%%:*}"
  dir="$schema/${pair#*:}/versioned"
  echo "temporal schema: $db from $dir"
  "$tool" --plugin postgres12 --db "$db" create-database
  "$tool" --plugin postgres12 --db "$db" setup-schema -v 0.0
  "$tool" --plugin postgres12 --db "$db" update-schema -d "$dir"
done
echo "temporal schema: up to date"
