import pino from 'pino';
import type { FastifyBaseLogger, FastifyRequest } from 'fastify';

export interface LogOptions {
  /** pino level: fatal, error, warn, info, debug, trace or silent (default info). */
  readonly level?: string;
  /** Where JSON lines go (default stdout). */
  readonly stream?: NodeJS.WritableStream;
}

/**
 * Paths pino censors wherever they appear in a log line: credentials in headers, and the secret-bearing
 * fields of sources, hooks and Chatwoot connections, should any reach a log object. Request lines carry
 * only method, route and status (the serializer below), never headers, bodies or an ingest URL's id.
 */
const REDACT = [
  'authorization',
  '*.authorization',
  '*.headers.authorization',
  '*.headers.cookie',
  '*.headers["x-hookline-token"]',
  '*.headers["webhook-signature"]',
  '*.headers["x-chatwoot-signature"]',
  '*.headers["x-inboundflow-signature"]',
  '*.headers["x-horneross-signature"]',
  'secret',
  'secrets',
  'token',
  'apiKey',
  'apiAccessToken',
  '*.secret',
  '*.secrets',
  '*.token',
  '*.apiKey',
  '*.apiAccessToken',
  '*.chatwoot.apiAccessToken',
  'body',
  '*.body',
];

/** The relay's structured JSON logger (pino, as fastify uses it), secrets redacted. */
export function relayLogger(options: LogOptions | undefined): FastifyBaseLogger {
  return pino(
    {
      level: options?.level ?? (options ? 'info' : 'silent'),
      base: { name: 'hookline-relay' },
      redact: { paths: REDACT, censor: '[redacted]' },
      serializers: {
        req: (req: FastifyRequest) => ({ method: req.method, route: req.routeOptions?.url ?? 'unmatched', id: req.id }),
      },
    },
    options?.stream ?? process.stdout,
  );
}
