#!/usr/bin/env bash
# Node >= 22: `zapier-platform validate --without-style`, then `build --skip-validation` and load build.zip.
# The build copies the whole folder; with the CLI's ~750 dev packages in node_modules it hits EMFILE, so the
# build runs with a CLI installed outside the app and production-only node_modules, then restores dev deps.
set -euo pipefail
cd "$(dirname "$0")"
export DISABLE_ZAPIER_ANALYTICS=1 PATH="$(bash ../scripts/ensure-node24.sh)/bin:$PATH"
npx zapier-platform validate --without-style
CLI_DIR="$(mktemp -d)"; trap 'rm -rf "$CLI_DIR"; npm install --no-audit --no-fund >/dev/null' EXIT
npm install --prefix "$CLI_DIR" --no-audit --no-fund zapier-platform-cli@19.1.0 >/dev/null
npm prune --omit=dev >/dev/null
"$CLI_DIR/node_modules/.bin/zapier-platform" build --skip-validation
npm run build:test-core >/dev/null
NODE_ENV=test node test/build-zip.check.js
