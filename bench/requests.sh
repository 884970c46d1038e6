#!/bin/bash
# bench/requests.sh: resident requests on the district demo data (`linli demo --scale district`:
# a year of history, about five million requests in 900 grids), measured with wrk:
#
#   create      POST /api/v1/requests          a window request taken by a community's staff
#                                              (bearer; another community than the one whose
#                                              lists are measured, which the bench's own requests
#                                              would fill), at BENCH_WRITE_CONNECTIONS (8): requests a
#                                              second, and its share of SQLite's raw single-row
#                                              insert rate on the same disk in the same run
#                                              (bench/sqlite_insert.c; SQLite only)
#   inbox       GET /api/v1/requests?mine=true&limit=20               a grid worker's
#   list        GET /api/v1/requests?state=dispatched,in_progress&limit=20   the staff's
#   overdue     GET /api/v1/requests?overdue=true&limit=20             the staff's
#   register    GET /api/v1/requests/register?unit_id=<grid>           one grid's register
#   indicators  GET /api/v1/indicators?from=<a year ago>&to=<now>      the district's year (an
#                                              administrator: every street), by all and by category
#
# The reads at BENCH_LAT_CONNECTIONS (8), for their latency; each row with the server's CPU time
# per request. Then the peak RSS of linli. The open requests of the measured grid are given to
# its bench worker first, so that the inbox has something in it. The SQLite database is
# build/bench/district.db (the registry's benchmark builds it too; the demo adds what is
# missing); PostgreSQL on a throwaway cluster unless BENCH_PG=0. Writes bench/out/requests.md.
#
# Environment: BENCH_SECONDS (10), BENCH_WRITE_CONNECTIONS (8), BENCH_LAT_CONNECTIONS (8),
# BENCH_THREADS (2), BENCH_PG (auto), BENCH_SQLITE (1; 0: PostgreSQL only), BENCH_DB,
# BENCH_LINLI (bin/linli), BENCH_LINLI_BEFORE (another build, measured first on the same data
# in the same run, its rows marked "before": a change's before and after in one sitting),
# BENCH_PG_URL with BENCH_PG_KEYS (a PostgreSQL database and its key file to use instead of a
# throwaway cluster; the district is built in it when missing, and kept: building it takes
# 10-20 minutes). On PostgreSQL each row also gives the database's CPU time per request (its
# backends' on this machine).
set -euo pipefail
cd "$(dirname "$0")/.."

secs=${BENCH_SECONDS:-10}
wconns=${BENCH_WRITE_CONNECTIONS:-8}
lconns=${BENCH_LAT_CONNECTIONS:-8}
wthreads=${BENCH_THREADS:-2}
use_pg=${BENCH_PG:-auto}
use_sqlite=${BENCH_SQLITE:-1}
db=${BENCH_DB:-build/bench/district.db}
server_bin=${BENCH_LINLI:-bin/linli}
before_bin=${BENCH_LINLI_BEFORE:-}
password='Bench-pass-2026'
out=bench/out
mkdir -p "$out" build/bench

. bench/lib.sh

scripts/deps.sh bench
make --no-print-directory all
${CC:-cc} -std=c17 -D_GNU_SOURCE -Wall -Wextra -Werror -O2 -o build/bench/sqlite_insert bench/sqlite_insert.c \
	$(pkg-config --cflags --libs sqlite3)
for tool in wrk sqlite3 curl; do
	command -v $tool >/dev/null || die "$tool is not installed (scripts/deps.sh bench installs it)"
done

community=510104022025
grid=${community}003
desk=510104023050      # where the bench's own requests are taken: not the community measured
year_to=$(date +%Y-%m)
year_from=$(date -d "$(date +%Y-%m-01) -11 months" +%Y-%m)

work=$(mktemp -d /tmp/linli-bench.XXXXXX)
pids=()
pgdir=
cleanup() {
	local p
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null && wait "$p" 2>/dev/null || true; done
	[ -n "$pgdir" ] && scripts/pg-cluster.sh stop "$pgdir" >/dev/null 2>&1
	rm -rf "$work"
}
trap cleanup EXIT

build_db() {
	local url=$1 t0 t1
	t0=$(date +%s.%N)
	bin/linli demo --scale district --db "$url" >"$work/demo.log" 2>&1 ||
		{ cat "$work/demo.log" >&2; die "linli demo --scale district failed"; }
	t1=$(date +%s.%N)
	demo_secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.0f", b - a }')
	local who
	for who in "bench_rq_staff staff $community" "bench_rq_grid grid_worker $grid" "bench_rq_admin admin" \
		"bench_rq_desk staff $desk"; do
		set -- $who
		bin/linli user add "$1" --role "$2" ${3:+--unit "$3"} --db "$url" <<<"$password" >/dev/null 2>&1 || true
	done
	staff_token=$(bin/linli token create bench_rq_staff --name bench --db "$url" 2>/dev/null | tail -n 1)
	grid_token=$(bin/linli token create bench_rq_grid --name bench --db "$url" 2>/dev/null | tail -n 1)
	admin_token=$(bin/linli token create bench_rq_admin --name bench --db "$url" 2>/dev/null | tail -n 1)
	desk_token=$(bin/linli token create bench_rq_desk --name bench --db "$url" 2>/dev/null | tail -n 1)
	[ -n "$staff_token" ] && [ -n "$grid_token" ] && [ -n "$admin_token" ] && [ -n "$desk_token" ] ||
		die "no tokens were created"
	# the grid's open requests are its bench worker's: the inbox has them
	sql "$url" "UPDATE requests SET handler_id = (SELECT id FROM users WHERE username = 'bench_rq_grid')
		WHERE origin_unit_id = (SELECT id FROM org_units WHERE code = '$grid')
		AND state IN ('dispatched', 'in_progress')" >/dev/null
	grid_id=$(sql "$url" "SELECT id FROM org_units WHERE code = '$grid'")
	desk_id=$(sql "$url" "SELECT id FROM org_units WHERE code = '$desk'")
	nreq=$(sql "$url" "SELECT COUNT(*) FROM requests")
	log "$url: $nreq requests"
}

# probe URL TOKEN: answers 200 (the size said in the log).
probe() {
	local code
	code=$(curl -s -o "$work/probe" -w '%{http_code}' -H "Authorization: Bearer $2" "$1")
	[ "$code" = 200 ] || { head -c 600 "$work/probe" >&2; echo >&2; die "$1 answered $code"; }
	log "$1: $(wc -c <"$work/probe") bytes"
}

rows_md=()
pg_db=

# measure NAME ENGINE URL TOKEN PID CONNS [LUA]: warm-up, one wrk run, a row of the table.
measure() {
	local name=$1 engine=$2 url=$3 token=$4 pid=$5 c=$6 lua=${7:-} f rps p50 p99 errs
	local args=(-H "Authorization: Bearer $token")
	[ -n "$lua" ] && args+=(-s "$lua")
	f=$out/wrk-requests-$(echo "$engine $name" | tr -c 'A-Za-z0-9\n' '-').txt
	log "warm-up: $name ($engine)"
	wrk -t"$wthreads" -c"$c" -d2s "${args[@]}" "$url" >/dev/null
	log "measuring: $name ($engine, ${secs}s, $c connections)"
	local t0 t1 q0 q1 n cpu=- dbcpu=-
	t0=$(cpu_ticks "$pid")
	q0=$(pg_ticks)
	wrk -t"$wthreads" -c"$c" -d"${secs}s" --latency "${args[@]}" "$url" >"$f"
	t1=$(cpu_ticks "$pid")
	q1=$(pg_ticks)
	n=$(awk '/ requests in / { print $1 }' "$f")
	[ "${n:-0}" -gt 0 ] && cpu=$(awk -v d=$((t1 - t0)) -v hz="$(getconf CLK_TCK)" -v n="$n" \
		'BEGIN { printf "%.0f", d * 1e6 / hz / n }')
	[ "${n:-0}" -gt 0 ] && [ -n "$pg_db" ] && dbcpu=$(awk -v d=$((q1 - q0)) -v hz="$(getconf CLK_TCK)" -v n="$n" \
		'BEGIN { printf "%.0f", d * 1e6 / hz / n }')
	rps=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$f")
	p50=$(to_ms "$(awk '$1 == "50%" { print $2 }' "$f")")
	p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$f")")
	errs=$(grep -E 'Non-2xx|Socket errors' "$f" | tr '\n' ' ' || true)
	[ -z "$errs" ] || log "$name: $errs"
	rows_md+=("| $name | $engine | $c | $rps | $p50 | $p99 | $cpu | $dbcpu | ${errs:-none} |")
	last_rps=$rps
}

cat >"$work/create.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"channel": "window", "body": "3栋门口的路灯不亮了", "unit_id": $community_placeholder}'
LUA

# run_engine URL ENGINE [BINARY]: every row on one engine, with one build of linli.
run_engine() {
	local url=$1 engine=$2
	start_linli "$url" "$work/linli-$engine.log" "${3:-}"
	local b=$linli_base
	probe "$b/api/v1/requests?mine=true&limit=20" "$grid_token"
	probe "$b/api/v1/indicators?from=$year_from&to=$year_to" "$admin_token"
	measure "inbox (mine)" "$engine" "$b/api/v1/requests?mine=true&limit=20" "$grid_token" "$linli_pid" "$lconns"
	measure "list (dispatched, in progress)" "$engine" "$b/api/v1/requests?state=dispatched,in_progress&limit=20" "$staff_token" "$linli_pid" "$lconns"
	measure "overdue" "$engine" "$b/api/v1/requests?overdue=true&limit=20" "$staff_token" "$linli_pid" "$lconns"
	measure "register (a grid)" "$engine" "$b/api/v1/requests/register?unit_id=$grid_id" "$staff_token" "$linli_pid" "$lconns"
	measure "indicators (district, a year)" "$engine" "$b/api/v1/indicators?from=$year_from&to=$year_to" "$admin_token" "$linli_pid" "$lconns"
	measure "indicators by category" "$engine" "$b/api/v1/indicators?from=$year_from&to=$year_to&by=category" "$admin_token" "$linli_pid" "$lconns"
	sed "s/\$community_placeholder/$desk_id/" "$work/create.lua" >"$work/create-$engine.lua"
	measure "create" "$engine" "$b/api/v1/requests" "$desk_token" "$linli_pid" "$wconns" "$work/create-$engine.lua"
	create_rps=$last_rps
	engine_rss=$(peak_rss_mb "$linli_pid")
	stop_pid "$linli_pid"
}

sqlite_note="SQLite: not measured (BENCH_SQLITE=0)"
if [ "$use_sqlite" != 0 ]; then
	log "SQLite: $db"
	build_db "sqlite:$db"
	sqlite_demo=$demo_secs
	before_note=
	if [ -n "$before_bin" ]; then
		run_engine "sqlite:$db" "SQLite before" "$before_bin"
		before_note=" (before: $create_rps)"
	fi
	run_engine "sqlite:$db" SQLite
	raw=$(build/bench/sqlite_insert "$(dirname "$db")/raw-insert.db" "$secs")
	rm -f "$(dirname "$db")"/raw-insert.db*
	share=$(awk -v a="$create_rps" -v b="$raw" 'BEGIN { printf "%.0f %%", 100 * a / b }')
	sqlite_note="SQLite: $nreq requests (the district built in $sqlite_demo s when it was missing); peak RSS of linli $engine_rss MB.
Creating requests on SQLite: $create_rps a second$before_note; SQLite's raw single-row insert rate in this run: $raw a second (linli's share: $share)"
fi

pg_note="PostgreSQL: not measured"
if [ "$use_pg" != 0 ] && [ -n "${BENCH_PG_URL:-}" ]; then
	export LINLI_KEY_FILE=${BENCH_PG_KEYS:?BENCH_PG_KEYS: the key file of BENCH_PG_URL}
	build_db "$BENCH_PG_URL"
	pg_db=$(psql "$BENCH_PG_URL" -Atc "SELECT current_database()")
	if [ -n "$before_bin" ]; then
		run_engine "$BENCH_PG_URL" "PostgreSQL before" "$before_bin"
	fi
	run_engine "$BENCH_PG_URL" PostgreSQL
	pg_note="PostgreSQL: $nreq requests (the district kept in BENCH_PG_URL); peak RSS of linli $engine_rss MB"
elif [ "$use_pg" != 0 ] && command -v psql >/dev/null; then
	pgdir=$(mktemp -d /tmp/linli-bench-pg.XXXXXX)
	if base=$(PG_SHARED_BUFFERS=128MB scripts/pg-cluster.sh start "$pgdir" 2>"$work/pg.err" | tail -n 1); then
		pgurl=$(scripts/pg-cluster.sh createdb "$base" linli_requests)
		bin/linli key new --file "$work/pg.keys" >/dev/null
		export LINLI_KEY_FILE=$work/pg.keys
		build_db "$pgurl"
		pg_db=linli_requests
		if [ -n "$before_bin" ]; then
			run_engine "$pgurl" "PostgreSQL before" "$before_bin"
		fi
		run_engine "$pgurl" PostgreSQL
		pg_note="PostgreSQL: $nreq requests, built in $demo_secs s; peak RSS of linli $engine_rss MB"
		scripts/pg-cluster.sh stop "$pgdir" >/dev/null 2>&1 || true
		pgdir=
	fi
fi

{
	echo "# Requests on the district demo ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg))"
	echo
	echo "$sqlite_note."
	echo "$pg_note."
	echo
	echo "| what | engine | connections | req/s | p50 ms | p99 ms | CPU µs/req | PostgreSQL CPU µs/req | errors |"
	echo "|---|---|---|---|---|---|---|---|---|"
	printf '%s\n' "${rows_md[@]}"
} | tee "$out/requests.md"
