import type { AddressInfo } from 'node:net';
import { KeyStore } from './auth/key-store';
import type { SourceConfig } from './config';
import { findConsoleDir, loadConsoleAssets, type ConsoleAssets } from './console-assets';
import { connect } from './db/connect';
import { migrate } from './db/migrate';
import { DEFAULT_FANOUT, Fanout, type FanoutOptions, type Logger } from './fanout';
import { loadRelayId } from './hops';
import { DestinationPolicy, guardedDispatcher, listeningSockets, type DestinationOptions, type OutboundOptions } from './outbound';
import { buildServer } from './server';
import { Store } from './store';

export interface RelayOptions extends DestinationOptions {
  readonly host?: string;
  readonly port?: number;
  /** A SQLite file path (default) or a postgres:// URL. */
  readonly db?: string;
  /** The admin key (subscriber keys are created through the API). */
  readonly apiKey: string;
  readonly sources?: readonly SourceConfig[];
  readonly maxBodyBytes?: number;
  readonly publicUrl?: string;
  readonly fanout?: Partial<FanoutOptions>;
  /** Run the delivery worker in this process (default true). */
  readonly worker?: boolean;
  readonly logger?: Logger;
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
  /** The marker of this relay's fan-outs (`hookline-hop`). */
  readonly relayId: string;
  close(): Promise<void>;
}

export const DEFAULT_DB = '.hookline/relay.sqlite';
const quiet: Logger = { info: () => undefined, warn: () => undefined };

/** Starts the relay: migrations, sources from config, the HTTP server and the delivery worker. */
export async function startRelay(options: RelayOptions): Promise<Relay> {
  if (!options.apiKey) throw new Error('The relay needs an admin API key');
  const destinations = new DestinationPolicy(options);
  const db = connect(options.db ?? DEFAULT_DB);
  await migrate(db);
  const store = new Store(db);
  // One process owns a SQLite file, so leases left by a crashed run are stale; PostgreSQL leases expire.
  if (db.kind === 'sqlite') await store.releaseAllClaims();
  for (const source of options.sources ?? []) await store.upsertSource(source);
  const log = options.logger ?? quiet;
  if (destinations.allowsPrivate) {
    log.warn('private destinations allowed: hooks and Chatwoot registration may reach loopback, private and link-local addresses, this host included; for local development only');
  } else if (destinations.allowedRanges.length) {
    log.warn('destinations allowed although not public', { ranges: destinations.allowedRanges });
  }
  const dispatcher = guardedDispatcher(destinations, options.outbound);
  const relayId = await loadRelayId(db);
  const keys = new KeyStore(db);
  const fanout = new Fanout(store, { ...DEFAULT_FANOUT, ...options.fanout }, log, { dispatcher, relayId });
  const consoleDir = options.consoleDir === false ? undefined : (options.consoleDir ?? findConsoleDir());
  const consoleAssets: ConsoleAssets | undefined = consoleDir ? loadConsoleAssets(consoleDir) : undefined;
  if (options.consoleDir !== false && !consoleAssets) log.warn('no built console found: /console answers 503 (npm run build, or npm start from a source tree)');
  const app = buildServer({
    store,
    db,
    keys,
    fanout,
    apiKey: options.apiKey,
    maxBodyBytes: options.maxBodyBytes ?? 1024 * 1024,
    publicUrl: options.publicUrl,
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
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    store,
    relayId,
    async close() {
      await app.close();
      await fanout.stop();
      await dispatcher.close();
      await store.close();
    },
  };
}

export type { SourceConfig } from './config';
export { loadConfigFile, parseSource } from './config';
export type { RelayEvent, Hook } from './store';
