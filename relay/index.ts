import type { AddressInfo } from 'node:net';
import type { SourceConfig } from './config';
import { connect } from './db/connect';
import { migrate } from './db/migrate';
import { DEFAULT_FANOUT, Fanout, type FanoutOptions } from './fanout';
import { relayLogger, type LogOptions } from './logging';
import { RelayMetrics } from './metrics';
import { DEFAULT_PRUNER, Pruner, type PrunerOptions } from './pruner';
import { buildServer, DEFAULT_LIMITS, type ServerLimits } from './server';
import { Store } from './store';

export interface RelayOptions {
  readonly host?: string;
  readonly port?: number;
  /** A SQLite file path (default) or a postgres:// URL. */
  readonly db?: string;
  /** How long a write waits for a database lock held elsewhere before answering 503 (default 5000). */
  readonly busyTimeoutMs?: number;
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
}

export interface Relay {
  readonly url: string;
  readonly store: Store;
  readonly metrics: RelayMetrics;
  readonly pruner: Pruner;
  close(): Promise<void>;
}

export const DEFAULT_DB = '.hookline/relay.sqlite';

/** Starts the relay: migrations, sources from config, the HTTP server, the delivery worker and retention. */
export async function startRelay(options: RelayOptions): Promise<Relay> {
  if (!options.apiKey) throw new Error('The relay needs a management API key');
  const fanoutOptions = { ...DEFAULT_FANOUT, ...options.fanout };
  if (fanoutOptions.leaseMs <= fanoutOptions.timeoutMs) throw new Error('fanout.leaseMs must exceed fanout.timeoutMs');
  const logger = relayLogger(options.log);
  const db = connect(options.db ?? DEFAULT_DB, { busyTimeoutMs: options.busyTimeoutMs });
  for (const warning of db.warnings) logger.warn(warning);
  const store = new Store(db);
  try {
    const applied = await migrate(db);
    if (applied.length) logger.info({ migrations: applied }, 'database migrated');
    // One process owns a SQLite file, so leases left by a crashed run are stale; PostgreSQL leases expire.
    if (db.kind === 'sqlite') await store.queue.releaseAll();
    for (const source of options.sources ?? []) await store.sources.upsert(source);
  } catch (err) {
    await store.close();
    throw err;
  }
  const metrics = new RelayMetrics();
  const fanout = new Fanout(store, fanoutOptions, logger, metrics);
  const pruner = new Pruner(store, { ...DEFAULT_PRUNER, ...options.retention }, metrics, logger);
  metrics.attach({
    queueDepth: () => store.queue.pending(),
    disabledHooks: () => store.hooks.countDisabled(),
    inFlight: () => fanout.inFlight(),
    openCircuits: () => fanout.openCircuits(),
  });
  const app = buildServer({
    db,
    store,
    fanout,
    metrics,
    logger,
    apiKey: options.apiKey,
    metricsToken: options.metricsToken,
    maxBodyBytes: options.maxBodyBytes ?? 1024 * 1024,
    publicUrl: options.publicUrl,
    limits: { ...DEFAULT_LIMITS, ...options.limits },
  });
  await app.listen({ host: options.host ?? '127.0.0.1', port: options.port ?? 8787 });
  if (options.worker !== false) fanout.start();
  pruner.start();
  const address = app.server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    store,
    metrics,
    pruner,
    async close() {
      await app.close();
      await fanout.stop();
      await pruner.stop();
      await store.close();
    },
  };
}

export type { SourceConfig } from './config';
export { loadConfigFile, parseSource } from './config';
export type { RelayEvent } from '../shared';
export type { Hook } from './store';
