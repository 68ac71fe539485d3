/**
 * `npm run bench:n8n` (not in CI): the Hookline trigger against what a user builds without it, on the
 * same n8n, same load, same run:
 *   webhook      n8n's Webhook node alone (no verification: the ceiling)
 *   webhook+code a Webhook node (Raw Body on) and a Code node verifying the HMAC over the raw bytes
 *   webhook+hookline  a Webhook node (Raw Body on) and the Hookline node's Delivery → Verify: the way to run
 *                the core with n8n's defaults without the isolate n8n makes every other trigger pay for
 *   hookline     the Horneross trigger (verifies, parses, validates, types the event), node version 2
 *   hookline v1  the same at node version 1 (how n8n treats v1 webhook nodes costs an expression per request)
 * Each round sends N signed Horneross deliveries with C in flight to each workflow's production URL, in
 * a rotating order, and waits until every execution of that phase has finished before the next one (so
 * no workflow pays for another's backlog). Prints, per workflow, the median over rounds of accepted
 * requests/s (answered 200) and of completed executions/s (last response to last execution finished),
 * p50/p99 latency, and the ratios. Load generator and n8n share the machine: run it when it is quiet.
 *   BENCH_N (300), BENCH_C (8), BENCH_ROUNDS (5), BENCH_TARBALL (an older n8n-nodes-hookline tarball to compare),
 *   BENCH_N8N_ENV (JSON of more n8n settings, e.g. {"N8N_EXPRESSION_ENGINE":"legacy"}), BENCH_KINDS (some of the Hookline
 *   workflows, comma-separated, e.g. webhook+hookline; the two baselines always run).
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Pool } from 'undici';
import { PLATFORMS, freshPayload, sign } from '../shared';
import { latencySummary } from '../cli/stats';
import { createCredential, deployWorkflow, startN8n, type N8n } from '../test/e2e/n8n-instance';

const N = Number(process.env['BENCH_N'] ?? 300);
const C = Number(process.env['BENCH_C'] ?? 8);
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 5);
const SECRET = 'bench-n8n-secret';

type Kind = 'webhook' | 'webhook+code' | 'webhook+hookline' | 'hookline' | 'hookline v1';
/** `hookline v1`: the same trigger saved as node version 1, as workflows built before version 2 are. */
const KINDS: readonly Kind[] = ['webhook', 'webhook+code', 'webhook+hookline', 'hookline', 'hookline v1'];
/** The workflows with a Hookline node; the others are the baselines. */
const HOOKLINE_KINDS: readonly Kind[] = KINDS.filter((k) => k.includes('hookline'));

const VERIFY_CODE = `
const crypto = require('crypto');
const items = $input.all();
const out = [];
for (let i = 0; i < items.length; i++) {
  const raw = await this.helpers.getBinaryDataBuffer(i, 'data');
  const expected = Buffer.from(crypto.createHmac('sha256', ${JSON.stringify(SECRET)}).update(raw).digest('hex'));
  const given = Buffer.from(String(items[i].json.headers['x-horneross-signature'] || ''));
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) throw new Error('invalid signature');
  out.push({ json: JSON.parse(raw.toString('utf8')) });
}
return out;`;

interface Phase {
  readonly accepted: number;
  readonly completed: number;
  readonly latencies: number[];
}

async function deploy(n8n: N8n, kind: Kind): Promise<{ id: string; url: string }> {
  if (kind === 'hookline' || kind === 'hookline v1') {
    const cred = await createCredential(n8n, 'hornerossSigningApi', { secrets: SECRET });
    const hookId = randomUUID();
    return deployWorkflow(
      n8n,
      {
        id: randomUUID(),
        type: 'n8n-nodes-hookline.hornerossTrigger',
        typeVersion: kind === 'hookline' ? 2 : 1,
        webhookId: hookId,
        parameters: { mode: 'direct', options: {} },
        credentials: { hornerossSigningApi: { id: cred, name: 'c' } },
      },
      `${hookId}/webhook`,
    );
  }
  const path = randomUUID();
  const webhook = {
    id: randomUUID(),
    type: 'n8n-nodes-base.webhook',
    typeVersion: 2,
    webhookId: path,
    parameters: { httpMethod: 'POST', path, responseMode: 'onReceived', options: kind === 'webhook' ? {} : { rawBody: true } },
  };
  if (kind === 'webhook') return deployWorkflow(n8n, webhook, path);
  const verify =
    kind === 'webhook+hookline'
      ? {
          id: randomUUID(),
          name: 'Verify',
          type: 'n8n-nodes-hookline.hookline',
          typeVersion: 1,
          position: [300, 0],
          parameters: { resource: 'delivery', operation: 'verify', platform: 'horneross', binaryProperty: 'data' },
          credentials: { hornerossSigningApi: { id: await createCredential(n8n, 'hornerossSigningApi', { secrets: SECRET }), name: 'c' } },
        }
      : {
          id: randomUUID(),
          name: 'Verify',
          type: 'n8n-nodes-base.code',
          typeVersion: 2,
          position: [300, 0],
          parameters: { mode: 'runOnceForAllItems', jsCode: VERIFY_CODE },
        };
  return deployWorkflow(n8n, webhook, path, {
    extraNodes: [verify],
    connections: { Trigger: { main: [[{ node: 'Verify', type: 'main', index: 0 }]] } },
  });
}

async function phase(n8n: N8n, db: Database.Database, workflow: { id: string; url: string }, seed: number): Promise<Phase> {
  const target = new URL(workflow.url);
  const pool = new Pool(target.origin, { connections: C });
  const deliveries = Array.from({ length: N }, (_, i) =>
    sign('horneross', freshPayload('horneross', PLATFORMS.horneross.events[1].sample, seed * N + i), { secret: SECRET }),
  );
  const finished = db.prepare('SELECT COUNT(*) AS n FROM execution_entity WHERE workflowId = ? AND finished = 1');
  const before = (finished.get(workflow.id) as { n: number }).n;
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
        if (res.statusCode !== 200) throw new Error(`${workflow.url} answered ${res.statusCode}`);
        latencies.push(performance.now() - t);
      }
    }),
  );
  const answered = performance.now();
  await pool.close();
  for (let i = 0; (finished.get(workflow.id) as { n: number }).n < before + N; i++) {
    if (i > 6000) throw new Error(`${workflow.url}: executions did not finish\n${n8n.log().slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  const done = performance.now();
  return { accepted: N / ((answered - started) / 1000), completed: N / ((done - started) / 1000), latencies };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const tarball = process.env['BENCH_TARBALL'];
  // BENCH_KINDS (comma-separated) runs some of the Hookline workflows; both baselines always run, as every ratio needs them.
  const chosen = process.env['BENCH_KINDS']
    ?.split(',')
    .map((k) => k.trim())
    .filter(Boolean);
  const unknown = chosen?.filter((k) => !HOOKLINE_KINDS.includes(k as Kind));
  if (unknown?.length) throw new Error(`BENCH_KINDS: ${unknown.join(', ')} is no Hookline workflow (${HOOKLINE_KINDS.join(', ')})`);
  if (tarball && chosen?.includes('hookline'))
    throw new Error('BENCH_KINDS: the trigger at version 2 is not run against BENCH_TARBALL (an older build may have no version 2)');
  const kinds = KINDS.filter(
    (k) => (!chosen?.length || !HOOKLINE_KINDS.includes(k) || chosen.includes(k)) && !(tarball && k === 'hookline'), // an older build may have no version 2
  );
  const n8n = await startN8n({
    ...(tarball ? { tarballs: [tarball] } : {}),
    env: {
      NODE_FUNCTION_ALLOW_BUILTIN: 'crypto',
      ...(process.env['BENCH_N8N_ENV'] ? (JSON.parse(process.env['BENCH_N8N_ENV']) as Record<string, string>) : {}),
    },
  });
  const db = new Database(join(n8n.userFolder, '.n8n', 'database.sqlite'), { readonly: true, fileMustExist: true });
  try {
    const workflows = new Map<Kind, { id: string; url: string }>();
    for (const kind of kinds) workflows.set(kind, await deploy(n8n, kind));
    const results = new Map<Kind, Phase[]>(kinds.map((k) => [k, []]));
    for (const kind of kinds) await phase(n8n, db, workflows.get(kind)!, 900 + kinds.indexOf(kind)); // warm-up
    for (let round = 0; round < ROUNDS; round++) {
      const order = kinds.map((_, i) => kinds[(i + round) % kinds.length]!);
      for (const kind of order)
        results.get(kind)!.push(await phase(n8n, db, workflows.get(kind)!, round * kinds.length + kinds.indexOf(kind)));
    }
    const summary = new Map(
      kinds.map((k) => {
        const phases = results.get(k)!;
        return [
          k,
          {
            accepted: median(phases.map((p) => p.accepted)),
            completed: median(phases.map((p) => p.completed)),
            latency: latencySummary(phases.flatMap((p) => p.latencies)),
          },
        ];
      }),
    );
    console.log(
      `n8n 2.41.1, ${tarball ? `package ${tarball}` : 'this checkout (npm run pack)'}; ${N} Horneross deliveries (~${Buffer.byteLength(JSON.stringify(PLATFORMS.horneross.events[1].sample))} B) × ${ROUNDS} rounds, ${C} in flight, medians`,
    );
    for (const [kind, s] of summary)
      console.log(
        `${kind.padEnd(16)} ${s.accepted.toFixed(1).padStart(7)} req/s accepted  ${s.completed.toFixed(1).padStart(7)} exec/s completed  p50 ${s.latency.p50} ms  p99 ${s.latency.p99} ms`,
      );
    const ratio = (a: Kind, b: Kind, field: 'accepted' | 'completed') => (summary.get(a)![field] / summary.get(b)![field]).toFixed(2);
    for (const h of kinds.filter((k) => HOOKLINE_KINDS.includes(k))) {
      console.log(
        `${h.padEnd(16)} / webhook      : ${ratio(h, 'webhook', 'accepted')}× accepted, ${ratio(h, 'webhook', 'completed')}× completed (target ≥ 0.9×)`,
      );
      console.log(
        `${h.padEnd(16)} / webhook+code : ${ratio(h, 'webhook+code', 'accepted')}× accepted, ${ratio(h, 'webhook+code', 'completed')}× completed (target ≥ 1.0×)`,
      );
    }
  } finally {
    db.close();
    await n8n.stop();
  }
}

void main();
