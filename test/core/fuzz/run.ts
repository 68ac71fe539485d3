/**
 * `npm run fuzz`: the three fuzz properties at full size, with their figures. (`npm test` runs a bounded
 * slice of each, in test/core/fuzz.test.ts.)
 *
 * 1. Arbitrary receive() calls, RUNS per platform: 0 throws, 0 internal_error.
 * 2. Mutated signed deliveries, RUNS per platform: 0 false accepts.
 * 3. Generated validators against zod, RUNS cases over every catalog schema and the synthetic ones: 0 disagreements.
 *
 *   npm run fuzz [-- --runs 100000] [-- --seed 1]     exits 1 when any figure is not 0
 */
import fc from 'fast-check';
import { PLATFORM_IDS, receive } from '../../../shared';
import { catalogSubjects, differentialCases, syntheticSubjects, verdicts } from './differential';
import { receiveCall } from './receive-inputs';
import { judge, mutationCases } from './signed-mutations';

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : Number(process.argv[i + 1]);
}

const RUNS = flag('runs', 100_000);
const SEED = flag('seed', Date.now() % 2 ** 31);
const BATCH = 2000;
const fmt = (n: number) => n.toLocaleString('en');

/** Samples `total` values in batches (so memory stays flat), with seeds derived from SEED. */
function* sampled<T>(arbitrary: fc.Arbitrary<T>, total: number, salt: number): Generator<T> {
  for (let done = 0, batch = 0; done < total; done += BATCH, batch++) {
    yield* fc.sample(arbitrary, { numRuns: Math.min(BATCH, total - done), seed: (SEED + salt * 7919 + batch * 104729) % 2 ** 31 });
  }
}

const top = (tally: Map<string, number>, n = 6) =>
  [...tally]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, v]) => `${k} ${fmt(v)}`)
    .join(', ');
const bump = (tally: Map<string, number>, key: string) => tally.set(key, (tally.get(key) ?? 0) + 1);

let failures = 0;
console.log(`npm run fuzz: ${fmt(RUNS)} runs per property and platform, seed ${SEED} (reproduce with --seed ${SEED})\n`);

console.log('1. Arbitrary inputs → receive(): throws and internal_error');
for (const [i, platform] of PLATFORM_IDS.entries()) {
  let throws = 0;
  let internal = 0;
  const codes = new Map<string, number>();
  const started = performance.now();
  for (const call of sampled(receiveCall(platform), RUNS, i)) {
    try {
      const r = receive(call.platform, call.delivery as never, call.options as never);
      bump(codes, r.ok ? 'ok' : r.error.code);
      if (!r.ok && r.error.code === 'internal_error') internal++;
    } catch {
      throws++;
    }
  }
  failures += throws + internal;
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`  ${platform.padEnd(12)} inputs ${fmt(RUNS)}  throws ${throws}  internal_error ${internal}  (${seconds} s; ${top(codes)})`);
}

console.log('\n2. Mutated signed deliveries → receive(): false accepts (another type, data or replayKey)');
for (const [i, platform] of PLATFORM_IDS.entries()) {
  const outcomes = new Map<string, number>();
  const rejections = new Map<string, number>();
  const examples: string[] = [];
  let evaluated = 0;
  let originalsRejected = 0;
  let falseAccepts = 0;
  const started = performance.now();
  for (const c of sampled(mutationCases(platform), RUNS, 100 + i)) {
    const o = judge(c);
    if (o.kind === 'original rejected') {
      originalsRejected++;
      continue;
    }
    evaluated++;
    bump(outcomes, o.kind);
    if (o.kind === 'rejected') bump(rejections, o.code);
    if (o.kind === 'false accept') {
      falseAccepts++;
      if (examples.length < 3) examples.push(o.why);
    }
  }
  failures += falseAccepts;
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const get = (k: string) => fmt(outcomes.get(k) ?? 0);
  const token = outcomes.has('token: body not covered')
    ? `  body changed under a valid token (not covered by design) ${get('token: body not covered')}`
    : '';
  console.log(
    `  ${platform.padEnd(12)} mutated ${fmt(evaluated)}  false accepts ${falseAccepts}  rejected ${get('rejected')}  same event and replayKey ${get('duplicate')}  rebuilt the other genuine delivery ${get('the other delivery')}${token}  (${seconds} s; originals not accepted, skipped: ${originalsRejected})`,
  );
  console.log(`  ${''.padEnd(12)} rejections: ${top(rejections, 8)}`);
  for (const e of examples) console.log(`  ${''.padEnd(12)} FALSE ACCEPT: ${e}`);
}

console.log('\n3. Generated validators against zod: same accept/reject');
{
  const subjects = [...catalogSubjects(), ...syntheticSubjects()];
  let disagreements = 0;
  let accepted = 0;
  const sources = new Map<string, number>();
  const started = performance.now();
  for (const c of sampled(differentialCases(subjects), RUNS, 200)) {
    const v = verdicts(c);
    bump(sources, c.source);
    if (v.zod) accepted++;
    if (v.generated !== v.zod) {
      disagreements++;
      if (disagreements <= 3)
        console.log(
          `  DISAGREE ${c.subject.name} (${c.source}): generated ${v.generated}, zod ${v.zod}: ${JSON.stringify(c.value)?.slice(0, 200)}`,
        );
    }
  }
  failures += disagreements;
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    `  cases ${fmt(RUNS)} over ${subjects.length} schemas  disagreements ${disagreements}  zod accepted ${fmt(accepted)}, rejected ${fmt(RUNS - accepted)}  (${seconds} s; ${top(sources)})`,
  );
}

console.log(failures === 0 ? '\nAll figures 0.' : `\n${failures} failures.`);
process.exit(failures === 0 ? 0 : 1);
