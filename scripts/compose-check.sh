#!/usr/bin/env bash
# Checks what compose.yaml does, where no container runtime is at hand: Parallel in production
# mode, with compose.env's environment, on a new PostgreSQL database, answers /health/ready, and
# stops cleanly (exit 0) on SIGTERM, as `docker stop` sends it.
#
#   scripts/compose-check.sh
#
# COMPOSE_CHECK_POSTGRES: the PostgreSQL server to make the database on
#   (default postgres://postgres@127.0.0.1:5432, as in CI); the database is dropped afterwards.
#
# Like the image, it runs the compiled server (`node dist/server.js`, built first if stale) with
# the environment compose.yaml gives it: compose.env, DATABASE_URL, and the image's HOST, PORT and
# DATA_DIR (here a free local port and a temporary folder).
set -Eeuo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

SERVER=${COMPOSE_CHECK_POSTGRES:-postgres://postgres@127.0.0.1:5432}
DATABASE=parallel_compose_check_$$_$RANDOM
DATA_DIR=$(mktemp -d "${TMPDIR:-/tmp}/parallel-compose-check-XXXXXX")
LOG=$DATA_DIR/server.log
SERVER_PID=

fail() {
  printf 'compose check FAILED: %s\n' "$1" >&2
  if [[ -s $LOG ]]; then
    printf -- '--- the server wrote:\n' >&2
    tail -n 40 "$LOG" >&2
  fi
  exit 1
}

cleanup() {
  if [[ -n $SERVER_PID ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -KILL "$SERVER_PID" 2>/dev/null || true
  fi
  psql -q "$SERVER/postgres" -c "DROP DATABASE IF EXISTS $DATABASE WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$DATA_DIR"
}
trap cleanup EXIT

# GET with Node's fetch (nothing else to install): prints "<status> <body>"; fails when nothing answers.
get() {
  node -e "fetch(process.argv[1]).then(async (r) => console.log(r.status, await r.text()), () => process.exit(1))" "$1"
}

# The compose file's own promises: this is the environment it gives Parallel.
grep -q '^ *env_file: compose.env$' compose.yaml || fail 'compose.yaml does not read compose.env'
grep -q '/health/ready' compose.yaml || fail 'compose.yaml has no readiness check'
grep -q 'condition: service_healthy' compose.yaml || fail 'compose.yaml does not wait for PostgreSQL'

echo "==> building the server (if stale), as the image does"
node scripts/build.mjs --if-stale

echo "==> a new database $DATABASE on $SERVER"
psql -q -v ON_ERROR_STOP=1 "$SERVER/postgres" -c "CREATE DATABASE $DATABASE" || fail "could not create the database"

PORT=$(node -e "const s = require('node:net').createServer().listen(0, '127.0.0.1', () => { console.log(s.address().port); s.close(); })")
ORIGIN=http://127.0.0.1:$PORT

echo "==> starting Parallel with compose.env (NODE_ENV=production) on $ORIGIN"
(
  set -a
  # shellcheck source=/dev/null
  . ./compose.env
  set +a
  export DATABASE_URL=$SERVER/$DATABASE HOST=127.0.0.1 PORT DATA_DIR
  exec node dist/server.js
) >"$LOG" 2>&1 &
SERVER_PID=$!

# A new database is migrated at the first start; on a busy machine that takes a while.
for _ in $(seq 1 1200); do
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    fail 'the server ended before it was ready'
  fi
  if ANSWER=$(get "$ORIGIN/health/ready" 2>/dev/null) && [[ $ANSWER == 200* ]]; then
    break
  fi
  sleep 0.1
done
[[ ${ANSWER:-} == 200* ]] || fail "not ready after two minutes (last answer: ${ANSWER:-none})"
echo "GET /health/ready -> $ANSWER"
echo "GET /health/live  -> $(get "$ORIGIN/health/live")"
echo "GET /health       -> $(get "$ORIGIN/health")"

echo "==> SIGTERM, as docker stop sends it"
kill -TERM "$SERVER_PID"
set +e
wait "$SERVER_PID"
STATUS=$?
set -e
SERVER_PID=
grep -q '"msg":"stopped"' "$LOG" || fail "the server did not say it stopped (exit $STATUS)"
[[ $STATUS -eq 0 ]] || fail "the server exited with $STATUS after SIGTERM"
echo "the server stopped cleanly (exit 0)"
echo "compose check passed"
