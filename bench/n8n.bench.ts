/**
 * `npm run bench:n8n` (not in CI): a Hookline trigger against n8n's built-in Webhook node on the same n8n,
 * same load, same run. Each round sends N signed Horneross deliveries with C in flight to each workflow's
 * production URL, alternating which goes first; prints throughput, p50/p99 and the ratio (target ≥ 0.9×).
 */
import { randomUUID } from 'node:crypto';
import { Pool } from 'undici';
import { PLATFORMS, freshPayload, sign } from '../shared';
import { latencySummary } from '../cli/stats';
import { createCredential, deployWorkflow, startN8n } from '../test/e2e/n8n-instance';

const N = Number(process.env['BENCH_N'] ?? 400);
const C = Number(process.env['BENCH_C'] ?? 8);
const ROUNDS = 3;
const SECRET = 'bench-n8n-secret';

async function load(url: string, round: number): Promise<{ perSecond: number; latencies: number[] }> {
  const target = new URL(url);
  const pool = new Pool(target.origin, { connections: C });
  const deliveries = Array.from({ length: N }, (_, i) => sign('horneross', freshPayload('horneross', PLATFORMS.horneross.events[1].sample, round * N + i), { secret: SECRET }));
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: C }, async () => {
      while (next < N) {
        const d = deliveries[next++]!;
        const t = performance.now();
        const res = await pool.request({ path: target.pathname, method: 'POST', headers: d.headers, body: d.body });
        await res.body.dump();
        if (res.statusCode !== 200) throw new Error(`${url} answered ${res.statusCode}`);
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  await pool.close();
  return { perSecond: N / seconds, latencies };
}

async function main(): Promise<void> {
  const n8n = await startN8n();
  try {
    const cred = await createCredential(n8n, 'hornerossSigningApi', { secrets: SECRET });
    const hookId = randomUUID();
    const hookline = await deployWorkflow(n8n, { id: randomUUID(), type: 'n8n-nodes-hookline.hornerossTrigger', typeVersion: 1, webhookId: hookId, parameters: { mode: 'direct', events: ['*'], options: {} }, credentials: { hornerossSigningApi: { id: cred, name: 'c' } } }, `${hookId}/webhook`);
    const path = randomUUID();
    const builtin = await deployWorkflow(n8n, { id: randomUUID(), type: 'n8n-nodes-base.webhook', typeVersion: 2, webhookId: path, parameters: { httpMethod: 'POST', path, responseMode: 'onReceived', options: {} } }, path);
    const results = { hookline: [] as number[], builtin: [] as number[], hooklineLat: [] as number[], builtinLat: [] as number[] };
    await load(hookline.url, 99); // warm-up
    await load(builtin.url, 98);
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 ? (['builtin', 'hookline'] as const) : (['hookline', 'builtin'] as const);
      for (const which of order) {
        const r = await load(which === 'hookline' ? hookline.url : builtin.url, round * 2 + (which === 'hookline' ? 0 : 1));
        results[which].push(r.perSecond);
        results[`${which}Lat`].push(...r.latencies);
      }
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const h = median(results.hookline);
    const b = median(results.builtin);
    const hl = latencySummary(results.hooklineLat);
    const bl = latencySummary(results.builtinLat);
    console.log(`n8n 2.41.1, ${N} deliveries × ${ROUNDS} rounds, ${C} in flight, Horneross ~${Buffer.byteLength(JSON.stringify(PLATFORMS.horneross.events[1].sample))} B bodies`);
    console.log(`built-in Webhook node : ${b.toFixed(1)} req/s  p50 ${bl.p50} ms  p99 ${bl.p99} ms`);
    console.log(`Hookline trigger      : ${h.toFixed(1)} req/s  p50 ${hl.p50} ms  p99 ${hl.p99} ms`);
    console.log(`ratio ${(h / b).toFixed(2)}× (target ≥ 0.9×): ${h / b >= 0.9 ? 'met' : 'not met'}`);
  } finally {
    await n8n.stop();
  }
}

void main();
