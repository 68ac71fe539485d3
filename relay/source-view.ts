import type { FastifyRequest } from 'fastify';
import type { RelaySourceView } from '../shared';
import type { SourceConfig } from './config';
import { acceptedSecrets, retiringUntil } from './source-secrets';

/**
 * What the API shows of a source: its ingest URL and whether it takes unsigned deliveries; to the admin
 * key also how it verifies (how many secrets, a rotation under way, token header, Chatwoot credentials).
 * Never a secret.
 */
export function sourceView(
  source: SourceConfig,
  req: FastifyRequest,
  publicUrl: string | undefined,
  operator: boolean,
  now = Date.now(),
): RelaySourceView {
  const base = {
    id: source.id,
    platform: source.platform,
    ingestUrl: `${publicUrl ?? `${req.protocol}://${req.headers.host}`}/in/${source.id}`,
    allowUnsigned: source.allowUnsigned === true,
  };
  if (!operator) return base;
  const until = retiringUntil(source, now);
  return {
    ...base,
    secrets: acceptedSecrets(source, now).length,
    previousSecretsExpireAt: until === null ? null : new Date(until).toISOString(),
    tokenHeader: source.tokenHeader ?? null,
    chatwoot: source.chatwoot !== undefined,
  };
}
