// Loads build/build.zip (made by `zapier-platform build --skip-validation`) as Zapier would and runs one perform.
const assert = require('node:assert/strict');
const fs = require('node:fs'); const os = require('node:os'); const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { sign, PLATFORMS } = require('./support/core');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hookline-zapier-zip-'));
try {
  execFileSync('unzip', ['-q', path.join(__dirname, '..', 'build', 'build.zip'), '-d', dir]);
  const zapier = require(path.join(dir, 'node_modules', 'zapier-platform-core'));
  const App = require(path.join(dir, 'index.js'));
  const appTester = zapier.createAppTester(App);
  const secret = 'whsec_' + Buffer.from('zip-test-secret-0123456789abcdef').toString('base64');
  const spec = PLATFORMS.horneross.events[0];
  const event = { id: 'evt_zip_1', platform: 'horneross', source: 's', type: spec.type, occurredAt: '2026-01-01T00:00:00Z', receivedAt: '2026-01-01T00:00:00Z', deliveryId: 'd', data: spec.sample };
  const s = sign('standard', event, { secret, deliveryId: event.id });
  const headers = Object.fromEntries(Object.entries(s.headers).map(([k, v]) => [/^content-/i.test(k) ? k : `Http-${k}`, v]));
  appTester(App.triggers.horneross_any_event.operation.perform, { rawRequest: { headers, content: s.body }, cleanedRequest: JSON.parse(s.body), subscribeData: { id: 'h', secret } })
    .then((items) => { assert.equal(items.length, 1); assert.equal(items[0].id, 'evt_zip_1'); console.log('build.zip app ok: 1 item'); })
    .finally(() => fs.rmSync(dir, { recursive: true, force: true }));
} catch (e) { fs.rmSync(dir, { recursive: true, force: true }); throw e; }
