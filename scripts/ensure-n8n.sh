#!/usr/bin/env bash
# Installs a pinned n8n 2.x and a Node 24 runtime into a cache folder outside the repo, once.
# Prints the install folder on stdout. Recipe and pitfalls: ../shared/research/n8n.md §4.1.
set -euo pipefail
SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
N8N_VERSION="${HOOKLINE_N8N_VERSION:-2.41.1}"
CACHE="${HOOKLINE_CACHE:-$HOME/.cache/hookline}"
DIR="$CACHE/n8n-$N8N_VERSION"
log() { echo "[ensure-n8n] $*" >&2; }

if [[ -f "$DIR/.complete" ]]; then echo "$DIR"; exit 0; fi
mkdir -p "$DIR"
cd "$DIR"
[[ -f package.json ]] || echo '{"name":"hookline-n8n-runtime","private":true}' > package.json

NODE24="$(bash "$SCRIPT_DIR/ensure-node24.sh")"
export PATH="$NODE24/bin:$PATH"
log "node $(node --version)"

if [[ ! -f node_modules/n8n/package.json ]]; then
  log "installing n8n@$N8N_VERSION (several minutes; install scripts off: the Kafka addon cannot download its deps offline)"
  npm install --no-audit --no-fund --ignore-scripts "n8n@$N8N_VERSION" >&2
fi
if ! node -e "require('$DIR/node_modules/sqlite3')" 2>/dev/null; then
  log "building sqlite3 against Node 24 headers"
  (cd node_modules/sqlite3 && npm_config_nodedir="$NODE24" npx --yes node-gyp@11 rebuild --nodedir="$NODE24" >&2) \
    || npm_config_nodedir="$NODE24" npm rebuild sqlite3 >&2
fi
node -e "require('$DIR/node_modules/sqlite3')"
touch .complete
echo "$DIR"
