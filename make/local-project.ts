import type { MakeApp } from './model';
import { isInstantTrigger } from './model';
import { kebab } from './names';
import { iconPng } from './png';

const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

type Kind = 'connection' | 'webhook' | 'module' | 'rpc';

/** API section name → local-development code name and file name, per component kind (vscode-apps-sdk component-code-def.ts). */
const CODE_NAMES: Record<Kind, Record<string, { key: string; file: string }>> = {
  connection: { api: { key: 'communication', file: 'communication' }, parameters: { key: 'params', file: 'params' } },
  rpc: { api: { key: 'communication', file: 'communication' }, parameters: { key: 'params', file: 'params' } },
  webhook: {
    api: { key: 'communication', file: 'communication' },
    parameters: { key: 'params', file: 'params' },
    attach: { key: 'attach', file: 'attach' },
    detach: { key: 'detach', file: 'detach' },
    update: { key: 'update', file: 'update' },
    scope: { key: 'requiredScope', file: 'required-scope' },
  },
  module: {
    api: { key: 'communication', file: 'communication' },
    parameters: { key: 'staticParams', file: 'static-params' },
    expect: { key: 'mappableParams', file: 'mappable-params' },
    interface: { key: 'interface', file: 'interface' },
    samples: { key: 'samples', file: 'samples' },
    scope: { key: 'scope', file: 'scope' },
  },
};

/**
 * The same app as a local-development project: `makecomapp.json` plus `*.iml.json` files with the
 * extension's canonical names (`<kind>s/<kebab-id>/<kebab-id>.<code>.iml.json`) and `modules/groups.json`.
 */
export function localProjectFiles(app: MakeApp): Map<string, string | Uint8Array> {
  const files = new Map<string, string | Uint8Array>();
  const components = {
    connection: {} as Record<string, unknown>,
    webhook: {} as Record<string, unknown>,
    module: {} as Record<string, unknown>,
    rpc: {} as Record<string, unknown>,
    function: {},
    endpoint: {},
  };

  const emit = (kind: Kind, id: string, sections: Record<string, unknown>): Record<string, string> => {
    const dir = `${kind}s/${kebab(id)}`;
    const codeFiles: Record<string, string> = {};
    for (const [section, content] of Object.entries(sections)) {
      const code = CODE_NAMES[kind][section];
      if (!code) throw new Error(`No local code name for ${kind} section "${section}"`);
      const path = `${dir}/${kebab(id)}.${code.file}.iml.json`;
      files.set(`src/${path}`, json(content));
      codeFiles[code.key] = path;
    }
    return codeFiles;
  };

  const c = app.connection;
  components.connection[c.name] = { label: c.label, connectionType: c.type, codeFiles: emit('connection', c.name, c.sections) };
  for (const r of app.rpcs)
    components.rpc[r.name] = { label: r.label, connection: r.connection, codeFiles: emit('rpc', r.name, r.sections) };
  for (const w of app.webhooks) {
    components.webhook[w.name] = {
      label: w.label,
      webhookType: w.type,
      connection: w.connection,
      codeFiles: emit('webhook', w.name, w.sections),
    };
  }
  for (const m of app.modules) {
    components.module[m.name] = {
      label: m.label,
      description: m.description,
      moduleType: m.type,
      connection: m.connection,
      ...(isInstantTrigger(m) ? { webhook: m.webhook } : {}),
      codeFiles: emit('module', m.name, m.sections),
    };
  }
  files.set('src/general/base.iml.json', json(app.base));
  files.set('src/README.md', app.readme);
  files.set('src/assets/icon.png', iconPng(app.theme));
  if (app.groups) files.set('src/modules/groups.json', json(app.groups));
  const makecomapp = {
    fileVersion: 1,
    generalCodeFiles: {
      base: 'general/base.iml.json',
      common: null,
      readme: 'README.md',
      groups: app.groups ? 'modules/groups.json' : null,
    },
    components,
    origins: [
      { label: 'Make', baseUrl: 'https://eu1.make.com/api', appId: app.name, appVersion: app.version, apikeyFile: '.secrets/apikey' },
    ],
  };
  files.set('src/makecomapp.json', json(makecomapp));
  files.set('.gitignore', '.secrets\n');
  return files;
}
