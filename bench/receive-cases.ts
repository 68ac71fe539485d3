/**
 * The deliveries `npm run bench` measures: every platform's largest catalog sample, the 1.8 KB Chatwoot
 * message_created the issue names, and a ~2 KB Standard Webhooks delivery. Each comes with its floor:
 * createHmac + timingSafeEqual + JSON.parse of the same bytes (for shared-token platforms too, with the
 * token as the key), so the ratio receive() / floor says what the pipeline costs on top of the unavoidable.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { getPlatform, PLATFORMS, PLATFORM_IDS, sign, type PlatformId, type ReceiveOptions } from '../shared';

export interface BenchCase {
  readonly name: string;
  readonly platform: PlatformId;
  /** Receive target, as a multiple of the floor. */
  readonly target: number;
  readonly headers: Record<string, string>;
  readonly body: Buffer;
  readonly options: ReceiveOptions;
  /** The floor: HMAC over what the scheme signs, a constant-time compare, and JSON.parse of the body. */
  readonly floor: () => unknown;
}

export const WHSEC = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const SECRET = 'bench-secret';
const timestamp = Math.floor(Date.now() / 1000);

// As Node's http module (and so fastify and n8n) hands them over: lower-case names.
const lowerCaseKeys = (h: Record<string, string>) => Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), v]));

function floorFor(key: string | Buffer, signedPrefix: string, body: Buffer): () => unknown {
  const expected = createHmac('sha256', key).update(signedPrefix).update(body).digest();
  return () => {
    const mac = createHmac('sha256', key).update(signedPrefix).update(body).digest();
    return timingSafeEqual(mac, expected) && JSON.parse(body.toString('utf8'));
  };
}

function makeCase(name: string, platform: PlatformId, payload: unknown, target: number, deliveryId?: string): BenchCase {
  const secret = platform === 'standard' ? WHSEC : SECRET;
  const signed = sign(platform, payload, { secret, timestamp, deliveryId });
  const headers = lowerCaseKeys(signed.headers);
  const body = Buffer.from(signed.body);
  const scheme = getPlatform(platform).signature;
  let floor: () => unknown;
  if (scheme.kind === 'standard-webhooks') {
    floor = floorFor(Buffer.from(WHSEC.slice('whsec_'.length), 'base64'), `${headers['webhook-id']}.${timestamp}.`, body);
  } else {
    floor = floorFor(secret, scheme.timestamped ? `${timestamp}.` : '', body);
  }
  return { name, platform, target, headers, body, options: { secrets: [secret] }, floor };
}

function largestSample(platform: PlatformId): { type: string; sample: Record<string, unknown> } {
  const spec = getPlatform(platform);
  const events = spec.openEvents ? [spec.anyEvent] : spec.events;
  const size = (s: unknown) => JSON.stringify(s).length;
  const largest = events.reduce((a, b) => (size(b.sample) > size(a.sample) ? b : a));
  return { type: largest.type, sample: largest.sample };
}

/** The 1.8 KB message_created: the catalog sample without the embedded copy of the last message. */
export function chatwootMessage(): Record<string, unknown> {
  const sample = structuredClone(PLATFORMS.conversa.events[3].sample) as Record<string, unknown> & {
    conversation: Record<string, unknown>;
  };
  sample.conversation['messages'] = [];
  return sample;
}

export function benchCases(): BenchCase[] {
  const cases = PLATFORM_IDS.map((platform) => {
    const { type, sample } = largestSample(platform);
    return makeCase(`${platform} ${type}`, platform, sample, platform === 'standard' ? 1.1 : 1.2);
  });
  cases.push(makeCase('conversa message_created 1.8 KB', 'conversa', chatwootMessage(), 1.2));
  cases.push(
    makeCase(
      'standard 2 KB (Chatwoot message as data)',
      'standard',
      { type: 'message.created', timestamp: new Date(timestamp * 1000).toISOString(), data: chatwootMessage() },
      1.1,
      'msg_bench',
    ),
  );
  return cases;
}
