#!/bin/sh
# Creates the product's namespace with an explicit retention and registers its search attributes, then waits
# until they can be used (the frontend's namespace cache refreshes every few seconds). Safe to run again.
# docker-compose.yml runs it in the temporalio/admin-tools image (the `temporal-namespace` job); the process
# proof runs it with the Temporal CLI. Reads namespace.env next to it.
#   TEMPORAL_ADDRESS    host:port of the frontend (read by the temporal CLI itself)
#   TEMPORAL_NAMESPACE  the namespace (default)
#   TEMPORAL_CLI        the temporal binary (default: on PATH)
set -eu
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/namespace.env"
cli="${TEMPORAL_CLI:-temporal}"
ns="${TEMPORAL_NAMESPACE:-default}"

# Runs a command until it succeeds, at most two minutes: the frontend answers a moment after it starts, and a new
# namespace or search attribute is seen once the frontend's namespace cache refreshes (about 10 s).
until_ok() {
  what="$1"
  shift
  tries=0
  until "$@" >/dev/null 2>&1; do
    tries=$((tries + 1))
    [ "$tries" -lt 120 ] || { echo "temporal namespace: $what: gave up after 120 tries"; "$@"; exit 1; }
    sleep 1
  done
}

until_ok "the frontend at ${TEMPORAL_ADDRESS:-?}" "$cli" operator cluster health

if "$cli" operator namespace describe -n "$ns" >/dev/null 2>&1; then
  "$cli" operator namespace update -n "$ns" --retention "$TEMPORAL_NAMESPACE_RETENTION"
else
  "$cli" operator namespace create -n "$ns" --retention "$TEMPORAL_NAMESPACE_RETENTION"
fi
until_ok "namespace $ns" "$cli" operator search-attribute list -n "$ns"

for attr in $TEMPORAL_SEARCH_ATTRIBUTES; do
  name="${attr%%=*}"
  type="${attr#*=}"
  if ! "$cli" operator search-attribute list -n "$ns" -o json | grep -q "\"$name\""; then
    until_ok "search attribute $name" "$cli" operator search-attribute create -n "$ns" --name "$name" --type "$type"
  fi
done

# Usable once a visibility query naming every attribute is accepted.
query=""
for attr in $TEMPORAL_SEARCH_ATTRIBUTES; do
  query="${query:+$query AND }${attr%%=*} IS NULL"
done
until_ok "a query naming every search attribute" "$cli" workflow count -n "$ns" --query "$query"
echo "temporal namespace: $ns ready (retention $TEMPORAL_NAMESPACE_RETENTION; $TEMPORAL_SEARCH_ATTRIBUTES)"
