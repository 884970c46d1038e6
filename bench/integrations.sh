#!/bin/bash
# bench/integrations.sh: the integrations on one machine, on a fresh SQLite database with the
# demo data:
#   - Open311 GET /open311/v2/requests.json of 50 requests (by service_request_id), with wrk,
#     as a share of the floor's req/s in the same run (bench/hello.c), p50 and p99, and the
#     server's CPU time per request;
#   - the outbox: BENCH_N requests (2000) taken through the API while a local receiver takes
#     their events (bench/outbox.mjs): requests and deliveries a second, the lag from a request's
#     answer to its event's arrival, and the server's CPU time per request with its delivery.
# Prints a Markdown table and writes it to bench/out/integrations.md.
# Environment: BENCH_SECONDS (10), BENCH_CONNECTIONS (64), BENCH_N (2000).
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
secs=${BENCH_SECONDS:-10}
conns=${BENCH_CONNECTIONS:-64}
out=bench/out
mkdir -p "$out" build/bench
scripts/deps.sh bench >/dev/null
make --no-print-directory -s all
. scripts/node-env.sh
${CC:-cc} -std=c17 -Wall -Wextra -Werror -D_GNU_SOURCE -O2 $(pkg-config --cflags libmicrohttpd) \
	-o build/bench/hello bench/hello.c $(pkg-config --libs libmicrohttpd) -lpthread
server_bin=bin/linli
work=$(mktemp -d /tmp/linli-bench.XXXXXX)
pids=()
cleanup() { local p; for p in "${pids[@]}"; do stop_pid "$p"; done; rm -rf "$work"; }
trap cleanup EXIT
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

url=sqlite:$work/bench.db
log "demo data"
$server_bin demo --db "$url" >/dev/null
printf 'Bench-pass-2026\n' | $server_bin user add benchadmin --role admin --db "$url" >/dev/null
token=$($server_bin token create benchadmin --db "$url" | tail -n 1)
export LINLI_OUTBOUND_ALLOW=127.0.0.1/32 LINLI_OPEN311_RATE=0
start_linli "$url" "$work/linli.log"
build/bench/hello 127.0.0.1:0 >"$work/hello.log" 2>&1 &
hello_pid=$!
pids+=("$hello_pid")
for _ in $(seq 1 50); do grep -q listening "$work/hello.log" && break; sleep 0.1; done
hello_base=http://$(sed -n 's/^listening on \([0-9.]*:[0-9]*\).*/\1/p' "$work/hello.log")

# wrk_row NAME URL PID: req/s, p50, p99 and CPU ms a request of the process PID
rows=()
floor=
wrk_row() {
	local name=$1 u=$2 pid=$3 t0 t1 txt rps p50 p99 cpu share
	wrk -t2 -c"$conns" -d2s "$u" >/dev/null 2>&1 || true
	t0=$(cpu_ticks "$pid")
	txt=$(wrk -t2 -c"$conns" -d"${secs}s" --latency "$u")
	t1=$(cpu_ticks "$pid")
	echo "$txt" >"$out/integrations-$(echo "$name" | tr ' /' '__').wrk"
	rps=$(echo "$txt" | awk '/^Requests\/sec/ { printf "%.0f", $2 }')
	p50=$(to_ms "$(echo "$txt" | awk '$1 == "50%" { print $2 }')")
	p99=$(to_ms "$(echo "$txt" | awk '$1 == "99%" { print $2 }')")
	local total; total=$(echo "$txt" | awk '/requests in/ { print $1 }')
	cpu=$(awk -v t=$((t1 - t0)) -v n="$total" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.3f", 1000 * t / hz / n }')
	[ -n "$floor" ] || floor=$rps
	share=$(awk -v a="$rps" -v b="$floor" 'BEGIN { printf "%.0f %%", 100 * a / b }')
	rows+=("| $name | $rps | $share | $p50 | $p99 | $cpu |")
}

ids=$(sql "$url" "SELECT group_concat(id, ',') FROM (SELECT id FROM requests ORDER BY id LIMIT 50)")
o311="$linli_base/open311/v2/requests.json?service_request_id=$ids"
got=$(curl -s "$o311" | node -e "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>console.log(JSON.parse(s).length))")
log "Open311's answer holds $got requests"
wrk_row "hello GET / (floor)" "$hello_base/" "$hello_pid"
wrk_row "Open311 GET requests.json ($got requests)" "$o311" "$linli_pid"

log "the outbox"
unit=$(sql "$url" "SELECT id FROM org_units WHERE code = '510104020001001'")
c0=$(cpu_ticks "$linli_pid")
res=$(LINLI_URL=$linli_base LINLI_TOKEN=$token UNIT_ID=$unit node bench/outbox.mjs)
c1=$(cpu_ticks "$linli_pid")
n=$(echo "$res" | node -e "process.stdin.on('data',d=>console.log(JSON.parse(d).n))")
cpu_each=$(awk -v t=$((c1 - c0)) -v n="$n" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.2f", 1000 * t / hz / n }')
rss=$(peak_rss_mb "$linli_pid")
table=$(cat <<MD
Load before: $load_before; after: $(cut -d' ' -f1-3 /proc/loadavg). SQLite, the demo data, wrk -t2 -c$conns ${secs}s.

| what | req/s | share of the floor | p50 ms | p99 ms | server CPU ms a request |
|---|---|---|---|---|---|
$(printf '%s\n' "${rows[@]}")

The outbox (bench/outbox.mjs, $n requests at 16 at once, one webhook destination, a receiver answering at once): $res; the server's CPU $cpu_each ms a request with its event and delivery; peak RSS $rss MB.
MD
)
echo "$table" | tee "$out/integrations.md"
