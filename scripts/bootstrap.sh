#!/usr/bin/env bash
# Installs the project's dependencies from the lockfile when they are missing or stale, so that the
# README's commands work on a fresh clone. Install scripts are off (.npmrc): n8n-workflow pulls
# isolated-vm, which cannot compile on Node 20; the one native module Hookline needs, better-sqlite3,
# is built here explicitly (from source when no prebuilt binary can be downloaded).
set -euo pipefail
cd "$(dirname "$0")/.."
stamp=node_modules/.hookline-bootstrap
if [[ ! -f "$stamp" || package-lock.json -nt "$stamp" ]]; then
  echo "[bootstrap] npm ci" >&2
  npm ci --no-audit --no-fund >&2
  rm -f "$stamp"
fi
if ! node -e "new (require('better-sqlite3'))(':memory:').close()" 2>/dev/null; then
  echo "[bootstrap] building better-sqlite3" >&2
  npm rebuild better-sqlite3 --ignore-scripts=false >&2
fi
touch "$stamp"
