import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildProgram } from '../../cli';
import { buildMakeApp, isInstantTrigger } from '../../make';
import { createTrigger } from '../../nodes/Hookline/trigger';
import { relayOpenApi } from '../../relay/openapi';
import { GENERATORS } from '../../scripts/generators';
import { getPlatform, isPlatformId, PLATFORM_IDS, receiveRelayed, sign, type PlatformId } from '../../shared';
import { appTitle } from '../../zapier/src/app';
import { buildTriggers } from '../../zapier/src/triggers';
import { api, post, relay, startSubscriber, until } from '../relay/support';

// The catalog index with one more platform, defined only in the fixture: nothing else is edited.
jest.mock('../../shared/platforms', () => {
  const actual = jest.requireActual('../../shared/platforms');
  const { acme } = jest.requireActual('../fixtures/acme-platform');
  return { PLATFORMS: { ...actual.PLATFORMS, acme } };
});

const ACME = 'acme' as PlatformId;

describe('a seventh platform is its catalog entry and nothing else', () => {
  it('is in the catalog', () => {
    expect(isPlatformId('acme')).toBe(true);
    expect(PLATFORM_IDS).toContain('acme');
    expect(getPlatform(ACME).events.map((e) => e.type)).toEqual(['ticket.opened', 'ticket.closed']);
  });

  it('n8n: a trigger node, its generated files and package.json entries', () => {
    const description = new (createTrigger(ACME))().description;
    expect(description).toMatchObject({ name: 'acmeDeskTrigger', displayName: 'Acme Desk Trigger' });
    const events = description.properties.find((p) => p.name === 'events')!;
    expect(events.options!.map((o) => ('value' in o ? o.value : undefined))).toEqual(
      expect.arrayContaining(['ticket.opened', 'ticket.closed']),
    );
    const n8n = GENERATORS.find((g) => g.name === 'n8n nodes')!.files(join(__dirname, '../..'));
    expect([...n8n.keys()]).toEqual(
      expect.arrayContaining([
        'nodes/AcmeDeskTrigger/AcmeDeskTrigger.node.ts',
        'credentials/AcmeDeskSigningApi.credentials.ts',
        'nodes/AcmeDeskTrigger/__schema__/v1.0.0.json',
      ]),
    );
    const pkg = JSON.parse(n8n.get('package.json')!) as { n8n: { nodes: string[] } };
    expect(pkg.n8n.nodes).toContain('dist/nodes/AcmeDeskTrigger/AcmeDeskTrigger.node.js');
    // The editor-facing parts come from the catalog too: modes, Title Case names, its own (generated) icon.
    expect(description.properties.find((p) => p.name === 'mode')!.options!.map((o) => ('value' in o ? o.value : undefined))).toEqual([
      'direct',
      'relay',
    ]);
    expect(events.options!.map((o) => o.name)).toEqual(['Ticket Closed', 'Ticket Opened']);
    expect(description.icon).toEqual({ light: 'file:acme.svg', dark: 'file:acme.dark.svg' });
    const [light, dark] = [n8n.get('nodes/AcmeDeskTrigger/acme.svg')!, n8n.get('nodes/AcmeDeskTrigger/acme.dark.svg')!];
    expect(light).toContain('>AD</text>');
    expect(light).not.toBe(dark);
  });

  it('Zapier: its own app project, with "New Event", a trigger per event and the payload fields', () => {
    const triggers = buildTriggers(ACME);
    expect(Object.keys(triggers)).toEqual(['new_event', 'ticket_opened', 'ticket_closed', 'source_list']);
    const opened = triggers['ticket_opened']! as Extract<(typeof triggers)[string], { operation: { outputFields: unknown } }>;
    expect(opened.display).toMatchObject({
      label: 'Ticket Opened',
      description: expect.stringMatching(/^Triggers when a ticket is opened\. A customer opened a ticket\.$/),
    });
    expect(opened.operation.outputFields.map((f) => f.key)).toEqual(
      expect.arrayContaining(['data__ticket__subject', 'data__ticket__priority', 'verified']),
    );
    expect(opened.operation.sample).toMatchObject({ platform: 'acme', type: 'ticket.opened', deliveryId: 'a1' });
    expect(appTitle(ACME)).toBe('Acme Desk by Hookline');
    const zapier = GENERATORS.find((g) => g.name === 'Zapier apps')!.files(join(__dirname, '../..'));
    expect(zapier.get('zapier/apps/acme/index.js')).toContain("buildApp('acme')");
    expect(JSON.parse(zapier.get('zapier/apps/acme/package.json')!)).toMatchObject({ name: 'hookline-zapier-acme' });
    expect(zapier.get('zapier/README.md')).toContain('| Acme Desk by Hookline | `zapier/apps/acme/` |');
  });

  it('Make: an app with Watch Events, a module per event and the universal module', () => {
    const app = buildMakeApp(ACME);
    expect(app.label).toBe('Acme Desk by Hookline');
    expect(app.modules.filter(isInstantTrigger).map((m) => [m.eventType, m.label])).toEqual([
      ['*', 'Watch Events'],
      ['ticket.opened', 'Watch Opened Tickets'],
      ['ticket.closed', 'Watch Closed Tickets'],
    ]);
    expect(app.modules.map((m) => m.type)).toContain('universal');
    expect(app.modules[1]!.sections['interface']).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'data', type: 'collection' })]),
    );
  });

  it('the relay: its API accepts the platform, and a signed delivery is verified, stored and fanned out', async () => {
    expect(JSON.stringify(relayOpenApi())).toContain('"acme"');
    const subscriber = await startSubscriber();
    const r = await relay({ sources: [{ id: 'ac', platform: ACME, secrets: ['acme-secret'] }] });
    try {
      // A subscriber key scoped to the platform (the key API's platform list is the catalog's).
      const key = await api(r.url, 'POST', '/keys', { name: 'acme zap', scope: { platforms: ['acme'] } });
      expect(key.status).toBe(201);
      const hook = await api(
        r.url,
        'POST',
        '/hooks',
        { url: subscriber.url, platform: 'acme', events: ['ticket.opened'] },
        key.json!['key'],
      );
      expect(hook.status).toBe(201);
      expect((await api(r.url, 'GET', '/sources', undefined, key.json!['key'])).json!['sources']).toEqual([
        expect.objectContaining({ id: 'ac', platform: 'acme' }),
      ]);
      const sample = getPlatform(ACME).events[0]!.sample;
      expect((await post(`${r.url}/in/ac`, sign(ACME, sample, { secret: 'acme-secret' }))).status).toBe(202);
      expect((await post(`${r.url}/in/ac`, sign(ACME, sample, { secret: 'forged' }))).status).toBe(401);
      expect(await until(() => subscriber.received.length === 1)).toBe(true);
      const got = subscriber.received[0]!;
      const relayed = receiveRelayed(ACME, { headers: got.headers, body: got.body }, hook.json!['secret'] as string);
      expect(relayed).toMatchObject({
        ok: true,
        event: { platform: 'acme', source: 'ac', type: 'ticket.opened', deliveryId: 'a1', verified: true, known: true },
      });
    } finally {
      await r.close();
      await subscriber.close();
    }
  });

  it('the console: the relay catalog offers it with its labels and setup steps, and a test delivery of its sample passes', async () => {
    const r = await relay({ sources: [{ id: 'ac', platform: ACME, secrets: ['acme-secret'] }], consoleDir: false });
    try {
      const catalog = (await api(r.url, 'GET', '/catalog')).json!;
      expect(catalog['platforms'].find((p: { id: string }) => p.id === 'acme')).toMatchObject({
        name: 'Acme Desk',
        setup: { en: expect.stringContaining('Acme Desk'), es: expect.stringContaining('Acme Desk') },
        signature: { kind: getPlatform(ACME).signature.kind },
        events: [expect.objectContaining({ type: 'ticket.opened' }), expect.objectContaining({ type: 'ticket.closed' })],
      });
      const test = await api(r.url, 'POST', '/sources/ac/test', { type: 'ticket.closed' });
      expect(test.json).toMatchObject({ type: 'ticket.closed', status: 202, error: null });
      expect((await api(r.url, 'GET', `/events/${test.json!['eventId']}`)).json!['event']).toMatchObject({
        platform: 'acme',
        type: 'ticket.closed',
        verified: true,
      });
    } finally {
      await r.close();
    }
  });

  it('the CLI lists it and signs and verifies its deliveries', async () => {
    const cli = async (...args: string[]) => {
      const out: string[] = [];
      const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => (out.push(String(chunk)), true));
      try {
        await buildProgram()
          .exitOverride()
          .parseAsync(['node', 'hookline', ...args]);
      } finally {
        spy.mockRestore();
      }
      return JSON.parse(out.join('')) as unknown;
    };
    expect(((await cli('events', 'acme', '--json')) as { type: string }[]).map((r) => r.type)).toEqual(['ticket.opened', 'ticket.closed']);
    const dir = mkdtempSync(join(tmpdir(), 'hookline-acme-'));
    const [headers, body] = [join(dir, 'h.json'), join(dir, 'b.json')];
    await cli('sign', 'acme', 'ticket.closed', '--secret', 'acme-secret', '--headers-out', headers, '--body-out', body);
    expect(await cli('verify', 'acme', '--secret', 'acme-secret', '--headers-file', headers, '--body-file', body)).toMatchObject({
      platform: 'acme',
      type: 'ticket.closed',
      verified: true,
    });
  });
});
