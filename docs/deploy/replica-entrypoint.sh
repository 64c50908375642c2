#!/bin/bash
# A streaming replica of postgres-primary. On its first start (an empty data folder) it takes a base
# backup of the primary through its own replication slot (created here; the slot keeps the WAL a stopped
# replica still needs), then runs as a hot standby; on later starts it resumes streaming.
set -euo pipefail
: "${REPLICA_SLOT:?set REPLICA_SLOT (one per replica)}"
export PGPASSWORD="$REPLICATION_PASSWORD"
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  mkdir -p "$PGDATA" && chown postgres:postgres "$PGDATA" && chmod 700 "$PGDATA"
  primary="host=postgres-primary user=replicator"
  until gosu postgres psql "$primary dbname=replication replication=true" -c "IDENTIFY_SYSTEM" >/dev/null; do
    echo "replica: waiting for the primary"
    sleep 2
  done
  # Already there when this replica's volume was wiped and it is being rebuilt: then reuse it.
  gosu postgres psql "$primary dbname=replication replication=true" \
    -c "CREATE_REPLICATION_SLOT $REPLICA_SLOT PHYSICAL" >/dev/null || true
  gosu postgres pg_basebackup --dbname="$primary" --pgdata="$PGDATA" --slot="$REPLICA_SLOT" \
    --wal-method=stream --write-recovery-conf --checkpoint=fast --progress
fi
# With a data folder in place the image's entrypoint only starts the server (as the postgres user).
exec docker-entrypoint.sh postgres -c hot_standby=on -c hot_standby_feedback=on
