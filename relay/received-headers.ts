import type { IncomingHttpHeaders } from 'node:http';
import type { PlatformSpec } from '../shared';

/** Header names whose values are credentials wherever they appear. */
const ALWAYS_SECRET = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-api-key', 'api-key']);
const SECRET_NAME = /signature|secret|token|passw|auth|api[-_]?key|cookie|session/i;
/** A scheme prefix worth keeping: it tells which form was sent without revealing anything. */
const KEPT_PREFIX = /^(sha\d+=|v\d+,|bearer\s+|basic\s+)/i;
const MASK = '••••••••';
const MAX_VALUE = 1000;
const MAX_HEADERS = 100;

function mask(value: string): string {
  // Standard Webhooks sends several space-separated signatures: mask each, keep their count.
  return value
    .split(' ')
    .filter(Boolean)
    .map((part) => `${KEPT_PREFIX.exec(part)?.[1] ?? ''}${MASK}`)
    .join(' ');
}

/** The masked names per platform and token header, built once (ingest asks for every delivery). */
const secretNameSets = new WeakMap<object, Map<string, ReadonlySet<string>>>();

function secretNames(platform: Pick<PlatformSpec, 'signature'>, tokenHeader: string | undefined): ReadonlySet<string> {
  let byToken = secretNameSets.get(platform);
  if (!byToken) secretNameSets.set(platform, (byToken = new Map()));
  const key = tokenHeader?.toLowerCase() ?? '';
  let names = byToken.get(key);
  if (!names) {
    names = new Set([...ALWAYS_SECRET, ...platform.signature.headers.map((h) => h.toLowerCase()), ...(key ? [key] : [])]);
    byToken.set(key, names);
  }
  return names;
}

/**
 * The headers of a delivery as received, for showing to operators: the platform's signature and token
 * headers, credentials and anything named like a secret are masked; values are cut at 1000 characters.
 */
export function maskedHeaders(
  headers: IncomingHttpHeaders,
  platform: Pick<PlatformSpec, 'signature'>,
  tokenHeader?: string,
): Record<string, string> {
  const secret = secretNames(platform, tokenHeader);
  const out: Record<string, string> = {};
  for (const [name, raw] of Object.entries(headers).slice(0, MAX_HEADERS)) {
    if (raw === undefined) continue;
    const value = Array.isArray(raw) ? raw.join(', ') : String(raw);
    const lower = name.toLowerCase();
    out[lower] = secret.has(lower) || SECRET_NAME.test(lower) ? mask(value) : value.slice(0, MAX_VALUE);
  }
  return out;
}
