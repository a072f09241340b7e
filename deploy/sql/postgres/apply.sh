#!/usr/bin/env bash
# Applies the schema (001-main, 002-persistence, 003-clustering, 004-report-log) to a
# PostgreSQL database with psql, all four in one transaction: either
# everything is applied or nothing is. Safe to repeat; silos apply the same
# scripts themselves at start (PostgresStore.PrepareAsync), so this is for a
# DBA who wants the schema in place first, or silos without DDL rights.
#
#   deploy/sql/postgres/apply.sh "postgresql://user@host:5432/dbname"
#
# Any libpq connection string works (URI or "host=... dbname=..."); the
# password comes from ~/.pgpass or PGPASSWORD as usual. Needs psql 10+.
set -euo pipefail

if [[ $# -ne 1 || -z "$1" || "$1" == -* ]]; then
    echo "usage: $0 CONNECTION-STRING   (e.g. postgresql://user@host:5432/dbname)" >&2
    exit 2
fi

dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
for f in 001-main.sql 002-persistence.sql 003-clustering.sql 004-report-log.sql; do
    [[ -r "$dir/$f" ]] || { echo "$0: missing $dir/$f" >&2; exit 1; }
done

# The advisory lock (same key as PostgresStore.SchemaLockKey, 'AGGORLS1' as a
# big-endian bigint) makes a silo starting meanwhile wait for this transaction
# instead of racing it; it is released at commit. -X ignores ~/.psqlrc.
# NOTICEs ("relation ... already exists, skipping") are expected on every
# rerun and are hidden; warnings and errors still show.
PGOPTIONS="${PGOPTIONS:-} -c client_min_messages=warning" psql "$1" -X -q \
    --set ON_ERROR_STOP=1 \
    --single-transaction \
    -c 'DO $$ BEGIN PERFORM pg_advisory_xact_lock(4703806741820494641); END $$' \
    -f "$dir/001-main.sql" \
    -f "$dir/002-persistence.sql" \
    -f "$dir/003-clustering.sql" \
    -f "$dir/004-report-log.sql"

echo "Schema applied."
