#!/bin/bash
# bench/hours.sh: the volunteers' hours report and the dashboard's figures on a district's year
# (bench/hours.sql: 200,000 volunteers in 150 communities under one street, twelve entries each,
# about 2.4 million entries, written straight in SQL with the totals as the code keeps them and
# checked against a recount of the entries), measured with wrk:
#
#   report   GET /api/v1/shifts/report?unit_id=<street>&from=2026-01&to=2026-12   the year, JSON
#   sheet    the same, format=xlsx
#   figures  GET /api/v1/shifts/figures?unit_id=<street>&from=2026-01&to=2026-12
#   community  the report of one community (its grids below)
#
# as a staff member of the street (a bearer token), at BENCH_LAT_CONNECTIONS (8), each row with
# p50 and p99 and the server's CPU time per request (from /proc/PID/stat; on PostgreSQL also its
# backends'). The SQLite database is build/bench/hours.db, built once (BENCH_REBUILD=1 builds it
# again); PostgreSQL on a throwaway cluster unless BENCH_PG=0. Writes bench/out/hours.md.
#
# Environment: BENCH_SECONDS (10), BENCH_LAT_CONNECTIONS (8), BENCH_THREADS (2),
# BENCH_VOLUNTEERS (200000; a smaller district when the machine is short of time),
# BENCH_PG_VOLUNTEERS (as BENCH_VOLUNTEERS), BENCH_PG (auto), BENCH_SQLITE (1), BENCH_DB,
# BENCH_REBUILD (0), BENCH_LINLI (bin/linli).
set -euo pipefail
cd "$(dirname "$0")/.."

secs=${BENCH_SECONDS:-10}
lconns=${BENCH_LAT_CONNECTIONS:-8}
wthreads=${BENCH_THREADS:-2}
nvol=${BENCH_VOLUNTEERS:-200000}
pg_nvol=${BENCH_PG_VOLUNTEERS:-$nvol}
use_pg=${BENCH_PG:-auto}
use_sqlite=${BENCH_SQLITE:-1}
db=${BENCH_DB:-build/bench/hours.db}
server_bin=${BENCH_LINLI:-bin/linli}
password='Bench-pass-2026'
out=bench/out
mkdir -p "$out" build/bench

. bench/lib.sh

scripts/deps.sh bench
make --no-print-directory all
for tool in wrk sqlite3 curl; do
	command -v $tool >/dev/null || die "$tool is not installed (scripts/deps.sh bench installs it)"
done

street_code=510104029
community_code=510104029025
range="from=2026-01&to=2026-12"

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

# The helper tables bench/hours.sql reads: bench_n (0 .. n-1) and bench_days (2026's days).
helpers_sql() {
	local n=$1 d t0=1767229200   # 2026-01-01 09:00 in Asia/Shanghai
	echo "CREATE TABLE bench_n (i BIGINT PRIMARY KEY);"
	echo "INSERT INTO bench_n (i) WITH RECURSIVE s(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM s WHERE i + 1 < $n) SELECT i FROM s;"
	echo "CREATE TABLE bench_days (day BIGINT PRIMARY KEY, starts_at BIGINT NOT NULL, month TEXT NOT NULL);"
	for d in $(seq 0 364); do
		local t=$((t0 + d * 86400))
		echo "INSERT INTO bench_days VALUES ($d, $t, '$(date -u -d "@$((t + 28800))" +%Y-%m)');"
	done
}

# The totals against a recount of the entries (the ancestors walked by parent, as the migration
# does): the rows that differ, either way; 0 when they agree.
check_sql="WITH RECURSIVE anc(unit_id, id) AS (SELECT id, id FROM org_units WHERE id IN
  (SELECT DISTINCT unit_id FROM shift_hours WHERE state = 'approved') UNION ALL
  SELECT anc.unit_id, o.parent_id FROM anc JOIN org_units o ON o.id = anc.id WHERE o.parent_id IS NOT NULL),
re AS (SELECT anc.id AS unit_id, h.month, SUM(h.minutes) AS minutes, COUNT(*) AS entries,
  COUNT(DISTINCT h.volunteer_id) AS volunteers FROM shift_hours h JOIN anc ON anc.unit_id = h.unit_id
  WHERE h.state = 'approved' GROUP BY anc.id, h.month),
kept AS (SELECT unit_id, month, minutes, entries, volunteers FROM shift_hours_totals
  WHERE minutes <> 0 OR entries <> 0 OR volunteers <> 0),
pre AS (SELECT unit_id, month, SUM(points) AS issued FROM shift_hours WHERE state = 'approved' GROUP BY unit_id, month),
pkept AS (SELECT unit_id, month, issued FROM points_totals),
vre AS (SELECT unit_id, SUM(CASE WHEN approval = 'approved' AND status = 'active' THEN 1 ELSE 0 END) AS active,
  SUM(CASE WHEN approval = 'pending' THEN 1 ELSE 0 END) AS pending FROM volunteers GROUP BY unit_id),
vkept AS (SELECT unit_id, active, pending FROM volunteer_tallies)
SELECT (SELECT COUNT(*) FROM (SELECT * FROM re EXCEPT SELECT * FROM kept) a)
     + (SELECT COUNT(*) FROM (SELECT * FROM kept EXCEPT SELECT * FROM re) b)
     + (SELECT COUNT(*) FROM (SELECT * FROM pre EXCEPT SELECT * FROM pkept) c)
     + (SELECT COUNT(*) FROM (SELECT * FROM pkept EXCEPT SELECT * FROM pre) d)
     + (SELECT COUNT(*) FROM (SELECT * FROM vre EXCEPT SELECT * FROM vkept) e)
     + (SELECT COUNT(*) FROM (SELECT * FROM vkept EXCEPT SELECT * FROM vre) f)"

# build_db URL VOLUNTEERS: migrate, write the district, check it; build_secs, nentries.
build_db() {
	local url=$1 n=$2 t0 t1
	t0=$(date +%s.%N)
	bin/linli migrate --db "$url" >/dev/null
	{
		echo "BEGIN;"
		helpers_sql "$n"
		sed "s/:V/$n/g" bench/hours.sql
		echo "DROP TABLE bench_n; DROP TABLE bench_days;"
		echo "COMMIT;"
	} >"$work/build.sql"
	case $url in
		sqlite:*) sqlite3 -bail "${url#sqlite:}" <"$work/build.sql" >/dev/null
			sqlite3 "${url#sqlite:}" "ANALYZE" ;;
		*) psql "$url" -q -v ON_ERROR_STOP=1 -f "$work/build.sql" >/dev/null
			# a fresh bulk load: the visibility map that index-only scans read, as autovacuum
			# would set it
			psql "$url" -q -c "VACUUM ANALYZE" ;;
	esac
	t1=$(date +%s.%N)
	build_secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.0f", b - a }')
	local bad
	bad=$(sql "$url" "$check_sql")
	[ "$bad" = 0 ] || die "$url: $bad rows of the totals differ from a recount"
	log "$url: built in $build_secs s; the totals agree with a recount"
}

prepare_db() {
	local url=$1
	bin/linli user add bench_hours --role staff --unit "$street_code" --db "$url" <<<"$password" >/dev/null 2>&1 || true
	token=$(bin/linli token create bench_hours --name bench --db "$url" 2>/dev/null | tail -n 1)
	[ -n "$token" ] || die "no token was created"
	street_id=$(sql "$url" "SELECT id FROM org_units WHERE code = '$street_code'")
	community_id=$(sql "$url" "SELECT id FROM org_units WHERE code = '$community_code'")
	nentries=$(sql "$url" "SELECT COUNT(*) FROM shift_hours")
	napproved=$(sql "$url" "SELECT COUNT(*) FROM shift_hours WHERE state = 'approved'")
	nvols=$(sql "$url" "SELECT COUNT(*) FROM volunteers WHERE approval = 'approved'")
}

probe() {
	local code
	code=$(curl -s -o "$work/probe" -w '%{http_code}' -H "Authorization: Bearer $token" "$1")
	[ "$code" = 200 ] || { head -c 600 "$work/probe" >&2; echo >&2; die "$1 answered $code"; }
	log "$1: $(wc -c <"$work/probe") bytes"
}

pg_db=

rows_md=()
measure() {
	local name=$1 engine=$2 url=$3 f rps p50 p99 errs t0 t1 q0 q1 n cpu=- dbcpu=-
	f=$out/wrk-hours-$(echo "$engine $name" | tr -c 'A-Za-z0-9\n' '-').txt
	wrk -t"$wthreads" -c"$lconns" -d2s -H "Authorization: Bearer $token" "$url" >/dev/null
	log "measuring: $name ($engine, ${secs}s, $lconns connections)"
	t0=$(cpu_ticks "$linli_pid")
	q0=$(pg_ticks)
	wrk -t"$wthreads" -c"$lconns" -d"${secs}s" --latency -H "Authorization: Bearer $token" "$url" >"$f"
	t1=$(cpu_ticks "$linli_pid")
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
	rows_md+=("| $name | $engine | $rps | $p50 | $p99 | $cpu | $dbcpu | ${errs:-none} |")
}

run_engine() {
	local url=$1 engine=$2 b
	start_linli "$url" "$work/linli-$engine.log"
	b=$linli_base
	probe "$b/api/v1/shifts/report?unit_id=$street_id&$range"
	probe "$b/api/v1/shifts/figures?unit_id=$street_id&$range"
	measure "report (the district's year)" "$engine" "$b/api/v1/shifts/report?unit_id=$street_id&$range"
	measure "report as XLSX" "$engine" "$b/api/v1/shifts/report?unit_id=$street_id&$range&format=xlsx"
	measure "figures (the district's year)" "$engine" "$b/api/v1/shifts/figures?unit_id=$street_id&$range"
	measure "report (a community's year)" "$engine" "$b/api/v1/shifts/report?unit_id=$community_id&$range"
	stop_pid "$linli_pid"
}

sqlite_note="SQLite: not measured (BENCH_SQLITE=0)"
if [ "$use_sqlite" != 0 ]; then
	built="kept from an earlier run"
	if [ "${BENCH_REBUILD:-0}" = 1 ] || [ ! -f "$db" ]; then
		rm -f "$db" "$db-wal" "$db-shm" "$db.keys"
		build_db "sqlite:$db" "$nvol"
		built="built in $build_secs s"
	else
		bad=$(sql "sqlite:$db" "$check_sql")
		[ "$bad" = 0 ] || die "$db: $bad rows of the totals differ from a recount"
	fi
	prepare_db "sqlite:$db"
	run_engine "sqlite:$db" SQLite
	sqlite_note="SQLite: $nvols volunteers, $nentries entries ($napproved approved), $built, the totals equal to a recount"
fi

pg_note="PostgreSQL: not measured"
if [ "$use_pg" != 0 ] && command -v psql >/dev/null; then
	pgdir=$(mktemp -d /tmp/linli-bench-pg.XXXXXX)
	if base=$(PG_SHARED_BUFFERS=256MB scripts/pg-cluster.sh start "$pgdir" 2>"$work/pg.err" | tail -n 1); then
		pgurl=$(scripts/pg-cluster.sh createdb "$base" linli_hours)
		build_db "$pgurl" "$pg_nvol"
		prepare_db "$pgurl"
		pg_db=linli_hours
		run_engine "$pgurl" PostgreSQL
		pg_note="PostgreSQL: $nvols volunteers, $nentries entries ($napproved approved), built in $build_secs s, the totals equal to a recount"
		scripts/pg-cluster.sh stop "$pgdir" >/dev/null 2>&1 || true
		pgdir=
	else
		cat "$work/pg.err" >&2
	fi
fi

{
	echo "# Hours report and figures on a district's year ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg))"
	echo
	echo "$sqlite_note."
	echo "$pg_note."
	echo
	echo "| what | engine | req/s | p50 ms | p99 ms | CPU µs/req | PostgreSQL CPU µs/req | errors |"
	echo "|---|---|---|---|---|---|---|---|"
	printf '%s\n' "${rows_md[@]}"
} | tee "$out/hours.md"
