#!/bin/bash
# bench/store.sh: the points store's rush (bench/store.mjs): 100 items in stock, 10,000
# redemption attempts from 64 concurrent clients; exactly 100 succeed. On SQLite with one server
# and on PostgreSQL (a throwaway cluster) with two servers on one database, with the release
# binary. Writes bench/out/store.md. Environment: BENCH_ATTEMPTS, BENCH_CLIENTS, BENCH_PG (1).
set -euo pipefail
cd "$(dirname "$0")/.."
make --no-print-directory all
. scripts/node-env.sh
out=bench/out
mkdir -p "$out"
export LINLI_BIN=bin/linli LINLI_PASSWORD_HASH_MEMORY=8192
{
	echo "| engine | servers | clients | attempts | succeeded | refused (409) | seconds | attempts/s | p50 ms | p99 ms |"
	echo "|---|---|---|---|---|---|---|---|---|---|"
} >"$out/store.md"
row() {
	node -e 'const r = JSON.parse(require("fs").readFileSync(0, "utf8").trim().split("\n").pop());
		console.log(`| ${r.engine} | ${r.servers} | ${r.clients} | ${r.attempts} | ${r.succeeded} | ${r.refused} | ${r.seconds} | ${r.per_second} | ${r.p50_ms} | ${r.p99_ms} |`)'
}
LINLI_TEST_DB=sqlite BENCH_SERVERS=1 node bench/store.mjs | tee /dev/stderr | row >>"$out/store.md"
if [ "${BENCH_PG:-1}" = 1 ]; then
	pgdir=$(mktemp -d /tmp/linli-bench-pg.XXXXXX)
	trap 'scripts/pg-cluster.sh stop "$pgdir" >/dev/null 2>&1; rm -rf "$pgdir"' EXIT
	base=$(scripts/pg-cluster.sh start "$pgdir" | tail -n 1)
	LINLI_TEST_DB=postgresql LINLI_TEST_PG_BASE=$base BENCH_SERVERS=2 node bench/store.mjs | tee /dev/stderr |
		row >>"$out/store.md"
fi
cat "$out/store.md"
