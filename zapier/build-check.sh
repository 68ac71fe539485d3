#!/usr/bin/env bash
# Node >= 22 (the Zapier CLI refuses 20): `zapier-platform validate --without-style` in every per-platform
# app (zapier/apps/*), then `zapier-platform build` of one of them (APP, default conversa: the largest
# definition after Modyo, with the most input fields) and a perform through the unzipped build.zip, as
# Zapier's Lambda loads it. Building is the slow part (a fresh `npm install --production` per app), and
# every app is the same bundle with another platform id, so one build proves the packaging for all.
set -euo pipefail
cd "$(dirname "$0")"
export DISABLE_ZAPIER_ANALYTICS=1 PATH="$(bash ../scripts/ensure-node24.sh)/bin:$PATH"
CLI="$PWD/node_modules/.bin/zapier-platform"
APP="${APP:-conversa}"
for dir in apps/*/; do
  printf '%s: ' "$(basename "$dir")"
  (cd "$dir" && "$CLI" validate --without-style)
done
(cd "apps/$APP" && rm -rf build && "$CLI" build --skip-validation)
npm run build:test-core --silent
NODE_ENV=test node test/build-zip.check.js "apps/$APP/build/build.zip" "$APP"
