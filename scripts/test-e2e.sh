#!/usr/bin/env bash
# Browser journeys against a real linli: a fresh SQLite database, a free port, the built
# web console, Debian's chromium. Exit code = the tests'.
#   LINLI_BIN   the server binary (default bin/linli)
#   CHROMIUM    the browser (default /usr/bin/chromium)
#   extra arguments go to `node --test` (e.g. tests/e2e/auth.test.mjs to run one file)
set -euo pipefail
cd "$(dirname "$0")/.."

LINLI_BIN=${LINLI_BIN:-bin/linli}
export CHROMIUM=${CHROMIUM:-/usr/bin/chromium}

if [ ! -x "$LINLI_BIN" ]; then
  echo "test-e2e: $LINLI_BIN not found; build it with: make" >&2
  exit 1
fi
if [ ! -x "$CHROMIUM" ]; then
  echo "test-e2e: $CHROMIUM not found; install it with: scripts/deps.sh (apt-get install chromium)" >&2
  exit 1
fi

. scripts/node-env.sh || exit 1
scripts/build-web.sh

# playwright-core and axe-core, exactly as locked; skipped when node_modules is newer than the lock.
if [ ! -d tests/e2e/node_modules ] || [ tests/e2e/package-lock.json -nt tests/e2e/node_modules ]; then
  linli_npm_ci tests/e2e
fi

DIR=$(mktemp -d)
SERVER_PID=
cleanup() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$DIR"
}
trap cleanup EXIT INT TERM

PORT=$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
PW="e2e-$(node -e "console.log(require('crypto').randomBytes(12).toString('base64url'))")"

setup() {
  "$@" >>"$DIR/setup.log" 2>&1 || {
    echo "test-e2e: setup failed: $*" >&2
    cat "$DIR/setup.log" >&2
    exit 1
  }
}
printf '%s\n' "$PW" | setup "$LINLI_BIN" user add admin --role admin --db "sqlite:$DIR/e2e.db"
# A small org tree for the journeys that assign units: a sub-district, a community, two grids.
setup "$LINLI_BIN" unit add 510104011 --name 锦江街道 --kind street --db "sqlite:$DIR/e2e.db"
setup "$LINLI_BIN" unit add 510104011001 --name 水井坊社区 --kind community --parent 510104011 --db "sqlite:$DIR/e2e.db"
setup "$LINLI_BIN" unit add 510104011001001 --name 水井坊第一网格 --kind grid --parent 510104011001 --db "sqlite:$DIR/e2e.db"
setup "$LINLI_BIN" unit add 510104011001002 --name 水井坊第二网格 --kind grid --parent 510104011001 --db "sqlite:$DIR/e2e.db"

# every journey logs in and uses the public forms (online requests, volunteer registration,
# objections, certificate checks) from this one address: the per-address rates are off here (the
# API tests test them). The outbox's journey sends to a receiver it starts on 127.0.0.1, which
# outbound_allow lets through, with a retry after 1 s and a delivery given up after two tries.
LINLI_LOGIN_RATE=0 LINLI_PUBLIC_RATE=0 LINLI_OUTBOUND_ALLOW=127.0.0.1/32 LINLI_NOTIFY_RETRY_SECONDS=1 \
  LINLI_NOTIFY_MAX_TRIES=2 "$LINLI_BIN" serve --listen "127.0.0.1:$PORT" --db "sqlite:$DIR/e2e.db" --static web/dist >"$DIR/server.log" 2>&1 &
SERVER_PID=$!

URL="http://127.0.0.1:$PORT"
ready=0
for _ in $(seq 1 100); do
  if node -e "fetch('$URL/healthz').then(r=>process.exit(r.status===200?0:1),()=>process.exit(1))"; then
    ready=1
    break
  fi
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then break; fi
  sleep 0.1
done
if [ "$ready" != 1 ]; then
  echo "test-e2e: the server did not become healthy at $URL/healthz:" >&2
  tail -n 40 "$DIR/server.log" >&2
  exit 1
fi
echo "test-e2e: linli at $URL ($("$LINLI_BIN" version 2>/dev/null || echo '?'))"

status=0
LINLI_URL="$URL" LINLI_ADMIN_USER=admin LINLI_ADMIN_PASSWORD="$PW" \
  node --test --test-concurrency=1 "${@:-tests/e2e/}" || status=$?

if [ "$status" != 0 ]; then
  echo "test-e2e: last lines of the server log:" >&2
  tail -n 30 "$DIR/server.log" >&2
fi
exit "$status"
