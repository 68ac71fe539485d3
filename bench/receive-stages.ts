/** Per-stage cost of receive() on one delivery, each stage measured alone on precomputed inputs. */
import { getPlatform, headerGetter, receive } from '../shared';
import { locate, toIsoTime } from '../shared/locate';
import { bench, type Task } from './harness';
import type { BenchCase } from './receive-cases';

export function printStages(c: BenchCase): void {
  const platform = getPlatform(c.platform);
  const header = headerGetter(c.headers);
  const text = c.body.toString('utf8');
  const parsed = JSON.parse(text) as Record<string, unknown>;
  const type = String(locate(platform.eventType, header, parsed));
  const schema = platform.events.find((e) => e.type === type)!.schema;
  const nowSeconds = Math.floor(Date.now() / 1000);
  const tasks: Task[] = [
    { name: 'whole receive()', fn: () => receive(c.platform, { headers: c.headers, body: c.body }, c.options) },
    { name: 'floor (HMAC + compare + parse)', fn: c.floor },
    { name: 'header lookup (getter + the scheme headers)', fn: () => { const h = headerGetter(c.headers); return platform.signature.headers.map(h); } },
    {
      name: 'verify (signature scheme)',
      fn: () => platform.signature.verify({ body: c.body, header, secrets: ['bench-secret'], toleranceSeconds: 300, nowSeconds, reserialized: () => undefined }),
    },
    { name: 'bytes → text + JSON.parse', fn: () => JSON.parse(c.body.toString('utf8')) },
    { name: 'validate (zod safeParse)', fn: () => schema.safeParse(parsed) },
    { name: 'locate type, id, time + ISO times', fn: () => [locate(platform.eventType, header, parsed), locate(platform.deliveryId, header, parsed), toIsoTime(locate(platform.occurredAt, header, parsed)), new Date().toISOString()] },
  ];
  const results = bench(tasks, { rounds: 7, roundMs: 200 });
  const whole = results[0]!.usPerOp;
  console.log(`Stages of receive('${c.platform}') on ${c.name} (${c.body.byteLength} bytes), each alone:`);
  for (const r of results) console.log(`  ${r.name.padEnd(48)} ${r.usPerOp.toFixed(2).padStart(7)} µs  ${((r.usPerOp / whole) * 100).toFixed(0).padStart(4)} %`);
}
