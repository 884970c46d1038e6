#!/bin/bash
# deps.sh run|check|bench: install what is missing on a Debian 12 machine (run as root, no
# prompts). `run` is what building and serving need; `check` adds the test tools (cmocka, clang
# for the fuzzers, PostgreSQL, Chromium); `bench` adds wrk and sqlite3. Idempotent and quick
# when everything is there. Without node and npm it installs Debian's nodejs and npm (Node.js 18
# on Debian 12); where the node on PATH is not 20.19+ or 22.12+, scripts/node-env.sh, which the
# scripts that run node source, fetches Node.js 20 from the npm registry into .tools/.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-run}

pkgs=(build-essential pkg-config libmicrohttpd-dev libjansson-dev libsodium-dev libsqlite3-dev
      libpq-dev zlib1g-dev libxlsxwriter-dev libqrencode-dev libcurl4-openssl-dev libjpeg62-turbo-dev
      libpng-dev libwebp-dev ca-certificates)
case $mode in
  run) ;;
  check) pkgs+=(libcmocka-dev clang libclang-rt-14-dev postgresql postgresql-client chromium
                fonts-noto-cjk curl procps zbar-tools) ;;
  bench) pkgs+=(wrk sqlite3 postgresql postgresql-client curl procps) ;;
  *) echo "usage: $0 run|check|bench" >&2; exit 2 ;;
esac
command -v node >/dev/null && command -v npm >/dev/null || pkgs+=(nodejs npm)

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "deps: installing ${missing[*]}"
  SUDO=; [ "$(id -u)" = 0 ] || SUDO=sudo
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -q
  $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
