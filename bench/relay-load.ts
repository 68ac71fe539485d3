/**
 * The load generator of `npm run bench:relay`, run as its own process so the server under test and the
 * load share the machine the same way for every server: signs N Chatwoot deliveries (each a new message:
 * its own message id, so its own signature, and a fresh delivery id),
 * POSTs them over C keep-alive connections, and prints one JSON line: { sent, seconds, rate, failures, statuses, bytes,
 * cpuUs } (cpuUs: this process's own CPU per delivery, which the server under test shares the machine with).
 * Usage: tsx bench/relay-load.ts <base url> <path> <n> <connections> <secret> [pace req/s]
 */
import { Pool } from 'undici';
import { PLATFORMS, sign } from '../shared';

const [base, path, nArg, cArg, secret, paceArg] = process.argv.slice(2);
const N = Number(nArg);
const C = Number(cArg);
const pace = paceArg ? Number(paceArg) : 0;
const sample = structuredClone(PLATFORMS.conversa.events[3].sample) as Record<string, unknown> & { conversation: Record<string, unknown> };
sample.conversation['messages'] = [];
const run = `${process.pid}-${Date.now()}`;

async function main(): Promise<void> {
  // Signed as they are sent (Chatwoot's signature covers a timestamp checked within 5 minutes), in
  // this process for every server alike. Each is a new message: the same body under a new delivery id
  // would be a replay of one signed delivery, which the relay stores once (the core's replayKey).
  const firstId = Date.now() * 1000;
  const delivery = (i: number) => sign('conversa', { ...sample, id: firstId + i }, { secret: secret!, deliveryId: `load-${run}-${i}` });
  const pool = new Pool(base!, { connections: C, pipelining: 1 });
  const statuses: Record<number, number> = {};
  let next = 0;
  let failures = 0;
  const started = performance.now();
  const cpu = process.cpuUsage();
  await Promise.all(
    Array.from({ length: C }, async () => {
      while (next < N) {
        const i = next++;
        if (pace > 0) {
          const due = started + (i * 1000) / pace;
          const wait = due - performance.now();
          if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        }
        const d = delivery(i);
        try {
          const res = await pool.request({ path: path!, method: 'POST', headers: d.headers, body: d.body });
          await res.body.dump();
          statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
          if (res.statusCode >= 300) failures++;
        } catch {
          failures++;
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  await pool.close();
  process.stdout.write(
    `${JSON.stringify({ sent: N, seconds, rate: N / seconds, failures, statuses, bytes: Buffer.byteLength(delivery(0).body), cpuUs: (used.user + used.system) / N })}\n`,
  );
}

void main();
