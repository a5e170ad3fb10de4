#!/usr/bin/env bash
# Starts Ekhtyar the way the README says (no DATABASE_URL: embedded PostgreSQL), files a complaint,
# tracks it, restarts, and checks the complaint survived. Fails loudly with the server log.
set -euo pipefail
cd "$(dirname "$0")/.."

data_dir=$(mktemp -d /tmp/ekhtyar-smoke-XXXXXX)
chmod 755 "$data_dir"
log="$data_dir/server.log"
port=3917
pid=""

cleanup() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then kill -INT -- "-$pid"; wait "$pid" || true; fi
  rm -rf "$data_dir"
}
trap cleanup EXIT

start() {
  # Its own process group, so stopping it is like Ctrl-C in a terminal: npm, sh and node all get SIGINT.
  setsid env -u DATABASE_URL PORT=$port EKHTYAR_DATA_DIR="$data_dir/data" EKHTYAR_EMBEDDED_PG_PORT=54391 npm start >>"$log" 2>&1 &
  pid=$!
  for _ in $(seq 1 120); do
    if curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; then return 0; fi
    if ! kill -0 "$pid" 2>/dev/null; then break; fi
    sleep 1
  done
  echo "server did not become healthy; log follows"; cat "$log"; exit 1
}

stop() {
  kill -INT -- "-$pid"; wait "$pid" || true; pid=""
  # The embedded PostgreSQL must be down before the next start reuses its port and data.
  for _ in $(seq 1 30); do pgrep -f "ekhtyar-smoke.*postgres" >/dev/null || return 0; sleep 1; done
  echo "embedded PostgreSQL did not stop"; exit 1
}

start
category=$(curl -fsS "http://127.0.0.1:$port/api/v1/categories" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).categories[0].id))')
district=$(curl -fsS "http://127.0.0.1:$port/api/v1/areas?level=district" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).areas[0].id))')
code=$(curl -fsS -X POST "http://127.0.0.1:$port/api/v1/complaints" -H 'content-type: application/json' \
  -d "{\"categoryId\":\"$category\",\"description\":\"Smoke test complaint from CI.\",\"location\":{\"areaId\":\"$district\"},\"contact\":{\"phone\":\"03001234567\"}}" \
  | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).code))')
echo "filed $code"
curl -fsS "http://127.0.0.1:$port/docs/json" >/dev/null
# The web app is built by npm install and served at / (and at its own page paths).
page=$(curl -fsS "http://127.0.0.1:$port/track/$code")
grep -q '<div id="root">' <<<"$page"
stop
# The first start generated the key that seals personal data, privately, and said so.
[ "$(stat -c %a "$data_dir/data/data-keys")" = "600" ] || { echo "no private data key file"; ls -l "$data_dir/data"; exit 1; }
grep -q "generated a data key file" "$log" || { echo "the generated key file was not announced"; cat "$log"; exit 1; }

start
state=$(curl -fsS "http://127.0.0.1:$port/api/v1/complaints/$code" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).state))')
stop
echo "after restart $code is $state"
[ "$state" = "assigned" ] || [ "$state" = "triage" ] || { echo "unexpected state"; cat "$log"; exit 1; }
echo "smoke test passed"
