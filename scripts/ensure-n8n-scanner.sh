#!/usr/bin/env bash
# Installs n8n's community-package scanner (@n8n/scan-community-package, pinned) into a cache folder
# outside the repo, once, and prints the folder. test/packaging runs its ESLint checks on the packed
# n8n packages with scripts/scan-n8n-package.mjs; the scanner's own CLI also needs npm provenance and
# the package on npmjs, which only a published version has.
set -euo pipefail
SCANNER_VERSION="${HOOKLINE_N8N_SCANNER_VERSION:-0.32.0}"
CACHE="${HOOKLINE_CACHE:-$HOME/.cache/hookline}"
DIR="$CACHE/n8n-scanner-$SCANNER_VERSION"
if [[ ! -f "$DIR/.complete" ]]; then
  mkdir -p "$DIR"
  echo '{"name":"hookline-n8n-scanner","private":true}' > "$DIR/package.json"
  (cd "$DIR" && npm install --no-audit --no-fund --ignore-scripts "@n8n/scan-community-package@$SCANNER_VERSION" >&2)
  touch "$DIR/.complete"
fi
echo "$DIR"
