// Shared helpers of the Zapier app's tests: the per-platform apps, a real relay child process on loopback,
// a stand-in for Zapier's hook URL, what Zapier hands to perform, and fan-outs built like the relay's.
const http = require('node:http');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn } = require('node:child_process');
const zapier = require('zapier-platform-core');
const core = require('./support/core');
const { buildApp, PLATFORM_IDS } = require('../dist/index.js');

const ROOT = path.resolve(__dirname, '..', '..');

/** Every per-platform app with its appTester. */
const APPS = PLATFORM_IDS.map((platform) => {
  const App = buildApp(platform);
  return { platform, App, appTester: zapier.createAppTester(App) };
});

const whsec = (seed) => 'whsec_' + Buffer.from(`hookline-zapier-test-${seed}`.padEnd(32, '.')).toString('base64');
const sourceSecret = (platform) => (platform === 'standard' ? whsec('source-standard') : `source-secret-${platform}-0123456789`);

/** What Zapier hands to perform: headers other than Content-Type/Length get an `Http-` prefix and Camel-Case. */
function asZapierRequest(headers, body) {
  const zh = {};
  for (const [k, v] of Object.entries(headers)) {
    const camel = k
      .split('-')
      .map((w) => w.charAt(0).toUpperCase() + w.slice(1).toLowerCase())
      .join('-');
    zh[/^content-(type|length)$/i.test(k) ? camel : `Http-${camel}`] = Array.isArray(v) ? v.join(', ') : String(v);
  }
  return { rawRequest: { method: 'POST', querystring: '', headers: zh, content: body }, cleanedRequest: JSON.parse(body) };
}

/**
 * A fan-out exactly as the relay makes it (receive → toRelayEvent → Standard Webhooks signature with the
 * hook's secret), for cases the relay on main cannot produce on demand: a chosen signing time, or an
 * unknown type (the relay accepts those once issue 16's relay half lands).
 */
function relayFanout(platform, payload, hookSecret, { timestamp, allowUnknownEvents = false, onInvalidPayload = 'reject' } = {}) {
  const secret = sourceSecret(platform);
  const received = core.receive(platform, core.sign(platform, payload, { secret }), {
    secrets: [secret],
    allowUnknownEvents,
    onInvalidPayload,
  });
  if (!received.ok) throw new Error(`fixture did not pass receive(): ${received.error.code}`);
  const event = core.toRelayEvent(received.event, { id: `evt_test_${Math.random().toString(36).slice(2)}`, source: `src-${platform}` });
  const body = JSON.stringify(event);
  const signed = core.sign('standard', event, { secret: hookSecret, deliveryId: event.id, ...(timestamp ? { timestamp } : {}) });
  return { event, body: signed.body, headers: signed.headers };
}

/** A payload of a catalog event that verifies but fails its schema (a field of the wrong type). */
function invalidPayload(platform) {
  const spec = core.getPlatform(platform);
  const event = spec.openEvents ? spec.anyEvent : spec.events[0];
  const secret = sourceSecret(platform);
  for (const key of Object.keys(event.sample)) {
    for (const wrong of [{ wrong: true }, 'not-a-number', 12345]) {
      const payload = { ...event.sample, [key]: wrong };
      const r = core.receive(platform, core.sign(platform, payload, { secret }), { secrets: [secret], onInvalidPayload: 'pass' });
      if (r.ok && (spec.openEvents || r.event.known) && r.event.issues.length > 0) return { payload, type: r.event.type };
    }
  }
  throw new Error(`no schema-breaking variant of a ${platform} sample`);
}

/** A payload with a type the catalog does not know (closed platforms), from the first event's sample. */
function unknownTypePayload(platform) {
  const spec = core.getPlatform(platform);
  const secret = sourceSecret(platform);
  const sample = spec.events[0].sample;
  const candidates = ['event', 'type', 'Event', 'trigger_uid', 'kind'];
  for (const key of candidates) {
    if (typeof sample[key] !== 'string') continue;
    const payload = { ...sample, [key]: 'brand_new_event_type' };
    if (platform === 'modyo') delete payload.e_c;
    const r = core.receive(platform, core.sign(platform, payload, { secret }), { secrets: [secret], allowUnknownEvents: true });
    if (r.ok && !r.event.known) return payload;
  }
  throw new Error(`no unknown-type variant of a ${platform} sample`);
}

const cleanups = [];
async function cleanup() {
  for (const c of cleanups.splice(0).reverse()) await c();
}

/** The real relay (the CLI's `relay` command) on a loopback port, with one source per platform plus an empty one. */
async function startRelay(apiKey) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hookline-zapier-'));
  cleanups.push(async () => fs.rmSync(dir, { recursive: true, force: true }));
  const config = path.join(dir, 'config.json');
  const sources = PLATFORM_IDS.flatMap((p) => [
    { id: `src-${p}`, platform: p, secrets: [sourceSecret(p)], onInvalidPayload: 'pass' },
    { id: `empty-${p}`, platform: p, secrets: [sourceSecret(p)] },
  ]);
  fs.writeFileSync(config, JSON.stringify({ sources }));
  const child = spawn(
    process.execPath,
    [
      path.join(ROOT, 'node_modules/.bin/tsx'),
      path.join(ROOT, 'cli/index.ts'),
      'relay',
      '--port',
      '0',
      '--host',
      '127.0.0.1',
      '--db',
      path.join(dir, 'relay.sqlite'),
      '--config',
      config,
    ],
    {
      cwd: ROOT,
      // The subscriber here is loopback: allowed explicitly (relays refuse private destinations by default).
      env: { ...process.env, HOOKLINE_API_KEY: apiKey, HOOKLINE_ALLOW_PRIVATE_DESTINATIONS: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  cleanups.push(() => new Promise((r) => (child.exitCode !== null ? r() : (child.once('exit', r), child.kill('SIGTERM')))));
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    child.stdout.on('data', (d) => {
      out += d;
      const m = /Hookline relay listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`relay exited ${code}: ${err}`)));
  });
}

/** Stands in for Zapier's hooks.zapier.com target URL: records what the relay POSTs. */
async function startCapture() {
  const received = [];
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      received.push({ url: req.url, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.end('{"status":"success"}');
    });
  });
  cleanups.push(() => new Promise((r) => server.close(r)));
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { base: `http://127.0.0.1:${server.address().port}`, received };
}

async function until(read, tries = 300) {
  for (let i = 0; i < tries; i++) {
    const v = read();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('condition not met');
}

module.exports = {
  APPS,
  core,
  asZapierRequest,
  relayFanout,
  invalidPayload,
  unknownTypePayload,
  startRelay,
  startCapture,
  cleanup,
  until,
  whsec,
  sourceSecret,
};
