#!/bin/bash
# Runs once, when the primary's data directory is created (docker-entrypoint-initdb.d of the
# official postgres image): the replication user and slot for pg-replica, and the agent's
# login, which needs nothing beyond pg_monitor.
set -euo pipefail

psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
     --set=repl_password="$REPLICATION_PASSWORD" \
     --set=agent_password="$PGVITALS_PASSWORD" \
     --set=slot="$REPLICATION_SLOT" <<'SQL'
CREATE ROLE replicator WITH LOGIN REPLICATION PASSWORD :'repl_password';
SELECT pg_create_physical_replication_slot(:'slot');
CREATE ROLE pgvitals WITH LOGIN PASSWORD :'agent_password' CONNECTION LIMIT 5;
GRANT pg_monitor TO pgvitals;
SQL

# The image's own pg_hba line ("host all all all ...") does not cover replication connections.
echo "host replication replicator all scram-sha-256" >> "$PGDATA/pg_hba.conf"
