# bench/lib.sh: what the benchmarks of linli on district data share (sourced by
# bench/requests.sh and bench/hours.sh): messages, one SQL statement on either engine, starting
# linli and reading where it listens, CPU ticks of a process and of PostgreSQL's backends, and
# wrk's latencies in milliseconds. The caller sets server_bin and keeps pids (the processes its
# cleanup stops); pg_db names the database whose backends pg_ticks counts (empty: none).

log() { echo "bench: $*" >&2; }
die() { echo "bench: $*" >&2; exit 1; }

# sql URL STATEMENT: one statement on either engine.
sql() {
	case $1 in
		sqlite:*) sqlite3 "${1#sqlite:}" "$2" ;;
		*) psql "$1" -Atqc "$2" ;;
	esac
}

# start_linli URL LOGFILE [BINARY]: linli serving URL on a free port: linli_pid, linli_base.
start_linli() {
	local url=$1 logf=$2 bin=${3:-$server_bin} i addr=
	: >"$logf"
	LINLI_ACCESS_LOG=false "$bin" serve --listen 127.0.0.1:0 --static "" --db "$url" >"$logf" 2>&1 &
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

stop_pid() { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
peak_rss_mb() { awk '/^VmHWM:/ { printf "%.1f", $2 / 1024 }' "/proc/$1/status"; }
to_ms() {
	awk -v v="$1" 'BEGIN {
		if (sub(/us$/, "", v)) printf "%.2f", v / 1000;
		else if (sub(/ms$/, "", v)) printf "%.2f", v;
		else if (sub(/m$/, "", v)) printf "%.2f", v * 60000;
		else if (sub(/s$/, "", v)) printf "%.2f", v * 1000;
		else printf "?" }'
}

# The CPU ticks of the PostgreSQL backends serving database $pg_db (0 when not measured).
pg_db=
pg_ticks() {
	local t=0 p
	[ -n "$pg_db" ] || { echo 0; return; }
	for p in $(pgrep -f "postgres: [^ ]+ $pg_db " || true); do
		t=$((t + $(awk '{ print $14 + $15 }' "/proc/$p/stat" 2>/dev/null || echo 0)))
	done
	echo $t
}
