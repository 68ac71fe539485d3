/**
 * `npm run bench:relay`: ingest throughput of signed ~2 KB deliveries with a durable commit, against a bare
 * fastify endpoint answering 200 in the same run (target ≥ 0.5×), and fan-out latency (ingest
 * acknowledged → subscriber received) p50/p99, on SQLite and on PostgreSQL.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import { Pool } from 'undici';
import { PLATFORMS, freshPayload, sign } from '../shared';
import { startRelay } from '../relay';
import { latencySummary } from '../cli/stats';
import { startPostgres } from '../test/relay/postgres';
import { tempDb } from '../test/relay/support';

const SECRET = 'bench-secret';
const N = Number(process.env['BENCH_N'] ?? 3000);
const CONCURRENCY = 16;
const sample = structuredClone(PLATFORMS.conversa.events[3].sample) as Record<string, unknown> & { conversation: Record<string, unknown> };
sample.conversation['messages'] = [];
const deliveries = Array.from({ length: N }, (_, i) => sign('conversa', sample, { secret: SECRET, deliveryId: `bench-${i}-${Math.random()}` }));

async function load(base: string, path: string): Promise<number> {
  const pool = new Pool(base, { connections: CONCURRENCY });
  let next = 0;
  let failures = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < N) {
        const d = deliveries[next++]!;
        const res = await pool.request({ path, method: 'POST', headers: d.headers, body: d.body });
        await res.body.dump();
        if (res.statusCode >= 300) failures++;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  await pool.close();
  if (failures) throw new Error(`${failures} requests failed`);
  return N / seconds;
}

async function bare(): Promise<number> {
  const app = Fastify();
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_r, body, done) => done(null, body));
  app.post('/in/cw', async () => ({ ok: true }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const rate = await load(`http://127.0.0.1:${(app.server.address() as AddressInfo).port}`, '/in/cw');
  await app.close();
  return rate;
}

async function relayRun(db: string): Promise<{ rate: number; latency: ReturnType<typeof latencySummary> }> {
  const acked = new Map<string, number>();
  const latencies: number[] = [];
  const sub = createServer((req, res) => {
    const id = req.headers['webhook-id'] as string;
    req.resume().on('end', () => {
      const t = acked.get(id);
      if (t !== undefined) latencies.push(performance.now() - t);
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((r) => sub.listen(0, '127.0.0.1', r));
  const relay = await startRelay({ port: 0, db, apiKey: 'k', sources: [{ id: 'cw', platform: 'conversa', secrets: [SECRET] }], fanout: { pollMs: 10, concurrency: 16 }, allowPrivateDestinations: true }); // loopback subscribers
  // Throughput of ingest alone (no subscribers), then fan-out latency on a paced stream.
  const rate = await load(relay.url, '/in/cw');
  await fetch(`${relay.url}/hooks`, { method: 'POST', headers: { authorization: 'Bearer k', 'content-type': 'application/json' }, body: JSON.stringify({ url: `http://127.0.0.1:${(sub.address() as AddressInfo).port}/`, source: 'cw' }) });
  for (let i = 0; i < 300; i++) {
    const d = sign('conversa', freshPayload('conversa', sample, i), { secret: SECRET, deliveryId: `lat-${i}-${Math.random()}` });
    const t = performance.now();
    const res = await fetch(`${relay.url}/in/cw`, { method: 'POST', headers: d.headers, body: d.body });
    const { id } = (await res.json()) as { id: string };
    acked.set(id, t);
    await new Promise((r) => setTimeout(r, 5));
  }
  for (let i = 0; i < 500 && latencies.length < 300; i++) await new Promise((r) => setTimeout(r, 10));
  await relay.close();
  sub.close();
  return { rate, latency: latencySummary(latencies) };
}

async function main(): Promise<void> {
  console.log(`${N} signed Chatwoot deliveries of ${Buffer.byteLength(deliveries[0]!.body)} bytes, ${CONCURRENCY} connections, Node ${process.version}\n`);
  const bareRate = await bare();
  const sqlite = await relayRun(tempDb());
  const pg = await startPostgres();
  let postgres: Awaited<ReturnType<typeof relayRun>>;
  try {
    postgres = await relayRun(pg.url);
  } finally {
    await pg.stop();
  }
  const row = (name: string, rate: number, extra = '') => console.log(`${name.padEnd(44)} ${Math.round(rate).toLocaleString('en').padStart(7)} req/s  ${(rate / bareRate).toFixed(2)}× bare${extra}`);
  row('bare fastify endpoint answering 200', bareRate);
  row('relay ingest, SQLite (WAL, synchronous=FULL)', sqlite.rate, `  (target ≥ 0.5×: ${sqlite.rate / bareRate >= 0.5 ? 'met' : 'not met'})`);
  row('relay ingest, PostgreSQL', postgres.rate, `  (target ≥ 0.5×: ${postgres.rate / bareRate >= 0.5 ? 'met' : 'not met'})`);
  console.log(`\nfan-out latency, SQLite:     p50 ${sqlite.latency.p50} ms  p99 ${sqlite.latency.p99} ms  max ${sqlite.latency.max} ms`);
  console.log(`fan-out latency, PostgreSQL: p50 ${postgres.latency.p50} ms  p99 ${postgres.latency.p99} ms  max ${postgres.latency.max} ms`);
}

void main();
