#!/bin/bash
# Run once by the postgres image when the primary's data folder is created (docker-entrypoint-initdb.d):
# a role the replicas stream with, allowed by pg_hba.conf for replication connections only.
set -euo pipefail
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  --set "password=$REPLICATION_PASSWORD" <<'SQL'
CREATE ROLE replicator WITH REPLICATION LOGIN PASSWORD :'password';
SQL
echo "host replication replicator all scram-sha-256" >> "$PGDATA/pg_hba.conf"
