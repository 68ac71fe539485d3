import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Dispatcher } from 'undici';
import { authenticator, metricsTokenCheck } from './auth/authenticate';
import type { KeyStore } from './auth/key-store';
import { ChangeHub } from './change-hub';
import type { ConsoleAssets } from './console-assets';
import type { Db } from './db/connect';
import { DatabaseBusyError, isBusy, isUnreachable } from './db/write';
import type { Fanout } from './fanout';
import type { RelayMetrics } from './metrics';
import { guardedTransport, type DestinationPolicy } from './outbound';
import { BucketMap } from './rate-limit';
import type { RouteContext } from './routes/context';
import { lazyChildLogger } from './logging';
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
import { operationRoutes } from './routes/operations';
import { sourceActionRoutes } from './routes/source-actions';
import { sourceRoutes } from './routes/sources';
import { statsRoutes } from './routes/stats';
import { streamRoutes } from './routes/stream';
import type { Store } from './store';

/** Bounds on what one client can hold: slow headers or bodies, idle keep-alive sockets, connection count. */
export interface ServerLimits {
  /** The whole request (headers and body) must arrive within this. */
  readonly requestTimeoutMs: number;
  /** The headers must arrive within this. */
  readonly headersTimeoutMs: number;
  /** An idle keep-alive connection is closed after this. */
  readonly keepAliveTimeoutMs: number;
  /** A connection with no traffic at all is closed after this. */
  readonly idleTimeoutMs: number;
  /** Connections beyond this are refused (closed at once). */
  readonly maxConnections: number;
}

export const DEFAULT_LIMITS: ServerLimits = {
  requestTimeoutMs: 30_000,
  headersTimeoutMs: 10_000,
  keepAliveTimeoutMs: 5_000,
  idleTimeoutMs: 60_000,
  maxConnections: 1024,
};

export interface ServerOptions {
  readonly db: Db;
  readonly store: Store;
  readonly keys: KeyStore;
  readonly fanout: Fanout;
  readonly metrics: RelayMetrics;
  /** The admin key. */
  readonly apiKey: string;
  /** A token that may read /metrics only (HOOKLINE_METRICS_TOKEN). */
  readonly metricsToken?: string;
  readonly maxBodyBytes: number;
  /** Public base URL for ingest links (default: the request's host). */
  readonly publicUrl?: string;
  readonly limits: ServerLimits;
  readonly logger: FastifyBaseLogger;
  readonly destinations: DestinationPolicy;
  readonly dispatcher: Dispatcher;
  readonly relayId: string;
  /** The built console to serve at /console (none: /console answers 503). */
  readonly console?: ConsoleAssets;
  /** How often the change feed reads the database (default 1000 ms). */
  readonly changePollMs?: number;
}

export function buildServer(options: ServerOptions): FastifyInstance {
  const { limits } = options;
  const app: FastifyInstance = Fastify({
    loggerInstance: options.logger,
    // Request lines would be one per delivery; what matters (rejections, failures) is logged where it happens.
    logController: new LogController({ disableRequestLogging: true }),
    childLoggerFactory: lazyChildLogger,
    bodyLimit: options.maxBodyBytes,
    return503OnClosing: true,
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    connectionTimeout: limits.idleTimeoutMs,
    // Node checks request and header timeouts on this interval (default 30 s, too coarse for a 10 s bound).
    http: {
      headersTimeout: limits.headersTimeoutMs,
      connectionsCheckingInterval: Math.max(250, Math.min(1000, limits.headersTimeoutMs / 4)),
    },
  });
  app.server.maxConnections = limits.maxConnections;

  // Ingest needs the exact bytes: every content type arrives as a Buffer, parsed only by receive()
  // (and, for the management API, by its route's schema).
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: options.maxBodyBytes }, (_req, body, done) => done(null, body));

  app.setErrorHandler((err: Error & { statusCode?: number; code?: string }, req, reply) => {
    if (err instanceof DatabaseBusyError || isBusy(err) || isUnreachable(err)) {
      const code =
        err instanceof DatabaseBusyError
          ? err.reason === 'busy'
            ? 'database_busy'
            : 'database_unavailable'
          : isBusy(err)
            ? 'database_busy'
            : 'database_unavailable';
      return reply
        .code(503)
        .header('retry-after', '1')
        .send(errorBody(code, 'The relay cannot reach its database right now; try again after Retry-After seconds'));
    }
    const status = err.statusCode ?? 500;
    if (status === 413 || err.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
      return reply.code(413).send(errorBody('body_too_large', `Body exceeds ${options.maxBodyBytes} bytes`));
    if (status >= 400 && status < 500) return reply.code(status).send(errorBody('invalid_request', err.message));
    req.log.error({ err: { message: err.message, code: err.code } }, 'request failed');
    return reply.code(500).send(errorBody('internal_error', 'Internal error'));
  });

  const ctx: RouteContext = {
    db: options.db,
    store: options.store,
    keys: options.keys,
    fanout: options.fanout,
    metrics: options.metrics,
    maxBodyBytes: options.maxBodyBytes,
    ingestBuckets: new BucketMap(),
    publicUrl: options.publicUrl,
    access: { authenticate: authenticator(options.apiKey, options.keys), isMetricsToken: metricsTokenCheck(options.metricsToken) },
    destinations: options.destinations,
    dispatcher: options.dispatcher,
    transport: guardedTransport(options.dispatcher),
    relayId: options.relayId,
    changes: new ChangeHub(options.db, options.changePollMs ?? 1000, (err) =>
      options.logger.warn({ err: { message: err.message } }, 'change feed read failed'),
    ),
    console: options.console,
  };

  operationRoutes(app, ctx);
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
