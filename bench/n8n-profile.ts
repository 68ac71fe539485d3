/**
 * `npx tsx bench/n8n-profile.ts [hookline|hookline v1|webhook]`: where n8n's time goes for one kind of
 * workflow. Starts n8n under V8's CPU profiler (--cpu-prof), sends BENCH_N signed deliveries with BENCH_C
 * in flight, stops n8n (the profile is written on exit) and prints the functions with the most self time
 * and the inclusive time of the request path's main steps, as shares of the main process's samples.
 * `--analyse <file.cpuprofile>` prints the same for a profile written before.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'undici';
import { PLATFORMS, freshPayload, sign } from '../shared';
import { createCredential, deployWorkflow, startN8n } from '../test/e2e/n8n-instance';

const N = Number(process.env['BENCH_N'] ?? 1500);
const C = Number(process.env['BENCH_C'] ?? 8);
const SECRET = 'bench-n8n-secret';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
}

/** Steps of a webhook request, by function name: their inclusive share shows where the time goes. */
const STEPS = [
  'executeWebhook',
  'acquireIsolate',
  'getDecrypted',
  'getCredentials',
  'getNodeParameter',
  'runWebhook',
  'webhook',
  'receive',
  'saveStaticData',
  'run',
  'runMainProcess',
  'processRunExecutionData',
  'saveExecutionProgress',
  'updateExistingExecution',
  'createNewExecution',
];

function analyse(profile: Profile): void {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<number, number>();
  for (const s of profile.samples) self.set(s, (self.get(s) ?? 0) + 1);
  const total = profile.samples.length;
  const idle = [...self]
    .filter(([id]) => ['(idle)', '(program)', '(garbage collector)'].includes(byId.get(id)!.callFrame.functionName))
    .reduce((a, [, n]) => a + n, 0);
  const label = (n: ProfileNode) =>
    `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.replace(/^.*node_modules\//, '').replace(/^file:\/\//, '')}:${n.callFrame.lineNumber + 1}`;
  const bySelf = new Map<string, number>();
  for (const [id, n] of self) bySelf.set(label(byId.get(id)!), (bySelf.get(label(byId.get(id)!)) ?? 0) + n);
  console.log(`samples: ${total} (idle/program/GC ${((idle / total) * 100).toFixed(1)}%)`);
  console.log('top self time:');
  for (const [name, n] of [...bySelf].sort((a, b) => b[1] - a[1]).slice(0, 25))
    console.log(`  ${((n / total) * 100).toFixed(1).padStart(5)}%  ${name}`);
  // Inclusive time per step: samples whose stack contains a frame of that name (counted once per sample).
  const inclusive = new Map<string, number>();
  for (const [id, n] of self) {
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const name = byId.get(cur)!.callFrame.functionName;
      if (STEPS.includes(name)) seen.add(name);
    }
    for (const s of seen) inclusive.set(s, (inclusive.get(s) ?? 0) + n);
  }
  console.log('inclusive time of request-path steps:');
  for (const step of STEPS)
    if (inclusive.has(step)) console.log(`  ${((inclusive.get(step)! / total) * 100).toFixed(1).padStart(5)}%  ${step}`);
}

async function main(): Promise<void> {
  if (process.argv[2] === '--analyse') return analyse(JSON.parse(readFileSync(process.argv[3]!, 'utf8')) as Profile);
  const kind = process.argv[2] ?? 'hookline';
  const dir = mkdtempSync(join(tmpdir(), 'hookline-n8n-prof-'));
  const extra = process.env['BENCH_N8N_ENV'] ? (JSON.parse(process.env['BENCH_N8N_ENV']) as Record<string, string>) : {};
  const n8n = await startN8n({
    env: { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${dir}`, NODE_FUNCTION_ALLOW_BUILTIN: 'crypto', ...extra },
  });
  let url: string;
  if (kind.startsWith('hookline')) {
    const cred = await createCredential(n8n, 'hornerossSigningApi', { secrets: SECRET });
    const hookId = randomUUID();
    url = (
      await deployWorkflow(
        n8n,
        {
          id: randomUUID(),
          type: 'n8n-nodes-hookline.hornerossTrigger',
          typeVersion: kind === 'hookline v1' ? 1 : 2,
          webhookId: hookId,
          parameters: { mode: 'direct', options: {} },
          credentials: { hornerossSigningApi: { id: cred, name: 'c' } },
        },
        `${hookId}/webhook`,
      )
    ).url;
  } else {
    const path = randomUUID();
    url = (
      await deployWorkflow(
        n8n,
        {
          id: randomUUID(),
          type: 'n8n-nodes-base.webhook',
          typeVersion: 2,
          webhookId: path,
          parameters: { httpMethod: 'POST', path, responseMode: 'onReceived', options: {} },
        },
        path,
      )
    ).url;
  }
  const target = new URL(url);
  const pool = new Pool(target.origin, { connections: C });
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: C }, async () => {
      while (next < N) {
        const d = sign('horneross', freshPayload('horneross', PLATFORMS.horneross.events[1].sample, next++), { secret: SECRET });
        const res = await pool.request({ path: target.pathname, method: 'POST', headers: d.headers, body: d.body });
        await res.body.dump();
      }
    }),
  );
  console.log(`${kind}: ${N} deliveries in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  await pool.close();
  await new Promise((r) => setTimeout(r, 3000));
  await n8n.stop();
  // n8n's main process is the profile that handled the webhooks (worker threads and the task runner write their own).
  const files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
  const main = files
    .map((f) => ({ f, p: JSON.parse(readFileSync(join(dir, f), 'utf8')) as Profile }))
    .find((x) => x.p.nodes.some((n) => n.callFrame.functionName === 'executeWebhook'));
  if (!main) throw new Error(`no profile of the main process in ${dir}`);
  console.log(`profile: ${join(dir, main.f)}`);
  analyse(main.p);
}

void main();
