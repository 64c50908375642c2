#!/usr/bin/env bash
# Starts Folio as the README says (npm start, no database variables, a fresh data folder), waits for
# /db-status, runs the given command against it with FOLIO_API_URL set (e.g. the RealWorld suite), then
# sends SIGTERM to npm's pid, as a process manager does, and checks that npm exits, the port closes and no
# PostgreSQL is left behind.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${SMOKE_PORT:-3210}"
tmp="$(mktemp -d)"; chmod 755 "$tmp"; data="$tmp/postgres"
log="$(mktemp)"
env -u DATABASE_URL -u POSTGRES_HOST -u POSTGRES_PORT -u POSTGRES_USER -u POSTGRES_PASSWORD -u POSTGRES_DB \
  PORT="$PORT" EMBEDDED_PG_DATA="$data" EMBEDDED_PG_PORT=54341 npm start >"$log" 2>&1 &
npm_pid=$!
started=$SECONDS
until curl -fsS "http://127.0.0.1:$PORT/db-status" 2>/dev/null | grep -q '"connected":true'; do
  if ! kill -0 "$npm_pid" 2>/dev/null || (( SECONDS - started > 120 )); then
    echo "Folio did not become ready:"; cat "$log"; exit 1
  fi
  sleep 0.5
done
echo "ready: /db-status connected after $((SECONDS - started)) s (build included)"
status=0
if [ "$#" -gt 0 ]; then FOLIO_API_URL="http://127.0.0.1:$PORT/api" "$@" || status=$?; fi
# The pid we started, npm's, and nothing else: stopping it must stop everything under it.
kill -TERM "$npm_pid"
for _ in $(seq 1 40); do kill -0 "$npm_pid" 2>/dev/null || break; sleep 0.5; done
if kill -0 "$npm_pid" 2>/dev/null; then echo "npm still running 20 s after SIGTERM"; cat "$log"; exit 1; fi
if wait "$npm_pid"; then :; else echo "npm start exited with $? after SIGTERM"; cat "$log"; exit 1; fi
if ss -Hltn "sport = :$PORT" | grep -q .; then
  echo "port $PORT still open after npm exited:"; ss -Hltnp "sport = :$PORT"; exit 1
fi
if pgrep -f "postgres -D $data" >/dev/null; then
  echo "PostgreSQL still running after SIGTERM"; pgrep -af "postgres -D $data"; exit 1
fi
echo "stopped: no PostgreSQL left behind"
exit "$status"
