import { strToU8, zipSync } from 'fflate';
import type { MakeApp } from './model';
import { isInstantTrigger, SECTIONS } from './model';
import { iconPng } from './png';

const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

/**
 * The files of the VS Code extension's "Import App" archive, paths relative to the zip root.
 * Layout per vscode-apps-sdk AppCommands import: a top folder named after the app, `.sdk` version 2
 * (plural folder names), `<kind>s/<name>/metadata.json` plus one `<section>.imljson` per section. The
 * importer has no step for module groups; `hookline deploy make` and the local project set them.
 */
export function archiveFiles(app: MakeApp): Map<string, string | Uint8Array> {
  const root = app.name;
  const files = new Map<string, string | Uint8Array>();
  const put = (path: string, content: string | Uint8Array) => files.set(`${root}/${path}`, content);
  put('.sdk', json({ version: 2 }));
  put(
    'metadata.json',
    json({ name: app.name, label: app.label, version: app.version, theme: app.theme, language: app.language, countries: null }),
  );
  put('base.imljson', json(app.base));
  put('readme.md', app.readme);
  put('assets/icon.png', iconPng(app.theme));
  const c = app.connection;
  put(`connections/${c.name}/metadata.json`, json({ name: c.name, label: c.label, type: c.type }));
  for (const s of SECTIONS.connection) put(`connections/${c.name}/${s}.imljson`, json(c.sections[s]));
  for (const r of app.rpcs) {
    put(`rpcs/${r.name}/metadata.json`, json({ name: r.name, label: r.label, connection: r.connection }));
    for (const s of SECTIONS.rpc) put(`rpcs/${r.name}/${s}.imljson`, json(r.sections[s]));
  }
  for (const w of app.webhooks) {
    put(`webhooks/${w.name}/metadata.json`, json({ name: w.name, label: w.label, connection: w.connection, type: w.type }));
    for (const s of SECTIONS.webhook) put(`webhooks/${w.name}/${s}.imljson`, json(w.sections[s]));
  }
  for (const m of app.modules) {
    const webhook = isInstantTrigger(m) ? m.webhook : null;
    put(
      `modules/${m.name}/metadata.json`,
      json({ name: m.name, label: m.label, description: m.description, connection: m.connection, webhook, type: m.type }),
    );
    for (const s of SECTIONS[m.type]) put(`modules/${m.name}/${s}.imljson`, json(m.sections[s]));
  }
  return files;
}

export function archiveZip(app: MakeApp): Uint8Array {
  const entries: Record<string, Uint8Array> = {};
  for (const [path, content] of archiveFiles(app)) entries[path] = typeof content === 'string' ? strToU8(content) : content;
  return zipSync(entries, { level: 9, mtime: new Date('2026-01-01T00:00:00Z') });
}

export function archiveFileName(app: MakeApp): string {
  return `${app.name}.zip`;
}
