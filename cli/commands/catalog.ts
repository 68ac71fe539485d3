import type { Command } from 'commander';
import { PLATFORM_IDS, eventJsonSchema, getPlatform, type PlatformId } from '../../shared';
import { eventArg, platformArg, printJson } from '../io';

export function registerCatalogCommands(program: Command): void {
  program
    .command('events')
    .description('List the platforms and their documented events')
    .argument('[platform]', 'only this platform')
    .option('--json', 'machine-readable output')
    .action((platform: string | undefined, opts: { json?: boolean }) => {
      const ids: PlatformId[] = platform ? [platformArg(platform)] : PLATFORM_IDS;
      const rows = ids.flatMap((id) => {
        const spec = getPlatform(id);
        const events = spec.openEvents ? [spec.anyEvent] : spec.events;
        return events.map((e) => ({
          platform: id,
          type: e.type,
          label: e.label.en,
          labelEs: e.label.es,
          group: e.group ?? null,
          important: e.important,
        }));
      });
      if (opts.json) return printJson(rows);
      for (const id of ids) {
        const spec = getPlatform(id);
        const mine = rows.filter((r) => r.platform === id);
        process.stdout.write(`\n${spec.name} (${id}) — ${mine.length} event${mine.length === 1 ? '' : 's'}, ${spec.signature.summary}\n`);
        const width = Math.max(...mine.map((r) => r.type.length));
        for (const r of mine) process.stdout.write(`  ${r.type.padEnd(width)}  ${r.label}  ·  ${r.labelEs}\n`);
      }
    });

  program
    .command('sample')
    .description('Print the sample delivery body of an event')
    .argument('<platform>')
    .argument('<event>', 'event type, or "any"')
    .action((platform: string, type: string) => printJson(eventArg(platformArg(platform), type).sample));

  program
    .command('schema')
    .description("Print an event's JSON Schema")
    .argument('<platform>')
    .argument('<event>', 'event type, or "any"')
    .action((platform: string, type: string) => {
      const id = platformArg(platform);
      printJson(eventJsonSchema(id, eventArg(id, type).type));
    });
}
