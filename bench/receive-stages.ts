/**
 * Per-stage cost of receive() on one delivery, each stage run alone on inputs prepared beforehand, next to the
 * whole call and the floor. The stages add up to a little more than the whole (each alone pays its own call).
 */
import { getPlatform, headerGetter, receive } from '../shared';
import { exceedsDepth } from '../shared/json-depth';
import { compileLocators, toIsoTime } from '../shared/locate';
import { resolveOptions } from '../shared/receive-options';
import { signatureReplayKey } from '../shared/replay-key';
import { GENERATED_VALIDATORS } from '../shared/validators/generated';
import type { BenchCase } from './receive-cases';
import { time, type Task } from './receive-timer';

export function stageTasks(c: BenchCase): Task[] {
  const platform = getPlatform(c.platform);
  const scheme = platform.signature;
  const header = headerGetter(c.headers);
  const text = c.body.toString('utf8');
  const parsed = JSON.parse(text) as Record<string, unknown>;
  const signed = scheme.signedHeaders;
  const plan = {
    type: compileLocators(platform.eventType, signed),
    id: compileLocators(platform.deliveryId, signed),
    at: compileLocators(platform.occurredAt, signed),
  };
  const type = String(plan.type.find(header, parsed));
  const spec = platform.events.find((e) => e.type === type) ?? platform.anyEvent;
  const generated = GENERATED_VALIDATORS[c.platform]!;
  const validate = (spec === platform.anyEvent ? generated.anyEvent : generated.events[type]!).validate;
  const secrets = c.options.secrets as string[];
  const nowSeconds = Math.floor(Date.now() / 1000);
  const noReserialization = { reserialized: () => undefined };
  const mac = '07'.repeat(32);
  return [
    { name: 'whole receive()', fn: () => receive(c.platform, { headers: c.headers, body: c.body }, c.options) },
    { name: 'floor: createHmac + timingSafeEqual + JSON.parse', fn: c.floor },
    { name: 'options: check and defaults', fn: () => resolveOptions(c.options, scheme) },
    {
      name: 'headers: getter + the scheme headers',
      fn: () => {
        const h = headerGetter(c.headers);
        return scheme.headers.map(h);
      },
    },
    {
      name: 'verify: signature scheme (HMAC included)',
      fn: () => scheme.verify({ body: c.body, header, secrets, toleranceSeconds: 300, nowSeconds, reserializable: noReserialization }),
    },
    { name: 'depth: nesting bound before JSON.parse', fn: () => exceedsDepth(text) },
    { name: 'parse: bytes → text + JSON.parse', fn: () => JSON.parse(c.body.toString('utf8')) },
    { name: 'validate: generated validator', fn: () => validate(parsed) },
    { name: '(validate: zod safeParse, what it replaced)', fn: () => spec.schema.safeParse(parsed) },
    // The receipt time is not in it: receive() formats it once per millisecond, so under load almost never.
    {
      name: 'locate: type, id, time',
      fn: () => [plan.type.findChecked(header, parsed), plan.id.findChecked(header, parsed), toIsoTime(plan.at.find(header, parsed))],
    },
    { name: 'replayKey: the matching MAC, cut and encoded', fn: () => signatureReplayKey(mac) },
  ];
}

export function printStages(c: BenchCase): void {
  const results = time(stageTasks(c), { rounds: 9, roundMs: 80 });
  const whole = results[0]!.cpuUs;
  console.log(`Stages of receive('${c.platform}') on ${c.name} (${c.body.byteLength} bytes), each alone, CPU µs per call:`);
  for (const r of results)
    console.log(`  ${r.name.padEnd(50)} ${r.cpuUs.toFixed(2).padStart(7)} µs  ${((r.cpuUs / whole) * 100).toFixed(0).padStart(4)} %`);
}
