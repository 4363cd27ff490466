#!/bin/bash
# Entrypoint of pg-replica: on the first start, clone the primary with pg_basebackup (-R writes
# primary_conninfo and standby.signal), then hand over to the image's own entrypoint, which
# finds an initialised data directory and just starts the standby.
set -euo pipefail

if [ ! -s "$PGDATA/PG_VERSION" ]; then
    mkdir -p "$PGDATA"
    chown postgres:postgres "$PGDATA"
    chmod 0700 "$PGDATA"
    export PGPASSWORD="$REPLICATION_PASSWORD"
    until gosu postgres pg_basebackup --host="$PRIMARY_HOST" --port=5432 --username=replicator \
            --pgdata="$PGDATA" --slot="$REPLICATION_SLOT" --wal-method=stream \
            --write-recovery-conf --checkpoint=fast --progress; do
        echo "replica: waiting for $PRIMARY_HOST to accept the base backup" >&2
        rm -rf "${PGDATA:?}"/*
        sleep 2
    done
    unset PGPASSWORD
fi

exec docker-entrypoint.sh "$@"
