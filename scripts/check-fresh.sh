#!/usr/bin/env bash
# `npm run check:fresh`: what a new machine sees. Clones this repository's committed HEAD into a
# temporary folder and runs `.ci/run` there with an EMPTY test-host cache (VSCODE_HARNESS_DIR points
# at a new folder), so nothing cached on this machine can hide a missing install step.
# Run it before you push a change to set-up, CI, package.json or the harness (about 10 minutes:
# the test host is installed from nothing). Uncommitted changes are not seen: commit first.
# KEEP=1 keeps the temporary folder for a look afterwards.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
tmp="$(mktemp -d "${TMPDIR:-/tmp}/tcpdump-lens-fresh-XXXXXX")"
cleanup() { [ "${KEEP:-}" = 1 ] && echo "[check:fresh] kept $tmp" || rm -rf "$tmp"; }
trap cleanup EXIT

git clone --quiet --no-hardlinks "$repo" "$tmp/clone"
# ../shared sits beside the clone as it does beside the repository (the corpus tests read it).
[ -d "$repo/../shared" ] && ln -s "$repo/../shared" "$tmp/shared"
mkdir "$tmp/harness"
echo "[check:fresh] $(git -C "$tmp/clone" log -1 --format='%h %s') in $tmp/clone, empty test-host cache $tmp/harness"
start=$(date +%s)
# The machine's environment as CI has it (certificates, proxies), less the npm_* variables an outer
# `npm run` exports, and with no cached harness.
unset_npm=()
while IFS= read -r name; do unset_npm+=(-u "$name"); done < <(compgen -e | grep -i '^npm_' || true)
status=0
(cd "$tmp/clone" && env "${unset_npm[@]}" CI=true VSCODE_HARNESS_DIR="$tmp/harness" bash .ci/run </dev/null) || status=$?
echo "[check:fresh] .ci/run exited $status after $(( $(date +%s) - start )) s"
exit $status
