#!/bin/sh
# Nightly pg_dump of the app's and Temporal's databases, keeping the newest BACKUP_KEEP dumps of each.
# docker-compose.yml's `backup` service runs it in the postgres image (same pg_dump as the server).
#   PGHOST PGPORT PGUSER PGPASSWORD   where PostgreSQL is (read by pg_dump itself)
#   BACKUP_DATABASES  e.g. "dispatch temporal temporal_visibility"
#   BACKUP_DIR        where dumps go (/backups)
#   BACKUP_AT         the time of day (UTC, HH:MM) to run at (02:30)
#   BACKUP_KEEP       dumps kept per database (14)
#   $1 = --once       one round now, then exit (a restore drill, or before an upgrade)
set -eu
dir="${BACKUP_DIR:-/backups}"
keep="${BACKUP_KEEP:-14}"
at="${BACKUP_AT:-02:30}"
mkdir -p "$dir"

round() {
  stamp="$(date -u +%Y%m%dT%H%M%SZ)"
  for db in ${BACKUP_DATABASES:?set BACKUP_DATABASES}; do
    # Custom format (pg_restore can pick tables); written under a temporary name so a half dump is never kept.
    pg_dump --format=custom --dbname="$db" --file="$dir/$db-$stamp.dump.partial"
    mv "$dir/$db-$stamp.dump.partial" "$dir/$db-$stamp.dump"
    echo "backup: $db-$stamp.dump ($(wc -c < "$dir/$db-$stamp.dump") bytes)"
    # Newest first; everything after the first $keep goes.
    ls -1 "$dir/$db-"*.dump | sort -r | tail -n "+$((keep + 1))" | while read -r old; do
      rm -f "$old" && echo "backup: removed $old"
    done
  done
  touch "$dir/.last-success"
}

if [ "${1:-}" = "--once" ]; then
  round
  exit 0
fi

while :; do
  now="$(date -u +%s)"
  next="$(date -u -d "$(date -u +%Y-%m-%d) $at" +%s)"
  [ "$next" -gt "$now" ] || next=$((next + 86400))
  echo "backup: next round at $(date -u -d "@$next" '+%Y-%m-%d %H:%M') UTC"
  sleep $((next - now))
  round || echo "backup: round FAILED (the previous dumps are kept)"
done
