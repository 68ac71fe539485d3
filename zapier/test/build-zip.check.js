// Loads a build.zip (made by `zapier-platform build`) as Zapier's Lambda does (zapierwrapper.js's handler
// resolves the zip root's index.js) and runs one signed fan-out through the app's "New Event" perform.
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const core = require('./support/core');

const [zip, platform] = process.argv.slice(2);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hookline-zapier-zip-'));
const done = () => fs.rmSync(dir, { recursive: true, force: true });
try {
  execFileSync('unzip', ['-q', zip, '-d', dir]);
  const files = fs.readdirSync(dir).sort();
  for (const f of ['definition.json', 'index.js', 'node_modules', 'zapierwrapper.js'])
    assert.ok(files.includes(f), `${f} missing from build.zip`);
  const definition = JSON.parse(fs.readFileSync(path.join(dir, 'definition.json'), 'utf8'));
  const zapier = require(path.join(dir, 'node_modules', 'zapier-platform-core'));
  const App = require(path.join(dir, 'index.js'));
  assert.deepEqual(Object.keys(App.triggers).sort(), Object.keys(definition.triggers).sort());
  const appTester = zapier.createAppTester(App);
  const secret = 'whsec_' + Buffer.from('zip-test-secret-0123456789abcdef').toString('base64');
  const spec = core.getPlatform(platform);
  const event = core.sampleRelayEvent(platform, spec.events[0]?.type ?? '*');
  const s = core.sign('standard', event, { secret, deliveryId: event.id });
  const headers = Object.fromEntries(Object.entries(s.headers).map(([k, v]) => [/^content-/i.test(k) ? k : `Http-${k}`, v]));
  appTester(App.triggers.new_event.operation.perform, {
    rawRequest: { headers, content: s.body },
    cleanedRequest: JSON.parse(s.body),
    subscribeData: { id: 'h', secret },
  })
    .then((items) => {
      assert.equal(items.length, 1);
      assert.equal(items[0].id, event.id);
      console.log(`build.zip of ${platform}: ${Object.keys(App.triggers).length} triggers, perform → 1 item`);
    })
    .finally(done);
} catch (e) {
  done();
  throw e;
}
