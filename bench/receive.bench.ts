/**
 * `npm run bench`: receive() against its floor — createHmac + timingSafeEqual + JSON.parse of the same bytes —
 * for every platform's largest catalog sample, the 1.8 KB Chatwoot message_created and a ~2 KB Standard
 * Webhooks delivery, each pair interleaved in one run (ratios within a run are what count on a shared machine;
 * the CPU-time ratio is the steadier one). Targets: ≤ 1.2× the floor, ≤ 1.1× for Standard Webhooks. Then the
 * reference `standardwebhooks` package on the same Standard Webhooks delivery, a per-stage breakdown, and what
 * a forged delivery built to be expensive costs.
 *
 *   npm run bench                    all of it
 *   npm run bench -- --stages-only   only the per-stage breakdowns
 */
import { Webhook } from 'standardwebhooks';
import { receive } from '../shared';
import { benchCases, WHSEC } from './receive-cases';
import { printForgedCosts } from './receive-forged';
import { printStages } from './receive-stages';
import { roundRatio, time } from './receive-timer';

const cases = benchCases();
for (const c of cases) {
  const r = receive(c.platform, { headers: c.headers, body: c.body }, c.options);
  if (!r.ok || !r.event.verified) throw new Error(`bench delivery ${c.name} does not verify: ${JSON.stringify(r)}`);
}
const stagesOnly = process.argv.includes('--stages-only');

if (!stagesOnly) {
  console.log(`receive() against its floor (createHmac + timingSafeEqual + JSON.parse of the same bytes); Node ${process.version}`);
  console.log('CPU µs per call, median of interleaved rounds (wall-clock ratio in brackets)\n');
  console.log(
    `${'delivery'.padEnd(42)} ${'bytes'.padStart(6)} ${'floor'.padStart(7)} ${'receive'.padStart(8)} ${'ratio'.padStart(6)} ${'(wall)'.padStart(8)}  target`,
  );
  for (const c of cases) {
    const [floor, ours] = time([
      { name: 'floor', fn: c.floor },
      { name: 'receive', fn: () => receive(c.platform, { headers: c.headers, body: c.body }, c.options) },
    ]);
    const ratio = roundRatio(ours!, floor!);
    const wall = roundRatio(ours!, floor!, 'wall');
    console.log(
      `${c.name.padEnd(42)} ${String(c.body.byteLength).padStart(6)} ${floor!.cpuUs.toFixed(2).padStart(7)} ${ours!.cpuUs.toFixed(2).padStart(8)} ${ratio.toFixed(2).padStart(5)}× ${`(${wall.toFixed(2)}×)`.padStart(8)}  ≤ ${c.target}× ${ratio <= c.target ? 'met' : 'not met'}`,
    );
  }

  const standard = cases.find((c) => c.name.startsWith('standard 2 KB'))!;
  const reference = new Webhook(WHSEC);
  const bodyText = standard.body.toString('utf8');
  reference.verify(bodyText, standard.headers);
  const [ref, ours] = time([
    { name: 'standardwebhooks', fn: () => reference.verify(bodyText, standard.headers) },
    { name: 'receive', fn: () => receive('standard', { headers: standard.headers, body: standard.body }, standard.options) },
  ]);
  console.log(
    `\nreceive('standard') runs ${roundRatio(ref!, ours!).toFixed(2)}× as fast as the standardwebhooks package's Webhook.verify on the same 2 KB delivery (${ours!.cpuUs.toFixed(2)} vs ${ref!.cpuUs.toFixed(2)} µs)\n`,
  );
}

for (const name of ['conversa message_created 1.8 KB', 'standard *']) {
  printStages(cases.find((c) => c.name === name)!);
  console.log();
}
printForgedCosts();
