import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getPlatform, sign } from '../../shared';

/**
 * The platforms' own documentation ships verification snippets; a receiver written from those docs must
 * accept what `sign()` produces. The snippets are read from ../shared/seeds at test time and run as-is.
 */
const SEEDS = join(__dirname, '../../../shared/seeds');
const seedText = (prefix: string) => readFileSync(join(SEEDS, readdirSync(SEEDS).find((f) => f.startsWith(prefix))!), 'utf8');

function extractFunction(text: string, name: string): string {
  const start = text.indexOf(`function ${name}(`);
  expect(start).toBeGreaterThanOrEqual(0);
  let depth = 0;
  for (let i = text.indexOf('{', start); i < text.length; i++) {
    if (text[i] === '{') depth++;
    if (text[i] === '}' && --depth === 0) return text.slice(start, i + 1);
  }
  throw new Error(`unterminated ${name}`);
}

/** The snippet's function plus the seed's own `const crypto = require('crypto')` line. */
function load<T>(seed: string, name: string): T {
  const requireLine = /^const crypto = require\('crypto'\);$/m.exec(seed)?.[0];
  expect(requireLine).toBeDefined();
  const source = `${requireLine}\n${extractFunction(seed, name)}`;
  // Runs the vendor's documented snippet verbatim.
  return new Function('require', `${source}\nreturn ${name};`)(require) as T;
}

describe("platform docs' verification snippets accept sign()", () => {
  it("InboundFlow's verifyWebhook(body, timestamp, signature, secret)", () => {
    const verifyWebhook = load<(body: unknown, ts: string, sig: string, secret: string) => boolean>(seedText('001_'), 'verifyWebhook');
    for (const event of getPlatform('inboundflow').events) {
      const d = sign('inboundflow', event.sample, { secret: 'your_signing_secret' });
      const req = {
        body: JSON.parse(d.body),
        headers: Object.fromEntries(Object.entries(d.headers).map(([k, v]) => [k.toLowerCase(), v])),
      };
      expect(
        verifyWebhook(req.body, req.headers['x-inboundflow-timestamp']!, req.headers['x-inboundflow-signature']!, 'your_signing_secret'),
      ).toBe(true);
      const forged = sign('inboundflow', event.sample, { secret: 'wrong' }).headers['X-InboundFlow-Signature']!;
      expect(verifyWebhook(req.body, req.headers['x-inboundflow-timestamp']!, forged, 'your_signing_secret')).toBe(false);
    }
  });

  it("Horneross' verificarWebhook(payload, signature, secret)", () => {
    const verificarWebhook = load<(payload: unknown, sig: string, secret: string) => boolean>(seedText('004_'), 'verificarWebhook');
    for (const event of getPlatform('horneross').events) {
      const d = sign('horneross', event.sample, { secret: 'whsecret' });
      expect(verificarWebhook(JSON.parse(d.body), d.headers['X-Horneross-Signature']!, 'whsecret')).toBe(true);
      expect(verificarWebhook(JSON.parse(d.body), d.headers['X-Horneross-Signature']!, 'other')).toBe(false);
    }
  });
});
