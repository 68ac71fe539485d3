import { createHash, timingSafeEqual } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Fanout } from './fanout';
import { relayOpenApi } from './openapi';
import type { RouteContext } from './routes/context';
import { errorBody } from './routes/errors';
import { eventRoutes } from './routes/events';
import { hookRoutes } from './routes/hooks';
import { ingestRoutes } from './routes/ingest';
import { route } from './routes/route';
import { sourceRoutes } from './routes/sources';
import type { Store } from './store';

export interface ServerOptions {
  readonly store: Store;
  readonly fanout: Fanout;
  readonly apiKey: string;
  readonly maxBodyBytes: number;
  /** Public base URL for ingest links (default: the request's host). */
  readonly publicUrl?: string;
}

const sha = (s: string) => createHash('sha256').update(s).digest();

export function buildServer(options: ServerOptions): FastifyInstance {
  const app = Fastify({ logger: false, bodyLimit: options.maxBodyBytes, return503OnClosing: true });
  const apiKeyDigest = sha(options.apiKey);

  // Ingest needs the exact bytes: every content type arrives as a Buffer, parsed only by receive()
  // (and, for the management API, by its route's schema).
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: options.maxBodyBytes }, (_req, body, done) => done(null, body));

  app.setErrorHandler((err: Error & { statusCode?: number; code?: string }, _req, reply) => {
    const status = err.statusCode ?? 500;
    if (status === 413 || err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return reply.code(413).send(errorBody('body_too_large', `Body exceeds ${options.maxBodyBytes} bytes`));
    if (status >= 400 && status < 500) return reply.code(status).send(errorBody('invalid_request', err.message));
    return reply.code(500).send(errorBody('internal_error', 'Internal error'));
  });

  const management = async (req: FastifyRequest, reply: FastifyReply) => {
    const m = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '');
    if (!m || !timingSafeEqual(sha(m[1]!.trim()), apiKeyDigest)) {
      return reply.code(401).header('www-authenticate', 'Bearer').send(errorBody('unauthorized', 'A valid Authorization: Bearer <api key> header is required'));
    }
  };
  const ctx: RouteContext = { store: options.store, fanout: options.fanout, maxBodyBytes: options.maxBodyBytes, publicUrl: options.publicUrl, management };

  route(app, 'status', undefined, async () => ({ ok: true, name: 'hookline-relay', deliveries: await options.store.deliveryStats() }));
  const openapi = relayOpenApi();
  route(app, 'openapi', undefined, async () => openapi);
  ingestRoutes(app, ctx);
  hookRoutes(app, ctx);
  eventRoutes(app, ctx);
  sourceRoutes(app, ctx);
  return app;
}
