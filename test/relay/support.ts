import { mkdtempSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { startRelay, type Relay, type RelayOptions } from '../../relay';
import { connect } from '../../relay/db/connect';
import { migrate } from '../../relay/db/migrate';
import type { Resolve } from '../../relay/outbound';
import { Store } from '../../relay/store';
import type { RelayEvent } from '../../shared';

export const API_KEY = 'test-api-key-0123456789';

export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Subscriber {
  url: string;
  received: Received[];
  /** Status (and body) to answer for the next requests (default 200, no body). */
  respond: (fn: (n: number) => Answer) => void;
  close(): Promise<void>;
}

export interface Answer {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

/** A loopback HTTP server standing in for a Zapier/Make/n8n endpoint. */
export async function startSubscriber(): Promise<Subscriber> {
  const received: Received[] = [];
  let responder = (_n: number): Answer => ({ status: 200 });
  let count = 0;
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const r = responder(++count);
    if (r.status >= 200 && r.status < 300) received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
    res.writeHead(r.status, r.headers ?? {}).end(r.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    received,
    respond: (fn) => (responder = fn),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export function tempDb(): string {
  return join(mkdtempSync(join(tmpdir(), 'hookline-relay-')), 'relay.sqlite');
}

export const FAST_FANOUT = { pollMs: 20, baseMs: 50, maxMs: 400, timeoutMs: 2000, leaseMs: 5000 };

/**
 * A resolver that knows only `localhost`: a hook on any other name fails with ENOTFOUND instead of a
 * DNS query leaving the machine (test/support/loopback-only.ts refuses every other socket as well).
 */
export const loopbackResolve: Resolve = async (hostname) => {
  if (hostname === 'localhost') return ['127.0.0.1'];
  throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
};

/**
 * Test subscribers listen on loopback, which the relay refuses by default: tests that deliver to them say
 * so. `test/relay/ssrf.test.ts` runs the default policy.
 */
export const LOOPBACK_SUBSCRIBERS = { allowPrivateDestinations: true, outbound: { resolve: loopbackResolve } } as const;

export function relay(options: Partial<RelayOptions> = {}): Promise<Relay> {
  return startRelay({ port: 0, apiKey: API_KEY, db: tempDb(), fanout: FAST_FANOUT, ...LOOPBACK_SUBSCRIBERS, ...options });
}

export async function api(base: string, method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown, key = API_KEY) {
  const res = await request(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.body.text();
  return { status: res.statusCode, json: text ? (JSON.parse(text) as Record<string, any>) : undefined };
}

export async function post(url: string, delivery: { headers: Record<string, string>; body: string | Buffer }) {
  const res = await request(url, { method: 'POST', headers: delivery.headers, body: delivery.body });
  const text = await res.body.text();
  return { status: res.statusCode, json: text ? (JSON.parse(text) as Record<string, any>) : undefined };
}

/** Polls until `check` holds or the bound is reached (bounded; no timing assertions). */
export async function until(check: () => boolean | Promise<boolean>, { tries = 300, everyMs = 20 } = {}): Promise<boolean> {
  for (let i = 0; i < tries; i++) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  return false;
}

/** GET /metrics as Prometheus text, with a Bearer credential (the API key by default). */
export async function metricsText(base: string, key = API_KEY): Promise<{ status: number; text: string; contentType: string | undefined }> {
  const res = await request(`${base}/metrics`, { headers: { authorization: `Bearer ${key}` } });
  return { status: res.statusCode, text: await res.body.text(), contentType: res.headers['content-type'] as string | undefined };
}

/** A relayed conversa message_created event of source `cw` with the given id and delivery id, for driving the store. */
export const storedEvent = (id: string, deliveryId: string, times: { occurredAt?: string; receivedAt?: string } = {}): RelayEvent =>
  ({
    id,
    platform: 'conversa',
    source: 'cw',
    type: 'message_created',
    occurredAt: times.occurredAt ?? '2026-01-01T00:00:00.000Z',
    receivedAt: times.receivedAt ?? '2026-01-01T00:00:01.000Z',
    deliveryId,
    verified: true,
    signatureForm: 'raw',
    known: true,
    issues: [],
    data: {},
  }) as unknown as RelayEvent;

/** The relay's store on a migrated database (SQLite file or postgres:// URL). */
export async function migratedStore(target: string): Promise<Store> {
  const db = connect(target);
  await migrate(db);
  return new Store(db);
}

/** A hook taking every event of source `cw`, to a loopback port nothing listens on (for driving the store). */
export const sourceHook = (store: Store, name = 'h') =>
  store.hooks.create({ url: `http://127.0.0.1:9/${name}`, source: 'cw', platform: null, events: [], owner: null, scope: null });
