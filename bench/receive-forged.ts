/**
 * What a forged delivery costs the receiver: a body built to be expensive (1 MiB of `[`, or 12,000 levels of
 * valid nesting) under a signature made with the wrong secret. CPU ms per call, and the answer.
 */
import { receive, sign, type PlatformId } from '../shared';

const BODIES: readonly (readonly [string, string])[] = [
  ['1 MiB of [', '['.repeat(1024 * 1024 - 1)],
  ['12,000-deep valid JSON', `${'['.repeat(12000)}${']'.repeat(12000)}`],
];

export function printForgedCosts(): void {
  console.log('Forged deliveries built to be expensive (signed with a wrong secret), CPU ms per call:');
  for (const platform of ['conversa', 'inboundflow', 'horneross'] as PlatformId[]) {
    for (const [name, text] of BODIES) {
      const forged = sign(platform, '{}', { secret: 'not-the-secret', timestamp: Math.floor(Date.now() / 1000) });
      const delivery = { headers: forged.headers, body: Buffer.from(text) };
      const options = { secrets: ['the-secret'] };
      let answer = '';
      const start = process.cpuUsage();
      for (let i = 0; i < 20; i++) {
        const r = receive(platform, delivery, options);
        answer = r.ok ? 'accepted' : r.error.code;
      }
      const used = process.cpuUsage(start);
      console.log(
        `  ${platform.padEnd(12)} ${name.padEnd(24)} ${((used.user + used.system) / 20 / 1000).toFixed(2).padStart(6)} ms  ${answer}`,
      );
    }
  }
}
