#!/usr/bin/env bash
# The GitHub Action's one step (action.yml): builds Podnet's CLI from the action's checkout if it
# has no dist/, lints $PODNET_PATHS, writes SARIF to $PODNET_SARIF_FILE and the exit code to
# $GITHUB_OUTPUT. Runs the same way outside GitHub (the tests do).
set -uo pipefail
action_dir="${GITHUB_ACTION_PATH:-$(cd "$(dirname "$0")/../.." && pwd)}"
cli="$action_dir/dist/cli.js"
if [ ! -f "$cli" ]; then
  echo "podnet: building the CLI (npm ci + build) in $action_dir"
  (cd "$action_dir" && npm ci --no-audit --no-fund --loglevel=error && node scripts/build.mjs) || { echo "podnet: the build failed" >&2; exit 2; }
fi
read -r -a paths <<< "$(echo "${PODNET_PATHS:-.}" | tr '\n' ' ')"
sarif="${PODNET_SARIF_FILE:-podnet.sarif}"
node "$cli" lint --format sarif "${paths[@]}" > "$sarif"
code=$?
if [ "${PODNET_FORMAT:-text}" != sarif ]; then node "$cli" lint --format "${PODNET_FORMAT:-text}" "${paths[@]}"; fi
if [ -n "${GITHUB_OUTPUT:-}" ]; then
  { echo "sarif-file=$sarif"; echo "exit-code=$code"; } >> "$GITHUB_OUTPUT"
fi
echo "podnet lint: exit $code; SARIF in $sarif"
if [ "$code" = 1 ] && [ "${PODNET_FAIL_ON_FINDINGS:-true}" != true ]; then exit 0; fi
exit "$code"
