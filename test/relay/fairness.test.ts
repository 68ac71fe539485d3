import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PLATFORMS, freshPayload, sign } from '../../shared';
import Database from 'better-sqlite3';
import type { Resolve } from '../../relay/outbound';
import { api, metricsText, post, relay, startSubscriber, tempDb, until } from './support';

const SECRET = 'fair-secret';
const lead = PLATFORMS.horneross.events[3].sample;
const sources = [{ id: 'hx', platform: 'horneross' as const, secrets: [SECRET] }];
const delivery = (seq: number) => sign('horneross', freshPayload('horneross', lead, seq), { secret: SECRET });

/** A subscriber that takes each request and answers only when told (or never). */
async function heldSubscriber(): Promise<{
  url: string;
  open: () => number;
  seen: () => number;
  maxOpen: () => number;
  answerAll: (status: number) => void;
  close: () => Promise<void>;
}> {
  const held: ServerResponse[] = [];
  let seen = 0;
  let open = 0;
  let maxOpen = 0;
  const server: Server = createServer((req: IncomingMessage, res) => {
    seen++;
    open++;
    maxOpen = Math.max(maxOpen, open);
    req.resume();
    res.on('close', () => open--);
    held.push(res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    open: () => open,
    seen: () => seen,
    maxOpen: () => maxOpen,
    answerAll: (status) => held.splice(0).forEach((res) => res.writeHead(status).end()),
    close: () => {
      server.closeAllConnections();
      return new Promise((r) => server.close(() => r()));
    },
  };
}

/** Issue 12 §3: one slow or dead subscriber delays only itself. */
describe('relay fan-out fairness', () => {
  it('a hung subscriber holds only its own lane: the other hook gets every event while the hung one holds its concurrency and nothing more', async () => {
    const hung = await heldSubscriber();
    const healthy = await startSubscriber();
    // Attempts time out only after a minute: no timeout frees the hung lane during the test.
    const r = await relay({ sources, fanout: { pollMs: 20, timeoutMs: 60_000, leaseMs: 120_000, concurrencyPerHook: 4 } });
    try {
      await api(r.url, 'POST', '/hooks', { url: hung.url, source: 'hx' });
      await api(r.url, 'POST', '/hooks', { url: healthy.url, source: 'hx' });
      for (let i = 0; i < 100; i++) expect((await post(`${r.url}/in/hx`, delivery(i))).status).toBe(202);
      expect(await until(() => healthy.received.length === 100, { tries: 1000 })).toBe(true);
      expect(hung.seen()).toBe(4);
      expect(hung.open()).toBe(4);
    } finally {
      await r.close().catch(() => undefined);
      await hung.close();
      await healthy.close();
    }
  }, 60_000);

  it("keeps a hook's own concurrency (1 = one request at a time) and its rate limit", async () => {
    const slow = await heldSubscriber();
    const limited = await startSubscriber();
    const arrivals: number[] = [];
    limited.respond(() => (arrivals.push(Date.now()), { status: 200 }));
    const r = await relay({ sources });
    try {
      await api(r.url, 'POST', '/hooks', { url: slow.url, source: 'hx', concurrency: 1 });
      const hook = await api(r.url, 'POST', '/hooks', { url: limited.url, source: 'hx', rateLimit: { perSecond: 10, burst: 1 } });
      expect(hook.json).toMatchObject({ rateLimit: { perSecond: 10, burst: 1 }, concurrency: null });
      for (let i = 0; i < 8; i++) await post(`${r.url}/in/hx`, delivery(100 + i));
      for (let answered = 0; answered < 8; answered++) {
        expect(await until(() => slow.open() === 1)).toBe(true);
        slow.answerAll(200);
        expect(await until(() => slow.seen() === Math.min(8, answered + 2) || answered === 7)).toBe(true);
      }
      expect(slow.maxOpen()).toBe(1);
      expect(await until(() => limited.received.length === 8)).toBe(true);
      // 8 requests at 10 a second with no burst: at least 7 intervals of 100 ms (load only makes it slower).
      expect(arrivals[7]! - arrivals[0]!).toBeGreaterThanOrEqual(650);
    } finally {
      await r.close().catch(() => undefined);
      await slow.close();
      await limited.close();
    }
  }, 60_000);

  it('opens the circuit after repeated failures (no attempt while open), probes once when half-open, and closes on success', async () => {
    const flaky = await startSubscriber();
    let status = 503;
    let calls = 0;
    flaky.respond((n) => ((calls = n), { status }));
    const r = await relay({
      sources,
      fanout: {
        pollMs: 20,
        baseMs: 10,
        maxMs: 20,
        maxAttempts: 100,
        disableAfterFailures: 100,
        concurrencyPerHook: 1,
        threshold: 3,
        cooldownMs: 1500,
        maxCooldownMs: 1500,
      },
    });
    try {
      await api(r.url, 'POST', '/hooks', { url: flaky.url, source: 'hx' });
      for (let i = 0; i < 5; i++) await post(`${r.url}/in/hx`, delivery(200 + i));
      expect(await until(() => calls === 3)).toBe(true);
      // Open: retries are due every 10–20 ms, yet nothing is sent for the cool-down.
      await new Promise((res) => setTimeout(res, 600));
      expect(calls).toBe(3);
      const { text } = await metricsText(r.url);
      expect(text).toMatch(/^hookline_fanout_circuits_open 1$/m);
      // Half-open: one probe, which fails and opens it again.
      expect(await until(() => calls === 4, { tries: 200 })).toBe(true);
      await new Promise((res) => setTimeout(res, 300));
      expect(calls).toBe(4);
      // Recovered: the next probe succeeds, the circuit closes and the backlog drains.
      status = 200;
      expect(await until(() => flaky.received.length === 5, { tries: 500 })).toBe(true);
    } finally {
      await r.close();
      await flaky.close();
    }
  }, 60_000);
});

/** What a circuit is for: a subscriber that does not answer. A refusal or an answer is no such thing. */
describe('relay fan-out: final failures and the circuit', () => {
  it('closes a half-open circuit when its probe gets an answer, even a 4xx: the subscriber is up, and the backlog drains', async () => {
    const flaky = await startSubscriber();
    let calls = 0;
    flaky.respond((n) => ((calls = n), { status: n <= 3 ? 503 : n === 4 ? 400 : 200 }));
    const r = await relay({
      sources,
      fanout: {
        pollMs: 20,
        baseMs: 10,
        maxMs: 20,
        leaseMs: 60_000,
        maxAttempts: 100,
        disableAfterFailures: 100,
        concurrencyPerHook: 1,
        threshold: 3,
        cooldownMs: 500,
        maxCooldownMs: 500,
      },
    });
    try {
      await api(r.url, 'POST', '/hooks', { url: flaky.url, source: 'hx' });
      for (let i = 0; i < 5; i++) await post(`${r.url}/in/hx`, delivery(300 + i));
      expect(await until(() => calls >= 4, { tries: 200 })).toBe(true); // three failures open it; the probe gets the 400
      expect(await until(() => flaky.received.length === 5, { tries: 300 })).toBe(true);
      expect((await metricsText(r.url)).text).toMatch(/^hookline_fanout_circuits_open 0$/m);
    } finally {
      await r.close();
      await flaky.close();
    }
  }, 60_000);

  it('gives up a refused destination at once without opening its circuit, counts it, and disables the hook after disableAfterFailures refusals', async () => {
    const healthy = await startSubscriber();
    // inside.test resolves to a private address: the guarded dispatcher refuses it before any socket.
    const resolve: Resolve = async (host) => (host === 'inside.test' ? ['10.0.0.7'] : ['127.0.0.1']);
    const db = tempDb();
    const r = await relay({
      db,
      sources,
      allowPrivateDestinations: false,
      allowedDestinations: ['127.0.0.0/8'], // the healthy subscriber on loopback
      outbound: { resolve },
      // A circuit that opened would hold every later delivery for a minute.
      fanout: { pollMs: 20, baseMs: 10, maxMs: 20, threshold: 2, cooldownMs: 60_000, maxCooldownMs: 60_000, disableAfterFailures: 8 },
    });
    try {
      const refused = await api(r.url, 'POST', '/hooks', { url: 'http://inside.test/hook', source: 'hx' });
      expect(refused.status).toBe(201); // a name: checked when it resolves, at every connection
      await api(r.url, 'POST', '/hooks', { url: healthy.url, source: 'hx' });
      for (let i = 0; i < 6; i++) await post(`${r.url}/in/hx`, delivery(400 + i));
      expect(await until(async () => (await r.store.queue.countByStatus())['failed'] === 6, { tries: 300 })).toBe(true);
      expect(await until(() => healthy.received.length === 6)).toBe(true);
      const { text } = await metricsText(r.url);
      expect(text).toMatch(/^hookline_fanout_circuits_open 0$/m);
      expect(text).toContain('hookline_fanout_attempts_total{outcome="destination_not_allowed"} 6');
      const file = new Database(db, { readonly: true });
      try {
        const rows = file.prepare('select status, attempts, last_error from deliveries where hook_id = ?').all(refused.json!['id']);
        expect(rows).toEqual(Array.from({ length: 6 }, () => ({ status: 'failed', attempts: 1, last_error: 'destination_not_allowed' })));
      } finally {
        file.close();
      }
      expect((await api(r.url, 'GET', `/hooks/${refused.json!['id']}`)).json).toMatchObject({ status: 'active' });
      for (let i = 0; i < 2; i++) await post(`${r.url}/in/hx`, delivery(410 + i));
      expect(
        await until(async () => (await api(r.url, 'GET', `/hooks/${refused.json!['id']}`)).json!['status'] === 'disabled', { tries: 300 }),
      ).toBe(true);
      expect((await api(r.url, 'GET', `/hooks/${refused.json!['id']}`)).json).toMatchObject({
        disabledReason: '8 consecutive failed attempts',
      });
      expect(await until(() => healthy.received.length === 8)).toBe(true);
    } finally {
      await r.close();
      await healthy.close();
    }
  }, 60_000);

  it('gives up a delivery a subscriber answers 508 (a loop) at once, and does not open its circuit', async () => {
    const relayLike = await startSubscriber();
    let calls = 0;
    relayLike.respond((n) => ((calls = n), { status: 508 }));
    const r = await relay({
      sources,
      fanout: { pollMs: 20, baseMs: 10, maxMs: 20, threshold: 2, cooldownMs: 60_000, maxCooldownMs: 60_000, disableAfterFailures: 100 },
    });
    try {
      await api(r.url, 'POST', '/hooks', { url: relayLike.url, source: 'hx' });
      for (let i = 0; i < 4; i++) await post(`${r.url}/in/hx`, delivery(500 + i));
      expect(await until(async () => (await r.store.queue.countByStatus())['failed'] === 4, { tries: 300 })).toBe(true);
      await new Promise((res) => setTimeout(res, 200)); // a retry would be due by now
      expect(calls).toBe(4);
      expect((await metricsText(r.url)).text).toMatch(/^hookline_fanout_circuits_open 0$/m);
    } finally {
      await r.close();
      await relayLike.close();
    }
  }, 60_000);
});
