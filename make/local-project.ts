import type { MakeApp } from './model';
import { kebab } from './names';
import { iconPng } from './png';

const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

/** API section name → local-development code name (vscode-apps-sdk component-code-def.ts). */
const CODE_NAME: Record<string, { key: string; file: string }> = {
  api: { key: 'communication', file: 'communication' },
  parameters: { key: 'params', file: 'params' },
  attach: { key: 'attach', file: 'attach' },
  detach: { key: 'detach', file: 'detach' },
  update: { key: 'update', file: 'update' },
  scope: { key: 'requiredScope', file: 'required-scope' },
  interface: { key: 'interface', file: 'interface' },
  samples: { key: 'samples', file: 'samples' },
};
const MODULE_PARAMS = { key: 'staticParams', file: 'static-params' };

/**
 * The same app as a local-development project: `makecomapp.json` plus `*.iml.json` files with the
 * extension's canonical names (`<kind>s/<kebab-id>/<kebab-id>.<code>.iml.json`).
 */
export function localProjectFiles(app: MakeApp): Map<string, string | Uint8Array> {
  const files = new Map<string, string | Uint8Array>();
  const components = { connection: {} as Record<string, unknown>, webhook: {} as Record<string, unknown>, module: {} as Record<string, unknown>, rpc: {}, function: {}, endpoint: {} };

  const emit = (kind: string, id: string, sections: Record<string, unknown>, isModule: boolean): Record<string, string> => {
    const dir = `${kind}s/${kebab(id)}`;
    const codeFiles: Record<string, string> = {};
    for (const [section, content] of Object.entries(sections)) {
      const code = isModule && section === 'parameters' ? MODULE_PARAMS : CODE_NAME[section];
      if (!code) throw new Error(`No local code name for section "${section}"`);
      const path = `${dir}/${kebab(id)}.${code.file}.iml.json`;
      files.set(`src/${path}`, json(content));
      codeFiles[code.key] = path;
    }
    return codeFiles;
  };

  const c = app.connection;
  components.connection[c.name] = { label: c.label, connectionType: c.type, codeFiles: emit('connection', c.name, c.sections, false) };
  for (const w of app.webhooks) {
    components.webhook[w.name] = { label: w.label, webhookType: w.type, connection: w.connection, codeFiles: emit('webhook', w.name, w.sections, false) };
  }
  for (const m of app.modules) {
    components.module[m.name] = {
      label: m.label,
      description: m.description,
      moduleType: m.type,
      connection: m.connection,
      webhook: m.webhook,
      codeFiles: emit('module', m.name, m.sections, true),
    };
  }
  files.set('src/general/base.iml.json', json(app.base));
  files.set('src/README.md', app.readme);
  files.set('src/assets/icon.png', iconPng(app.theme));
  const makecomapp = {
    fileVersion: 1,
    generalCodeFiles: { base: 'general/base.iml.json', common: null, readme: 'README.md', groups: null },
    components,
    origins: [{ label: 'Make', baseUrl: 'https://eu1.make.com/api', appId: app.name, appVersion: app.version, apikeyFile: '.secrets/apikey' }],
  };
  files.set('src/makecomapp.json', json(makecomapp));
  files.set('.gitignore', '.secrets\n');
  return files;
}
