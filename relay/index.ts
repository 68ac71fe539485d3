import type { AddressInfo } from 'node:net';
import { KeyStore } from './auth/key-store';
import type { SourceConfig } from './config';
import { findConsoleDir, loadConsoleAssets, type ConsoleAssets } from './console-assets';
import { connect } from './db/connect';
import { migrate } from './db/migrate';
import { DEFAULT_FANOUT, Fanout, type FanoutOptions } from './fanout';
import { loadRelayId } from './hops';
import { relayLogger, type LogOptions } from './logging';
import { RelayMetrics } from './metrics';
import { DestinationPolicy, guardedDispatcher, listeningSockets, type DestinationOptions, type OutboundOptions } from './outbound';
import { DEFAULT_PRUNER, Pruner, type PrunerOptions } from './pruner';
import { buildServer, DEFAULT_LIMITS, type ServerLimits } from './server';
import { Store } from './store';

export interface RelayOptions extends DestinationOptions {
  readonly host?: string;
  readonly port?: number;
  /** A SQLite file path (default) or a postgres:// URL. */
  readonly db?: string;
  /** How long a write waits for a database lock held elsewhere before answering 503 (default 5000). */
  readonly busyTimeoutMs?: number;
  /** PostgreSQL: how many connections this instance opens at most (default DEFAULT_POOL_SIZE). */
  readonly dbPoolSize?: number;
  /** The admin key (subscriber keys are created through the API). */
  readonly apiKey: string;
  /** A token that may read /metrics (and nothing else), for a Prometheus scraper. */
  readonly metricsToken?: string;
  readonly sources?: readonly SourceConfig[];
  readonly maxBodyBytes?: number;
  readonly publicUrl?: string;
  readonly fanout?: Partial<FanoutOptions>;
  readonly retention?: Partial<PrunerOptions>;
  readonly limits?: Partial<ServerLimits>;
  /** Run the delivery worker in this process (default true). */
  readonly worker?: boolean;
  /** JSON logs (pino); none when absent. */
  readonly log?: LogOptions;
  /** The resolver and socket connector of every outbound call (tests inject theirs). */
  readonly outbound?: OutboundOptions;
  /** The built console's folder; default: found beside the relay (see console-assets.ts); false: none. */
  readonly consoleDir?: string | false;
  /** How often the change feed reads the database (default 1000 ms). */
  readonly changePollMs?: number;
}

export interface Relay {
  readonly url: string;
  readonly store: Store;
  readonly metrics: RelayMetrics;
  readonly pruner: Pruner;
  /** The marker of this relay's fan-outs (`hookline-hop`). */
  readonly relayId: string;
  close(): Promise<void>;
}

export const DEFAULT_DB = '.hookline/relay.sqlite';

/** Starts the relay: migrations, sources from config, the HTTP server, the delivery worker and retention. */
export async function startRelay(options: RelayOptions): Promise<Relay> {
  if (!options.apiKey) throw new Error('The relay needs an admin API key');
  const fanoutOptions = { ...DEFAULT_FANOUT, ...options.fanout };
  if (fanoutOptions.leaseMs <= fanoutOptions.timeoutMs) throw new Error('fanout.leaseMs must exceed fanout.timeoutMs');
  const destinations = new DestinationPolicy(options);
  const logger = relayLogger(options.log);
  const db = connect(options.db ?? DEFAULT_DB, { busyTimeoutMs: options.busyTimeoutMs, poolSize: options.dbPoolSize });
  for (const warning of db.warnings) logger.warn(warning);
  const store = new Store(db);
  let relayId: string;
  try {
    const applied = await migrate(db);
    if (applied.length) logger.info({ migrations: applied }, 'database migrated');
    // One process owns a SQLite file, so leases left by a crashed run are stale; PostgreSQL leases expire.
    if (db.kind === 'sqlite') await store.queue.releaseAll();
    for (const source of options.sources ?? []) await store.sources.upsert(source);
    relayId = await loadRelayId(db);
  } catch (err) {
    await store.close();
    throw err;
  }
  if (destinations.allowsPrivate) {
    logger.warn(
      'private destinations allowed: hooks and Chatwoot registration may reach loopback, private and link-local addresses, this host included; for local development only',
    );
  } else if (destinations.allowedRanges.length) {
    logger.warn({ ranges: destinations.allowedRanges }, 'destinations allowed although not public');
  }
  const dispatcher = guardedDispatcher(destinations, options.outbound);
  const keys = new KeyStore(db);
  const metrics = new RelayMetrics();
  const fanout = new Fanout(store, fanoutOptions, logger, metrics, { dispatcher, relayId });
  const pruner = new Pruner(store, { ...DEFAULT_PRUNER, ...options.retention }, metrics, logger);
  metrics.attach({
    queueDepth: () => store.queue.pending(),
    disabledHooks: () => store.hooks.countDisabled(),
    inFlight: () => fanout.inFlight(),
    openCircuits: () => fanout.openCircuits(),
  });
  const consoleDir = options.consoleDir === false ? undefined : (options.consoleDir ?? findConsoleDir());
  const consoleAssets: ConsoleAssets | undefined = consoleDir ? loadConsoleAssets(consoleDir) : undefined;
  if (options.consoleDir !== false && !consoleAssets)
    logger.warn('no built console found: /console answers 503 (npm run build, or npm start from a source tree)');
  const app = buildServer({
    db,
    store,
    keys,
    fanout,
    metrics,
    logger,
    apiKey: options.apiKey,
    metricsToken: options.metricsToken,
    maxBodyBytes: options.maxBodyBytes ?? 1024 * 1024,
    publicUrl: options.publicUrl,
    limits: { ...DEFAULT_LIMITS, ...options.limits },
    destinations,
    dispatcher,
    relayId,
    console: consoleAssets,
    changePollMs: options.changePollMs,
  });
  await app.listen({ host: options.host ?? '127.0.0.1', port: options.port ?? 8787 });
  const address = app.server.address() as AddressInfo;
  destinations.setOwnAddresses(listeningSockets(address), options.publicUrl);
  if (options.worker !== false) fanout.start();
  pruner.start();
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    store,
    metrics,
    pruner,
    relayId,
    async close() {
      await app.close();
      await fanout.stop();
      await pruner.stop();
      await dispatcher.close();
      await store.close();
    },
  };
}

export type { SourceConfig } from './config';
export { loadConfigFile, parseSource } from './config';
export { DEFAULT_POOL_SIZE } from './db/connect';
export type { RelayEvent } from '../shared';
export type { Hook } from './store';
