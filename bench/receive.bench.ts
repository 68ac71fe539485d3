/**
 * `npm run bench`: receive() against its floor — createHmac + timingSafeEqual + JSON.parse of the same bytes —
 * for every platform's largest catalog sample, the 1.8 KB Chatwoot message_created and a ~2 KB Standard
 * Webhooks delivery, each pair interleaved in one run (ratios within a run are what count on a noisy machine).
 * Targets: ≤ 1.2× the floor, ≤ 1.1× for Standard Webhooks. Then the reference `standardwebhooks` package on the
 * same Standard Webhooks delivery, and a per-stage breakdown of the Chatwoot delivery.
 */
import { Webhook } from 'standardwebhooks';
import { receive } from '../shared';
import { bench } from './harness';
import { benchCases, WHSEC } from './receive-cases';
import { printStages } from './receive-stages';

const cases = benchCases();
for (const c of cases) {
  const r = receive(c.platform, { headers: c.headers, body: c.body }, c.options);
  if (!r.ok || !r.event.verified) throw new Error(`bench delivery ${c.name} does not verify: ${JSON.stringify(r)}`);
}

console.log(`receive() against its floor (createHmac + timingSafeEqual + JSON.parse of the same bytes); Node ${process.version}\n`);
const header = `${'delivery'.padEnd(44)} ${'bytes'.padStart(6)} ${'floor µs'.padStart(9)} ${'receive µs'.padStart(11)} ${'ratio'.padStart(6)}  target`;
console.log(header);
for (const c of cases) {
  const [floor, ours] = bench([
    { name: 'floor', fn: c.floor },
    { name: 'receive', fn: () => receive(c.platform, { headers: c.headers, body: c.body }, c.options) },
  ]);
  const ratio = floor!.opsPerSec / ours!.opsPerSec;
  console.log(
    `${c.name.padEnd(44)} ${String(c.body.byteLength).padStart(6)} ${floor!.usPerOp.toFixed(2).padStart(9)} ${ours!.usPerOp.toFixed(2).padStart(11)} ${ratio.toFixed(2).padStart(5)}×  ≤ ${c.target}× ${ratio <= c.target ? 'met' : 'not met'}`,
  );
}

const standard = cases.find((c) => c.name.startsWith('standard 2 KB'))!;
const reference = new Webhook(WHSEC);
const bodyText = standard.body.toString('utf8');
reference.verify(bodyText, standard.headers);
const [ref, ours] = bench([
  { name: 'standardwebhooks', fn: () => reference.verify(bodyText, standard.headers) },
  { name: 'receive', fn: () => receive('standard', { headers: standard.headers, body: standard.body }, standard.options) },
]);
console.log(`\nreceive('standard') runs ${(ours!.opsPerSec / ref!.opsPerSec).toFixed(2)}× the standardwebhooks package's Webhook.verify on the same 2 KB delivery (${ours!.usPerOp.toFixed(2)} vs ${ref!.usPerOp.toFixed(2)} µs)\n`);

printStages(cases.find((c) => c.name === 'conversa message_created 1.8 KB')!);
