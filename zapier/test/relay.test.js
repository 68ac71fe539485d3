// Round trip against a real Hookline relay (child process on loopback) and a loopback capture server
// standing in for Zapier's hooks.zapier.com target URL.
const { test, after } = require('node:test');
const assert = require('node:assert/strict');
const http = require('node:http');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn } = require('node:child_process');
const zapier = require('zapier-platform-core');
const App = require('../index');
const { sign, PLATFORMS } = require('./support/core');
const { asZapierRequest } = require('./zapier-request');

const ROOT = path.resolve(__dirname, '..', '..');
const appTester = zapier.createAppTester(App);
const API_KEY = 'test-key-' + Math.random().toString(36).slice(2);
const SOURCE_SECRET = 'horneross-source-secret-' + Math.random().toString(36).slice(2);
const cleanups = [];
after(async () => { for (const c of cleanups.reverse()) await c(); });

async function startRelay() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hookline-zapier-'));
  cleanups.push(async () => fs.rmSync(dir, { recursive: true, force: true }));
  const config = path.join(dir, 'config.json');
  fs.writeFileSync(config, JSON.stringify({ sources: [{ id: 'hx', platform: 'horneross', secrets: [SOURCE_SECRET] }] }));
  const child = spawn(process.execPath, [path.join(ROOT, 'node_modules/.bin/tsx'), path.join(ROOT, 'cli/index.ts'), 'relay',
    '--port', '0', '--host', '127.0.0.1', '--db', path.join(dir, 'relay.sqlite'), '--config', config, '--allow-private-destinations'],
  { cwd: ROOT, env: { ...process.env, HOOKLINE_API_KEY: API_KEY }, stdio: ['ignore', 'pipe', 'pipe'] });
  cleanups.push(() => new Promise((r) => { if (child.exitCode !== null) return r(); child.once('exit', r); child.kill('SIGTERM'); }));
  return new Promise((resolve, reject) => {
    let out = ''; let err = '';
    child.stderr.on('data', (d) => { err += d; });
    child.stdout.on('data', (d) => { out += d; const m = /Hookline relay listening on (http:\/\/\S+)/.exec(out); if (m) resolve(m[1]); });
    child.once('exit', (code) => reject(new Error(`relay exited ${code}: ${err}`)));
  });
}

function startCapture() {
  const received = [];
  const server = http.createServer((req, res) => {
    const chunks = []; req.on('data', (c) => chunks.push(c));
    req.on('end', () => { received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') }); res.end('{}'); });
  });
  cleanups.push(() => new Promise((r) => server.close(r)));
  return new Promise((r) => server.listen(0, '127.0.0.1', () => r({ url: `http://127.0.0.1:${server.address().port}/hook`, received })));
}


test('subscribe → relay delivery → perform → performList → unsubscribe (real relay)', async () => {
  const [relayUrl, capture] = await Promise.all([startRelay(), startCapture()]);
  const spec = PLATFORMS.horneross.events[0];
  const key = Object.keys(App.triggers).find((k) => k.startsWith('horneross_') && App.triggers[k].operation.sample.type === spec.type && !k.endsWith('any_event'));
  const trigger = App.triggers[key];
  const authData = { relayUrl, apiKey: API_KEY };

  await appTester(App.authentication.test, { authData });
  await assert.rejects(appTester(App.authentication.test, { authData: { relayUrl, apiKey: 'wrong' } }));

  const sub = await appTester(trigger.operation.performSubscribe, { authData, inputData: {}, targetUrl: capture.url });
  assert.ok(sub.id); assert.match(sub.secret, /^whsec_/);

  const delivery = sign('horneross', spec.sample, { secret: SOURCE_SECRET });
  const ingest = await fetch(`${relayUrl}/in/hx`, { method: 'POST', headers: delivery.headers, body: delivery.body });
  assert.ok(ingest.status === 202, `ingest ${ingest.status} ${await ingest.text()}`);
  for (let i = 0; i < 200 && capture.received.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
  assert.equal(capture.received.length, 1, 'relay did not deliver to the hook URL');

  const got = capture.received[0];
  const bundle = { authData, inputData: {}, subscribeData: sub, ...asZapierRequest(got.headers, got.body) };
  const items = await appTester(trigger.operation.perform, bundle);
  assert.equal(items.length, 1);
  assert.equal(items[0].type, spec.type);
  assert.equal(items[0].platform, 'horneross');
  assert.equal(typeof items[0].id, 'string');
  const forged = { ...bundle, rawRequest: { ...bundle.rawRequest, content: got.body.replace('"horneross"', '"horneross" ') } };
  assert.deepEqual(await appTester(trigger.operation.perform, forged), []);

  const listed = await appTester(trigger.operation.performList, { authData, inputData: {} });
  assert.ok(listed.length >= 1);
  assert.equal(listed[0].id, items[0].id);
  assert.equal(listed[0].type, spec.type);

  await appTester(trigger.operation.performUnsubscribe, { authData, subscribeData: sub, targetUrl: capture.url });
  const gone = await fetch(`${relayUrl}/hooks/${sub.id}`, { headers: { Authorization: `Bearer ${API_KEY}` } });
  assert.equal(gone.status, 404);
  await appTester(trigger.operation.performUnsubscribe, { authData, subscribeData: sub }); // idempotent
});

test('performList falls back to the catalog sample when the relay is unreachable', async () => {
  const t = App.triggers.horneross_any_event;
  const listed = await appTester(t.operation.performList, { authData: { relayUrl: 'http://127.0.0.1:1', apiKey: 'x' }, inputData: {} });
  assert.deepEqual(listed, [t.operation.sample]);
});
