import type { FastifyRequest } from 'fastify';
import type { RelaySourceView } from '../shared';
import type { SourceConfig } from './config';
import { acceptedSecrets, retiringUntil } from './source-secrets';

/** What the API shows of a source: its ingest URL and how it verifies, never a secret. */
export function sourceView(source: SourceConfig, req: FastifyRequest, publicUrl?: string, now = Date.now()): RelaySourceView {
  const until = retiringUntil(source, now);
  return {
    id: source.id,
    platform: source.platform,
    ingestUrl: `${publicUrl ?? `${req.protocol}://${req.headers.host}`}/in/${source.id}`,
    secrets: acceptedSecrets(source, now).length,
    previousSecretsExpireAt: until === null ? null : new Date(until).toISOString(),
    allowUnsigned: source.allowUnsigned === true,
    tokenHeader: source.tokenHeader ?? null,
    chatwoot: source.chatwoot !== undefined,
  };
}
