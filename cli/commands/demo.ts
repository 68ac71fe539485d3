import type { Command } from 'commander';
import { ANY_EVENT, PLATFORM_IDS, getPlatform, receive, sign, type PlatformSpec } from '../../shared';

/** A secret of the form the platform's scheme takes. */
const demoSecret = (spec: PlatformSpec) =>
  spec.signature.kind === 'standard-webhooks' ? 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' : `demo-secret-${spec.id}`;

function forgedSecret(secret: string): string {
  return secret.startsWith('whsec_') ? 'whsec_QUJDREVGR0hJSktMTU5PUFFSU1RVVldY' : `${secret}-forged`;
}

/** Signs the sample of every event of every platform and verifies it back and checks that a forged copy (wrong secret) is rejected. */
export function runDemo(): {
  rows: { platform: string; events: number; verified: number; forgedRejected: number; scheme: string }[];
  ok: boolean;
} {
  const rows = PLATFORM_IDS.map((id) => {
    const spec = getPlatform(id);
    const secret = demoSecret(spec);
    const events = spec.openEvents ? [spec.anyEvent] : spec.events;
    let verified = 0;
    let forgedRejected = 0;
    for (const event of events) {
      const delivery = sign(id, event.sample, { secret });
      const good = receive(id, delivery, { secrets: [secret] });
      if (good.ok && good.event.verified && (event.type === ANY_EVENT || good.event.type === event.type)) verified++;
      const forged = receive(id, sign(id, event.sample, { secret: forgedSecret(secret) }), { secrets: [secret] });
      if (!forged.ok && forged.error.status === 401) forgedRejected++;
    }
    return { platform: spec.name, events: events.length, verified, forgedRejected, scheme: spec.signature.summary };
  });
  return { rows, ok: rows.every((r) => r.verified === r.events && r.forgedRejected === r.events) };
}

export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('Sign and verify a sample delivery of every event of every platform')
    .option('--json', 'machine-readable output')
    .action((opts: { json?: boolean }) => {
      const { rows, ok } = runDemo();
      if (opts.json) process.stdout.write(`${JSON.stringify({ ok, rows }, null, 2)}\n`);
      else {
        for (const r of rows) {
          process.stdout.write(
            `${r.platform.padEnd(30)} ${String(r.verified).padStart(3)}/${r.events} verified, ${r.forgedRejected}/${r.events} forged rejected — ${r.scheme}\n`,
          );
        }
        process.stdout.write(ok ? 'All deliveries verified.\n' : 'Some deliveries failed.\n');
      }
      if (!ok) process.exitCode = 1;
    });
}
