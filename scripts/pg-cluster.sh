#!/usr/bin/env bash
# A throwaway PostgreSQL server for tests.
#
#   scripts/pg-cluster.sh start DIR        initialise a cluster in DIR, start it on a free port of
#                                          127.0.0.1 and print its URL on the last stdout line:
#                                          postgresql://postgres@127.0.0.1:PORT/postgres
#   scripts/pg-cluster.sh stop DIR         stop it (fast mode) and remove DIR
#   scripts/pg-cluster.sh url DIR          print the URL of a running cluster again
#   scripts/pg-cluster.sh createdb URL NAME
#                                          create database NAME on the server of URL, print its URL
#
# Authentication is `trust`, on 127.0.0.1 and on the unix socket in DIR only; durability is off
# (fsync=off), so use it for tests only. Its shared buffers are 16 MB (many clusters run side by
# side in the tests), or PG_SHARED_BUFFERS (a benchmark sets PostgreSQL's default, 128MB). Several clusters can run side by side, each in its own
# DIR. Run as root, the server runs as the `postgres` system user (PostgreSQL refuses root).
set -euo pipefail

die() { echo "pg-cluster: $*" >&2; exit 1; }

usage() {
	sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//' >&2
	exit 2
}

# Directory of the newest installed server binaries (Debian layout first, then PATH).
pg_bindir() {
	local d best="" bestv=-1 v
	for d in /usr/lib/postgresql/*/bin; do
		[ -x "$d/initdb" ] || continue
		v=${d#/usr/lib/postgresql/}
		v=${v%%/*}
		[[ $v =~ ^[0-9]+$ ]] || continue
		if [ "$v" -gt "$bestv" ]; then best=$d; bestv=$v; fi
	done
	if [ -z "$best" ] && command -v pg_config >/dev/null 2>&1; then
		d=$(pg_config --bindir 2>/dev/null || true)
		[ -n "$d" ] && [ -x "$d/initdb" ] && best=$d
	fi
	if [ -z "$best" ] && command -v initdb >/dev/null 2>&1; then
		best=$(dirname "$(command -v initdb)")
	fi
	[ -n "$best" ] || die "PostgreSQL server is not installed (no initdb found in /usr/lib/postgresql/*/bin or PATH); install it with scripts/deps.sh or 'apt-get install postgresql'"
	echo "$best"
}

# psql: next to the server binaries, else PATH.
find_psql() {
	local d
	for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
		[ -x "$d/psql" ] && { echo "$d/psql"; return; }
	done
	command -v psql >/dev/null 2>&1 && { command -v psql; return; }
	die "psql is not installed; install it with scripts/deps.sh or 'apt-get install postgresql-client'"
}

# Run a command as the cluster owner: `postgres` when we are root, ourselves otherwise.
as_owner() {
	if [ "$(id -u)" -eq 0 ]; then
		(cd / && runuser -u postgres -- "$@")
	else
		"$@"
	fi
}

# A free TCP port on 127.0.0.1, chosen by the kernel; probed with bash alone if neither node nor
# python3 is around.
free_port() {
	local p
	if command -v node >/dev/null 2>&1; then
		p=$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close();});' 2>/dev/null || true)
		[ -n "$p" ] && { echo "$p"; return; }
	fi
	if command -v python3 >/dev/null 2>&1; then
		p=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])' 2>/dev/null || true)
		[ -n "$p" ] && { echo "$p"; return; }
	fi
	for _ in $(seq 1 200); do
		p=$((20000 + RANDOM % 30000))
		if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return; fi
	done
	die "no free TCP port found on 127.0.0.1"
}

cmd_start() {
	local dir=$1 bin port url i
	bin=$(pg_bindir)
	mkdir -p "$dir"
	dir=$(cd "$dir" && pwd -P)
	[ -z "$(ls -A "$dir")" ] || die "$dir is not empty"
	# the socket path $dir/.s.PGSQL.NNNNN must fit in sun_path (108 bytes)
	[ "${#dir}" -le 90 ] || die "$dir is too long a path for the server's unix socket; use a shorter one (mktemp -d)"
	if [ "$(id -u)" -eq 0 ]; then
		id postgres >/dev/null 2>&1 || die "running as root needs the 'postgres' system user (installed with the postgresql package)"
		chown postgres: "$dir"
		chmod 700 "$dir"
		runuser -u postgres -- test -w "$dir" ||
			die "user postgres cannot reach $dir (a parent directory is closed to it); use a directory under /tmp"
	fi
	touch "$dir/.linli-pg-cluster"
	as_owner "$bin/initdb" --pgdata="$dir/data" --username=postgres --auth=trust --encoding=UTF8 \
		--locale=C --no-sync >"$dir/initdb.log" 2>&1 ||
		{ cat "$dir/initdb.log" >&2; die "initdb failed (log above)"; }
	as_owner tee "$dir/data/pg_hba.conf" >/dev/null <<-'EOF'
	# TYPE  DATABASE  USER  ADDRESS       METHOD
	local   all       all                 trust
	host    all       all   127.0.0.1/32  trust
	EOF
	as_owner tee -a "$dir/data/postgresql.conf" >/dev/null <<-EOF

	# scripts/pg-cluster.sh: a throwaway test server
	listen_addresses = '127.0.0.1'
	unix_socket_directories = '$dir'
	fsync = off
	synchronous_commit = off
	full_page_writes = off
	shared_buffers = ${PG_SHARED_BUFFERS:-16MB}
	max_connections = 100
	max_wal_size = 256MB
	include_if_exists = 'port.conf'
	EOF
	# a concurrent start may take the same port between the probe and the bind: try a few
	port=""
	for i in 1 2 3 4 5; do
		port=$(free_port)
		echo "port = $port" | as_owner tee "$dir/data/port.conf" >/dev/null
		if as_owner "$bin/pg_ctl" --pgdata="$dir/data" --log="$dir/data/server.log" --wait \
			--timeout=60 start >/dev/null 2>&1; then
			break
		fi
		grep -q "could not bind\|could not create any TCP/IP sockets" "$dir/data/server.log" 2>/dev/null ||
			{ tail -n 20 "$dir/data/server.log" >&2 || true; die "the server did not start (log above)"; }
		port=""
	done
	[ -n "$port" ] || { tail -n 20 "$dir/data/server.log" >&2 || true; die "the server did not start (no usable port)"; }
	for i in $(seq 1 100); do
		if as_owner "$bin/pg_isready" --quiet --host=127.0.0.1 --port="$port" --username=postgres; then
			url="postgresql://postgres@127.0.0.1:$port/postgres"
			echo "$port" >"$dir/port"
			echo "$url"
			return 0
		fi
		sleep 0.1
	done
	tail -n 20 "$dir/data/server.log" >&2 || true
	die "the server started but does not accept connections"
}

cmd_stop() {
	local dir=$1 bin
	[ -d "$dir" ] || { echo "pg-cluster: $dir does not exist; nothing to stop" >&2; return 0; }
	[ -e "$dir/.linli-pg-cluster" ] || die "$dir was not made by pg-cluster.sh start; not touching it"
	if [ -f "$dir/data/postmaster.pid" ]; then
		bin=$(pg_bindir)
		as_owner "$bin/pg_ctl" --pgdata="$dir/data" --mode=fast --wait --timeout=60 stop \
			>/dev/null 2>&1 || echo "pg-cluster: pg_ctl stop failed; removing $dir anyway" >&2
	fi
	rm -rf "$dir"
}

cmd_url() {
	local dir=$1
	[ -f "$dir/port" ] || die "no running cluster in $dir"
	echo "postgresql://postgres@127.0.0.1:$(cat "$dir/port")/postgres"
}

cmd_createdb() {
	local url=$1 name=$2 psql base query=""
	[[ $name =~ ^[a-z_][a-z0-9_]{0,62}$ ]] || die "database name must match [a-z_][a-z0-9_]*: $name"
	[[ $url =~ ^postgres(ql)?:// ]] || die "not a postgresql:// URL: $url"
	psql=$(find_psql)
	"$psql" "$url" --no-psqlrc --quiet --set=ON_ERROR_STOP=1 \
		--command="CREATE DATABASE \"$name\"" >/dev/null || die "CREATE DATABASE $name failed"
	base=$url
	if [[ $base == *\?* ]]; then query="?${base#*\?}"; base=${base%%\?*}; fi
	local rest=${base#*://}
	if [[ $rest == */* ]]; then base="${base%/*}"; fi
	echo "$base/$name$query"
}

[ $# -ge 1 ] || usage
case $1 in
start) [ $# -eq 2 ] || usage; cmd_start "$2" ;;
stop) [ $# -eq 2 ] || usage; cmd_stop "$2" ;;
url) [ $# -eq 2 ] || usage; cmd_url "$2" ;;
createdb) [ $# -eq 3 ] || usage; cmd_createdb "$2" "$3" ;;
*) usage ;;
esac
