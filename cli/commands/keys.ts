import { existsSync, readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { PLATFORM_IDS, RelayApiError, relayClient, type SubscriberKey } from '../../shared';
import { undiciTransport } from '../../relay/outbound/http-transport';
import { collect, platformArg, printJson, UsageError } from '../io';

/**
 * `hookline keys create|list|revoke`: subscriber keys, through a running relay's API with the admin key.
 * The API, not the database, so the relay's own rules apply (a scope naming only existing sources, revoking
 * also disabling the key's hooks) and it works the same for SQLite, PostgreSQL and a relay on another host,
 * without database credentials on the operator's machine.
 */

interface ConnectionOpts {
  url: string;
  apiKey?: string;
  json?: boolean;
}

const KEY_FILE = '.hookline/api-key';

const transport = undiciTransport();

/** The admin key: --api-key, else HOOKLINE_API_KEY, else the file `hookline relay` generated in this folder. */
function adminKey(opts: ConnectionOpts): string {
  const key = opts.apiKey || process.env['HOOKLINE_API_KEY'] || (existsSync(KEY_FILE) ? readFileSync(KEY_FILE, 'utf8').trim() : '');
  if (!key) throw new UsageError(`Give the relay's admin key: --api-key, HOOKLINE_API_KEY, or run this where ${KEY_FILE} is`);
  return key;
}

function client(opts: ConnectionOpts) {
  return relayClient({ url: opts.url, apiKey: adminKey(opts) }, transport);
}

/** A relay refusal is the user's to fix (exit 2 with the relay's message); anything else is a failure. */
async function calling<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof RelayApiError && err.status >= 400 && err.status < 500) throw new UsageError(err.message);
    throw err;
  }
}

const scopeText = (key: SubscriberKey) =>
  [
    key.scope.sources.length ? `sources ${key.scope.sources.join(', ')}` : '',
    key.scope.platforms.length ? `platforms ${key.scope.platforms.join(', ')}` : '',
  ]
    .filter(Boolean)
    .join('; ');

export function registerKeysCommands(program: Command): void {
  const keys = program
    .command('keys')
    .description("Subscriber keys for Zapier, Make and n8n connections (a running relay's API, with its admin key)");
  const connection = (cmd: Command) =>
    cmd
      .option('--url <url>', 'the relay', process.env['HOOKLINE_RELAY_URL'] ?? 'http://127.0.0.1:8787')
      .option('--api-key <key>', `the admin key (default: HOOKLINE_API_KEY, else ${KEY_FILE})`)
      .option('--json', 'machine-readable output');

  connection(keys.command('create'))
    .description('Create a key scoped to sources and/or platforms; it is shown once')
    .requiredOption('--name <name>', 'who holds it, e.g. "Zapier: sales team"')
    .option('--source <id>', 'a source it may read and subscribe to (repeatable)', collect)
    .option('--platform <id>', `every source of a platform (repeatable): ${PLATFORM_IDS.join(', ')}`, collect)
    .action(async (opts: ConnectionOpts & { name: string; source?: string[]; platform?: string[] }) => {
      const platforms = (opts.platform ?? []).map(platformArg);
      if (!opts.source?.length && !platforms.length) throw new UsageError('Give at least one --source or --platform');
      const created = await calling(() => client(opts).createKey({ name: opts.name, scope: { sources: opts.source ?? [], platforms } }));
      if (opts.json) return printJson(created);
      process.stdout.write(`${created.id} (${created.name}): ${scopeText(created)}\n${created.key}\n`);
      process.stderr.write('Store the key now: the relay keeps only its hash and cannot show it again.\n');
    });

  connection(keys.command('list'))
    .description('List keys (never the keys themselves)')
    .action(async (opts: ConnectionOpts) => {
      const list = await calling(() => client(opts).listKeys());
      if (opts.json) return printJson(list);
      if (!list.length) process.stdout.write('No subscriber keys.\n');
      for (const key of list)
        process.stdout.write(`${key.id}  ${key.revokedAt ? `revoked ${key.revokedAt}` : 'active'}  ${key.name}: ${scopeText(key)}\n`);
    });

  connection(keys.command('revoke <id>'))
    .description('Revoke a key: the relay refuses it from now on and disables its hooks')
    .action(async (id: string, opts: ConnectionOpts) => {
      await calling(() => client(opts).revokeKey(id));
      if (opts.json) return printJson({ id, revoked: true });
      process.stdout.write(`Revoked ${id}; its hooks are disabled.\n`);
    });
}
