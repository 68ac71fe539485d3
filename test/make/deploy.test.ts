import { randomBytes } from 'node:crypto';
import { deployMake, MakeApiError } from '../../make/deploy';
import { buildMakeApp, isInstantTrigger, SECTIONS, type MakeApp } from '../../make/model';
import { startMakeApiDouble, type MakeApiDouble } from './make-api-double';

const KEY = `make-key-${randomBytes(8).toString('hex')}`;

describe('deploy make against a double of the SDK-apps API', () => {
  let api: MakeApiDouble;
  beforeEach(async () => {
    api = await startMakeApiDouble(KEY);
  });
  afterEach(() => api.close());

  it('replays the importer order, remaps webhook names and sends every section with its content type', async () => {
    const app = buildMakeApp('horneross');
    const result = await deployMake(app, { apiUrl: api.url, apiKey: KEY });
    const remote = api.apps.get(result.app)!;
    expect(result.app).not.toBe(app.name); // Make suffixes the name; the client follows the reply
    expect(result.app.startsWith(app.name)).toBe(true);

    const steps = api.requests.map((r) => `${r.method} ${r.path}`);
    const appPath = `/sdk/apps/${result.app}/1`;
    const expected = [
      'POST /sdk/apps',
      `PUT ${appPath}/base`,
      `PUT ${appPath}/readme`,
      `PUT ${appPath}/icon`,
      `POST /sdk/apps/${result.app}/connections`,
      ...SECTIONS.connection.map((s) => `PUT /sdk/apps/connections/${result.connection}/${s}`),
      ...app.rpcs.flatMap((r) => [`POST ${appPath}/rpcs`, ...SECTIONS.rpc.map((s) => `PUT ${appPath}/rpcs/${r.name}/${s}`)]),
      ...app.webhooks.flatMap((w) => [
        `POST /sdk/apps/${result.app}/webhooks`,
        ...SECTIONS.webhook.map((s) => `PUT /sdk/apps/webhooks/${result.webhooks[w.name]}/${s}`),
      ]),
      ...app.modules.flatMap((m) => [`POST ${appPath}/modules`, ...SECTIONS[m.type].map((s) => `PUT ${appPath}/modules/${m.name}/${s}`)]),
    ];
    expect(steps).toEqual(expected);
    expect(api.requests.every((r) => r.authorization === `Token ${KEY}`)).toBe(true);

    // Webhook names are Make's, not ours, and each module was created with the remapped one.
    const remoteNames = app.webhooks.map((w) => result.webhooks[w.name]);
    expect(new Set(remoteNames).size).toBe(app.webhooks.length);
    for (const w of app.webhooks) expect(result.webhooks[w.name]).not.toBe(w.name);
    const moduleBodies = api.requests
      .filter((r) => r.method === 'POST' && r.path.endsWith('/modules'))
      .map((r) => JSON.parse(r.body.toString()) as Record<string, unknown>);
    expect(moduleBodies).toEqual(
      app.modules.map((m) =>
        isInstantTrigger(m)
          ? {
              name: m.name,
              label: m.label,
              description: m.description,
              type_id: 10,
              connection: result.connection,
              webhook: result.webhooks[m.webhook],
              moduleInitMode: 'blank',
            }
          : {
              name: m.name,
              label: m.label,
              description: m.description,
              type_id: 12,
              connection: result.connection,
              subtype: 'Universal',
              moduleInitMode: 'blank',
            },
      ),
    );
    expect(result.rpcs).toEqual(['listSources']);
    expect(remote.rpcs.get('listSources')).toEqual(app.rpcs[0]!.sections);

    const types = new Map(api.requests.map((r) => [`${r.method} ${r.path}`, r.contentType]));
    expect(types.get('POST /sdk/apps')).toBe('application/json');
    expect(types.get(`PUT ${appPath}/readme`)).toBe('text/markdown');
    expect(types.get(`PUT ${appPath}/icon`)).toBe('image/png');
    expect(
      api.requests
        .filter((r) => r.method === 'PUT' && !/\/(readme|icon)$/.test(r.path))
        .every((r) => r.contentType === 'application/jsonc'),
    ).toBe(true);

    // What Make stored is exactly the generated sections.
    expect(remote.sections.base).toEqual(app.base);
    expect(remote.sections.readme).toBe(app.readme);
    for (const w of app.webhooks) expect(remote.webhooks.get(result.webhooks[w.name]!)).toEqual(w.sections);
    for (const m of app.modules) expect(remote.modules.get(m.name)).toMatchObject(m.sections);
  });

  it('deploys every platform; apps with more than 10 modules get their groups', async () => {
    for (const platform of ['iris', 'inboundflow', 'conversa', 'modyo', 'standard'] as const) {
      const app = buildMakeApp(platform);
      const result = await deployMake(app, { apiUrl: `${api.url}/v2/`, apiKey: KEY });
      const remote = api.apps.get(result.app)!;
      expect(remote.modules.size).toBe(app.modules.length);
      expect(remote.sections.groups).toEqual(app.modules.length > 10 ? app.groups : undefined);
    }
  });

  it('stops with a typed error when the API rejects an unknown webhook name', async () => {
    const app = buildMakeApp('horneross');
    const broken: MakeApp = { ...app, webhooks: app.webhooks.slice(1) };
    // The deployer refuses before calling Make when it never created the webhook…
    await expect(deployMake(broken, { apiUrl: api.url, apiKey: KEY })).rejects.toThrow(/refers to webhook/);
    // …and the double (like Make) refuses a module naming a webhook the app does not have.
    const res = await fetch(`${api.url}/v2/sdk/apps/${[...api.apps.keys()][0]}/1/modules`, {
      method: 'POST',
      headers: { authorization: `Token ${KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'watchX', label: 'X', type_id: 10, webhook: 'nope' }),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toMatch(/Unknown webhook/);
  });

  it('surfaces a wrong section shape as MakeApiError without leaking the key', async () => {
    const app = buildMakeApp('horneross');
    const first = app.modules[0]!;
    const broken: MakeApp = { ...app, modules: [{ ...first, sections: { ...first.sections, interface: { not: 'an array' } } }] };
    const error = (await deployMake(broken, { apiUrl: api.url, apiKey: KEY }).catch((e: unknown) => e)) as MakeApiError;
    expect(error).toBeInstanceOf(MakeApiError);
    expect(error.status).toBe(400);
    expect(error.message).toMatch(/interface must be an array/);
    expect(error.message).not.toContain(KEY);
  });

  it('a wrong API key fails on the first call', async () => {
    await expect(deployMake(buildMakeApp('iris'), { apiUrl: api.url, apiKey: 'wrong' })).rejects.toMatchObject({
      status: 401,
      step: 'create app',
    });
    expect(api.requests).toHaveLength(1);
  });
});
