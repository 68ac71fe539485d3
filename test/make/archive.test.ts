import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { strFromU8, unzipSync } from 'fflate';
import { PLATFORM_IDS, getPlatform } from '../../shared';
import { archiveZip } from '../../make/archive';
import { exportMake } from '../../make/export';
import { buildMakeApp, isInstantTrigger, SECTIONS } from '../../make/model';
import { watchDescription, watchLabel } from '../../make/wording';
import { APP_NAME_RE, COMPONENT_NAME_RE } from '../../make/names';
import { crc32 } from '../../make/png';

/** The importer's entry point (vscode-apps-sdk AppCommands.js, apps-sdk.app.import). */
const IMPORTER_METADATA = /^([a-z][0-9a-z-]+[0-9a-z]\/metadata\.json)/;
const sectionFiles = (sections: readonly string[]) => ['metadata.json', ...sections.map((x) => `${x}.imljson`)];

function parsePng(bytes: Uint8Array): { width: number; height: number; pixels: number } {
  const buf = Buffer.from(bytes);
  expect(buf.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  let offset = 8;
  let width = 0;
  let height = 0;
  const idat: Buffer[] = [];
  for (let i = 0; i < 100 && offset < buf.length; i++) {
    const length = buf.readUInt32BE(offset);
    const type = buf.toString('ascii', offset + 4, offset + 8);
    const data = buf.subarray(offset + 8, offset + 8 + length);
    expect(buf.readUInt32BE(offset + 8 + length)).toBe(crc32(buf.subarray(offset + 4, offset + 8 + length)));
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
    }
    if (type === 'IDAT') idat.push(data);
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  return { width, height, pixels: (raw.length - height) / 3 };
}

describe('the Import App archive', () => {
  it.each(PLATFORM_IDS)('%s: has exactly the layout the importer reads', (platform) => {
    const app = buildMakeApp(platform);
    const entries = unzipSync(archiveZip(app));
    const paths = Object.keys(entries).sort();
    const roots = new Set(paths.map((p) => p.split('/')[0]));
    expect([...roots]).toEqual([app.name]);
    expect(paths.filter((p) => IMPORTER_METADATA.test(p))).toEqual([`${app.name}/metadata.json`]);
    const read = (p: string) => JSON.parse(strFromU8(entries[`${app.name}/${p}`]!)) as Record<string, unknown>;
    expect(read('.sdk')).toEqual({ version: 2 });
    expect(read('metadata.json')).toEqual({
      name: app.name,
      label: app.label,
      version: 1,
      theme: app.theme,
      language: 'en',
      countries: null,
    });

    const expected = [
      '.sdk',
      'metadata.json',
      'base.imljson',
      'readme.md',
      'assets/icon.png',
      ...sectionFiles(SECTIONS.connection).map((f) => `connections/${app.connection.name}/${f}`),
      ...app.rpcs.flatMap((r) => sectionFiles(SECTIONS.rpc).map((f) => `rpcs/${r.name}/${f}`)),
      ...app.webhooks.flatMap((w) => sectionFiles(SECTIONS.webhook).map((f) => `webhooks/${w.name}/${f}`)),
      ...app.modules.flatMap((m) => sectionFiles(SECTIONS[m.type]).map((f) => `modules/${m.name}/${f}`)),
    ]
      .map((p) => `${app.name}/${p}`)
      .sort();
    expect(paths).toEqual(expected);

    for (const m of app.modules) {
      const meta = read(`modules/${m.name}/metadata.json`);
      expect(meta).toEqual({
        name: m.name,
        label: m.label,
        description: m.description,
        connection: app.connection.name,
        webhook: isInstantTrigger(m) ? m.webhook : null,
        type: m.type,
      });
      if (isInstantTrigger(m)) expect(app.webhooks.some((w) => w.name === meta.webhook)).toBe(true);
      expect(Array.isArray(read(`modules/${m.name}/interface.imljson`))).toBe(true);
      expect(Array.isArray(read(`modules/${m.name}/parameters.imljson`))).toBe(true);
      expect(Array.isArray(read(`modules/${m.name}/samples.imljson`))).toBe(false);
    }
    expect(app.modules.filter((m) => m.type === 'universal').map((m) => m.label)).toEqual(['Make an API Call']);
    for (const w of app.webhooks)
      expect(read(`webhooks/${w.name}/metadata.json`)).toEqual({
        name: w.name,
        label: w.label,
        connection: app.connection.name,
        type: 'web',
      });
    for (const r of app.rpcs)
      expect(read(`rpcs/${r.name}/metadata.json`)).toEqual({ name: r.name, label: r.label, connection: app.connection.name });

    const png = parsePng(entries[`${app.name}/assets/icon.png`]!);
    expect(png).toEqual({ width: 512, height: 512, pixels: 512 * 512 });
  });

  it.each(PLATFORM_IDS)('%s: names follow Make rules and cover every catalog event + any event', (platform) => {
    const app = buildMakeApp(platform);
    const spec = getPlatform(platform);
    expect(app.name).toMatch(APP_NAME_RE);
    expect(app.name.length).toBeLessThanOrEqual(30);
    for (const c of [app.connection, ...app.rpcs, ...app.webhooks, ...app.modules]) expect(c.name).toMatch(COMPONENT_NAME_RE);
    const triggers = app.modules.filter(isInstantTrigger);
    expect(triggers.map((m) => m.eventType)).toEqual(['*', ...(spec.openEvents ? [] : spec.events.map((e) => e.type))]);
    expect(triggers[0]!.label).toBe('Watch Events');
    for (const m of triggers.filter((x) => x.eventType !== '*')) {
      const event = spec.events.find((e) => e.type === m.eventType)!;
      expect(m.label).toBe(watchLabel(event));
      expect(m.description).toBe(watchDescription(spec, event));
      expect((m.sections.samples as { data: unknown }).data).toEqual(event.sample);
      const attach = app.webhooks.find((w) => w.name === m.webhook)!.sections.attach as { body: { events: string[] } };
      expect(attach.body.events).toEqual([m.eventType]);
    }
    // "Watch Events" subscribes what the user picks; its sample is a real catalog event, not type "*".
    const all = app.webhooks.find((w) => w.name === triggers[0]!.webhook)!.sections;
    expect((all.attach as { body: { events: unknown } }).body.events).toBe('{{ifempty(parameters.events, omit)}}');
    expect((all.parameters as { name: string }[]).map((p) => p.name)).toEqual(['source', 'events']);
    expect((triggers[0]!.sections.samples as { type: string }).type).not.toBe('*');
  });

  it('export writes a zip and a local-development project per platform', () => {
    const out = mkdtempSync(join(tmpdir(), 'hookline-make-export-'));
    try {
      const results = exportMake(out, ['horneross', 'standard']);
      expect(readdirSync(out).sort()).toEqual([
        'hookline-horneross',
        'hookline-horneross.zip',
        'hookline-standard',
        'hookline-standard.zip',
      ]);
      const zip = unzipSync(readFileSync(results[0]!.archive));
      expect(Object.keys(zip)).toContain('hookline-horneross/modules/watchHornerossConversationCreated/interface.imljson');
      expect(Object.keys(zip)).toContain('hookline-horneross/rpcs/listSources/api.imljson');
      const project = JSON.parse(readFileSync(join(out, 'hookline-horneross/src/makecomapp.json'), 'utf8')) as {
        components: { module: Record<string, { codeFiles: Record<string, string>; webhook: string }> };
      };
      const module = project.components.module.watchHornerossConversationCreated!;
      expect(module.webhook).toBe('hornerossConversationCreated');
      expect(module.codeFiles.interface).toBe(
        'modules/watch-horneross-conversation-created/watch-horneross-conversation-created.interface.iml.json',
      );
      for (const file of Object.values(module.codeFiles)) expect(statSync(join(out, 'hookline-horneross/src', file)).isFile()).toBe(true);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
