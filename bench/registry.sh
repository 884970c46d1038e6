#!/bin/bash
# bench/registry.sh: the registry on the district demo data (`linli demo --scale district`:
# about a million residents in 150 communities), measured with wrk against the floor, as
# bench/run.sh measures the audit page.
#
#   hello  GET /                                   the floor (bench/hello.c)
#   linli  GET /api/v1/residents?limit=20          as the staff of one community, and as the
#                                                  worker of one of its grids (bearer tokens)
#   linli  GET /api/v1/residents?q=XY              a two-character name search
#   linli  GET /api/v1/residents?phone=154...      a phone look-up (through the lookup hash)
#   linli  GET /api/v1/residents?tag=..&age_min=..&age_max=..   a filtered list
#
#   linli  import                                  `linli import` of BENCH_IMPORT_ROWS rows (a CSV
#                                                  of households of four, made here) into an empty
#                                                  database, per engine: rows a second
#
# The two page rows run at BENCH_CONNECTIONS (64) like bench/run.sh, for req/s as a share of the
# floor's; the three searches at BENCH_LAT_CONNECTIONS (8), for their latency. Each row has the
# server's CPU time per request (from /proc/PID/stat). Then the database's size and the peak RSS
# of linli. The SQLite database is kept in build/bench/ and built only once (the demo leaves
# what is there as it is); PostgreSQL, on a throwaway cluster, is built on every run unless
# BENCH_PG=0. Writes bench/out/registry.md.
#
# Environment: BENCH_SECONDS (10), BENCH_CONNECTIONS (64), BENCH_LAT_CONNECTIONS (8),
# BENCH_IMPORT_ROWS (100000, the most a file may hold; 0 leaves the import out),
# BENCH_IMPORT_FILES (1; 10 imports a million rows as ten files, one after the other),
# BENCH_THREADS (2), BENCH_PG (auto; 0 leaves PostgreSQL out), BENCH_DB (the SQLite file),
# BENCH_LINLI (the binary that serves, bin/linli; another build to compare before and after),
# BENCH_PG_URL with BENCH_PG_KEYS (a PostgreSQL database and its key file to use instead of a
# throwaway cluster; the district is built in it when missing, and kept).
set -euo pipefail
cd "$(dirname "$0")/.."

secs=${BENCH_SECONDS:-10}
conns=${BENCH_CONNECTIONS:-64}
lconns=${BENCH_LAT_CONNECTIONS:-8}
wthreads=${BENCH_THREADS:-2}
use_pg=${BENCH_PG:-auto}
db=${BENCH_DB:-build/bench/district.db}
server_bin=${BENCH_LINLI:-bin/linli}
import_rows=${BENCH_IMPORT_ROWS:-100000}
import_files=${BENCH_IMPORT_FILES:-1}
password='Bench-pass-2026'
out=bench/out
mkdir -p "$out" build/bench

log() { echo "bench: $*" >&2; }
die() { echo "bench: $*" >&2; exit 1; }

scripts/deps.sh bench
make --no-print-directory all
${CC:-cc} -std=c17 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	-Wformat=2 -Wvla -Wpointer-arith -Wcast-qual -Wnull-dereference -Wimplicit-fallthrough \
	-D_GNU_SOURCE -O2 $(pkg-config --cflags libmicrohttpd) -o build/bench/hello bench/hello.c \
	$(pkg-config --libs libmicrohttpd) -lpthread
for tool in wrk sqlite3 curl; do
	command -v $tool >/dev/null || die "$tool is not installed (scripts/deps.sh bench installs it)"
done

# The community measured (street 2, community 25 of the district) and one of its grids; the
# first phone its residents were given (registry/demo.c: community 74 of 0..149 counts its
# phones from 1,000,000 + 74 × 20,000, each the number n × 7919 + 13 in the 154 range).
community=510104022025
grid=${community}003
phone=$(awk 'BEGIN { n = 1000000 + 74 * 20000; printf "154%08d", (n * 7919 + 13) % 100000000 }')
name_q=$(printf '王伟' | od -An -tx1 | tr -d ' \n' | sed 's/\(..\)/%\1/g')
filter='tag=living_alone&age_min=70&age_max=90'

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

# build_db URL: the district data (timed), then the bench's users and their tokens.
build_db() {
	local url=$1 t0 t1
	t0=$(date +%s.%N)
	bin/linli demo --scale district --db "$url" >"$work/demo.log" 2>&1 ||
		{ cat "$work/demo.log" >&2; die "linli demo --scale district failed"; }
	t1=$(date +%s.%N)
	demo_secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.0f", b - a }')
	demo_note=$(sed -n 's/^The district data took \(.*\)\.$/\1/p' "$work/demo.log")
	# the daily jobs once, as a server that has run a day has: else the first server started on
	# a new district makes its visit plans by rule while it is measured
	t0=$(date +%s.%N)
	bin/linli maintain --db "$url" >"$work/maintain.log" 2>&1 ||
		{ cat "$work/maintain.log" >&2; die "linli maintain failed"; }
	t1=$(date +%s.%N)
	maintain_secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.0f", b - a }')
	local who
	for who in "bench_staff staff $community" "bench_grid grid_worker $grid"; do
		set -- $who
		bin/linli user add "$1" --role "$2" --unit "$3" --db "$url" <<<"$password" \
			>/dev/null 2>&1 || true   # there from an earlier run
	done
	staff_token=$(bin/linli token create bench_staff --name bench --db "$url" 2>/dev/null | tail -n 1)
	grid_token=$(bin/linli token create bench_grid --name bench --db "$url" 2>/dev/null | tail -n 1)
	[ -n "$staff_token" ] && [ -n "$grid_token" ] || die "no tokens were created"
}

start_linli() {
	local url=$1 logf=$2 i addr=
	: >"$logf"   # there before the server writes to it: the loop below reads it at once
	LINLI_ACCESS_LOG=false "$server_bin" serve --listen 127.0.0.1:0 --static "" --db "$url" \
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

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
peak_rss_mb() { awk '/^VmHWM:/ { printf "%.1f", $2 / 1024 }' "/proc/$1/status"; }

# expect URL TOKEN MIN: answers 200 with at least MIN items.
expect_items() {
	local code n
	code=$(curl -s -o "$work/probe" -w '%{http_code}' -H "Authorization: Bearer $2" "$1")
	[ "$code" = 200 ] || { cat "$work/probe" >&2; echo >&2; die "$1 answered $code"; }
	n=$(grep -o '"household_id":' "$work/probe" | wc -l)
	[ "$n" -ge "$3" ] || die "$1 gave $n residents, fewer than $3"
	log "$1: $n residents, $(wc -c <"$work/probe") bytes"
}

to_ms() {
	awk -v v="$1" 'BEGIN {
		if (sub(/us$/, "", v)) printf "%.2f", v / 1000;
		else if (sub(/ms$/, "", v)) printf "%.2f", v;
		else if (sub(/m$/, "", v)) printf "%.2f", v * 60000;
		else if (sub(/s$/, "", v)) printf "%.2f", v * 1000;
		else printf "?" }'
}

rows_md=()
floor_rps=
# measure NAME SERVER URL TOKEN PID CONNS: warm-up, one wrk run, a row of the table.
measure() {
	local name=$1 server=$2 url=$3 token=$4 pid=$5 c=$6 f rps p50 p99 ratio errs
	local hdr=()
	[ -n "$token" ] && hdr=(-H "Authorization: Bearer $token")
	f=$out/wrk-registry-$(echo "$server $name" | tr -c 'A-Za-z0-9\n' '-').txt
	log "warm-up: $name ($server)"
	wrk -t"$wthreads" -c"$c" -d2s "${hdr[@]}" "$url" >/dev/null
	log "measuring: $name ($server, ${secs}s, $c connections)"
	local t0 t1 nreq cpu=-
	t0=$(cpu_ticks "$pid")
	wrk -t"$wthreads" -c"$c" -d"${secs}s" --latency "${hdr[@]}" "$url" >"$f"
	t1=$(cpu_ticks "$pid")
	nreq=$(awk '/ requests in / { print $1 }' "$f")
	[ "${nreq:-0}" -gt 0 ] && cpu=$(awk -v d=$((t1 - t0)) -v hz="$(getconf CLK_TCK)" -v n="$nreq" \
		'BEGIN { printf "%.1f", d * 1e6 / hz / n }')
	rps=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$f")
	p50=$(to_ms "$(awk '$1 == "50%" { print $2 }' "$f")")
	p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$f")")
	errs=$(grep -E 'Non-2xx|Socket errors' "$f" | tr '\n' ' ' || true)
	[ -z "$errs" ] || log "$name: $errs"
	[ -n "$floor_rps" ] || floor_rps=$rps
	ratio=$(awk -v a="$rps" -v b="$floor_rps" 'BEGIN { printf "%.0f %%", 100 * a / b }')
	rows_md+=("| $name | $server | $c | $rps | $ratio | $p50 | $p99 | $cpu | ${errs:-none} |")
	last_rps=$rps last_p99=$p99
}

# import_csv N [FIRST]: a register of N residents (numbered from FIRST, 0 by default, so that
# files made with FIRST = 0, N, 2N ... hold distinct people) in households of four in grid
# 510104011001001, with
# the import's columns; ID numbers with valid check characters, distinct (birth days over 55
# years, then the sequence number), phones in the unallotted 154 range.
import_csv() {
	awk -v n="$1" -v first="${2:-0}" 'BEGIN {
		split("7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2", w, " "); check = "10X98765432"
		sur = "王李张刘陈杨黄赵吴周"; giv = "伟芳娜敏静丽强磊军洋"
		split("户主 配偶 子女 子女", rel, " ")
		print "户编号,网格编码,楼栋,单元,房号,地址,与户主关系,姓名,证件类型,证件号码,性别,出生日期,民族,电话,人口类型,标签"
		for (k = first; k < first + n; k++) {
			d = k % 20000; t = mktime("1950 01 01 12 00 00") + d * 86400
			ymd = strftime("%Y%m%d", t); seq = int(k / 20000) * 2 + k % 2 + 100
			body = "510104" ymd sprintf("%03d", seq); sum = 0
			for (i = 1; i <= 17; i++) sum += substr(body, i, 1) * w[i]
			id = body substr(check, sum % 11 + 1, 1)
			name = substr(sur, k % 10 * 3 + 1, 3) substr(giv, int(k / 10) % 10 * 3 + 1, 3) substr(giv, k % 10 * 3 + 1, 3)
			printf "H%d,510104011001001,,,,和平路 %d 号,%s,%s,居民身份证,%s,%s,%s,汉族,154%08d,户籍人口,%s\r\n",
				int(k / 4), int(k / 4), rel[k % 4 + 1], name, id, k % 2 ? "男" : "女",
				strftime("%Y-%m-%d", t), 10000000 + k, k % 50 ? "" : "独居老人"
		}
	}'
}

imports_md=()
# measure_import URL ENGINE: the files into an empty database of that URL, one after the other,
# timed (each by linli import's own clock; the whole by the wall clock).
measure_import() {
	local url=$1 engine=$2 line i t0 t1
	bin/linli migrate --db "$url" >/dev/null
	bin/linli unit add 510104011 --name 锦江街道 --kind street --db "$url" >/dev/null
	bin/linli unit add 510104011001 --name 水井坊社区 --kind community --parent 510104011 --db "$url" >/dev/null
	bin/linli unit add 510104011001001 --name 第一网格 --kind grid --parent 510104011001 --db "$url" >/dev/null
	t0=$(date +%s.%N)
	for ((i = 0; i < import_files; i++)); do
		log "importing $import_rows rows ($engine, file $((i + 1)) of $import_files)"
		line=$(bin/linli import "$work/import$i.csv" --db "$url" 2>"$work/import.err") ||
			{ cat "$work/import.err" >&2; die "linli import failed on $engine"; }
		log "$line"
		imports_md+=("| $engine | file $((i + 1)): $import_rows | $(sed -n 's/.*; \([0-9.]*\) s (\([0-9]*\) rows\/s)$/\1 | \2/p' <<<"$line") |")
	done
	t1=$(date +%s.%N)
	[ "$import_files" -gt 1 ] &&
		imports_md+=("| $engine | all: $((import_rows * import_files)) | $(awk -v a="$t0" -v b="$t1" -v n=$((import_rows * import_files)) 'BEGIN { printf "%.1f | %d", b - a, n / (b - a) }') |")
	return 0
}

targets_md=()
verdict() { if [ "$1" = 1 ]; then echo met; else echo MISSED; fi; }
# the rows of one engine, with its targets
run_engine() {
	local url=$1 engine=$2 b
	start_linli "$url" "$work/linli-$engine.log"
	b=$linli_base/api/v1/residents
	expect_items "$b?limit=20" "$staff_token" 20
	expect_items "$b?limit=20" "$grid_token" 20
	expect_items "$b?q=$name_q&limit=20" "$staff_token" 1
	expect_items "$b?phone=$phone&limit=20" "$staff_token" 1
	expect_items "$b?$filter&limit=20" "$staff_token" 1
	local pct p
	measure "residents?limit=20, community staff" "linli, $engine" "$b?limit=20" \
		"$staff_token" "$linli_pid" "$conns"
	pct=$(awk -v a="$last_rps" -v b="$floor_rps" 'BEGIN { printf "%.0f", 100 * a / b }')
	targets_md+=("| $engine: scoped 20-row page (staff) ≥ 40 % of the floor | $pct % | $(verdict "$(awk -v p="$pct" 'BEGIN { print (p >= 40) }')") |")
	measure "residents?limit=20, grid worker" "linli, $engine" "$b?limit=20" \
		"$grid_token" "$linli_pid" "$conns"
	pct=$(awk -v a="$last_rps" -v b="$floor_rps" 'BEGIN { printf "%.0f", 100 * a / b }')
	targets_md+=("| $engine: scoped 20-row page (grid worker) ≥ 40 % of the floor | $pct % | $(verdict "$(awk -v p="$pct" 'BEGIN { print (p >= 40) }')") |")
	for p in "name search q=王伟|$b?q=$name_q&limit=20" "phone look-up|$b?phone=$phone&limit=20" \
		 "tag living_alone, age 70-90|$b?$filter&limit=20"; do
		measure "${p%%|*} (staff)" "linli, $engine" "${p#*|}" "$staff_token" "$linli_pid" "$lconns"
		targets_md+=("| $engine: ${p%%|*}: p99 < 20 ms at $lconns connections | $last_p99 ms | $(verdict "$(awk -v a="$last_p99" 'BEGIN { print (a + 0 < 20) }')") |")
	done
	engine_rss=$(peak_rss_mb "$linli_pid")
	stop_pid "$linli_pid"
}

# --- the floor ---------------------------------------------------------------------------
build/bench/hello 127.0.0.1:0 >"$work/hello.log" 2>&1 &
hello_pid=$!
pids+=("$hello_pid")
for _ in $(seq 1 50); do grep -q listening "$work/hello.log" && break; sleep 0.1; done
hello_base=http://$(sed -n 's/^listening on \([0-9.]*:[0-9]*\).*/\1/p' "$work/hello.log")

# --- SQLite ------------------------------------------------------------------------------
log "building the district on SQLite ($db; kept for the next run)"
build_db "sqlite:$db"
sqlite_demo="${demo_note:-?} (${demo_secs} s with the logins and tokens; then the daily jobs, ${maintain_secs} s)"
sqlite3 "$db" 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
sqlite_size=$(du -m --apparent-size "$db" | cut -f1)
counts=$(sqlite3 "$db" "SELECT (SELECT COUNT(*) FROM residents) || ' residents, ' ||
	(SELECT COUNT(*) FROM households) || ' households, ' ||
	(SELECT COUNT(*) FROM org_units WHERE kind = 'community') || ' communities, ' ||
	(SELECT COUNT(*) FROM org_places) || ' places'")
scope=$(sqlite3 "$db" "SELECT COUNT(*) FROM residents r JOIN org_units o ON o.id = r.unit_id
	WHERE r.status = 'living' AND o.path LIKE (SELECT path FROM org_units WHERE code = '$community') || '%'")
log "$counts; $scope living in $community"

measure "hello GET /" "hello (floor)" "$hello_base/" "" "$hello_pid" "$conns"
run_engine "sqlite:$db" SQLite
sqlite_rss=$engine_rss
if [ "$import_rows" -gt 0 ]; then
	for ((i = 0; i < import_files; i++)); do import_csv "$import_rows" $((i * import_rows)) >"$work/import$i.csv"; done
	rm -f build/bench/import.db build/bench/import.db-* build/bench/import.db.keys
	measure_import "sqlite:build/bench/import.db" SQLite
fi
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

# --- PostgreSQL --------------------------------------------------------------------------
pg_note="PostgreSQL: not measured"
if [ "$use_pg" != 0 ] && [ -n "${BENCH_PG_URL:-}" ]; then
	export LINLI_KEY_FILE=${BENCH_PG_KEYS:?BENCH_PG_KEYS: the key file of BENCH_PG_URL}
	log "building the district on PostgreSQL (kept)"
	build_db "$BENCH_PG_URL"
	pg_demo="${demo_note:-?} (${demo_secs} s with the logins and tokens; then the daily jobs, ${maintain_secs} s)"
	pg_size=$(psql "$BENCH_PG_URL" -Atc "SELECT pg_database_size(current_database()) / 1048576")
	run_engine "$BENCH_PG_URL" PostgreSQL
	pg_note="PostgreSQL: the district demo in this run $pg_demo; database $pg_size MB; peak RSS of linli $engine_rss MB"
	if [ "$import_rows" -gt 0 ]; then
		idb=linli_import_$$
		psql "$BENCH_PG_URL" -qc "CREATE DATABASE $idb" >/dev/null
		measure_import "${BENCH_PG_URL%/*}/$idb" PostgreSQL
		psql "$BENCH_PG_URL" -qc "DROP DATABASE $idb" >/dev/null
	fi
elif [ "$use_pg" != 0 ] && command -v psql >/dev/null; then
	pgdir=$(mktemp -d /tmp/linli-bench-pg.XXXXXX)
	# PostgreSQL's own default for its buffers, not the 16 MB of the tests' clusters
	if base=$(PG_SHARED_BUFFERS=128MB scripts/pg-cluster.sh start "$pgdir" 2>"$work/pg.err" | tail -n 1) &&
		[ -n "$base" ]; then
		pgurl=$(scripts/pg-cluster.sh createdb "$base" linli_district)
		bin/linli key new --file "$work/pg.keys" >/dev/null   # keys beside SQLite only
		export LINLI_KEY_FILE=$work/pg.keys
		log "building the district on PostgreSQL"
		build_db "$pgurl"
		pg_demo="${demo_note:-?} (${demo_secs} s with the logins and tokens; then the daily jobs, ${maintain_secs} s)"
		pg_size=$(psql "$pgurl" -Atc "SELECT pg_database_size(current_database()) / 1048576")
		run_engine "$pgurl" PostgreSQL
		pg_note="PostgreSQL: the district demo in this run $pg_demo; database $pg_size MB; peak RSS of linli $engine_rss MB"
		[ "$import_rows" -gt 0 ] &&
			measure_import "$(scripts/pg-cluster.sh createdb "$base" linli_import)" PostgreSQL
		scripts/pg-cluster.sh stop "$pgdir" >/dev/null 2>&1 || true
		pgdir=
	else
		cat "$work/pg.err" >&2 || true
		log "PostgreSQL did not start: its rows are left out"
		rm -rf "$pgdir"
		pgdir=
	fi
fi

{
	echo "# linli registry benchmark, $(date -u +%Y-%m-%dT%H:%MZ)"
	echo
	echo "Machine: $(nproc) cores ($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n 1)),"
	echo "$(free -m | awk '/^Mem:/ { printf "%.1f GB", $2 / 1024 }') memory; $(uname -sr);"
	echo "load average before: $load_before; after the SQLite rows: $load_after."
	echo "Data: $counts; the staff's community $community holds $scope living residents, the"
	echo "grid worker's grid $grid a sixth of them."
	echo "SQLite: the district demo in this run $sqlite_demo (seconds when it was built before);"
	echo "database $sqlite_size MB;"
	echo "peak RSS of linli $sqlite_rss MB. $pg_note."
	echo "wrk: $wthreads threads, ${secs}s a row after a 2 s warm-up, loopback."
	echo
	echo "| request | server | connections | req/s | vs floor | p50 ms | p99 ms | server CPU µs/req | errors |"
	echo "|---|---|---:|---:|---:|---:|---:|---:|---|"
	printf '%s\n' "${rows_md[@]}"
	echo
	echo "| target | measured | |"
	echo "|---|---|---|"
	printf '%s\n' "${targets_md[@]}"
	if [ ${#imports_md[@]} -gt 0 ]; then
		echo
		echo "| linli import into an empty database | rows | seconds | rows/s |"
		echo "|---|---:|---:|---:|"
		printf '%s\n' "${imports_md[@]}"
	fi
} >"$out/registry.md"
cat "$out/registry.md"
