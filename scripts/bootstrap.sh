#!/usr/bin/env bash
# Installs the project's dependencies from the lockfile when they are missing or stale, so the README's
# commands work on a fresh clone.
# - `npm install`, not `npm ci`: the registry this project can reach lags npmjs and lacks some other
#   platforms' optional binaries (@swc/core-darwin-*, @unrs/resolver-binding-*, …), which npm leaves out
#   of the lockfile and `npm ci` then refuses; `npm install` installs the same locked versions.
# - Install scripts are off (.npmrc): n8n-workflow pulls isolated-vm, which cannot compile on Node 20.
#   The one native module Hookline needs, better-sqlite3, is built here (from source when no prebuilt
#   binary can be downloaded).
set -euo pipefail
cd "$(dirname "$0")/.."
stamp=node_modules/.hookline-bootstrap
deps_hash() {
  node -e 'const p=require("./package.json"); console.log(JSON.stringify([p.dependencies, p.devDependencies, p.peerDependencies, p.optionalDependencies]))' \
    | cat - package-lock.json | sha256sum | cut -d' ' -f1
}
want="$(deps_hash)"
if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$want" ]]; then
  echo "[bootstrap] installing dependencies from package-lock.json" >&2
  npm install --no-audit --no-fund >&2
  rm -f "$stamp"
fi
if ! node -e "new (require('better-sqlite3'))(':memory:').close()" 2>/dev/null; then
  echo "[bootstrap] building better-sqlite3" >&2
  npm rebuild better-sqlite3 --ignore-scripts=false >&2
fi
echo "$want" > "$stamp"
