#!/usr/bin/env bash
# Builds the web console into web/dist and gzips every text asset beside it (X.gz),
# which linli serves to clients that accept gzip. Quick when nothing changed.
set -euo pipefail
cd "$(dirname "$0")/.."

WEB=web
DIST="$WEB/dist"
# The last file written by a complete build; its time is the build's time.
STAMP="$DIST/index.html.gz"

. scripts/node-env.sh || exit 1

# 1. Dependencies: exactly the versions in the lock file (npm ci never writes it); skipped when
#    node_modules is newer than the lock file.
if [ ! -d "$WEB/node_modules" ] || [ "$WEB/package-lock.json" -nt "$WEB/node_modules" ]; then
  echo "build-web: npm ci"
  linli_npm_ci "$WEB"
else
  echo "build-web: dependencies up to date"
fi

# 2. Build: skipped when the last build is newer than every source file.
sources_changed() {
  [ -f "$STAMP" ] || return 0
  [ -n "$(find "$WEB/src" "$WEB/public" "$WEB/index.html" "$WEB/vite.config.js" \
      "$WEB/package.json" "$WEB/package-lock.json" -newer "$STAMP" -print -quit 2>/dev/null)" ]
}

if sources_changed; then
  echo "build-web: vite build"
  (cd "$WEB" && npx --no-install vite build --logLevel warn)
  # 3. Precompress: linli sends X.gz when the client accepts gzip.
  find "$DIST" -type f \( -name '*.js' -o -name '*.css' -o -name '*.html' -o -name '*.svg' -o -name '*.json' \) \
    -exec gzip -k -9 -f -n {} +
  touch "$STAMP"
else
  echo "build-web: web/dist up to date"
fi

raw=$(find "$DIST" -type f ! -name '*.gz' -printf '%s\n' | awk '{s+=$1} END {print s+0}')
gz=$(find "$DIST" -type f -name '*.gz' -printf '%s\n' | awk '{s+=$1} END {print s+0}')
echo "build-web: $DIST ready ($(find "$DIST" -type f ! -name '*.gz' | wc -l) files, ${raw} bytes, ${gz} bytes gzipped)"
