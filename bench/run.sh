#!/bin/bash
# bench/run.sh: throughput and latency of linli on loopback, measured with wrk against a floor.
#
# The floor is bench/hello.c: libmicrohttpd with linli's daemon flags answering a fixed text.
# linli serves a fresh SQLite database holding an administrator, a bearer token and 100,000
# audit-log rows. Measured one after the other, each with wrk (2 threads, 64 connections, 10 s,
# after a 2 s warm-up):
#   hello  GET /                          the floor
#   hello  GET /, as long as the audit page   a reference: what the size alone costs
#   linli  GET /healthz
#   linli  GET /api/v1/audit?limit=20     Authorization: Bearer ...
# with, for each, req/s (and as a share of the floor's), p50 and p99 latency and the server's
# CPU time per request; then the peak RSS (VmHWM) of the linli process. When a PostgreSQL
# server can be started (scripts/pg-cluster.sh), the two linli requests again on PostgreSQL, as
# extra rows. Prints a Markdown table with the targets met or missed and writes it to
# bench/out/results.md, wrk's own output next to it.
#
# Environment: BENCH_SECONDS (10), BENCH_CONNECTIONS (64), BENCH_THREADS (2, wrk's threads),
# BENCH_ROWS (100000), BENCH_PG (auto; 0 to leave PostgreSQL out).
set -euo pipefail
cd "$(dirname "$0")/.."

secs=${BENCH_SECONDS:-10}
conns=${BENCH_CONNECTIONS:-64}
wthreads=${BENCH_THREADS:-2}
rows=${BENCH_ROWS:-100000}
use_pg=${BENCH_PG:-auto}
password='Bench-pass-2026'
out=bench/out
mkdir -p "$out"

log() { echo "bench: $*" >&2; }
die() { echo "bench: $*" >&2; exit 1; }

scripts/deps.sh bench
make --no-print-directory all
mkdir -p build/bench
pkg=libmicrohttpd
${CC:-cc} -std=c17 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	-Wformat=2 -Wvla -Wpointer-arith -Wcast-qual -Wnull-dereference -Wimplicit-fallthrough \
	-D_GNU_SOURCE -O2 $(pkg-config --cflags $pkg) -o build/bench/hello bench/hello.c \
	$(pkg-config --libs $pkg) -lpthread
for tool in wrk sqlite3 curl; do
	command -v $tool >/dev/null || die "$tool is not installed (scripts/deps.sh bench installs it)"
done

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
work=$(mktemp -d /tmp/linli-bench.XXXXXX)
pids=()
pgdir=
cleanup() {
	local p
	for p in "${pids[@]}"; do
		kill "$p" 2>/dev/null && wait "$p" 2>/dev/null || true
	done
	[ -n "$pgdir" ] && scripts/pg-cluster.sh stop "$pgdir" >/dev/null 2>&1
	rm -rf "$work"
}
trap cleanup EXIT

# --- the data ----------------------------------------------------------------------------
# setup_db URL: schema, the administrator and a bearer token (printed).
setup_db() {
	local url=$1
	bin/linli migrate --db "$url" >/dev/null
	printf '%s\n' "$password" | bin/linli user add admin --role admin --db "$url" >/dev/null
	bin/linli token create admin --name bench --db "$url" 2>/dev/null | tail -n 1
}

# The audit rows: a mix of the actions linli records, spread over the last weeks, each with a
# before/after summary like the real ones. $1 is the SQL dialect.
seed_sql() {
	if [ "$1" = sqlite ]; then cat <<-EOF
	WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $rows)
	INSERT INTO audit_log (at, actor_id, actor, action, entity, entity_id, summary, ip)
	SELECT CAST(strftime('%s', 'now') AS INTEGER) - ($rows - i) * 30,
	  CASE WHEN i % 4 = 0 THEN NULL ELSE 1 END,
	  CASE WHEN i % 4 = 0 THEN 'system' ELSE 'admin' END,
	  CASE i % 6 WHEN 0 THEN 'user.create' WHEN 1 THEN 'user.update' WHEN 2 THEN 'session.login'
	    WHEN 3 THEN 'user.lock' WHEN 4 THEN 'token.create' ELSE 'settings.update' END,
	  CASE i % 6 WHEN 4 THEN 'api_token' WHEN 5 THEN 'settings' ELSE 'user' END,
	  i % 997 + 1,
	  json_object(
	    'before', CASE WHEN i % 6 = 0 THEN NULL ELSE json_object('display_name',
	      '网格员' || (i % 997), 'role', 'grid_worker', 'locked', json('false'),
	      'units', json_array(json_object('id', i % 40 + 1, 'code', 'G' || (i % 40),
	      'name', '第' || (i % 40) || '网格', 'kind', 'grid')), 'version', i % 9 + 1) END,
	    'after', json_object('display_name', '网格员' || (i % 997), 'role',
	      CASE WHEN i % 3 = 0 THEN 'staff' ELSE 'grid_worker' END, 'locked',
	      json(CASE WHEN i % 6 = 3 THEN 'true' ELSE 'false' END), 'units',
	      json_array(json_object('id', i % 40 + 1, 'code', 'G' || (i % 40), 'name',
	      '第' || (i % 40) || '网格', 'kind', 'grid')), 'version', i % 9 + 2)),
	  '10.' || (i % 200) || '.' || (i % 250) || '.' || (i % 253 + 1)
	FROM n;
	EOF
	else cat <<-EOF
	INSERT INTO audit_log (at, actor_id, actor, action, entity, entity_id, summary, ip)
	SELECT extract(epoch FROM now())::bigint - ($rows - i) * 30,
	  CASE WHEN i % 4 = 0 THEN NULL ELSE 1 END,
	  CASE WHEN i % 4 = 0 THEN 'system' ELSE 'admin' END,
	  (ARRAY['user.create', 'user.update', 'session.login', 'user.lock', 'token.create',
	    'settings.update'])[i % 6 + 1],
	  (ARRAY['user', 'user', 'user', 'user', 'api_token', 'settings'])[i % 6 + 1],
	  i % 997 + 1,
	  json_build_object(
	    'before', CASE WHEN i % 6 = 0 THEN NULL ELSE json_build_object('display_name',
	      '网格员' || (i % 997), 'role', 'grid_worker', 'locked', false,
	      'units', json_build_array(json_build_object('id', i % 40 + 1, 'code', 'G' || (i % 40),
	      'name', '第' || (i % 40) || '网格', 'kind', 'grid')), 'version', i % 9 + 1) END,
	    'after', json_build_object('display_name', '网格员' || (i % 997), 'role',
	      CASE WHEN i % 3 = 0 THEN 'staff' ELSE 'grid_worker' END, 'locked', i % 6 = 3,
	      'units', json_build_array(json_build_object('id', i % 40 + 1, 'code', 'G' || (i % 40),
	      'name', '第' || (i % 40) || '网格', 'kind', 'grid')), 'version', i % 9 + 2))::text,
	  '10.' || (i % 200) || '.' || (i % 250) || '.' || (i % 253 + 1)
	FROM generate_series(1, $rows) AS i;
	ANALYZE audit_log;
	EOF
	fi
}

# --- the servers -------------------------------------------------------------------------
# start_linli URL LOG: serve on a free port of loopback; sets linli_pid and linli_base.
start_linli() {
	local url=$1 logf=$2 i addr=
	LINLI_ACCESS_LOG=false bin/linli serve --listen 127.0.0.1:0 --static "" --db "$url" \
		>"$logf" 2>&1 &
	linli_pid=$!
	pids+=("$linli_pid")
	for i in $(seq 1 100); do
		addr=$(sed -n 's|.*serving http://\([0-9.]*:[0-9]*\).*|\1|p' "$logf" | head -n 1)
		[ -n "$addr" ] && break
		kill -0 "$linli_pid" 2>/dev/null || { cat "$logf" >&2; die "linli did not start"; }
		sleep 0.1
	done
	[ -n "$addr" ] || { cat "$logf" >&2; die "linli did not say where it listens"; }
	linli_base=http://$addr
}

stop_pid() {
	kill "$1" 2>/dev/null || true
	wait "$1" 2>/dev/null || true
}

# CPU time (user + system, in clock ticks) the process has used so far
cpu_ticks() { if [ -n "$1" ]; then awk '{ print $14 + $15 }' "/proc/$1/stat"; else echo 0; fi; }
peak_rss_mb() { awk '/^VmHWM:/ { printf "%.1f", $2 / 1024 }' "/proc/$1/status"; }

# expect URL: one request answers 200 (the token, when given as $2, as a bearer).
expect_ok() {
	local code hdr=()
	[ -n "${2:-}" ] && hdr=(-H "Authorization: Bearer $2")
	code=$(curl -s -o "$work/probe" -w '%{http_code}' "${hdr[@]}" "$1")
	[ "$code" = 200 ] || { cat "$work/probe" >&2; echo >&2; die "$1 answered $code, not 200"; }
}

# --- measuring ---------------------------------------------------------------------------
to_ms() {  # wrk's "850.00us", "1.23ms", "1.02s" in milliseconds
	awk -v v="$1" 'BEGIN {
		if (sub(/us$/, "", v)) printf "%.2f", v / 1000;
		else if (sub(/ms$/, "", v)) printf "%.2f", v;
		else if (sub(/m$/, "", v)) printf "%.2f", v * 60000;
		else if (sub(/s$/, "", v)) printf "%.2f", v * 1000;
		else printf "?" }'
}

rows_md=()
floor_rps=
# measure NAME SERVER URL [TOKEN] [PID]: warm up, then one wrk run; adds a row to the table.
measure() {
	local name=$1 server=$2 url=$3 token=${4:-} pid=${5:-} f rps p50 p99 ratio errs
	local hdr=()
	[ -n "$token" ] && hdr=(-H "Authorization: Bearer $token")
	f=$out/wrk-$(echo "$name" | tr -c 'A-Za-z0-9\n' '-').txt
	log "warm-up: $name"
	wrk -t"$wthreads" -c"$conns" -d2s "${hdr[@]}" "$url" >/dev/null
	log "measuring: $name (${secs}s)"
	local t0 t1 nreq cpu=-
	t0=$(cpu_ticks "$pid")
	wrk -t"$wthreads" -c"$conns" -d"${secs}s" --latency "${hdr[@]}" "$url" >"$f"
	t1=$(cpu_ticks "$pid")
	nreq=$(awk '/ requests in / { print $1 }' "$f")
	[ -n "$pid" ] && [ "${nreq:-0}" -gt 0 ] &&
		cpu=$(awk -v d=$((t1 - t0)) -v hz="$(getconf CLK_TCK)" -v n="$nreq" \
			'BEGIN { printf "%.1f", d * 1e6 / hz / n }')
	rps=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$f")
	p50=$(to_ms "$(awk '$1 == "50%" { print $2 }' "$f")")
	p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$f")")
	errs=$(grep -E 'Non-2xx|Socket errors' "$f" | tr '\n' ' ' || true)
	[ -z "$errs" ] || log "$name: $errs"
	[ -n "$floor_rps" ] || floor_rps=$rps
	ratio=$(awk -v a="$rps" -v b="$floor_rps" 'BEGIN { printf "%.0f %%", 100 * a / b }')
	local rss=-
	[ -n "$pid" ] && rss="$(peak_rss_mb "$pid") MB"
	rows_md+=("| $name | $server | $rps | $ratio | $p50 | $p99 | $cpu | ${errs:-none} |")
	last_rps=$rps last_p50=$p50 last_p99=$p99 last_rss=$rss
}

# --- SQLite ------------------------------------------------------------------------------
db=$work/bench.db
log "preparing SQLite database with $rows audit rows"
token=$(setup_db "sqlite:$db")
[ -n "$token" ] || die "no token was created"
seed_sql sqlite | sqlite3 "$db"
n=$(sqlite3 "$db" 'SELECT count(*) FROM audit_log')
log "audit_log holds $n rows"

start_linli "sqlite:$db" "$work/linli-sqlite.log"
expect_ok "$linli_base/healthz"
expect_ok "$linli_base/api/v1/audit?limit=20" "$token"
items=$(grep -o '"at":' "$work/probe" | wc -l)
[ "$items" = 20 ] || die "GET /api/v1/audit?limit=20 gave $items entries, not 20"
audit_bytes=$(wc -c <"$work/probe")
log "GET /api/v1/audit?limit=20 answers $audit_bytes bytes, 20 entries"

# start_hello NAME [BYTES]: sets hello_pid and hello_base
start_hello() {
	build/bench/hello 127.0.0.1:0 ${2:-} >"$work/$1.log" 2>&1 &
	hello_pid=$!
	pids+=("$hello_pid")
	for _ in $(seq 1 50); do grep -q listening "$work/$1.log" && break; sleep 0.1; done
	hello_base=http://$(sed -n 's/^listening on \([0-9.]*:[0-9]*\).*/\1/p' "$work/$1.log")
	expect_ok "$hello_base/"
}
start_hello hello
measure "hello GET /" "hello (floor)" "$hello_base/" "" "$hello_pid"
hello_rss=$last_rss
stop_pid "$hello_pid"
# not a target: what answering with as many bytes as the audit page costs by itself
start_hello hello-sized "$audit_bytes"
measure "hello GET /, $audit_bytes-byte answer" "hello (reference)" "$hello_base/" "" "$hello_pid"
stop_pid "$hello_pid"
measure "GET /healthz" "linli, SQLite" "$linli_base/healthz" "" "$linli_pid"
measure "GET /api/v1/audit?limit=20 (bearer)" "linli, SQLite" \
	"$linli_base/api/v1/audit?limit=20" "$token" "$linli_pid"
audit_rps=$last_rps audit_p50=$last_p50 audit_p99=$last_p99
linli_rss=$(peak_rss_mb "$linli_pid")
stop_pid "$linli_pid"
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
log "peak RSS: linli (SQLite) $linli_rss MB, hello $hello_rss"

# --- PostgreSQL (extra rows) -------------------------------------------------------------
pg_note="PostgreSQL: not measured"
if [ "$use_pg" != 0 ] && [ -x scripts/pg-cluster.sh ] && command -v psql >/dev/null; then
	pgdir=$(mktemp -d /tmp/linli-bench-pg.XXXXXX)
	if base=$(scripts/pg-cluster.sh start "$pgdir" 2>"$work/pg.err" | tail -n 1) && [ -n "$base" ]; then
		pgurl=$(scripts/pg-cluster.sh createdb "$base" linli_bench)
		log "preparing PostgreSQL database with $rows audit rows"
		pgtoken=$(setup_db "$pgurl")
		seed_sql postgresql | psql "$pgurl" --no-psqlrc --quiet --set=ON_ERROR_STOP=1 >/dev/null
		start_linli "$pgurl" "$work/linli-pg.log"
		expect_ok "$linli_base/api/v1/audit?limit=20" "$pgtoken"
		measure "GET /healthz" "linli, PostgreSQL" "$linli_base/healthz" "" "$linli_pid"
		measure "GET /api/v1/audit?limit=20 (bearer)" "linli, PostgreSQL" \
			"$linli_base/api/v1/audit?limit=20" "$pgtoken" "$linli_pid"
		pg_rss=$(peak_rss_mb "$linli_pid")
		stop_pid "$linli_pid"
		pg_note="peak RSS of linli on PostgreSQL: $pg_rss MB"
		scripts/pg-cluster.sh stop "$pgdir" >/dev/null 2>&1 || true
		pgdir=
	else
		cat "$work/pg.err" >&2 || true
		log "PostgreSQL did not start: its rows are left out"
		rm -rf "$pgdir"
		pgdir=
	fi
fi

# --- the report --------------------------------------------------------------------------
verdict() { if [ "$1" = 1 ]; then echo met; else echo MISSED; fi; }
ratio_ok=$(awk -v a="$audit_rps" -v b="$floor_rps" 'BEGIN { print (a >= 0.40 * b) ? 1 : 0 }')
p99_ok=$(awk -v a="$audit_p99" 'BEGIN { print (a + 0 < 10) ? 1 : 0 }')
rss_ok=$(awk -v a="$linli_rss" 'BEGIN { print (a + 0 < 50) ? 1 : 0 }')
audit_pct=$(awk -v a="$audit_rps" -v b="$floor_rps" 'BEGIN { printf "%.0f", 100 * a / b }')
{
	echo "# linli benchmark, $(date -u +%Y-%m-%dT%H:%MZ)"
	echo
	echo "Machine: $(nproc) cores ($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n 1)),"
	echo "$(free -m | awk '/^Mem:/ { printf "%.1f GB", $2 / 1024 }') memory; $(uname -sr);"
	echo "load average (1, 5, 15 min) before the run: $load_before; after the SQLite rows:"
	echo "$load_after (the machine's other work disturbs the figures; the CPU time per request"
	echo "of the server is the steadier measure)."
	echo "wrk: $wthreads threads, $conns connections, ${secs}s per row after a 2 s warm-up, loopback;"
	echo "linli $(bin/linli version | awk '{ print $2 }') with its default pool (one thread per core), access log off;"
	echo "$rows audit rows."
	echo
	echo "| request | server | req/s | vs floor | p50 ms | p99 ms | server CPU µs/req | errors |"
	echo "|---|---|---:|---:|---:|---:|---:|---|"
	printf '%s\n' "${rows_md[@]}"
	echo
	echo "Peak RSS (VmHWM) of linli on SQLite after its runs: $linli_rss MB (hello: $hello_rss). $pg_note."
	echo
	echo "| target | measured | |"
	echo "|---|---|---|"
	echo "| authenticated 20-row read ≥ 40 % of the floor's req/s | $audit_pct % | $(verdict "$ratio_ok") |"
	echo "| its p99 < 10 ms at $conns connections | $audit_p99 ms | $(verdict "$p99_ok") |"
	echo "| peak RSS < 50 MB | $linli_rss MB | $(verdict "$rss_ok") |"
} >"$out/results.md"
cat "$out/results.md"
