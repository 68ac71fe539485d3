import { readFileSync } from 'node:fs';
import { isPlatformId, type PlatformId } from '../shared';

export interface ChatwootSourceConfig {
  readonly baseUrl: string;
  readonly accountId: number | string;
  readonly apiAccessToken: string;
}

export interface SourceConfig {
  readonly id: string;
  readonly platform: PlatformId;
  readonly secrets: readonly string[];
  readonly toleranceSeconds?: number;
  /** A verified delivery that fails its schema: `pass` (default) keeps it with `issues`; `reject` answers 422. */
  readonly onInvalidPayload?: 'reject' | 'pass';
  /** A verified delivery of a type the catalog lacks: accepted with `known: false` (default true) or 422. */
  readonly allowUnknownEvents?: boolean;
  /** Ingest token bucket for this source (per instance): beyond it, 429 with Retry-After. */
  readonly rateLimit?: { readonly perSecond: number; readonly burst?: number };
  readonly tokenHeader?: string;
  /** Accept deliveries without a signature; required to create a source with no secret. */
  readonly allowUnsigned?: boolean;
  readonly chatwoot?: ChatwootSourceConfig;
  /** Secrets replaced by a rotation, still accepted until `expiresAt` (unix ms); set by rotate-secret. */
  readonly retiringSecrets?: readonly { readonly secret: string; readonly expiresAt: number }[];
}

export interface RelayFileConfig {
  readonly apiKey?: string;
  readonly sources?: readonly SourceConfig[];
}

export class ConfigError extends Error {}

const SOURCE_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** Validates one source definition (from the config file or the management API). */
export function parseSource(input: unknown): SourceConfig {
  if (!input || typeof input !== 'object') throw new ConfigError('A source must be an object');
  const s = input as Record<string, unknown>;
  if (typeof s['id'] !== 'string' || !SOURCE_ID.test(s['id'])) throw new ConfigError('source.id must be 1–64 letters, digits, _ or -');
  if (!isPlatformId(s['platform'])) throw new ConfigError(`source ${s['id']}: unknown platform`);
  const secrets = s['secrets'] ?? [];
  if (!Array.isArray(secrets) || !secrets.every((x) => typeof x === 'string' && x.length > 0))
    throw new ConfigError(`source ${s['id']}: secrets must be non-empty strings`);
  const allowUnsigned = s['allowUnsigned'] === true ? true : undefined;
  if (s['allowUnsigned'] !== undefined && typeof s['allowUnsigned'] !== 'boolean')
    throw new ConfigError(`source ${s['id']}: allowUnsigned must be a boolean`);
  if ((secrets as string[]).length === 0 && !allowUnsigned) {
    throw new ConfigError(`source ${s['id']}: give its secrets, or set allowUnsigned: true to accept unsigned deliveries`);
  }
  const onInvalid = s['onInvalidPayload'];
  if (onInvalid !== undefined && onInvalid !== 'reject' && onInvalid !== 'pass')
    throw new ConfigError(`source ${s['id']}: onInvalidPayload must be reject or pass`);
  const allowUnknown = s['allowUnknownEvents'];
  if (allowUnknown !== undefined && typeof allowUnknown !== 'boolean')
    throw new ConfigError(`source ${s['id']}: allowUnknownEvents must be a boolean`);
  const rate = s['rateLimit'] as { perSecond?: unknown; burst?: unknown } | undefined;
  if (
    rate !== undefined &&
    (typeof rate !== 'object' ||
      rate === null ||
      typeof rate.perSecond !== 'number' ||
      !(rate.perSecond > 0) ||
      (rate.burst !== undefined && !(Number.isInteger(rate.burst) && (rate.burst as number) >= 1)))
  ) {
    throw new ConfigError(`source ${s['id']}: rateLimit needs perSecond > 0 and, optionally, an integer burst ≥ 1`);
  }
  const tolerance = s['toleranceSeconds'];
  if (tolerance !== undefined && (typeof tolerance !== 'number' || tolerance < 0))
    throw new ConfigError(`source ${s['id']}: toleranceSeconds must be a non-negative number`);
  const chatwoot = s['chatwoot'] as ChatwootSourceConfig | undefined;
  if (
    chatwoot !== undefined &&
    (typeof chatwoot.baseUrl !== 'string' || typeof chatwoot.apiAccessToken !== 'string' || chatwoot.accountId === undefined)
  ) {
    throw new ConfigError(`source ${s['id']}: chatwoot needs baseUrl, accountId and apiAccessToken`);
  }
  return {
    id: s['id'],
    platform: s['platform'],
    secrets: secrets as string[],
    toleranceSeconds: tolerance as number | undefined,
    onInvalidPayload: onInvalid as SourceConfig['onInvalidPayload'],
    allowUnknownEvents: allowUnknown as boolean | undefined,
    rateLimit: rate
      ? { perSecond: rate.perSecond as number, ...(rate.burst !== undefined ? { burst: rate.burst as number } : {}) }
      : undefined,
    tokenHeader: typeof s['tokenHeader'] === 'string' ? s['tokenHeader'] : undefined,
    allowUnsigned,
    chatwoot,
  };
}

export function loadConfigFile(path: string): RelayFileConfig {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new ConfigError(`Cannot read config ${path}: ${(err as Error).message}`);
  }
  const c = json as { apiKey?: unknown; sources?: unknown };
  if (c.sources !== undefined && !Array.isArray(c.sources)) throw new ConfigError('config.sources must be an array');
  return { apiKey: typeof c.apiKey === 'string' ? c.apiKey : undefined, sources: (c.sources as unknown[] | undefined)?.map(parseSource) };
}
