import type { Command } from 'commander';
import { fileApiKey } from '../../relay/api-key';
import { loadConfigFile, startRelay, DEFAULT_DB, DEFAULT_POOL_SIZE } from '../../relay';
import { DestinationConfigError, DestinationPolicy, type DestinationOptions } from '../../relay/outbound';
import { collect, UsageError } from '../io';

interface RelayOpts {
  port: string;
  host: string;
  db?: string;
  dbPoolSize?: string;
  config?: string;
  publicUrl?: string;
  worker: boolean;
  logLevel: string;
  retentionDays: string;
  allowPrivateDestinations?: boolean;
  allowDestination?: string[];
}

/** `HOOKLINE_ALLOW_PRIVATE_DESTINATIONS=1` (or true/yes) and a comma-separated `HOOKLINE_ALLOWED_DESTINATIONS`. */
const envFlag = (name: string) => /^(1|true|yes)$/i.test(process.env[name] ?? '');
const envList = (name: string) =>
  (process.env[name] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

const KEY_FILE = '.hookline/api-key';

export function registerRelayCommand(program: Command): void {
  program
    .command('relay')
    .description('Run the relay: verified ingest, durable storage, REST-hook fan-out (Standard Webhooks)')
    .option('--port <n>', 'port (0 = any free port)', '8787')
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .option('--db <target>', `SQLite file or postgres:// URL (default ${DEFAULT_DB})`)
    .option('--db-pool-size <n>', `PostgreSQL: connections this instance opens at most (default ${DEFAULT_POOL_SIZE})`)
    .option('--config <file>', 'JSON config: { apiKey?, sources: [{ id, platform, secrets }] }')
    .option('--public-url <url>', 'public base URL used in ingest links')
    .option('--no-worker', 'accept and store only; leave delivery to other instances')
    .option('--log-level <level>', 'JSON logs on stderr: fatal, error, warn, info, debug or silent', 'info')
    .option('--retention-days <n>', 'keep events, attempts and finished deliveries this many days', '30')
    .option(
      '--allow-private-destinations',
      'deliver to loopback, private and link-local addresses too (local development; env HOOKLINE_ALLOW_PRIVATE_DESTINATIONS=1)',
    )
    .option(
      '--allow-destination <cidr>',
      'a CIDR range to deliver to although it is not public, e.g. 10.20.0.0/16 (repeatable; env HOOKLINE_ALLOWED_DESTINATIONS, comma-separated)',
      collect,
    )
    .action(async (opts: RelayOpts) => {
      if (!/^\d+$/.test(opts.port)) throw new UsageError('--port must be a number');
      if (!/^\d+(\.\d+)?$/.test(opts.retentionDays) || Number(opts.retentionDays) <= 0)
        throw new UsageError('--retention-days must be a positive number');
      const retentionMs = Number(opts.retentionDays) * 24 * 60 * 60_000;
      if (opts.dbPoolSize !== undefined && (!/^\d+$/.test(opts.dbPoolSize) || Number(opts.dbPoolSize) < 1))
        throw new UsageError('--db-pool-size must be a whole number of at least 1');
      const destinations: DestinationOptions = {
        allowPrivateDestinations: opts.allowPrivateDestinations === true || envFlag('HOOKLINE_ALLOW_PRIVATE_DESTINATIONS'),
        allowedDestinations: [...(opts.allowDestination ?? []), ...envList('HOOKLINE_ALLOWED_DESTINATIONS')],
      };
      try {
        new DestinationPolicy(destinations); // checks the ranges before anything (a key file) is written
      } catch (err) {
        throw err instanceof DestinationConfigError ? new UsageError(err.message) : err;
      }
      const config = opts.config ? loadConfigFile(opts.config) : {};
      let apiKey = process.env['HOOKLINE_API_KEY'] || config.apiKey;
      let keyNote = 'from HOOKLINE_API_KEY or the config file';
      if (!apiKey) {
        const stored = fileApiKey(KEY_FILE);
        apiKey = stored.key;
        keyNote = `${stored.created ? 'generated into' : 'read from'} ${KEY_FILE}`;
      }
      const relay = await startRelay({
        host: opts.host,
        port: Number(opts.port),
        db: opts.db,
        dbPoolSize: opts.dbPoolSize === undefined ? undefined : Number(opts.dbPoolSize),
        apiKey,
        sources: config.sources,
        publicUrl: opts.publicUrl,
        worker: opts.worker,
        metricsToken: process.env['HOOKLINE_METRICS_TOKEN'] || undefined,
        log: { level: opts.logLevel, stream: process.stderr },
        retention: { eventsMs: retentionMs, attemptsMs: retentionMs },
        ...destinations,
      });
      process.stdout.write(`Hookline relay listening on ${relay.url}\n`);
      process.stderr.write(
        `admin API key ${keyNote}; ${(config.sources ?? []).length} source(s) from config; database ${opts.db ?? DEFAULT_DB}\n`,
      );
      const stop = async () => {
        await relay.close();
        process.exit(0);
      };
      process.once('SIGINT', () => void stop());
      process.once('SIGTERM', () => void stop());
    });
}
