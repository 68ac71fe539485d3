import type { MakeApp } from './model';
import { isInstantTrigger, SECTIONS } from './model';
import { iconPng } from './png';

export interface DeployOptions {
  /** e.g. https://eu1.make.com/api (or …/api/v2). */
  readonly apiUrl: string;
  readonly apiKey: string;
  readonly fetch?: typeof fetch;
}

export interface DeployResult {
  readonly app: string;
  readonly version: number;
  readonly connection: string;
  readonly rpcs: string[];
  /** local webhook name → the name Make assigned */
  readonly webhooks: Record<string, string>;
  readonly modules: string[];
}

export class MakeApiError extends Error {
  constructor(
    readonly status: number,
    readonly step: string,
    detail: string,
  ) {
    super(`Make API ${step} failed with HTTP ${status}: ${detail}`);
  }
}

function apiBase(url: string): string {
  const trimmed = url.replace(/\/+$/, '');
  return /\/v2$/.test(trimmed) ? trimmed : `${trimmed}/v2`;
}

/**
 * Creates the app through Make's SDK-apps API in the order the VS Code extension's "Import App" uses
 * (vscode-apps-sdk AppCommands.js): app, base/readme/icon, connection + sections, RPCs + sections,
 * webhooks + sections (remembering the names Make assigns), modules with the remapped webhook/connection,
 * module sections; then the module groups (a step the VS Code importer does not have).
 */
export async function deployMake(app: MakeApp, options: DeployOptions): Promise<DeployResult> {
  const base = apiBase(options.apiUrl);
  const doFetch = options.fetch ?? fetch;
  const call = async (
    step: string,
    method: string,
    path: string,
    body: string | Uint8Array,
    contentType: string,
  ): Promise<Record<string, unknown>> => {
    const response = await doFetch(`${base}${path}`, {
      method,
      headers: { authorization: `Token ${options.apiKey}`, 'content-type': contentType },
      body: body as BodyInit,
    });
    const text = await response.text();
    if (!response.ok) {
      let detail = text.slice(0, 300);
      try {
        const parsed = JSON.parse(text) as { message?: string; detail?: string };
        detail = [parsed.message, parsed.detail].filter(Boolean).join(': ') || detail;
      } catch {
        // keep the raw text
      }
      throw new MakeApiError(response.status, step, detail);
    }
    return text ? (JSON.parse(text) as Record<string, unknown>) : {};
  };
  const postJson = (step: string, path: string, body: unknown) => call(step, 'POST', path, JSON.stringify(body), 'application/json');
  const putSection = (step: string, path: string, content: unknown) =>
    call(step, 'PUT', path, JSON.stringify(content, null, 2), 'application/jsonc');
  const nameFrom = (reply: Record<string, unknown>, key: string, step: string): string => {
    const entity = reply[key] as { name?: unknown } | undefined;
    if (!entity || typeof entity.name !== 'string') throw new MakeApiError(200, step, `the reply has no ${key}.name`);
    return entity.name;
  };

  const created = await postJson('create app', '/sdk/apps', {
    name: app.name,
    label: app.label,
    description: app.description,
    theme: app.theme,
    language: app.language,
    audience: 'global',
  });
  const appName = nameFrom(created, 'app', 'create app');
  const version = Number((created.app as { version?: unknown }).version ?? app.version);
  const appPath = `/sdk/apps/${appName}/${version}`;

  await putSection('base', `${appPath}/base`, app.base);
  await call('readme', 'PUT', `${appPath}/readme`, app.readme, 'text/markdown');
  await call('icon', 'PUT', `${appPath}/icon`, iconPng(app.theme), 'image/png');

  const conn = app.connection;
  const connection = nameFrom(
    await postJson('create connection', `/sdk/apps/${appName}/connections`, { label: conn.label, type: conn.type }),
    'appConnection',
    'create connection',
  );
  for (const s of SECTIONS.connection) await putSection(`connection ${s}`, `/sdk/apps/connections/${connection}/${s}`, conn.sections[s]);

  const connectionNames: Record<string, string> = { [conn.name]: connection };
  const rpcs: string[] = [];
  for (const r of app.rpcs) {
    const remote = nameFrom(
      await postJson(`create rpc ${r.name}`, `${appPath}/rpcs`, {
        name: r.name,
        label: r.label,
        connection: connectionNames[r.connection],
      }),
      'appRpc',
      `create rpc ${r.name}`,
    );
    rpcs.push(remote);
    for (const s of SECTIONS.rpc) await putSection(`rpc ${r.name} ${s}`, `${appPath}/rpcs/${remote}/${s}`, r.sections[s]);
  }
  const webhooks: Record<string, string> = {};
  for (const w of app.webhooks) {
    const reply = await postJson(`create webhook ${w.name}`, `/sdk/apps/${appName}/webhooks`, {
      label: w.label,
      type: w.type,
      connection: connectionNames[w.connection],
    });
    const remote = nameFrom(reply, 'appWebhook', `create webhook ${w.name}`);
    webhooks[w.name] = remote;
    for (const s of SECTIONS.webhook) await putSection(`webhook ${w.name} ${s}`, `/sdk/apps/webhooks/${remote}/${s}`, w.sections[s]);
  }

  const modules: string[] = [];
  for (const m of app.modules) {
    const webhook = isInstantTrigger(m) ? webhooks[m.webhook] : undefined;
    if (isInstantTrigger(m) && !webhook) throw new Error(`Module ${m.name} refers to webhook ${m.webhook}, which was not created`);
    const reply = await postJson(`create module ${m.name}`, `${appPath}/modules`, {
      name: m.name,
      label: m.label,
      description: m.description,
      type_id: m.typeId,
      connection: connectionNames[m.connection],
      ...(webhook ? { webhook } : {}),
      ...(m.type === 'universal' ? { subtype: 'Universal' } : {}),
      moduleInitMode: 'blank',
    });
    const remote = nameFrom(reply, 'appModule', `create module ${m.name}`);
    modules.push(remote);
    for (const s of SECTIONS[m.type]) await putSection(`module ${m.name} ${s}`, `${appPath}/modules/${remote}/${s}`, m.sections[s]);
  }
  if (app.groups) {
    const rename = new Map(app.modules.map((m, i) => [m.name, modules[i]!]));
    const groups = app.groups.map((g) => ({ label: g.label, modules: g.modules.map((name) => rename.get(name) ?? name) }));
    await putSection('groups', `${appPath}/groups`, groups);
  }
  return { app: appName, version, connection, rpcs, webhooks, modules };
}
