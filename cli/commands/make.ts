import type { Command } from 'commander';
import { PLATFORM_IDS, type PlatformId } from '../../shared';
import { buildMakeApp } from '../../make/model';
import { deployMake } from '../../make/deploy';
import { exportMake } from '../../make/export';
import { platformArg, printJson, UsageError } from '../io';

/** `export` and `deploy` are shared parents: other targets (e.g. zapier) may add their own subcommand. */
function parent(program: Command, name: string, description: string): Command {
  return program.commands.find((c) => c.name() === name) ?? program.command(name).description(description);
}

export function registerMakeCommands(program: Command): void {
  parent(program, 'export', 'Generate an integration package')
    .command('make')
    .description('Write the Make "Import App" archive (<app>.zip) and local-development project per platform')
    .option('--platform <platform>', 'only this platform')
    .requiredOption('--out <dir>', 'output folder')
    .option('--json', 'machine-readable output')
    .action((opts: { platform?: string; out: string; json?: boolean }) => {
      const platforms: PlatformId[] = opts.platform ? [platformArg(opts.platform)] : PLATFORM_IDS;
      const results = exportMake(opts.out, platforms);
      if (opts.json) return printJson(results);
      for (const r of results) process.stdout.write(`${r.platform}: ${r.archive} + ${r.project}/ (${r.modules} modules)\n`);
    });

  parent(program, 'deploy', 'Deploy an integration package')
    .command('make')
    .description("Create the Make app(s) through Make's SDK-apps API, in the VS Code importer's order")
    .requiredOption('--api-url <url>', 'Make API base, e.g. https://eu1.make.com/api')
    .option('--api-key <key>', 'Make API key with sdk-apps scopes (or env MAKE_API_KEY)')
    .option('--platform <platform>', 'only this platform')
    .option('--json', 'machine-readable output')
    .action(async (opts: { apiUrl: string; apiKey?: string; platform?: string; json?: boolean }) => {
      const apiKey = opts.apiKey ?? process.env.MAKE_API_KEY;
      if (!apiKey) throw new UsageError('A Make API key is required (--api-key or MAKE_API_KEY)');
      if (!/^https?:\/\//.test(opts.apiUrl)) throw new UsageError(`--api-url must be an http(s) URL, got "${opts.apiUrl}"`);
      const platforms: PlatformId[] = opts.platform ? [platformArg(opts.platform)] : PLATFORM_IDS;
      const results = [];
      for (const platform of platforms) {
        const result = await deployMake(buildMakeApp(platform), { apiUrl: opts.apiUrl, apiKey });
        results.push({ platform, ...result });
        if (!opts.json)
          process.stdout.write(
            `${platform}: app ${result.app} v${result.version}, ${Object.keys(result.webhooks).length} webhooks, ${result.modules.length} modules\n`,
          );
      }
      if (opts.json) printJson(results);
    });
}
