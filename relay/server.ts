import Fastify, { type FastifyInstance } from 'fastify';
import type { Dispatcher } from 'undici';
import { authenticator } from './auth/authenticate';
import type { KeyStore } from './auth/key-store';
import { ChangeHub } from './change-hub';
import type { ConsoleAssets } from './console-assets';
import type { Db } from './db/connect';
import type { Fanout } from './fanout';
import { relayOpenApi } from './openapi';
import { guardedTransport, type DestinationPolicy } from './outbound';
import type { RouteContext } from './routes/context';
import { errorBody } from './routes/errors';
import { catalogRoutes } from './routes/catalog';
import { consoleRoutes } from './routes/console';
import { deliveryRoutes } from './routes/deliveries';
import { eventDetailRoutes } from './routes/event-detail';
import { eventRoutes } from './routes/events';
import { hookActionRoutes } from './routes/hook-actions';
import { hookRoutes } from './routes/hooks';
import { ingestRoutes } from './routes/ingest';
import { keyRoutes } from './routes/keys';
import { route } from './routes/route';
import { sourceActionRoutes } from './routes/source-actions';
import { sourceRoutes } from './routes/sources';
import { statsRoutes } from './routes/stats';
import { streamRoutes } from './routes/stream';
import type { Store } from './store';

export interface ServerOptions {
  readonly store: Store;
  readonly db: Db;
  readonly keys: KeyStore;
  readonly fanout: Fanout;
  /** The admin key. */
  readonly apiKey: string;
  readonly maxBodyBytes: number;
  /** Public base URL for ingest links (default: the request's host). */
  readonly publicUrl?: string;
  readonly destinations: DestinationPolicy;
  readonly dispatcher: Dispatcher;
  readonly relayId: string;
  /** The built console to serve at /console (none: /console answers 503). */
  readonly console?: ConsoleAssets;
  /** How often the change feed reads the database (default 1000 ms). */
  readonly changePollMs?: number;
}

export function buildServer(options: ServerOptions): FastifyInstance {
  const app = Fastify({ logger: false, bodyLimit: options.maxBodyBytes, return503OnClosing: true });

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

  const ctx: RouteContext = {
    store: options.store,
    db: options.db,
    keys: options.keys,
    fanout: options.fanout,
    maxBodyBytes: options.maxBodyBytes,
    publicUrl: options.publicUrl,
    authenticate: authenticator(options.apiKey, options.keys),
    destinations: options.destinations,
    dispatcher: options.dispatcher,
    transport: guardedTransport(options.dispatcher),
    relayId: options.relayId,
    changes: new ChangeHub(options.db, options.changePollMs ?? 1000),
    console: options.console,
  };

  route(app, ctx.authenticate, 'status', async () => ({ ok: true, name: 'hookline-relay', deliveries: await options.store.deliveryStats() }));
  // Built on first request: at start-up its allocations would bring a full GC into the window where
  // better-sqlite3 12 on Node 24 can abort finalizing the migrations' statements (see docs/console.md).
  let openapi: ReturnType<typeof relayOpenApi> | undefined;
  route(app, ctx.authenticate, 'openapi', async () => (openapi ??= relayOpenApi()));
  ingestRoutes(app, ctx);
  keyRoutes(app, ctx);
  hookRoutes(app, ctx);
  eventRoutes(app, ctx);
  sourceRoutes(app, ctx);
  catalogRoutes(app, ctx);
  eventDetailRoutes(app, ctx);
  deliveryRoutes(app, ctx);
  hookActionRoutes(app, ctx);
  sourceActionRoutes(app, ctx);
  statsRoutes(app, ctx);
  streamRoutes(app, ctx);
  consoleRoutes(app, ctx);
  return app;
}
